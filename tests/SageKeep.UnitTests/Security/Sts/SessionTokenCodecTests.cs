using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;
using SageKeep.UnitTests.Infrastructure;

namespace SageKeep.UnitTests.Security.Sts;

public sealed class SessionTokenCodecTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = IssuedAt.AddSeconds(900);
    private static readonly PrincipalInfo Root = new("123456789012", "arn:aws:iam::123456789012:root", "123456789012", PrincipalType.Root, "AKIAROOTEXAMPLE00001");

    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    private SessionTokenCodec Codec => new(_masterKey);

    [Fact]
    public void Decode_OfWhatIssueMade_GivesTheCredentialAndPrincipalBack()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: true);

        var result = Codec.Decode(issued.AccessKeyId, issued.SessionToken, IssuedAt.AddSeconds(10));

        result.Status.ShouldBe(SessionTokenStatus.Valid);
        result.IssuedAt.ShouldBe(IssuedAt);
        result.MultiFactorAuthPresent.ShouldBeTrue();
        result.Credential.ShouldNotBeNull();
        result.Credential.SecretAccessKey.ShouldBe(issued.SecretAccessKey);
        result.Credential.SourceAccessKeyId.ShouldBe(Root.AccessKeyId);
        result.Credential.Principal.ShouldBe(Root with { AccessKeyId = issued.AccessKeyId });
        issued.Expiration.ShouldBe(ExpiresAt);
    }

    [Fact]
    public void Issue_MakesAwsShapedCredentialsWithTheSecretOnlyInsideTheCiphertext()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        issued.AccessKeyId.ShouldStartWith("ASIA");
        issued.AccessKeyId.Length.ShouldBe(20);
        AccessKeyGenerator.IsWellFormedAccessKeyId(issued.AccessKeyId).ShouldBeTrue();
        AccessKeyGenerator.IsWellFormedSecret(issued.SecretAccessKey).ShouldBeTrue();
        issued.SessionToken.ShouldStartWith(SessionTokenCodec.Prefix);
        issued.SessionToken.Length.ShouldBeLessThan(SessionTokenCodec.MaxTokenLength);
        var sealedBytes = Base64Url.DecodeFromChars(issued.SessionToken.AsSpan(SessionTokenCodec.Prefix.Length));
        Encoding.UTF8.GetString(sealedBytes).ShouldNotContain(issued.SecretAccessKey[..8]);
        Encoding.UTF8.GetString(sealedBytes).ShouldNotContain("arn:aws");
        issued.ToString().ShouldNotContain(issued.SecretAccessKey);
        issued.ToString().ShouldNotContain(issued.SessionToken);
    }

    [Fact]
    public void Decode_WithAnyByteChanged_IsInvalid()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);
        var sealedBytes = Base64Url.DecodeFromChars(issued.SessionToken.AsSpan(SessionTokenCodec.Prefix.Length));

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var changed = (byte[])sealedBytes.Clone();
            changed[i] ^= 0x01;
            var token = SessionTokenCodec.Prefix + Base64Url.EncodeToString(changed);
            Codec.Decode(issued.AccessKeyId, token, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid, $"byte {i}");
        }
    }

    [Fact]
    public void Decode_WithAnyCharacterOfTheTextChanged_IsInvalid()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        for (var i = 0; i < issued.SessionToken.Length; i++)
        {
            var chars = issued.SessionToken.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Codec.Decode(issued.AccessKeyId, new string(chars), IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid, $"character {i}");
        }
    }

    [Fact]
    public void Decode_WithAnotherAccessKeyId_IsInvalid()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);
        var other = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        Codec.Decode(other.AccessKeyId, issued.SessionToken, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
        Codec.Decode(Root.AccessKeyId, issued.SessionToken, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
    }

    [Fact]
    public void Decode_ByAnotherInstanceWithTheSameMasterKey_IsValid()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        new SessionTokenCodec(_masterKey.AsSpan()).Decode(issued.AccessKeyId, issued.SessionToken, IssuedAt).Credential.ShouldNotBeNull()
            .SecretAccessKey.ShouldBe(issued.SecretAccessKey);
    }

    [Fact]
    public void Decode_UnderAnotherMasterKey_IsInvalid()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        new SessionTokenCodec(RandomNumberGenerator.GetBytes(32)).Decode(issued.AccessKeyId, issued.SessionToken, IssuedAt).Status
            .ShouldBe(SessionTokenStatus.Invalid);
    }

    [Fact]
    public void Decode_UnderTheSecretEncryptionKeyItself_IsInvalid()
    {
        // The token key is derived (HKDF), so sealing a payload directly with the master key does not open.
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);
        var sealedBytes = Base64Url.DecodeFromChars(issued.SessionToken.AsSpan(SessionTokenCodec.Prefix.Length));
        var payload = Encoding.UTF8.GetBytes("{\"k\":\"" + issued.AccessKeyId + "\"}");
        var forged = new byte[4 + 12 + payload.Length + 16];
        sealedBytes.AsSpan(0, 16).CopyTo(forged);
        byte[] associated = [.. Encoding.UTF8.GetBytes(SessionTokenCodec.Prefix), .. sealedBytes.AsSpan(0, 4), .. Encoding.UTF8.GetBytes(issued.AccessKeyId)];
        using (var aes = new AesGcm(_masterKey, 16))
        {
            aes.Encrypt(forged.AsSpan(4, 12), payload, forged.AsSpan(16, payload.Length), forged.AsSpan(16 + payload.Length), associated);
        }

        Codec.Decode(issued.AccessKeyId, SessionTokenCodec.Prefix + Base64Url.EncodeToString(forged), IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
    }

    [Theory]
    [InlineData(0, SessionTokenStatus.Expired)]
    [InlineData(1, SessionTokenStatus.Expired)]
    [InlineData(-1, SessionTokenStatus.Valid)]
    public void Decode_AtOrAfterExpiry_IsExpired(int secondsAfterExpiry, SessionTokenStatus expected)
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        Codec.Decode(issued.AccessKeyId, issued.SessionToken, ExpiresAt.AddSeconds(secondsAfterExpiry)).Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SKST1.")]
    [InlineData("SKST1.AAAA")]
    [InlineData("SKST1.!!!!")]
    [InlineData("SKST1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ")]
    [InlineData("SKST2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("SKST1.AAAA AAAA")]
    public void Decode_Garbage_IsInvalid(string token) =>
        Codec.Decode("ASIAEXAMPLEEXAMPLE12", token, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);

    [Fact]
    public void Decode_HugeInputs_AreInvalidWithoutWork()
    {
        var issued = Codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);

        Codec.Decode(issued.AccessKeyId, SessionTokenCodec.Prefix + new string('A', 1_000_000), IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
        Codec.Decode(issued.AccessKeyId, issued.SessionToken + new string('A', SessionTokenCodec.MaxTokenLength), IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
        Codec.Decode(new string('A', 10_000), issued.SessionToken, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
    }

    [Fact]
    public void Decode_MutatedTokens_AreNeverValidAndNeverThrow()
    {
        var codec = Codec;
        var issued = codec.Issue(Root, IssuedAt, ExpiresAt, multiFactorAuthPresent: false);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u00e9\u0000";
        Gen.Select(Gen.Int[0, 2], Gen.Select(Gen.Int[0, 2000], Gen.Char[Alphabet]).Array[1, 6]).Sample(
            (kind, edits) =>
            {
                var token = StringMutator.Mutate(issued.SessionToken, kind, edits);
                if (token == issued.SessionToken)
                {
                    return;
                }

                codec.Decode(issued.AccessKeyId, token, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid, token);
            },
            iter: 3000,
            threads: 1);
    }

    [Fact]
    public void Decode_ArbitraryText_IsNeverValidAndNeverThrows()
    {
        var codec = Codec;
        Gen.String.Sample(
            text =>
            {
                codec.Decode("ASIAEXAMPLEEXAMPLE12", text, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
                codec.Decode("ASIAEXAMPLEEXAMPLE12", SessionTokenCodec.Prefix + text, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid);
            },
            iter: 3000,
            threads: 1);
    }
}
