using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// One real <c>sagekeep serve</c> for the inference tests, with a short instance start timeout (5 s, so a failing
/// /ping ends an endpoint Failed quickly), health checks every second (an instance is replaced after 2 failures), the
/// Prometheus metrics endpoint on, and the serving image pushed once with skopeo. A derived fixture may give the server
/// an operator certificate that also names private addresses (<see cref="PrivateAddresses"/>, for VPC endpoints).
/// </summary>
public class InferenceServerFixture : IAsyncLifetime
{
    private string? _certificate;
    private string? _key;

    public ServerProcess Server { get; private set; } = null!;

    public string WorkDir { get; private set; } = null!;

    public string Image { get; private set; } = string.Empty;

    public string CertDir => Path.Combine(WorkDir, "certs");

    public string PolicyPath => Path.Combine(WorkDir, "policy.json");

    public string Host => $"127.0.0.1:{Server.Port}";

    /// <summary>The certificate clients trust: the operator certificate the fixture gave the server, or the server's own.</summary>
    public string CaPath => _certificate ?? Server.CaCertPath;

    /// <summary>Addresses besides loopback the server's certificate names; none: the server makes its own certificate.</summary>
    protected virtual IReadOnlyList<string> PrivateAddresses => [];

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = RegistryServerFixture.AccessKeyId,
        ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = RegistryServerFixture.SecretAccessKey,
        ["SAGEKEEP_INFERENCE_START_TIMEOUT_SECONDS"] = "5",
        ["SAGEKEEP_INFERENCE_HEALTH_CHECK_INTERVAL_SECONDS"] = "1",
        ["SAGEKEEP_INFERENCE_HEALTH_CHECK_FAILURES"] = "2",
        ["SAGEKEEP_METRICS_ENDPOINT"] = "true",
    };

    /// <summary>The server's data directory, kept across <see cref="RestartAsync"/>.</summary>
    public string DataDir { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        WorkDir = ServerProcess.CreateTempDirectory();
        DataDir = ServerProcess.CreateTempDirectory();
        if (PrivateAddresses.Count > 0)
        {
            var tls = Path.Combine(WorkDir, "operator-tls");
            Directory.CreateDirectory(tls);
            (_certificate, _key) = Vpc.VpcCertificates.Write(tls, [.. PrivateAddresses]);
        }

        Server = await StartServerAsync();
        Directory.CreateDirectory(CertDir);
        File.Copy(CaPath, Path.Combine(CertDir, "ca.crt"));
        await File.WriteAllTextAsync(PolicyPath, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        if (RuntimeHost.MissingRequirement() is null)
        {
            var repo = RegistryServerFixture.Unique("serving/busybox");
            (await Aws("ecr", "create-repository", "--repository-name", repo)).ExitCode.ShouldBe(0);
            var layout = Path.Combine(WorkDir, "layout");
            Directory.CreateDirectory(layout);
            ServingImage.Write(layout, RuntimeHost.Busybox!);
            var password = (await Aws("ecr", "get-login-password")).StdOut.Trim();
            Image = $"{Host}/{repo}:v1";
            var push = await Skopeo.RunAsync("--policy", PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", CertDir, $"oci:{layout}", "docker://" + Image);
            push.ExitCode.ShouldBe(0, push.StdErr);
        }
    }

    /// <summary>
    /// Stops the server (SIGTERM, or SIGKILL with <paramref name="kill"/>, leaving its containers behind) and starts a
    /// new one on the same data directory (on another port).
    /// </summary>
    public async Task RestartAsync(bool kill)
    {
        if (kill)
        {
            await Server.KillAsync();
        }
        else
        {
            await Server.TerminateAsync();
        }

        await Server.DisposeAsync();
        Server = await StartServerAsync();
        File.Copy(CaPath, Path.Combine(CertDir, "ca.crt"), overwrite: true);
    }

    public async Task DisposeAsync()
    {
        // A graceful stop: the server stops its containers and removes its cgroup parent.
        try
        {
            await Server.TerminateAsync();
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            // Already gone or stuck: killed below.
        }

        await Server.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);
        Directory.Delete(DataDir, recursive: true);
    }

    private Task<ServerProcess> StartServerAsync() =>
        _certificate is null
            ? ServerProcess.StartAsync(["--account-id", RegistryServerFixture.AccountId], Environment, DataDir)
            : ServerProcess.StartAsync(["--account-id", RegistryServerFixture.AccountId, "--tls-cert", _certificate, "--tls-key", _key!], Environment, DataDir, _certificate);

    public Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, CaPath, RegistryServerFixture.AccessKeyId, RegistryServerFixture.SecretAccessKey, arguments);

    public Task<(int ExitCode, string StdOut, string StdErr)> AwsAs(string accessKeyId, string secretAccessKey, params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, CaPath, accessKeyId, secretAccessKey, arguments);
}
