using System.Text.Json;
using SageKeep.IntegrationTests.Aws;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>
/// The details of SimulatePrincipalPolicy and SimulateCustomPolicy through the aws CLI: per-resource results when
/// ResourceArns are given, the matched statements with their policy, policy type and position in the document,
/// missing context keys where IAM reports them, and the permissions boundary's part, each compared with what the
/// same user's real calls get.
/// </summary>
public sealed class IamSimulationDetailTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    /// <summary>Pretty-printed on purpose: its one statement spans lines 4 to 9, from column 9 to just past column 9.</summary>
    private const string ReadSelf = """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReadSelf",
                    "Effect": "Allow",
                    "Action": "iam:GetUser",
                    "Resource": "arn:aws:iam::123456789012:user/${aws:username}"
                }
            ]
        }
        """;

    private readonly IamCli _cli = new(fixture);

    [Fact]
    public async Task SimulatePrincipalPolicy_PerResourceResults_MatchedStatementsAndBoundary_AgreeWithRealCalls()
    {
        var user = IamCli.Unique("ivy");
        var group = IamCli.Unique("selfreaders");
        var other = IamCli.Unique("other");
        var userArn = IamCli.UserArn(user);
        var otherArn = IamCli.UserArn(other);
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.RootAsync("iam", "create-group", "--group-name", group);
        await _cli.RootAsync("iam", "add-user-to-group", "--group-name", group, "--user-name", user);
        await _cli.RootAsync("iam", "put-group-policy", "--group-name", group, "--policy-name", "read-self", "--policy-document", ReadSelf);
        await _cli.PutUserPolicyAsync(user, "list", IamCli.Allow("iam:*"));
        await _cli.PutUserPolicyAsync(user, "deny-other", $$"""{"Version":"2012-10-17","Statement":[{"Sid":"NotOther","Effect":"Deny","Action":"iam:GetUser","Resource":"{{otherArn}}"}]}""");
        var boundary = await _cli.RootAsync("iam", "create-policy", "--policy-name", IamCli.Unique("get-only"), "--policy-document", IamCli.Allow("iam:Get*"));
        await _cli.RootAsync("iam", "put-user-permissions-boundary", "--user-name", user, "--permissions-boundary", boundary.GetProperty("Policy").GetProperty("Arn").GetString()!);

        var simulated = await _cli.RootAsync(
            "iam", "simulate-principal-policy", "--policy-source-arn", userArn, "--action-names", "iam:GetUser", "iam:ListUsers", "--resource-arns", userArn, otherArn);
        var getSelf = await _cli.AsAsync(key, "iam", "get-user", "--user-name", user);
        var getOther = await _cli.AsAsync(key, "iam", "get-user", "--user-name", other);
        var listUsers = await _cli.AsAsync(key, "iam", "list-users");

        var results = simulated.GetProperty("EvaluationResults").EnumerateArray().ToList();
        results.Select(r => (r.GetProperty("EvalActionName").GetString(), r.GetProperty("EvalResourceName").GetString(), r.GetProperty("EvalDecision").GetString()))
            .ShouldBe([("iam:GetUser", userArn, "allowed"), ("iam:GetUser", otherArn, "explicitDeny"), ("iam:ListUsers", userArn, "implicitDeny"), ("iam:ListUsers", otherArn, "implicitDeny")]);

        // Allowed: both allowing statements (the group's read-self with its position, the user's iam:*), the boundary allows too.
        var allowed = results[0];
        var statements = allowed.GetProperty("MatchedStatements").EnumerateArray().ToList();
        statements.Select(s => (s.GetProperty("SourcePolicyId").GetString(), s.GetProperty("SourcePolicyType").GetString())).Order()
            .ShouldBe([("list", "user"), ("read-self", "group")]);
        var readSelf = statements.Single(s => s.GetProperty("SourcePolicyId").GetString() == "read-self");
        Position(readSelf, "StartPosition").ShouldBe((4, 9));
        Position(readSelf, "EndPosition").ShouldBe((9, 10));
        allowed.GetProperty("EvalDecisionDetails").EnumerateObject().ShouldBeEmpty();
        allowed.GetProperty("PermissionsBoundaryDecisionDetail").GetProperty("AllowedByPermissionsBoundary").GetBoolean().ShouldBeTrue();
        var specific = allowed.GetProperty("ResourceSpecificResults").EnumerateArray().Single();
        specific.GetProperty("EvalResourceName").GetString().ShouldBe(userArn);
        specific.GetProperty("EvalResourceDecision").GetString().ShouldBe("allowed");
        specific.GetProperty("MatchedStatements").GetArrayLength().ShouldBe(2);
        getSelf.ExitCode.ShouldBe(0, getSelf.StdErr);

        // Explicit deny: the deny statement is the only one listed, as IAM does; the real call names the explicit deny.
        var denied = results[1].GetProperty("MatchedStatements").EnumerateArray().Single();
        denied.GetProperty("SourcePolicyId").GetString().ShouldBe("deny-other");
        denied.GetProperty("SourcePolicyType").GetString().ShouldBe("user");
        Position(denied, "StartPosition").ShouldBe((1, 38));
        getOther.StdErr.ShouldContain($"is not authorized to perform: iam:GetUser on resource: {otherArn} with an explicit deny in an identity-based policy");

        // The boundary does not allow iam:ListUsers: an implicit deny although an identity policy allows it.
        results[2].GetProperty("PermissionsBoundaryDecisionDetail").GetProperty("AllowedByPermissionsBoundary").GetBoolean().ShouldBeFalse();
        results[2].GetProperty("MatchedStatements").GetArrayLength().ShouldBe(0);
        listUsers.StdErr.ShouldContain("because no permissions boundary allows the iam:ListUsers action");
    }

    [Fact]
    public async Task SimulateCustomPolicy_MissingContextValues_AreReportedPerResource_WhenResourceArnsAreGiven()
    {
        const string regional = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}""";
        const string bucket = """{"Version":"2012-10-17","Statement":[{"Sid":"First","Effect":"Deny","Action":"s3:PutObject","Resource":"*"},{"Sid":"Two","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bucket/*"}]}""";
        const string objectArn = "arn:aws:s3:::bucket/key";

        var noResource = (await _cli.RootAsync("iam", "simulate-custom-policy", "--policy-input-list", regional, "--action-names", "s3:GetObject")).GetProperty("EvaluationResults")[0];
        var withResource = (await _cli.RootAsync("iam", "simulate-custom-policy", "--policy-input-list", regional, "--action-names", "s3:GetObject", "--resource-arns", objectArn))
            .GetProperty("EvaluationResults")[0];
        var withContext = (await _cli.RootAsync(
            "iam", "simulate-custom-policy", "--policy-input-list", regional, bucket, "--action-names", "s3:GetObject", "--resource-arns", objectArn,
            "--context-entries", "ContextKeyName=aws:RequestedRegion,ContextKeyValues=eu-west-1,ContextKeyType=string")).GetProperty("EvaluationResults")[0];

        noResource.GetProperty("EvalDecision").GetString().ShouldBe("implicitDeny");
        noResource.GetProperty("EvalResourceName").GetString().ShouldBe("*");
        noResource.GetProperty("MissingContextValues").EnumerateArray().Select(v => v.GetString()).ShouldBe(["aws:RequestedRegion"]);
        noResource.TryGetProperty("ResourceSpecificResults", out _).ShouldBeFalse();
        noResource.TryGetProperty("EvalDecisionDetails", out _).ShouldBeFalse();

        withResource.GetProperty("EvalDecision").GetString().ShouldBe("implicitDeny");
        withResource.GetProperty("MissingContextValues").GetArrayLength().ShouldBe(0);
        var specific = withResource.GetProperty("ResourceSpecificResults").EnumerateArray().Single();
        specific.GetProperty("EvalResourceName").GetString().ShouldBe(objectArn);
        specific.GetProperty("EvalResourceDecision").GetString().ShouldBe("implicitDeny");
        specific.GetProperty("MissingContextValues").EnumerateArray().Select(v => v.GetString()).ShouldBe(["aws:RequestedRegion"]);

        withContext.GetProperty("EvalDecision").GetString().ShouldBe("allowed");
        var matched = withContext.GetProperty("MatchedStatements").EnumerateArray().ToList();
        matched.Select(s => (s.GetProperty("SourcePolicyId").GetString(), s.GetProperty("SourcePolicyType").GetString()))
            .ShouldBe([("PolicyInputList.1", "IAM Policy"), ("PolicyInputList.2", "IAM Policy")]);
        Position(matched[0], "StartPosition").ShouldBe((1, regional.IndexOf("[{", StringComparison.Ordinal) + 2));
        Position(matched[0], "EndPosition").ShouldBe((1, regional.LastIndexOf("}]", StringComparison.Ordinal) + 2));
        Position(matched[1], "StartPosition").ShouldBe((1, bucket.IndexOf("{\"Sid\":\"Two\"", StringComparison.Ordinal) + 1));
        withContext.GetProperty("ResourceSpecificResults")[0].GetProperty("MissingContextValues").GetArrayLength().ShouldBe(0);
    }

    private static (int Line, int Column) Position(JsonElement statement, string member) =>
        (statement.GetProperty(member).GetProperty("Line").GetInt32(), statement.GetProperty(member).GetProperty("Column").GetInt32());
}
