using System.Net;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Iam.Context;

namespace SageKeep.UnitTests.Iam;

/// <summary>The global condition keys are filled from the principal, the clock and the transport as AWS defines them.</summary>
public sealed class RequestContextBuilderTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));

    private static string Single(RequestContext context, string key)
    {
        context.Keys.TryGetValues(key, out var values).ShouldBeTrue(key);
        return values!.ShouldHaveSingleItem();
    }

    [Fact]
    public void Build_ForAUser_FillsIdentityTimeAndTransportKeys()
    {
        var alice = new IamPrincipal(PrincipalKind.User, "arn:aws:iam::111122223333:user/alice", "111122223333", "AIDA1", "alice")
        {
            Tags = new Dictionary<string, string> { ["team"] = "ml" },
        };

        var context = new RequestContextBuilder(alice, Clock)
            .WithTransport(secureTransport: true, IPAddress.Parse("::ffff:192.0.2.1"), "aws-cli/1.45.0")
            .WithRegion("us-east-1")
            .Build("s3:GetObject", "arn:aws:s3:::b/k");

        Single(context, ContextKeys.CurrentTime).ShouldBe("2026-01-15T12:00:00Z");
        Single(context, ContextKeys.EpochTime).ShouldBe("1768478400");
        Single(context, ContextKeys.SecureTransport).ShouldBe("true");
        Single(context, ContextKeys.SourceIp).ShouldBe("192.0.2.1");
        Single(context, ContextKeys.UserAgent).ShouldBe("aws-cli/1.45.0");
        Single(context, ContextKeys.RequestedRegion).ShouldBe("us-east-1");
        Single(context, ContextKeys.PrincipalArn).ShouldBe("arn:aws:iam::111122223333:user/alice");
        Single(context, ContextKeys.PrincipalAccount).ShouldBe("111122223333");
        Single(context, ContextKeys.PrincipalType).ShouldBe("User");
        Single(context, ContextKeys.UserName).ShouldBe("alice");
        Single(context, ContextKeys.UserId).ShouldBe("AIDA1");
        Single(context, "aws:principaltag/team").ShouldBe("ml");
        context.Keys.TryGetValues(ContextKeys.MultiFactorAuthPresent, out _).ShouldBeFalse();
        context.Keys.TryGetValues(ContextKeys.TokenIssueTime, out _).ShouldBeFalse();
    }

    [Fact]
    public void Build_ForARoleSession_UsesTheRoleArnAndSessionKeys()
    {
        var session = new IamPrincipal(
            PrincipalKind.AssumedRole,
            "arn:aws:sts::111122223333:assumed-role/AppRole/s1",
            "111122223333",
            "AROA1:s1",
            RoleArn: "arn:aws:iam::111122223333:role/AppRole");

        var context = new RequestContextBuilder(session, Clock)
            .WithSession(multiFactorAuthPresent: false, new DateTimeOffset(2026, 1, 15, 11, 0, 0, TimeSpan.Zero))
            .WithRequestTags(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "ml" })
            .WithResourceTags(new Dictionary<string, string> { ["owner"] = "alice" })
            .Build("sagemaker:CreateModel", "*");

        Single(context, ContextKeys.PrincipalArn).ShouldBe("arn:aws:iam::111122223333:role/AppRole");
        Single(context, ContextKeys.PrincipalType).ShouldBe("AssumedRole");
        Single(context, ContextKeys.MultiFactorAuthPresent).ShouldBe("false");
        Single(context, ContextKeys.TokenIssueTime).ShouldBe("2026-01-15T11:00:00Z");
        Single(context, "aws:RequestTag/env").ShouldBe("prod");
        Single(context, "aws:ResourceTag/owner").ShouldBe("alice");
        Single(context, "sagemaker:ResourceTag/owner").ShouldBe("alice");
        context.Keys.TryGetValues(ContextKeys.TagKeys, out var keys).ShouldBeTrue();
        keys!.Order(StringComparer.Ordinal).ShouldBe(["env", "team"]);
        context.Keys.TryGetValues(ContextKeys.UserName, out _).ShouldBeFalse();
    }
}
