using System.Text.Json;
using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>The aws CLI as the root user (the fixture's key) or as a second credential set, plus IAM setup shortcuts.</summary>
internal sealed class IamCli(SignedServerFixture fixture)
{
    public const string Account = SignedServerFixture.AccountId;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static string Allow(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    public async Task<JsonElement> RootAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public Task<(int ExitCode, string StdOut, string StdErr)> AsAsync(Credentials key, params string[] arguments) =>
        AwsCli.RunAsync(fixture.Server.BaseUrl, fixture.Server.CaCertPath, key.AccessKeyId, key.SecretAccessKey, arguments, sessionToken: key.SessionToken);

    /// <summary>Creates a user with an access key; returns the key.</summary>
    public async Task<Credentials> CreateUserWithKeyAsync(string userName)
    {
        await RootAsync("iam", "create-user", "--user-name", userName);
        var key = await RootAsync("iam", "create-access-key", "--user-name", userName);
        var accessKey = key.GetProperty("AccessKey");
        return new Credentials(accessKey.GetProperty("AccessKeyId").GetString()!, accessKey.GetProperty("SecretAccessKey").GetString()!);
    }

    public Task PutUserPolicyAsync(string userName, string policyName, string document) =>
        RootAsync("iam", "put-user-policy", "--user-name", userName, "--policy-name", policyName, "--policy-document", document);

    public static string UserArn(string name) => $"arn:aws:iam::{Account}:user/{name}";

    /// <summary>AWS's text for an action no identity-based policy allows.</summary>
    public static string NotAllowed(string userName, string action, string resource) =>
        $"User: {UserArn(userName)} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action";

    public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null);
}
