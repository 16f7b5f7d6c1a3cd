using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Hosting;

/// <summary>A configuration mistake ends <c>sagekeep serve</c> at once: exit code 1, one line on stderr, no stack trace.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _directory = ServerProcess.CreateTempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--port 0", "is not a port number")]
    [InlineData("--port 70000", "is not a port number")]
    [InlineData("--port https", "is not a port number")]
    [InlineData("--tls-preset strong", "is not a TLS preset")]
    [InlineData("--tls-preset 1", "is not a TLS preset")]
    [InlineData("--tls-preset legacy", "--allow-legacy-tls")]
    [InlineData("--tls-cert {dir}/missing.pem --tls-key {dir}/missing.key", "does not exist")]
    [InlineData("--tls-cert {dir}/cert.pem", "must be given together")]
    [InlineData("--tls-cert {dir}/cert.pem --tls-key {dir}/garbage.key", "not a usable PEM pair")]
    [InlineData("--tls-cert {dir}/cert.pem --tls-key {dir}", "is a directory")]
    [InlineData("--tls-client-ca {dir}/garbage.key", "holds no PEM certificate")]
    [InlineData("--config {dir}/missing.yaml", "does not exist")]
    [InlineData("--config {dir}/typo.yaml", "unknown key 'prot'")]
    [InlineData("--account-id 12345", "12-digit account id")]
    [InlineData("--region Moon", "region name")]
    [InlineData("--address localhost-ish", "is not an IP address")]
    public async Task Serve_WithBadSetting_ExitsNonZeroWithOneLineSayingWhatIsWrong(string arguments, string expected)
    {
        await WriteFixturesAsync();
        string[] args = ["serve", "--data-dir", Path.Combine(_directory, "data"), .. arguments.Replace("{dir}", _directory, StringComparison.Ordinal).Split(' ')];

        var (exitCode, _, stderr) = await ServerProcess.RunCliAsync(args);

        exitCode.ShouldBe(1);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, stderr);
        lines[0].ShouldStartWith("sagekeep: ");
        lines[0].ShouldContain(expected);
        stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Serve_WithBadEnvironmentVariable_NamesTheVariable()
    {
        var environment = new Dictionary<string, string> { ["SAGEKEEP_TLS_PRESET"] = "paranoid" };

        var (exitCode, _, stderr) = await ServerProcess.RunCliAsync(["serve", "--data-dir", Path.Combine(_directory, "data")], environment);

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("sagekeep: SAGEKEEP_TLS_PRESET: 'paranoid' is not a TLS preset (modern, intermediate, compat, legacy)");
    }

    [Fact]
    public async Task Serve_OnAPortAlreadyInUse_ExitsNonZeroWithOneLine()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var (exitCode, _, stderr) = await ServerProcess.RunCliAsync(["serve", "--data-dir", Path.Combine(_directory, "data"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        exitCode.ShouldBe(1);
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
        stderr.ShouldContain("cannot listen on");
    }

    private async Task WriteFixturesAsync()
    {
        using var certificate = Tls.TestCertificates.CreateEcdsaServer("startup-error-test");
        Tls.TestCertificates.WritePem(certificate, _directory, "valid");
        File.Move(Path.Combine(_directory, "valid-cert.pem"), Path.Combine(_directory, "cert.pem"), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(_directory, "garbage.key"), "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "typo.yaml"), "prot: 8443\n");
    }
}
