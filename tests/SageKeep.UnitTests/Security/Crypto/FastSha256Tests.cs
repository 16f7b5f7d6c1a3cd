using System.Security.Cryptography;
using CsCheck;
using SageKeep.Security.Crypto;

namespace SageKeep.UnitTests.Security.Crypto;

/// <summary>
/// The hot-path SHA-256 and HMAC must give exactly .NET's answers (the oracle) for any input and any
/// key length, whichever route (libcrypto's low-level calls or the .NET API) this machine takes.
/// </summary>
public sealed class FastSha256Tests
{
    [Fact]
    public void NativeRoute_OnLinux_IsTaken()
    {
        // Debian ships libcrypto.so.3 with .NET's own OpenSSL dependency, so the fast route is expected
        // there; elsewhere the fallback is correct by construction.
        if (OperatingSystem.IsLinux() && File.Exists("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
        {
            FastSha256.IsNative.ShouldBeTrue();
        }
    }

    [Fact]
    public void HashData_KnownAnswers_MatchFips180()
    {
        Span<byte> hash = stackalloc byte[32];
        FastSha256.HashData(""u8, hash);
        Convert.ToHexStringLower(hash).ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        FastSha256.HashData("abc"u8, hash);
        Convert.ToHexStringLower(hash).ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        FastSha256.HashData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8, hash);
        Convert.ToHexStringLower(hash).ShouldBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    [Fact]
    public void HashData_AnyInput_EqualsDotNet()
    {
        Gen.Byte.Array[0, 5000].Sample(data =>
        {
            Span<byte> actual = stackalloc byte[32];
            FastSha256.HashData(data, actual);
            actual.SequenceEqual(SHA256.HashData(data)).ShouldBeTrue();
        }, iter: 2000);
    }

    [Fact]
    public void HashData_OneMebibyte_EqualsDotNet()
    {
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var actual = new byte[32];
        FastSha256.HashData(data, actual);
        actual.ShouldBe(SHA256.HashData(data));
    }

    [Fact]
    public void Hmac_AnyKeyAndMessage_EqualsDotNet()
    {
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 3000]).Sample((key, message) =>
        {
            var prepared = new HmacSha256Key(key);
            Span<byte> mac = stackalloc byte[32];

            // Twice: the prepared contexts must not be consumed by a MAC.
            for (var round = 0; round < 2; round++)
            {
                prepared.Compute(message, mac);
                mac.SequenceEqual(HMACSHA256.HashData(key, message)).ShouldBeTrue();
            }
        }, iter: 1000);
    }

    [Fact]
    public void Hmac_Rfc4231TestCase2_MatchesTheRfc()
    {
        var key = new HmacSha256Key("Jefe"u8);
        Span<byte> mac = stackalloc byte[32];
        key.Compute("what do ya want for nothing?"u8, mac);
        Convert.ToHexStringLower(mac).ShouldBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    [Fact]
    public async Task Hmac_ConcurrentUse_OfOneKey_GivesTheSameAnswers()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var prepared = new HmacSha256Key(key);
        var messages = Enumerable.Range(0, 64).Select(i => RandomNumberGenerator.GetBytes(i * 37)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, 4000), CancellationToken.None, (i, _) =>
        {
            var message = messages[i % messages.Length];
            var mac = new byte[32];
            prepared.Compute(message, mac);
            mac.ShouldBe(HMACSHA256.HashData(key, message));
            return ValueTask.CompletedTask;
        });
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        new HmacSha256Key([1, 2, 3]).ToString().ShouldBe("HmacSha256Key(redacted)");
    }
}
