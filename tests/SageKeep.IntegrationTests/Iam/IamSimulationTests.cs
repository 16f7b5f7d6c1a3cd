using System.Text.Json;
using SageKeep.IntegrationTests.Aws;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>SimulatePrincipalPolicy, through the aws CLI, predicts what the same user's real calls get; GetAccessKeyLastUsed reports use.</summary>
public sealed class IamSimulationTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    private readonly IamCli _cli = new(fixture);

    [Fact]
    public async Task SimulatePrincipalPolicy_AgreesWithWhatTheRealCallsDo()
    {
        var user = IamCli.Unique("gina");
        var group = IamCli.Unique("readers");
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.RootAsync("iam", "create-group", "--group-name", group);
        await _cli.RootAsync("iam", "add-user-to-group", "--group-name", group, "--user-name", user);
        await _cli.RootAsync("iam", "put-group-policy", "--group-name", group, "--policy-name", "list", "--policy-document", IamCli.Allow("iam:List*"));
        await _cli.PutUserPolicyAsync(user, "self", IamCli.Allow("iam:GetUser", IamCli.UserArn(user)));
        await _cli.PutUserPolicyAsync(user, "deny-loopback", """
            {"Version":"2012-10-17","Statement":[{"Sid":"NoRolesFromLoopback","Effect":"Deny","Action":"iam:ListRoles","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}]}
            """);
        var account = IamCli.Account;
        (string Action, string Resource, string[] Call)[] cases =
        [
            ("iam:ListUsers", $"arn:aws:iam::{account}:user/", ["iam", "list-users"]),
            ("iam:ListGroups", $"arn:aws:iam::{account}:group/", ["iam", "list-groups"]),
            ("iam:ListRoles", $"arn:aws:iam::{account}:role/", ["iam", "list-roles"]),
            ("iam:GetUser", IamCli.UserArn(user), ["iam", "get-user", "--user-name", user]),
            ("iam:GetGroup", $"arn:aws:iam::{account}:group/{group}", ["iam", "get-group", "--group-name", group]),
            ("iam:CreateGroup", $"arn:aws:iam::{account}:group/{group}x", ["iam", "create-group", "--group-name", group + "x"]),
        ];

        foreach (var (action, resource, call) in cases)
        {
            var simulated = await _cli.RootAsync(
                "iam", "simulate-principal-policy", "--policy-source-arn", IamCli.UserArn(user), "--action-names", action, "--resource-arns", resource,
                "--context-entries", "ContextKeyName=aws:SourceIp,ContextKeyValues=127.0.0.1,ContextKeyType=ip",
                "ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean");
            var decision = simulated.GetProperty("EvaluationResults")[0].GetProperty("EvalDecision").GetString();
            var real = await _cli.AsAsync(key, call);

            (real.ExitCode == 0).ShouldBe(decision == "allowed", $"{action}: simulated {decision}, real call: {real.StdErr}");
            if (decision == "explicitDeny")
            {
                real.StdErr.ShouldContain("with an explicit deny in an identity-based policy");
                simulated.GetProperty("EvaluationResults")[0].GetProperty("MatchedStatements")[0].GetProperty("SourcePolicyId").GetString().ShouldBe("deny-loopback");
            }
        }
    }

    [Fact]
    public async Task SimulateCustomPolicy_ReportsDecisionAndMissingContextKeys()
    {
        var document = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}
            """;

        var result = await _cli.RootAsync("iam", "simulate-custom-policy", "--policy-input-list", document, "--action-names", "s3:GetObject", "s3:PutObject");

        var results = result.GetProperty("EvaluationResults");
        results[0].GetProperty("EvalDecision").GetString().ShouldBe("implicitDeny");
        results[0].GetProperty("MissingContextValues")[0].GetString().ShouldBe("aws:RequestedRegion");
        results[1].GetProperty("EvalDecision").GetString().ShouldBe("implicitDeny");
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_ReportsTheServiceAndRegionOnceTheKeyWasUsed()
    {
        var user = IamCli.Unique("hank");
        var key = await _cli.CreateUserWithKeyAsync(user);
        var before = await _cli.RootAsync("iam", "get-access-key-last-used", "--access-key-id", key.AccessKeyId);
        before.GetProperty("AccessKeyLastUsed").GetProperty("ServiceName").GetString().ShouldBe("N/A");

        (await _cli.AsAsync(key, "sts", "get-caller-identity")).ExitCode.ShouldBe(0);

        // The use is recorded in the background; wait for it (bounded), not for a fixed time.
        JsonElement lastUsed = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            lastUsed = (await _cli.RootAsync("iam", "get-access-key-last-used", "--access-key-id", key.AccessKeyId)).GetProperty("AccessKeyLastUsed");
            if (lastUsed.TryGetProperty("LastUsedDate", out _))
            {
                break;
            }

            await Task.Delay(100);
        }

        lastUsed.GetProperty("ServiceName").GetString().ShouldBe("sts");
        lastUsed.GetProperty("Region").GetString().ShouldBe("us-east-1");
    }
}
