using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.Benchmarks.Iam;

/// <summary>
/// The per-request cost of authorisation: a principal with 10 policies of 20 statements each (actions
/// with wildcards, resources with policy variables, conditions) evaluated for one request, against a
/// single one-statement policy. Policies are compiled in setup, as the cache holds them.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmarks
{
    private EvaluationRequest _single = null!;
    private EvaluationRequest _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        var principal = new IamPrincipal(PrincipalKind.User, "arn:aws:iam::111122223333:user/alice", "111122223333", "AIDAALICEEXAMPLE0001", "alice")
        {
            Tags = new Dictionary<string, string> { ["team"] = "ml" },
        };
        var context = new RequestContextBuilder(principal, TimeProvider.System)
            .WithTransport(secureTransport: true, IPAddress.Parse("10.1.2.3"), "aws-cli/1.45.0 Python/3.12")
            .WithRegion("us-east-1")
            .WithRequestTags(new Dictionary<string, string> { ["team"] = "ml", ["env"] = "prod" })
            .Build("sagemaker:CreateTrainingJob", "arn:aws:sagemaker:us-east-1:111122223333:training-job/ml-job-1");

        var single = Compile("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"*"}}""", "single");
        _single = new EvaluationRequest(context, [single]);

        var policies = new List<CompiledPolicy>();
        for (var p = 0; p < 10; p++)
        {
            policies.Add(Compile(LargePolicy(p), $"policy-{p}"));
        }

        _large = new EvaluationRequest(context, policies);
        if (!PolicyEvaluator.Evaluate(_large).IsAllowed || !PolicyEvaluator.Evaluate(_single).IsAllowed)
        {
            throw new InvalidOperationException("The benchmark request must be allowed so every policy is scanned.");
        }
    }

    [Benchmark(Baseline = true)]
    public PolicyDecision OnePolicyOneStatement() => PolicyEvaluator.Evaluate(_single);

    [Benchmark]
    public PolicyDecision TenPoliciesTwentyStatements() => PolicyEvaluator.Evaluate(_large);

    /// <summary>20 statements: a mix that misses on action, on resource and on conditions; the last policy allows.</summary>
    private static string LargePolicy(int index)
    {
        var statements = new List<string>();
        for (var s = 0; s < 20; s++)
        {
            var n = string.Create(CultureInfo.InvariantCulture, $"{index}x{s}");
            statements.Add((s % 4) switch
            {
                0 => $$$$"""{"Sid":"A{{{{s}}}}","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::home/${aws:username}/{{{{n}}}}/*"}""",
                1 => $$$$"""{"Sid":"B{{{{s}}}}","Effect":"Deny","Action":"sagemaker:Delete*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}""",
                2 => $$$$"""{"Sid":"C{{{{s}}}}","Effect":"Allow","Action":"sagemaker:Create*","Resource":"arn:aws:sagemaker:*:111122223333:model/{{{{n}}}}-*"}""",
                _ => $$$$"""{"Sid":"D{{{{s}}}}","Effect":"Deny","Action":"sagemaker:CreateTrainingJob","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]},"Bool":{"aws:SecureTransport":"true"}}}""",
            });
        }

        if (index == 9)
        {
            statements[19] = """{"Sid":"Allow","Effect":"Allow","Action":"sagemaker:Create*","Resource":"arn:aws:sagemaker:us-east-1:111122223333:training-job/${aws:PrincipalTag/team}-*","Condition":{"StringEquals":{"aws:RequestTag/team":"${aws:PrincipalTag/team}"},"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}}""";
        }

        return new StringBuilder("""{"Version":"2012-10-17","Statement":[""").AppendJoin(',', statements).Append("]}").ToString();
    }

    private static CompiledPolicy Compile(string json, string id)
    {
        var result = PolicyParser.Parse(json, PolicyKind.Identity, id);
        return result.IsSuccess ? result.Policy : throw new InvalidOperationException(result.Error.Message);
    }
}
