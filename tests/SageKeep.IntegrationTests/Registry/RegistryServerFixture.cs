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
        Server = await StartServerAsync(dataDir: null);
        Directory.CreateDirectory(CertDir);
        File.Copy(Server.CaCertPath, Path.Combine(CertDir, "ca.crt"));
        await File.WriteAllTextAsync(PolicyPath, """{"default":[{"type":"insecureAcceptAnything"}]}""");
    }

    /// <summary>Kills the server outright (SIGKILL: nothing of it runs afterwards; its containers, ENIs and cgroups stay).</summary>
    public Task KillServerAsync() => Server.KillAsync();

    /// <summary>Kills the server if it still runs and starts a new one with the same flags on the same data directory (on another port).</summary>
    public async Task RestartAsync()
    {
        await Server.KillAsync();

        // The first process owns the data directory and deletes it when disposed: it is kept until the fixture ends.
        if (_first is null)
        {
            _first = Server;
        }
        else
        {
            await Server.DisposeAsync();
        }

        Server = await StartServerAsync(_first.DataDir);
    }

    public async Task DisposeAsync()
    {
        var dataDir = Server.DataDir;
        if (_first is not null)
        {
            await Server.DisposeAsync();
            Server = _first;
        }

        await Server.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);

        // A killed server never removes the cgroup parent its training runner named after its data directory
        // (TrainingJobService): this server's own parent, in every hierarchy, deepest first.
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..6];
        new SageKeep.Runtime.Runc.CgroupV1().Remove("/sagekeep-" + tag);
    }

    private static readonly string[] ProbeArchitectures = ["x86_64"];

    private ServerProcess? _first;

    private Task<ServerProcess> StartServerAsync(string? dataDir) => ServerProcess.StartAsync(
        ["--account-id", AccountId, "--vuln-db", VulnDbPath, "--training-memory-bytes", TrainingMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), .. ExtraArguments],
        new Dictionary<string, string>
        {
            ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = AccessKeyId,
            ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SecretAccessKey,
        },
        dataDir);

    /// <summary>Runs the aws CLI as root against the server that runs now, and returns its JSON answer (the call must succeed).</summary>
    public async Task<JsonElement> AwsJsonAsync(params string[] arguments)
    {
        var result = await Aws(arguments);
        result.ExitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {result.StdErr}");
        return Json(result.StdOut);
    }

    /// <summary>
    /// Pushes a busybox image (with <paramref name="extraFiles"/> added) with skopeo to a new repository named
    /// <paramref name="repositoryPrefix"/> plus a unique suffix; returns its <c>host/repository:v1</c> URI.
    /// </summary>
    public async Task<string> PushBusyboxImageAsync(string repositoryPrefix, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        var repository = Unique(repositoryPrefix);
        await CreateRepositoryAsync(repository);
        var layout = Path.Combine(WorkDir, Unique("layout"));
        Directory.CreateDirectory(layout);
        SageKeep.IntegrationTests.Runtime.BusyboxImage.Write(layout, SageKeep.IntegrationTests.Runtime.RuntimeHost.Busybox!, extraFiles);
        var image = $"{Host}/{repository}:v1";
        var password = await LoginPasswordAsync();
        var push = await Skopeo.RunAsync("--policy", PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", CertDir, $"oci:{layout}", "docker://" + image);
        push.ExitCode.ShouldBe(0, push.StdErr);
        return image;
    }

    /// <summary>An Alpine secdb (v3.11 main) fixing <paramref name="cve"/> in 1.0-r1 of the package, and NVD's Critical rating of it, imported into the server's database while it runs, as <c>sagekeep db import</c> would.</summary>
    public async Task ImportProbeFeedAsync(string package, string cve)
    {
        var directory = Path.Combine(WorkDir, RegistryServerFixture.Unique("feeds"));
        Directory.CreateDirectory(directory);
        var secdb = Path.Combine(directory, "main.json");
        await File.WriteAllTextAsync(secdb, JsonSerializer.Serialize(new
        {
            apkurl = "{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",
            archs = ProbeArchitectures,
            reponame = "main",
            urlprefix = "https://dl-cdn.alpinelinux.org/alpine",
            distroversion = "v3.11",
            packages = new[] { new { pkg = new { name = package, secfixes = new Dictionary<string, string[]> { ["1.0-r1"] = [cve] } } } },
        }));
        var nvd = Path.Combine(directory, "nvd.json");
        await File.WriteAllTextAsync(nvd, $$$"""
            {"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"{{{cve}}}","sourceIdentifier":"cve@mitre.org","published":"2024-01-01T00:00:00.000","lastModified":"2024-01-02T00:00:00.000","vulnStatus":"Analyzed",
            "descriptions":[{"lang":"en","value":"A test vulnerability in {{{package}}}."}],
            "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8,"baseSeverity":"CRITICAL"}}]},
            "references":[]}}]}
            """);
        var (database, error) = await VulnDatabase.OpenAsync(VulnDbPath, TimeProvider.System, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync([secdb, nvd], null, null, CancellationToken.None)).Error.ShouldBeNull();
        }
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
