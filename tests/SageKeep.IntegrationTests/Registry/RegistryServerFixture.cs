using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// One real <c>sagekeep serve</c> with a known root key for the registry tests, a certificate directory
/// for skopeo (<c>ca.crt</c> = the server's certificate) and a signature policy that accepts any image
/// (skopeo refuses to copy without one). Its vulnerability database holds the Alpine 3.11 secdb.
/// </summary>
public class RegistryServerFixture : IAsyncLifetime
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
    public const string AccountId = "123456789012";

    /// <summary>The training containers' memory cap: small, so an out-of-memory job ends quickly without pressing on the host.</summary>
    public const long TrainingMemoryBytes = 256L * 1024 * 1024;

    public ServerProcess Server { get; private set; } = null!;

    public string WorkDir { get; private set; } = null!;

    public string CertDir => Path.Combine(WorkDir, "certs");

    public string PolicyPath => Path.Combine(WorkDir, "policy.json");

    /// <summary><c>127.0.0.1:port</c>: the registry host clients push to.</summary>
    public string Host => $"127.0.0.1:{Server.Port}";

    /// <summary>The server's vulnerability database: the Alpine 3.11 secdb (main) and NVD records, imported before the server starts.</summary>
    public string VulnDbPath => Path.Combine(WorkDir, "vulndb.sqlite");

    /// <summary>The feeds the server's database holds: the Alpine 3.11 secdb and NVD's ratings of two of its CVEs.</summary>
    public static IReadOnlyList<string> Feeds =>
    [
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb", "alpine-secdb", "v3.11", "main.json"),
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb", "nvd", "alpine-311-ratings.json"),
    ];

    /// <summary>The feeds imported into the server's database before it starts (a derived fixture may start with less).</summary>
    protected virtual Task<IReadOnlyList<string>> InitialFeedsAsync() => Task.FromResult(Feeds);

    /// <summary>More server flags (a derived fixture's scan gate, for instance).</summary>
    protected virtual IReadOnlyList<string> ExtraArguments => [];

    /// <summary>Runs after the work directory exists and before the server starts (files its flags name, for instance).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        WorkDir = ServerProcess.CreateTempDirectory();
        var (database, error) = await VulnDatabase.OpenAsync(VulnDbPath, TimeProvider.System, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync(await InitialFeedsAsync(), null, null, CancellationToken.None)).Error.ShouldBeNull();
        }

        await BeforeStartAsync();
        Server = await ServerProcess.StartAsync(
            ["--account-id", AccountId, "--vuln-db", VulnDbPath, "--training-memory-bytes", TrainingMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), .. ExtraArguments],
            new Dictionary<string, string>
            {
                ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = AccessKeyId,
                ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SecretAccessKey,
            });
        Directory.CreateDirectory(CertDir);
        File.Copy(Server.CaCertPath, Path.Combine(CertDir, "ca.crt"));
        await File.WriteAllTextAsync(PolicyPath, """{"default":[{"type":"insecureAcceptAnything"}]}""");
    }

    public async Task DisposeAsync()
    {
        var dataDir = Server.DataDir;
        await Server.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);

        // A killed server never removes the cgroup parent its training runner named after its data directory
        // (TrainingJobService): this server's own parent, in every hierarchy, deepest first.
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..6];
        new SageKeep.Runtime.Runc.CgroupV1().Remove("/sagekeep-" + tag);
    }

    public Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, Server.CaCertPath, AccessKeyId, SecretAccessKey, arguments);

    public Task<(int ExitCode, string StdOut, string StdErr)> AwsAs(string accessKeyId, string secretAccessKey, params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, Server.CaCertPath, accessKeyId, secretAccessKey, arguments);

    /// <summary>What <c>aws ecr get-login-password</c> prints for the given key (root by default).</summary>
    public async Task<string> LoginPasswordAsync(string accessKeyId = AccessKeyId, string secretAccessKey = SecretAccessKey)
    {
        var (code, stdout, stderr) = await AwsAs(accessKeyId, secretAccessKey, "ecr", "get-login-password");
        code.ShouldBe(0, stderr);
        return stdout.Trim();
    }

    public async Task CreateRepositoryAsync(string name, params string[] extra)
    {
        var (code, _, stderr) = await Aws(["ecr", "create-repository", "--repository-name", name, .. extra]);
        code.ShouldBe(0, stderr);
    }

    /// <summary>An HttpClient speaking to /v2/ with Basic AWS:token.</summary>
    public HttpClient RegistryClient(string password)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + password)));
        return client;
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
