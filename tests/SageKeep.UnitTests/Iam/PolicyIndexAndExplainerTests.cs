using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.UnitTests.Iam;

/// <summary>
/// The per-policy action index gives the same decisions as matching every statement (repeated requests, other
/// spellings of an action, NotAction); the explainer lists every applying statement; statement positions.
/// </summary>
public sealed class PolicyIndexAndExplainerTests
{
    private static readonly IamPrincipal Alice =
        new(PrincipalKind.User, "arn:aws:iam::111122223333:user/alice", "111122223333", "AIDAALICEEXAMPLE0001", "alice");

    private static RequestContext Context(string action, string resource = "*") =>
        new RequestContextBuilder(Alice, new FakeTimeProvider(DateTimeOffset.UnixEpoch))
            .WithTransport(secureTransport: true, System.Net.IPAddress.Parse("10.1.2.3"), null)
            .Build(action, resource);

    private static CompiledPolicy Policy(string json, string id = "p")
    {
        var result = PolicyParser.Parse(json, PolicyKind.Identity, id);
        return result.IsSuccess ? result.Policy : throw new InvalidOperationException(result.Error.Message);
    }

    [Theory]
    [InlineData("s3:GetObject", Decision.Allowed)]
    [InlineData("S3:getobject", Decision.Allowed)]
    [InlineData("s3:PutObject", Decision.ExplicitDeny)]
    [InlineData("iam:ListUsers", Decision.ExplicitDeny)]
    [InlineData("sagemaker:ListModels", Decision.ImplicitDeny)]
    public void Evaluate_SameDecision_OnFirstAndRepeatedRequests(string action, Decision expected)
    {
        var policy = Policy("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:Get*","Resource":"*"},
              {"Effect":"Deny","Action":"s3:Put?bject","Resource":"*"},
              {"Effect":"Deny","NotAction":["s3:*","sagemaker:*"],"Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}
            """);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            PolicyEvaluator.Evaluate(new EvaluationRequest(Context(action), [policy])).Decision.ShouldBe(expected);
        }
    }

    [Fact]
    public void Explainer_ListsEveryApplyingStatementOfTheEffect_InDocumentOrder()
    {
        var policy = Policy("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"One","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
              {"Sid":"Other","Effect":"Allow","Action":"s3:PutObject","Resource":"*"},
              {"Sid":"Two","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"},
              {"Sid":"Deny","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}
            """);

        var allows = PolicyExplainer.Matching(policy, PolicySource.Identity, Context("s3:GetObject", "arn:aws:s3:::b/k"), PolicyEffect.Allow);
        var denies = PolicyExplainer.Matching(policy, PolicySource.Identity, Context("s3:GetObject", "arn:aws:s3:::b/k"), PolicyEffect.Deny);

        allows.Select(s => s.Sid).ShouldBe(["One", "Two"]);
        denies.ShouldBeEmpty();
        PolicyExplainer.BoundaryAllows(policy, Context("s3:GetObject", "arn:aws:s3:::other/k")).ShouldBeFalse();
        PolicyExplainer.BoundaryAllows(policy, Context("s3:GetObject", "arn:aws:s3:::b/k")).ShouldBeTrue();
    }

    [Fact]
    public void StatementPositions_ArrayAndObjectForms_LineAndColumnInCharacters()
    {
        var array = "{\"Version\":\"2012-10-17\",\n \"Statement\":[{\"Sid\":\"é\"},\n  {\"Sid\":\"b\"}]}";
        var single = "{\"Statement\":{\"Effect\":\"Allow\"}}";

        StatementPositions.Find(array).ShouldBe([
            new StatementSpan(new TextPosition(2, 15), new TextPosition(2, 26)),
            new StatementSpan(new TextPosition(3, 3), new TextPosition(3, 14)),
        ]);
        StatementPositions.Find(single).ShouldBe([new StatementSpan(new TextPosition(1, 14), new TextPosition(1, 32))]);
        StatementPositions.Find("not json").ShouldBeEmpty();
    }
}
