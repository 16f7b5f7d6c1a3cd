using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>
/// The audit trail over the whole IAM flow, driven with the real aws CLI against a server of its own (so the
/// trail holds exactly these calls): the root user sets up a user, a group and a role with policies; the user's
/// key makes allowed calls, calls no policy allows, calls denied by aws:SourceIp and aws:SecureTransport
/// conditions, takes a session, and is refused once deactivated. Every call must have exactly one record, in
/// order, with the caller, the action, the decision and the error code; no secret may appear in the trail.
/// </summary>
public sealed class IamAuditTrailTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    private const string Root = $"arn:aws:iam::{IamCli.Account}:root";
    private readonly IamCli _cli = new(fixture);

    [Fact]
    public async Task EveryCallOfTheIamFlow_HasItsRecord_WithCallerActionDecisionAndError_AndNoSecret()
    {
        var user = IamCli.Unique("audited");
        var group = IamCli.Unique("auditors");
        var role = IamCli.Unique("audit-role");
        var userArn = IamCli.UserArn(user);
        var rootKey = SignedServerFixture.AccessKeyId;
        var expected = new List<Expected>();

        // The root user's setup calls: every one allowed (the root user is not subject to policies).
        var key = await _cli.CreateUserWithKeyAsync(user);
        expected.Add(new(Root, rootKey, "CreateUser", "iam:CreateUser", "Allowed", null));
        expected.Add(new(Root, rootKey, "CreateAccessKey", "iam:CreateAccessKey", "Allowed", null));
        await _cli.RootAsync("iam", "create-group", "--group-name", group);
        expected.Add(new(Root, rootKey, "CreateGroup", "iam:CreateGroup", "Allowed", null));
        await _cli.RootAsync("iam", "add-user-to-group", "--group-name", group, "--user-name", user);
        expected.Add(new(Root, rootKey, "AddUserToGroup", "iam:AddUserToGroup", "Allowed", null));
        await _cli.RootAsync("iam", "put-group-policy", "--group-name", group, "--policy-name", "list", "--policy-document", IamCli.Allow("iam:List*"));
        expected.Add(new(Root, rootKey, "PutGroupPolicy", "iam:PutGroupPolicy", "Allowed", null));
        await _cli.PutUserPolicyAsync(user, "self", IamCli.Allow("iam:GetUser", userArn));
        expected.Add(new(Root, rootKey, "PutUserPolicy", "iam:PutUserPolicy", "Allowed", null));
        await _cli.PutUserPolicyAsync(user, "deny-loopback", """
            {"Version":"2012-10-17","Statement":[{"Sid":"NoGroupsFromLoopback","Effect":"Deny","Action":"iam:ListGroups","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}]}
            """);
        expected.Add(new(Root, rootKey, "PutUserPolicy", "iam:PutUserPolicy", "Allowed", null));
        await _cli.PutUserPolicyAsync(user, "deny-tls", """
            {"Version":"2012-10-17","Statement":[{"Sid":"NoRolesOverTls","Effect":"Deny","Action":"iam:ListRoles","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}
            """);
        expected.Add(new(Root, rootKey, "PutUserPolicy", "iam:PutUserPolicy", "Allowed", null));
        await _cli.RootAsync("iam", "create-role", "--role-name", role, "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        expected.Add(new(Root, rootKey, "CreateRole", "iam:CreateRole", "Allowed", null));
        await _cli.RootAsync("iam", "put-role-policy", "--role-name", role, "--policy-name", "read", "--policy-document", IamCli.Allow("s3:GetObject"));
        expected.Add(new(Root, rootKey, "PutRolePolicy", "iam:PutRolePolicy", "Allowed", null));

        // The user's own calls: allowed by the group and the user policy, not allowed at all, explicitly denied.
        (await _cli.AsAsync(key, "iam", "list-users")).ExitCode.ShouldBe(0);
        expected.Add(new(userArn, key.AccessKeyId, "ListUsers", "iam:ListUsers", "Allowed", null));
        (await _cli.AsAsync(key, "iam", "get-user", "--user-name", user)).ExitCode.ShouldBe(0);
        expected.Add(new(userArn, key.AccessKeyId, "GetUser", "iam:GetUser", "Allowed", null));
        (await _cli.AsAsync(key, "iam", "create-user", "--user-name", "x" + user)).StdErr.ShouldContain("(AccessDenied)");
        expected.Add(new(userArn, key.AccessKeyId, "CreateUser", "iam:CreateUser", "ImplicitDeny", "AccessDenied"));
        (await _cli.AsAsync(key, "iam", "get-role", "--role-name", role)).StdErr.ShouldContain("(AccessDenied)");
        expected.Add(new(userArn, key.AccessKeyId, "GetRole", "iam:GetRole", "ImplicitDeny", "AccessDenied"));
        (await _cli.AsAsync(key, "iam", "list-groups")).StdErr.ShouldContain("with an explicit deny in an identity-based policy");
        expected.Add(new(userArn, key.AccessKeyId, "ListGroups", "iam:ListGroups", "ExplicitDeny", "AccessDenied", "NoGroupsFromLoopback"));
        (await _cli.AsAsync(key, "iam", "list-roles")).StdErr.ShouldContain("with an explicit deny in an identity-based policy");
        expected.Add(new(userArn, key.AccessKeyId, "ListRoles", "iam:ListRoles", "ExplicitDeny", "AccessDenied", "NoRolesOverTls"));

        // A session of the user: its secret and token are secrets too. GetSessionToken is evaluated (only an explicit
        // deny could refuse it); GetCallerIdentity needs no permission at all.
        var token = await _cli.AsAsync(key, "sts", "get-session-token", "--duration-seconds", "900");
        token.ExitCode.ShouldBe(0, token.StdErr);
        expected.Add(new(userArn, key.AccessKeyId, "GetSessionToken", "sts:GetSessionToken", "Allowed", null));
        var credentials = JsonDocument.Parse(token.StdOut).RootElement.GetProperty("Credentials");
        var session = new IamCli.Credentials(
            credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
        (await _cli.AsAsync(session, "sts", "get-caller-identity")).ExitCode.ShouldBe(0);
        expected.Add(new(userArn, session.AccessKeyId, "GetCallerIdentity", "sts:GetCallerIdentity", "NotRequired", null));

        // The key deactivated: refused at authentication, the claimed key id still recorded.
        await _cli.RootAsync("iam", "update-access-key", "--user-name", user, "--access-key-id", key.AccessKeyId, "--status", "Inactive");
        expected.Add(new(Root, rootKey, "UpdateAccessKey", "iam:UpdateAccessKey", "Allowed", null));
        (await _cli.AsAsync(key, "iam", "list-users")).StdErr.ShouldContain("(InvalidClientTokenId)");
        expected.Add(new(null, key.AccessKeyId, "ListUsers", null, "Unauthenticated", "InvalidClientTokenId"));

        var records = await AuditQuery.WaitForFilesAsync(fixture.Server.DataDir, expected.Count);

        records.Select(Summary).ShouldBe(expected.Select(e => e.Summary()), string.Join('\n', records.Select(r => r.ToJsonString())));
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            record["sourceIPAddress"]!.GetValue<string>().ShouldBe("127.0.0.1");
            record["requestId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
            record["tlsDetails"]!["tlsVersion"]!.GetValue<string>().ShouldStartWith("Tls1");
            if (expected[i].Statement is { } sid)
            {
                record["decidingStatement"]!.GetValue<string>().ShouldEndWith("#" + sid);
            }

            if (expected[i].ErrorCode is "AccessDenied")
            {
                record["httpStatus"]!.GetValue<int>().ShouldBe(403);
            }
        }

        records.Select(r => r["requestId"]!.GetValue<string>()).Distinct().Count().ShouldBe(records.Count);

        // The index answers the same calls: the user's denials by decision.
        var query = await ServerProcess.RunCliAsync(["audit", "--data-dir", fixture.Server.DataDir, "--format", "json", "--principal", userArn, "--decision", "ExplicitDeny"]);
        query.ExitCode.ShouldBe(0, query.StdErr);
        query.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["eventName"]!.GetValue<string>()).Order(StringComparer.Ordinal)
            .ShouldBe(["ListGroups", "ListRoles"]);

        var trail = string.Concat(Directory.GetFiles(Path.Combine(fixture.Server.DataDir, "audit")).Select(File.ReadAllText));
        trail.ShouldNotContain(SignedServerFixture.SecretAccessKey);
        trail.ShouldNotContain(key.SecretAccessKey);
        trail.ShouldNotContain(session.SecretAccessKey);
        trail.ShouldNotContain(session.SessionToken!);
        trail.ShouldNotContain("Signature=");
    }

    private static string Summary(JsonObject record) => string.Join(
        " | ",
        record["userIdentity"]?["arn"]?.GetValue<string>() ?? "-",
        record["userIdentity"]?["accessKeyId"]?.GetValue<string>() ?? "-",
        record["eventName"]?.GetValue<string>() ?? "-",
        record["action"]?.GetValue<string>() ?? "-",
        record["decision"]?.GetValue<string>() ?? "-",
        record["errorCode"]?.GetValue<string>() ?? "-");

    private sealed record Expected(string? Principal, string AccessKeyId, string EventName, string? Action, string Decision, string? ErrorCode, string? Statement = null)
    {
        public string Summary() => string.Join(" | ", Principal ?? "-", AccessKeyId, EventName, Action ?? "-", Decision, ErrorCode ?? "-");
    }
}
