using System.Net;
using Microsoft.AspNetCore.Http;
using SageKeep.Core;
using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Authorization;

public sealed class PolicyAuthorizerTests
{
    private const string Alice = "arn:aws:iam::123456789012:user/alice";
    private static readonly AwsPrincipal Caller = new("123456789012", Alice, "AIDAALICE", "AKIAALICE", false);

    [Fact]
    public async Task Authorize_AllowedByAnIdentityPolicy_IsAllowedWithTheDecidingStatement()
    {
        var result = await Authorize(Policies("""{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"sagemaker:Describe*","Resource":"*"}]}"""),
            AccessRequest.For("sagemaker:DescribeTrainingJob", "arn:aws:sagemaker:us-east-1:123456789012:training-job/a"));

        result.IsAllowed.ShouldBeTrue();
        result.Statement!.Sid.ShouldBe("Read");
        result.Statement.PolicyId.ShouldBe("policy-0");
    }

    [Fact]
    public async Task Authorize_WithoutAnAllow_AnswersAwsImplicitDenyText_InTheJsonShape()
    {
        var result = await Authorize(Policies(), AccessRequest.For("sagemaker:CreateTrainingJob", "arn:aws:sagemaker:us-east-1:123456789012:training-job/a"));

        result.IsAllowed.ShouldBeFalse();
        result.Decision.ShouldBe(Decision.ImplicitDeny);
        result.Error!.Code.ShouldBe("AccessDeniedException");
        result.Error.HttpStatus.ShouldBe(400);
        result.Error.Message.ShouldBe(
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:123456789012:training-job/a because no identity-based policy allows the sagemaker:CreateTrainingJob action");
    }

    [Fact]
    public async Task Authorize_WithAnExplicitDeny_AnswersTheExplicitDenyText_InTheQueryShape()
    {
        var policies = Policies(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}""",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}""");

        var result = await Authorize(policies, AccessRequest.For("iam:DeleteUser", "arn:aws:iam::123456789012:user/bob"), ProtocolKind.AwsQuery);

        result.Decision.ShouldBe(Decision.ExplicitDeny);
        result.Error!.Code.ShouldBe("AccessDenied");
        result.Error.HttpStatus.ShouldBe(403);
        result.Error.Message.ShouldBe(
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::123456789012:user/bob with an explicit deny in an identity-based policy");
    }

    [Fact]
    public async Task Authorize_S3Denial_QuotesTheResource_AndEc2UsesUnauthorizedOperation()
    {
        var s3 = await Authorize(Policies(), AccessRequest.For("s3:GetObject", "arn:aws:s3:::b/k"), ProtocolKind.RestXml);
        var ec2 = await Authorize(Policies(), AccessRequest.For("ec2:CreateVpc", "*"), ProtocolKind.Ec2Query);

        s3.Error!.Code.ShouldBe("AccessDenied");
        s3.Error.Message.ShouldContain("on resource: \"arn:aws:s3:::b/k\" because");
        ec2.Error!.Code.ShouldBe("UnauthorizedOperation");
        ec2.Error.Message.ShouldStartWith("You are not authorized to perform this operation. User: ");
    }

    [Fact]
    public async Task Authorize_EveryResourceMustBeAllowed_TheDenialNamesTheFirstRefusedOne()
    {
        var policies = Policies("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/public/*"}]}""");

        var result = await Authorize(policies, new AccessRequest("s3:DeleteObject", ["arn:aws:s3:::b/public/1", "arn:aws:s3:::b/private/2"]), ProtocolKind.RestXml);

        result.IsAllowed.ShouldBeFalse();
        result.Error!.Message.ShouldContain("arn:aws:s3:::b/private/2");
    }

    [Fact]
    public async Task Authorize_SourceIpAndSecureTransportConditions_SeeTheConnection()
    {
        var policies = Policies(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}]}""");
        var insecureOnly = Policies(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");

        (await Authorize(policies, AccessRequest.For("iam:GetUser", "*"), remote: IPAddress.Loopback)).Decision.ShouldBe(Decision.ExplicitDeny);
        (await Authorize(policies, AccessRequest.For("iam:GetUser", "*"), remote: IPAddress.Parse("::ffff:10.1.2.3"))).IsAllowed.ShouldBeTrue();
        (await Authorize(insecureOnly, AccessRequest.For("iam:GetUser", "*"), https: true)).IsAllowed.ShouldBeTrue();
        (await Authorize(insecureOnly, AccessRequest.For("iam:GetUser", "*"), https: false)).Decision.ShouldBe(Decision.ExplicitDeny);
    }

    [Fact]
    public async Task Authorize_AllowedUnlessDenied_AllowsWithoutAPolicy_ButAnExplicitDenyBlocks()
    {
        var access = AccessRequest.For("sts:GetSessionToken", "*") with { AllowedUnlessDenied = true };
        var deny = Policies("""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:GetSessionToken","Resource":"*"}]}""");

        (await Authorize(Policies(), access)).IsAllowed.ShouldBeTrue();
        (await Authorize(deny, access)).Decision.ShouldBe(Decision.ExplicitDeny);
    }

    [Fact]
    public async Task Authorize_UnrestrictedActions_IgnoreEvenAnExplicitDeny()
    {
        var deny = Policies("""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""");

        (await Authorize(deny, AccessRequest.Unrestricted("sts:GetCallerIdentity"))).IsAllowed.ShouldBeTrue();
    }

    [Fact]
    public async Task Authorize_APrincipalThatNoLongerExists_IsImplicitlyDenied()
    {
        var result = await Authorize(null, AccessRequest.For("iam:GetUser", "*"));

        result.Decision.ShouldBe(Decision.ImplicitDeny);
        result.Error.ShouldNotBeNull();
    }

    [Fact]
    public async Task Authorize_ServiceContextKeysAndResourceTags_ReachConditions()
    {
        var policies = Policies("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"*",
              "Condition":{"Bool":{"sagemaker:NetworkIsolation":"true"},"StringEquals":{"aws:ResourceTag/team":"ml"}}}]}
            """);
        var isolated = AccessRequest.For("sagemaker:CreateTrainingJob", "*") with
        {
            ContextKeys = new Dictionary<string, IReadOnlyList<string>> { ["sagemaker:NetworkIsolation"] = ["true"] },
            ResourceTags = new Dictionary<string, string> { ["team"] = "ml" },
        };

        (await Authorize(policies, isolated)).IsAllowed.ShouldBeTrue();
        (await Authorize(policies, isolated with { ContextKeys = new Dictionary<string, IReadOnlyList<string>> { ["sagemaker:NetworkIsolation"] = ["false"] } })).IsAllowed.ShouldBeFalse();
    }

    [Fact]
    public async Task Authorize_RoleSessionPolicies_NarrowTheRole_AndSessionTagsBecomePrincipalTags()
    {
        var role = Policies("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","iam:GetUser"],"Resource":"*"}]}""");
        var narrowed = Caller with
        {
            IsTemporary = true,
            SessionIssuedAt = DateTimeOffset.UtcNow,
            Role = new RoleSession("arn:aws:iam::123456789012:role/R", "AROAEXAMPLE", "s")
            {
                InlinePolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
                Tags = new Dictionary<string, string> { ["team"] = "ml" },
            },
        };
        var tagged = Policies("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ml"}}}]}""");
        var unknownManaged = narrowed with { Role = narrowed.Role! with { InlinePolicy = null, PolicyArns = ["arn:aws:iam::123456789012:policy/Gone"] } };

        (await Authorize(role, AccessRequest.For("s3:GetObject", "arn:aws:s3:::b/k"), principal: narrowed)).IsAllowed.ShouldBeTrue();
        var refused = await Authorize(role, AccessRequest.For("s3:PutObject", "arn:aws:s3:::b/k"), principal: narrowed);
        refused.IsAllowed.ShouldBeFalse();
        refused.Error!.Message.ShouldEndWith("because no session policy allows the s3:PutObject action");
        (await Authorize(tagged, AccessRequest.For("iam:GetUser", "*"), principal: narrowed with { Role = narrowed.Role! with { InlinePolicy = null } })).IsAllowed.ShouldBeTrue();
        (await Authorize(role, AccessRequest.For("s3:GetObject", "*"), principal: unknownManaged)).IsAllowed.ShouldBeFalse();
    }

    private static async Task<AuthorizationResult> Authorize(
        PrincipalPolicies? policies, AccessRequest access, ProtocolKind protocol = ProtocolKind.AwsJson, IPAddress? remote = null, bool https = true, AwsPrincipal? principal = null)
    {
        var authorizer = new PolicyAuthorizer(new FixedStore(policies), new SessionPolicyCompiler(new NoManagedPolicies()), new AwsAccount("123456789012", "us-east-1"), TimeProvider.System);
        var http = new DefaultHttpContext();
        http.Request.Scheme = https ? "https" : "http";
        http.Connection.RemoteIpAddress = remote ?? IPAddress.Loopback;
        return await authorizer.AuthorizeAsync(principal ?? Caller, http, protocol, access, CancellationToken.None);
    }

    private static PrincipalPolicies Policies(params string[] documents)
    {
        var compiled = documents.Select((json, i) => PolicyParser.Parse(json, PolicyKind.Identity, $"policy-{i}").Policy!).ToList();
        return new PrincipalPolicies(new IamPrincipal(PrincipalKind.User, Alice, "123456789012", "AIDAALICE", "alice"), new CompiledPolicySet(1, compiled, null, null));
    }

    private sealed class FixedStore(PrincipalPolicies? policies) : IPrincipalPolicyStore
    {
        public ValueTask<PrincipalPolicies?> GetAsync(AwsPrincipal principal, CancellationToken ct) => ValueTask.FromResult(policies);
    }
}
