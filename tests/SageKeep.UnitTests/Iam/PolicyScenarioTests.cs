using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;

namespace SageKeep.UnitTests.Iam;

/// <summary>
/// The scenario corpus (TestData/Iam/scenarios): each case, written from the IAM User Guide, is
/// evaluated and must reach its documented decision and, where given, the deciding statement.
/// </summary>
public sealed class PolicyScenarioTests
{
    public static TheoryData<string> ScenarioNames => [.. Scenario.Corpus.Keys];

    [Fact]
    public void Corpus_HasAtLeast150Scenarios_CoveringEveryDecision()
    {
        Scenario.Corpus.Count.ShouldBeGreaterThanOrEqualTo(150);
        var decisions = Scenario.Corpus.Values.Select(s => s.Expected).Distinct().Order().ToArray();
        decisions.ShouldBe(["Allowed", "ExplicitDeny", "ImplicitDeny"]);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_ReachesItsDocumentedDecision(string name)
    {
        var scenario = Scenario.Get(name);
        var request = BuildRequest(scenario);

        var decision = PolicyEvaluator.Evaluate(request);

        decision.Decision.ToString().ShouldBe(scenario.Expected, $"{name}: decided by {decision.Statement}");
        if (scenario.ExpectedSid is { } sid)
        {
            decision.Statement.ShouldNotBeNull();
            decision.Statement.Sid.ShouldBe(sid);
        }
    }

    internal static EvaluationRequest BuildRequest(Scenario scenario)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var builder = new RequestContextBuilder(ScenarioPrincipals.Get(scenario.Principal), time);
        foreach (var (key, values) in scenario.Context)
        {
            builder.Set(key, values);
        }

        return new EvaluationRequest(
            builder.Build(scenario.Action, scenario.ResourceArn),
            [.. scenario.Identity.Select((json, i) => Compile(json, PolicyKind.Identity, $"identity-{i}"))],
            scenario.Boundary is { } boundary ? Compile(boundary, PolicyKind.Identity, "boundary") : null,
            scenario.Session?.Select((json, i) => Compile(json, PolicyKind.Identity, $"session-{i}")).ToArray(),
            scenario.Resource is { } resource ? Compile(resource, PolicyKind.Resource, "resource") : null);
    }

    private static CompiledPolicy Compile(string json, PolicyKind kind, string id)
    {
        var result = PolicyParser.Parse(json, kind, id);
        result.Error.ShouldBeNull();
        return result.Policy!;
    }
}
