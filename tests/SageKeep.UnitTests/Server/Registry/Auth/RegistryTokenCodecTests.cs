using System.Buffers.Text;
using System.Security.Cryptography;
using SageKeep.Core.Identity;
using SageKeep.Server.Registry.Auth;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Registry.Auth;

public sealed class RegistryTokenCodecTests : IDisposable
{
    private static readonly DateTimeOffset Issued = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AwsPrincipal Alice = new("123456789012", "arn:aws:iam::123456789012:user/alice", "AIDAEXAMPLE", "AKIAEXAMPLE", false);

    private readonly RegistryTokenCodec _codec = new(new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.LengthInBytes)));

    public void Dispose() => _codec.Dispose();

    [Fact]
    public void IssuedToken_DecodesToTheSameIdentityAndValidity()
    {
        var token = _codec.Issue(Alice, Issued, Issued.AddHours(12));

        var decoded = _codec.Decode(token, Issued.AddHours(1));

        decoded.ShouldNotBeNull();
        decoded.Principal.ShouldBe(Alice);
        decoded.IssuedAt.ShouldBe(Issued);
        decoded.ExpiresAt.ShouldBe(Issued.AddHours(12));
        token.ShouldNotContain("alice");
    }

    [Fact]
    public void Token_IsRefusedFromItsExpiry()
    {
        var token = _codec.Issue(Alice, Issued, Issued.AddHours(12));

        _codec.Decode(token, Issued.AddHours(12).AddTicks(-1)).ShouldNotBeNull();
        _codec.Decode(token, Issued.AddHours(12)).ShouldBeNull();
        _codec.Decode(token, Issued.AddMinutes(-6)).ShouldBeNull();
    }

    [Fact]
    public void AnyChangedByte_IsRefused()
    {
        var token = _codec.Issue(Alice, Issued, Issued.AddHours(12));
        var bytes = Base64Url.DecodeFromChars(token.AsSpan(RegistryTokenCodec.Prefix.Length));
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            _codec.Decode(RegistryTokenCodec.Prefix + Base64Url.EncodeToString(tampered), Issued.AddHours(1)).ShouldBeNull($"byte {i}");
        }

        _codec.Decode(RegistryTokenCodec.Prefix + Base64Url.EncodeToString(bytes.AsSpan(0, bytes.Length - 1)), Issued.AddHours(1)).ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SKRT1.")]
    [InlineData("SKRT1.!!!notbase64")]
    [InlineData("SKRT2.AAAA")]
    public void MalformedToken_IsRefusedWithoutThrowing(string? token) => _codec.Decode(token, Issued).ShouldBeNull();

    [Fact]
    public void OversizedToken_AndAnotherMasterKeysToken_AreRefused()
    {
        _codec.Decode(RegistryTokenCodec.Prefix + new string('A', RegistryTokenCodec.MaxTokenLength), Issued).ShouldBeNull();

        using var other = new RegistryTokenCodec(new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.LengthInBytes)));
        _codec.Decode(other.Issue(Alice, Issued, Issued.AddHours(12)), Issued.AddHours(1)).ShouldBeNull();
    }
}
