using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Hosting;

/// <summary>The built <c>sagekeep serve</c>: first start, restart, health, refusal of API calls, SIGTERM.</summary>
[SupportedOSPlatform("linux")]
public sealed class ServeLifecycleTests
{
    [Fact]
    public async Task FirstStart_CreatesPrivateDataDirectory_CertificateMasterKeyAndDatabase()
    {
        var parent = ServerProcess.CreateTempDirectory();
        var dataDir = Path.Combine(parent, "fresh", "data");
        try
        {
            await using var server = await ServerProcess.StartAsync(dataDir: dataDir);

            File.GetUnixFileMode(dataDir).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var masterKey = Path.Combine(dataDir, "master.key");
            new FileInfo(masterKey).Length.ShouldBe(32);
            File.GetUnixFileMode(masterKey).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.Combine(dataDir, "tls", "key.pem")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Exists(Path.Combine(dataDir, "state.db")).ShouldBeTrue();
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(server.CaCertPath);
            certificate.GetECDsaPublicKey().ShouldNotBeNull().KeySize.ShouldBe(256);
            server.Output.ShouldContain(server.CaCertPath);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task SecondStart_ReusesCertificateAndMasterKey()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        try
        {
            byte[] keyBefore;
            string certificateBefore;
            await using (var first = await ServerProcess.StartAsync(dataDir: dataDir))
            {
                keyBefore = await File.ReadAllBytesAsync(Path.Combine(dataDir, "master.key"));
                certificateBefore = await File.ReadAllTextAsync(first.CaCertPath);
                (await first.TerminateAsync()).ShouldBe(0);
            }

            await using var second = await ServerProcess.StartAsync(dataDir: dataDir);

            (await File.ReadAllBytesAsync(Path.Combine(dataDir, "master.key"))).ShouldBe(keyBefore);
            (await File.ReadAllTextAsync(second.CaCertPath)).ShouldBe(certificateBefore);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task SecondStart_WithAnotherAccountId_IsRefused()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        try
        {
            await using (var first = await ServerProcess.StartAsync(["--account-id", "111122223333"], dataDir: dataDir))
            {
                (await first.TerminateAsync()).ShouldBe(0);
            }

            var (exitCode, _, stderr) = await ServerProcess.RunCliAsync(["serve", "--data-dir", dataDir, "--port", ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)]);

            exitCode.ShouldBe(1);
            stderr.Trim().ShouldBe("sagekeep: account id 000000000000 differs from 111122223333, the account this data directory was created with");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Health_AnswersStatusOkOnly_WithARequestId()
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"status":"ok"}""");
        response.Headers.GetValues("x-amzn-RequestId").Single().ShouldSatisfyAllConditions(id => Guid.TryParse(id, out _).ShouldBeTrue());
        response.Headers.Contains("Server").ShouldBeFalse();
    }

    [Fact]
    public async Task UnsignedApiRequest_IsRefusedAsMissingAuthenticationToken()
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "SageMaker.ListTrainingJobs");

        using var response = await client.SendAsync(request);

        // Whichever API endpoint is installed (the fail-closed default answers 403, a protocol layer
        // may answer 400 as AWS JSON services do), an unsigned request is refused in the AWS JSON shape.
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.BadRequest);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("__type").GetString().ShouldNotBeNull().ShouldEndWith("MissingAuthenticationTokenException");
        Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out _).ShouldBeTrue();
    }

    [Fact]
    public async Task EachResponse_GetsItsOwnRequestId()
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = server.CreateClient();

        using var first = await client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative));

        first.Headers.GetValues("x-amzn-RequestId").Single().ShouldNotBe(second.Headers.GetValues("x-amzn-RequestId").Single());
    }

    [Fact]
    public async Task Sigterm_StopsTheServerGracefully_WithExitCodeZero()
    {
        await using var server = await ServerProcess.StartAsync();

        var exitCode = await server.TerminateAsync();

        exitCode.ShouldBe(0);
        server.Output.ShouldContain("Shutting down");
    }
}
