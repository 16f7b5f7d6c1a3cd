using System.Buffers.Text;
using System.Security.Cryptography;
using SageKeep.Core.Identity;
using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;

namespace SageKeep.UnitTests.Security.Sts;

/// <summary>Session tokens of assumed-role sessions carry the role, session policies and tags, sealed like the rest.</summary>
public sealed class RoleSessionTokenTests : IDisposable
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PrincipalInfo Session = new(
        "123456789012", "arn:aws:sts::123456789012:assumed-role/Trainer/build-7", "AROATRAINEREXAMPLE01:build-7", PrincipalType.AssumedRole, "AKIASOURCEEXAMPLE001");

    private static readonly RoleSession Role = new("arn:aws:iam::123456789012:role/ml/Trainer", "AROATRAINEREXAMPLE01", "build-7")
    {
        SourceIdentity = "alice",
        InlinePolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
        PolicyArns = ["arn:aws:iam::123456789012:policy/ReadOnly"],
        Tags = new Dictionary<string, string> { ["team"] = "ml", ["cost-center"] = "42" },
        IsChained = true,
    };

    private readonly SessionTokenCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _codec.Dispose();

    [Fact]
    public void Decode_OfAnAssumedRoleSession_GivesTheRoleSessionBack()
    {
        var issued = _codec.Issue(Session, IssuedAt, IssuedAt.AddHours(1), multiFactorAuthPresent: false, Role);

        var result = _codec.Decode(issued.AccessKeyId, issued.SessionToken, IssuedAt.AddMinutes(5));

        result.Status.ShouldBe(SessionTokenStatus.Valid);
        var role = result.Credential!.Role.ShouldNotBeNull();
        role.RoleArn.ShouldBe(Role.RoleArn);
        role.RoleId.ShouldBe(Role.RoleId);
        role.SessionName.ShouldBe("build-7");
        role.SourceIdentity.ShouldBe("alice");
        role.InlinePolicy.ShouldBe(Role.InlinePolicy);
        role.PolicyArns.ShouldBe(Role.PolicyArns);
        role.Tags.ShouldBe(Role.Tags, ignoreOrder: true);
        role.IsChained.ShouldBeTrue();
        result.Credential.Principal.Type.ShouldBe(PrincipalType.AssumedRole);
    }

    [Fact]
    public void Decode_OfAPlainSession_HasNoRole()
    {
        var issued = _codec.Issue(Session with { Type = PrincipalType.User }, IssuedAt, IssuedAt.AddHours(1), multiFactorAuthPresent: false);

        _codec.Decode(issued.AccessKeyId, issued.SessionToken, IssuedAt).Credential!.Role.ShouldBeNull();
    }

    [Fact]
    public void Decode_WithAnyByteOfARoleSessionTokenChanged_IsInvalid()
    {
        var issued = _codec.Issue(Session, IssuedAt, IssuedAt.AddHours(1), multiFactorAuthPresent: false, Role);
        var sealedBytes = Base64Url.DecodeFromChars(issued.SessionToken.AsSpan(SessionTokenCodec.Prefix.Length));

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[i] ^= 0x01;
            var token = SessionTokenCodec.Prefix + Base64Url.EncodeToString(tampered);
            _codec.Decode(issued.AccessKeyId, token, IssuedAt).Status.ShouldBe(SessionTokenStatus.Invalid, $"byte {i}");
        }
    }

    [Fact]
    public void Issue_WithTheLargestSessionPolicyAndTenPolicyArns_StaysWithinTheTokenBound()
    {
        var large = Role with
        {
            InlinePolicy = new string('x', 2048),
            PolicyArns = [.. Enumerable.Range(0, 10).Select(i => $"arn:aws:iam::123456789012:policy/{new string('p', 100)}{i}")],
        };

        var issued = _codec.Issue(Session, IssuedAt, IssuedAt.AddHours(1), multiFactorAuthPresent: false, large);

        issued.SessionToken.Length.ShouldBeLessThan(SessionTokenCodec.MaxTokenLength);
        _codec.Decode(issued.AccessKeyId, issued.SessionToken, IssuedAt).Credential!.Role!.InlinePolicy!.Length.ShouldBe(2048);
    }
}
