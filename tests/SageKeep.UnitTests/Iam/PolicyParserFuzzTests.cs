using CsCheck;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.UnitTests.Infrastructure;

namespace SageKeep.UnitTests.Iam;

/// <summary>
/// Fuzz target for the policy parser: random and mutated documents always come back as exactly one of
/// a compiled policy or an error value, never an exception; whatever compiles also evaluates without throwing.
/// </summary>
public sealed class PolicyParserFuzzTests
{
    private const string Seed = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"A1","Effect":"Allow","Action":["s3:Get*","sagemaker:?escribe*"],"Resource":"arn:aws:s3:::home/${aws:username}/*",
           "Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["a*"]},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},
                        "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"NumericLessThanEqualsIfExists":{"s3:max-keys":10}}},
          {"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:s3:::b/${*}"],"Condition":{"Null":{"aws:TokenIssueTime":"true"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/*"}}}]}
        """;

    private const string ResourceSeed = """
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","111122223333"],"Service":"sagemaker.amazonaws.com"},"Action":"s3:*","Resource":"*"}}
        """;

    private const string Alphabet = "{}[]\":,*?$ \\/aAsS3:-_.0123456789${}\u00e9\u0000\ud800";

    [Fact]
    public void Parse_MutatedPolicies_AlwaysReturnAValue()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Select(Gen.Int[0, 1000], Gen.Char[Alphabet]).Array[1, 6]).Sample(
            (kind, resource, edits) =>
            {
                var json = StringMutator.Mutate(resource ? ResourceSeed : Seed, kind, edits);
                var result = PolicyParser.Parse(json, resource ? PolicyKind.Resource : PolicyKind.Identity);
                AssertOneOf(result);
                if (result.IsSuccess)
                {
                    EvaluateAgainst(result.Policy, resource);
                }
            },
            iter: 3000);
    }

    [Fact]
    public void Parse_RandomText_AlwaysReturnsAnError()
    {
        Gen.Char[Alphabet].Array[0, 200].Select(c => new string(c)).Sample(
            json =>
            {
                var result = PolicyParser.Parse(json, PolicyKind.Identity);
                AssertOneOf(result);
            },
            iter: 3000);
    }

    [Fact]
    public void Parse_DeeplyNestedInput_IsRefusedWithoutStackGrowth()
    {
        var json = new string('[', 60_000) + new string(']', 60_000);

        var result = PolicyParser.Parse(json, PolicyKind.Identity);

        result.Error!.Message.ShouldBe("Policy document nests deeper than 8 levels");
    }

    private static void AssertOneOf(ParseResult result)
    {
        (result.Policy is null).ShouldNotBe(result.Error is null);
        if (result.Error is { } error)
        {
            error.Message.ShouldNotBeNullOrWhiteSpace();
        }
    }

    private static void EvaluateAgainst(CompiledPolicy policy, bool resource)
    {
        var principal = new IamPrincipal(PrincipalKind.User, "arn:aws:iam::111122223333:user/alice", "111122223333", "AIDA1", "alice");
        var context = new RequestContextBuilder(principal, TimeProvider.System)
            .WithTransport(secureTransport: true, System.Net.IPAddress.Parse("10.1.2.3"), "aws-cli/1.45")
            .WithRequestTags(new Dictionary<string, string> { ["a1"] = "x" })
            .Build("s3:GetObject", "arn:aws:s3:::home/alice/k");
        var request = resource
            ? new EvaluationRequest(context, [], ResourcePolicy: policy)
            : new EvaluationRequest(context, [policy]);
        var decision = PolicyEvaluator.Evaluate(request);
        Enum.IsDefined(decision.Decision).ShouldBeTrue();
    }
}
