using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.UnitTests.Iam;

/// <summary>What a decision reports besides its outcome: the deciding statement, the limiting policy type, missing keys.</summary>
public sealed class PolicyEvaluatorDetailTests
{
    private static readonly IamPrincipal Alice =
        new(PrincipalKind.User, "arn:aws:iam::111122223333:user/alice", "111122223333", "AIDAALICEEXAMPLE0001", "alice");

    private static RequestContext Context(string action, string resource = "*") =>
        new RequestContextBuilder(Alice, new FakeTimeProvider(DateTimeOffset.UnixEpoch)).Build(action, resource);

    private static CompiledPolicy Policy(string json, PolicyKind kind = PolicyKind.Identity, string id = "p")
    {
        var result = PolicyParser.Parse(json, kind, id);
        return result.IsSuccess ? result.Policy : throw new InvalidOperationException(result.Error.Message);
    }

    [Fact]
    public void Evaluate_WithNoPolicies_IsImplicitDenyByIdentityWithoutStatement()
    {
        var decision = PolicyEvaluator.Evaluate(new EvaluationRequest(Context("s3:GetObject"), []));

        decision.Decision.ShouldBe(Decision.ImplicitDeny);
        decision.IsAllowed.ShouldBeFalse();
        decision.Statement.ShouldBeNull();
        decision.DeniedBy.ShouldBe(PolicySource.Identity);
    }

    [Fact]
    public void Evaluate_DecidingStatementWithoutSid_IsNamedByPolicyAndIndex()
    {
        var policy = Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""", id: "arn:aws:iam::111122223333:policy/read");

        var decision = PolicyEvaluator.Evaluate(new EvaluationRequest(Context("s3:GetObject"), [policy]));

        decision.Statement.ShouldBe(new MatchedStatement("arn:aws:iam::111122223333:policy/read", PolicySource.Identity, null, 1, PolicyEffect.Allow));
    }

    [Fact]
    public void Evaluate_AllowOutsideBoundary_ReportsTheBoundaryAsLimiting()
    {
        var identity = Policy("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        var boundary = Policy("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}}""", id: "boundary");

        var decision = PolicyEvaluator.Evaluate(new EvaluationRequest(Context("s3:GetObject"), [identity], boundary));

        decision.Decision.ShouldBe(Decision.ImplicitDeny);
        decision.DeniedBy.ShouldBe(PolicySource.PermissionsBoundary);
    }

    [Fact]
    public void Evaluate_ConditionOnAbsentKey_ReportsTheMissingKey()
    {
        var policy = Policy("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/env":"prod"},"StringEqualsIfExists":{"aws:RequestTag/team":"ml"}}}}""");

        var decision = PolicyEvaluator.Evaluate(new EvaluationRequest(Context("sagemaker:CreateModel"), [policy]));

        decision.Decision.ShouldBe(Decision.ImplicitDeny);
        decision.MissingContextKeys.ShouldBe(["aws:RequestTag/env"]);
    }

    [Fact]
    public void Evaluate_TrustPolicyWithoutResource_LetsTheNamedServiceAssumeTheRole()
    {
        var trust = Policy(
            """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}}""",
            PolicyKind.Trust,
            "arn:aws:iam::111122223333:role/Exec");
        var service = new IamPrincipal(PrincipalKind.Service, "sagemaker.amazonaws.com", "111122223333");
        var context = new RequestContextBuilder(service, TimeProvider.System).Build("sts:AssumeRole", "arn:aws:iam::111122223333:role/Exec");

        var decision = PolicyEvaluator.Evaluate(new EvaluationRequest(context, [], ResourcePolicy: trust));

        decision.Decision.ShouldBe(Decision.Allowed);
        decision.Statement!.Source.ShouldBe(PolicySource.Resource);
    }

    [Fact]
    public void Evaluate_ExplicitDeny_NamesTheDenyingStatement()
    {
        var policy = Policy("""{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoIam","Effect":"Deny","Action":"iam:*","Resource":"*"}]}""");

        var decision = PolicyEvaluator.Evaluate(new EvaluationRequest(Context("iam:CreateUser"), [policy]));

        decision.Decision.ShouldBe(Decision.ExplicitDeny);
        decision.Statement!.Sid.ShouldBe("NoIam");
        decision.Statement.Effect.ShouldBe(PolicyEffect.Deny);
    }
}
