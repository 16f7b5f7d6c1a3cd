using System.Security.Cryptography;
using SageKeep.Security.Sts;

namespace SageKeep.UnitTests.Security.Sts;

public sealed class AuthorizationMessageCodecTests
{
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Open_OfWhatSealMade_GivesTheJsonBack_AndTheTextHidesIt()
    {
        using var codec = new AuthorizationMessageCodec(_masterKey);
        const string json = """{"allowed":false,"context":{"action":"ec2:CreateVpc"}}""";

        var sealedText = codec.Seal(json);

        sealedText.ShouldNotContain("ec2");
        sealedText.Length.ShouldBeLessThanOrEqualTo(AuthorizationMessageCodec.MaxEncodedLength);
        codec.Open(sealedText).ShouldBe(json);
        using var sameKey = new AuthorizationMessageCodec(_masterKey);
        sameKey.Open(sealedText).ShouldBe(json);
    }

    [Fact]
    public void Open_TamperedForeignOrGarbage_IsNull()
    {
        using var codec = new AuthorizationMessageCodec(_masterKey);
        using var other = new AuthorizationMessageCodec(RandomNumberGenerator.GetBytes(32));
        var sealedText = codec.Seal("{}");
        var chars = sealedText.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';

        codec.Open(new string(chars)).ShouldBeNull();
        other.Open(sealedText).ShouldBeNull();
        codec.Open(string.Empty).ShouldBeNull();
        codec.Open("!!not base64!!").ShouldBeNull();
        codec.Open(new string('A', AuthorizationMessageCodec.MaxEncodedLength + 1)).ShouldBeNull();
    }
}
