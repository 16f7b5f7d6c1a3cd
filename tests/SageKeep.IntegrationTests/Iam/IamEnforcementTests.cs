using System.Text.Json;
using SageKeep.IntegrationTests.Aws;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>
/// IAM end to end with the real aws CLI against the running server: the root user sets up users, groups,
/// roles and policies; a user's own key (a second credential set) can do exactly what those policies allow
/// and gets AWS's AccessDenied text otherwise. Every name carries a random suffix, so tests share one server.
/// </summary>
public sealed class IamEnforcementTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    private readonly IamCli _cli = new(fixture);

    [Fact]
    public async Task UserKey_CanDoWhatItsUserGroupAndManagedPoliciesAllow_AndNothingElse()
    {
        var user = IamCli.Unique("alice");
        var group = IamCli.Unique("devs");
        var role = IamCli.Unique("trainer");
        var policy = IamCli.Unique("get-own-user");
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.RootAsync("iam", "create-group", "--group-name", group);
        await _cli.RootAsync("iam", "add-user-to-group", "--group-name", group, "--user-name", user);
        await _cli.RootAsync("iam", "put-group-policy", "--group-name", group, "--policy-name", "list", "--policy-document", IamCli.Allow("iam:ListUsers"));
        var created = await _cli.RootAsync("iam", "create-policy", "--policy-name", policy, "--policy-document", IamCli.Allow("iam:GetUser", IamCli.UserArn(user)));
        var policyArn = created.GetProperty("Policy").GetProperty("Arn").GetString()!;
        await _cli.RootAsync("iam", "attach-user-policy", "--user-name", user, "--policy-arn", policyArn);
        await _cli.PutUserPolicyAsync(user, "groups", IamCli.Allow("iam:ListGroupsForUser", IamCli.UserArn(user)));
        await _cli.RootAsync("iam", "create-role", "--role-name", role, "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        await _cli.RootAsync("iam", "put-role-policy", "--role-name", role, "--policy-name", "inline", "--policy-document", IamCli.Allow("s3:GetObject"));
        await _cli.RootAsync("iam", "attach-role-policy", "--role-name", role, "--policy-arn", policyArn);

        var listUsers = await _cli.AsAsync(key, "iam", "list-users");
        var getSelf = await _cli.AsAsync(key, "iam", "get-user", "--user-name", user);
        var groups = await _cli.AsAsync(key, "iam", "list-groups-for-user", "--user-name", user);
        var createUser = await _cli.AsAsync(key, "iam", "create-user", "--user-name", $"x{user}");
        var getRole = await _cli.AsAsync(key, "iam", "get-role", "--role-name", role);

        listUsers.ExitCode.ShouldBe(0, listUsers.StdErr);
        getSelf.ExitCode.ShouldBe(0, getSelf.StdErr);
        JsonDocument.Parse(getSelf.StdOut).RootElement.GetProperty("User").GetProperty("Arn").GetString().ShouldBe(IamCli.UserArn(user));
        groups.ExitCode.ShouldBe(0, groups.StdErr);
        JsonDocument.Parse(groups.StdOut).RootElement.GetProperty("Groups")[0].GetProperty("GroupName").GetString().ShouldBe(group);
        createUser.ExitCode.ShouldNotBe(0);
        createUser.StdErr.ShouldContain("An error occurred (AccessDenied) when calling the CreateUser operation: "
            + IamCli.NotAllowed(user, "iam:CreateUser", $"arn:aws:iam::{IamCli.Account}:user/x{user}"));
        getRole.StdErr.ShouldContain(IamCli.NotAllowed(user, "iam:GetRole", $"arn:aws:iam::{IamCli.Account}:role/{role}"));
        (await _cli.AsAsync(key, "iam", "get-user", "--user-name", "root-only-" + user)).StdErr.ShouldContain("(AccessDenied)");
    }

    [Fact]
    public async Task DenyOnSourceIp_AndDenyOnSecureTransport_TakeEffect()
    {
        var user = IamCli.Unique("bob");
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.PutUserPolicyAsync(user, "list", IamCli.Allow("iam:List*"));
        await _cli.PutUserPolicyAsync(user, "deny-loopback", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.1/32"}}}]}
            """);
        await _cli.PutUserPolicyAsync(user, "deny-tls", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListGroups","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}
            """);
        await _cli.PutUserPolicyAsync(user, "deny-elsewhere", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListRoles","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}]}
            """);

        var users = await _cli.AsAsync(key, "iam", "list-users");
        var groups = await _cli.AsAsync(key, "iam", "list-groups");
        var roles = await _cli.AsAsync(key, "iam", "list-roles");

        users.StdErr.ShouldContain($"User: {IamCli.UserArn(user)} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::{IamCli.Account}:user/ with an explicit deny in an identity-based policy");
        groups.StdErr.ShouldContain($"is not authorized to perform: iam:ListGroups on resource: arn:aws:iam::{IamCli.Account}:group/ with an explicit deny in an identity-based policy");
        roles.ExitCode.ShouldBe(0, roles.StdErr);
    }

    [Fact]
    public async Task PermissionsBoundary_LimitsWhatTheUsersPoliciesAllow()
    {
        var user = IamCli.Unique("carol");
        var boundary = IamCli.Unique("boundary");
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.PutUserPolicyAsync(user, "list", IamCli.Allow("iam:List*"));
        var created = await _cli.RootAsync("iam", "create-policy", "--policy-name", boundary, "--policy-document", IamCli.Allow("iam:ListUsers"));
        await _cli.RootAsync("iam", "put-user-permissions-boundary", "--user-name", user, "--permissions-boundary", created.GetProperty("Policy").GetProperty("Arn").GetString()!);

        var users = await _cli.AsAsync(key, "iam", "list-users");
        var groups = await _cli.AsAsync(key, "iam", "list-groups");

        users.ExitCode.ShouldBe(0, users.StdErr);
        groups.StdErr.ShouldContain($"is not authorized to perform: iam:ListGroups on resource: arn:aws:iam::{IamCli.Account}:group/ because no permissions boundary allows the iam:ListGroups action");
        (await _cli.RootAsync("iam", "get-user", "--user-name", user)).GetProperty("User").GetProperty("PermissionsBoundary").GetProperty("PermissionsBoundaryArn").GetString()
            .ShouldBe(created.GetProperty("Policy").GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task DeactivatingTheKey_LocksItOutOnTheNextRequest_AndReactivatingLetsItBackIn()
    {
        var user = IamCli.Unique("dave");
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.PutUserPolicyAsync(user, "list", IamCli.Allow("iam:ListUsers"));
        (await _cli.AsAsync(key, "iam", "list-users")).ExitCode.ShouldBe(0);

        await _cli.RootAsync("iam", "update-access-key", "--user-name", user, "--access-key-id", key.AccessKeyId, "--status", "Inactive");
        var locked = await _cli.AsAsync(key, "iam", "list-users");
        await _cli.RootAsync("iam", "update-access-key", "--user-name", user, "--access-key-id", key.AccessKeyId, "--status", "Active");
        var back = await _cli.AsAsync(key, "iam", "list-users");

        locked.StdErr.ShouldContain("(InvalidClientTokenId)");
        back.ExitCode.ShouldBe(0, back.StdErr);
        var keys = await _cli.RootAsync("iam", "list-access-keys", "--user-name", user);
        keys.GetProperty("AccessKeyMetadata")[0].GetProperty("Status").GetString().ShouldBe("Active");
    }

    [Fact]
    public async Task CachedKey_DeactivatedDeletedOrOfARenamedUser_IsReadAgainOnTheNextRequest()
    {
        // The server caches a used key (secret, status, owner); every IAM write must reach the next request.
        var user = IamCli.Unique("gina");
        var renamed = IamCli.Unique("gina-renamed");
        var first = await _cli.CreateUserWithKeyAsync(user);
        var identity = await _cli.AsAsync(first, "sts", "get-caller-identity");
        identity.ExitCode.ShouldBe(0, identity.StdErr);
        JsonDocument.Parse(identity.StdOut).RootElement.GetProperty("Arn").GetString().ShouldBe(IamCli.UserArn(user));

        // Deactivated with the aws CLI: refused on its very next call, in use again once reactivated.
        await _cli.RootAsync("iam", "update-access-key", "--user-name", user, "--access-key-id", first.AccessKeyId, "--status", "Inactive");
        var inactive = await _cli.AsAsync(first, "sts", "get-caller-identity");
        await _cli.RootAsync("iam", "update-access-key", "--user-name", user, "--access-key-id", first.AccessKeyId, "--status", "Active");
        var active = await _cli.AsAsync(first, "sts", "get-caller-identity");

        // Renamed: the cached owner's ARN is not reported any more.
        await _cli.RootAsync("iam", "update-user", "--user-name", user, "--new-user-name", renamed);
        var afterRename = await _cli.AsAsync(first, "sts", "get-caller-identity");

        // Rotated: a second key, then the first deleted; the deleted one is refused, the new one works.
        var created = await _cli.RootAsync("iam", "create-access-key", "--user-name", renamed);
        var second = new IamCli.Credentials(
            created.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString()!);
        await _cli.RootAsync("iam", "delete-access-key", "--user-name", renamed, "--access-key-id", first.AccessKeyId);
        var deleted = await _cli.AsAsync(first, "sts", "get-caller-identity");
        var rotated = await _cli.AsAsync(second, "sts", "get-caller-identity");

        inactive.ExitCode.ShouldNotBe(0);
        inactive.StdErr.ShouldContain("(InvalidClientTokenId)");
        active.ExitCode.ShouldBe(0, active.StdErr);
        afterRename.ExitCode.ShouldBe(0, afterRename.StdErr);
        JsonDocument.Parse(afterRename.StdOut).RootElement.GetProperty("Arn").GetString().ShouldBe(IamCli.UserArn(renamed));
        deleted.ExitCode.ShouldNotBe(0);
        deleted.StdErr.ShouldContain("(InvalidClientTokenId)");
        rotated.ExitCode.ShouldBe(0, rotated.StdErr);
        JsonDocument.Parse(rotated.StdOut).RootElement.GetProperty("Arn").GetString().ShouldBe(IamCli.UserArn(renamed));
    }

    [Fact]
    public async Task DeletingTheUser_LocksOutItsKeyAndItsSessions()
    {
        // GetSessionToken credentials cannot call IAM (as on AWS), so the session is checked on S3.
        var user = IamCli.Unique("erin");
        var key = await _cli.CreateUserWithKeyAsync(user);
        await _cli.PutUserPolicyAsync(user, "list", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","s3:ListAllMyBuckets"],"Resource":"*"}]}""");
        var token = await _cli.AsAsync(key, "sts", "get-session-token", "--duration-seconds", "900");
        token.ExitCode.ShouldBe(0, token.StdErr);
        var credentials = JsonDocument.Parse(token.StdOut).RootElement.GetProperty("Credentials");
        var session = new IamCli.Credentials(
            credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
        (await _cli.AsAsync(session, "s3api", "list-buckets")).ExitCode.ShouldBe(0);

        var conflict = await fixture.Aws("iam", "delete-user", "--user-name", user);
        await _cli.RootAsync("iam", "delete-access-key", "--user-name", user, "--access-key-id", key.AccessKeyId);
        await _cli.RootAsync("iam", "delete-user-policy", "--user-name", user, "--policy-name", "list");
        await _cli.RootAsync("iam", "delete-user", "--user-name", user);

        conflict.StdErr.ShouldContain("(DeleteConflict) when calling the DeleteUser operation: Cannot delete entity, must delete access keys first.");
        (await _cli.AsAsync(key, "iam", "list-users")).StdErr.ShouldContain("(InvalidClientTokenId)");
        var locked = await _cli.AsAsync(session, "s3api", "list-buckets");
        locked.StdErr.ShouldContain("(AccessDenied)");
        locked.StdErr.ShouldContain($"User: {IamCli.UserArn(user)} is not authorized to perform: s3:ListAllMyBuckets");
    }

    [Fact]
    public async Task AttachedPolicyChange_TakesEffectOnTheNextRequest()
    {
        var user = IamCli.Unique("frank");
        var key = await _cli.CreateUserWithKeyAsync(user);
        var created = await _cli.RootAsync("iam", "create-policy", "--policy-name", IamCli.Unique("p"), "--policy-document", IamCli.Allow("iam:ListUsers"));
        var arn = created.GetProperty("Policy").GetProperty("Arn").GetString()!;
        await _cli.RootAsync("iam", "attach-user-policy", "--user-name", user, "--policy-arn", arn);
        (await _cli.AsAsync(key, "iam", "list-users")).ExitCode.ShouldBe(0);

        await _cli.RootAsync("iam", "create-policy-version", "--policy-arn", arn, "--policy-document", IamCli.Allow("iam:ListGroups"), "--set-as-default");

        (await _cli.AsAsync(key, "iam", "list-users")).StdErr.ShouldContain("(AccessDenied)");
        (await _cli.AsAsync(key, "iam", "list-groups")).ExitCode.ShouldBe(0);
    }
}
