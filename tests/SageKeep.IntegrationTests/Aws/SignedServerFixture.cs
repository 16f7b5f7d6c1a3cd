using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// One real <c>sagekeep serve</c> process with a known root key (from the environment, as an operator
/// would set it) and a small body limit, shared by the tests of a class.
/// </summary>
public sealed class SignedServerFixture : IAsyncLifetime
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
    public const string AccountId = "123456789012";
    public const int MaxBodyBytes = 65536;

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(
            ["--account-id", AccountId, "--max-request-body-bytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>
            {
                ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = AccessKeyId,
                ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SecretAccessKey,
            });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, Server.CaCertPath, AccessKeyId, SecretAccessKey, arguments);

    public Task<(int ExitCode, string StdOut, string StdErr)> AwsAs(string accessKeyId, string secretAccessKey, params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, Server.CaCertPath, accessKeyId, secretAccessKey, arguments);
}
