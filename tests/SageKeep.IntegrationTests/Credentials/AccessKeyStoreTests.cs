using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Security.Credentials;
using SageKeep.Server;
using SageKeep.Server.Credentials;

namespace SageKeep.IntegrationTests.Credentials;

/// <summary>
/// Access keys as the server keeps them: encrypted in the database, generated for root once, and read on
/// every request so a deactivated key is locked out at once. The server runs in-process on loopback TLS;
/// the aws CLI is the client.
/// </summary>
public sealed class AccessKeyStoreTests : IAsyncLifetime
{
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir);
        _server = _host.Server;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FirstStart_GeneratesARootKeyOnce_AndTheDatabaseHoldsNoSecretInTheClear()
    {
        var first = await _server.EnsureRootCredentialsAsync(new Dictionary<string, string?>(), CancellationToken.None);
        var second = await _server.EnsureRootCredentialsAsync(new Dictionary<string, string?>(), CancellationToken.None);

        first.Error.ShouldBeNull();
        first.AccessKeyId.ShouldNotBeNull().ShouldStartWith("AKIA");
        second.AccessKeyId.ShouldBeNull("the key is generated and shown once only");

        var (exitCode, stdout, stderr) = await Aws(first.AccessKeyId!, first.SecretAccessKey!, "sts", "get-caller-identity");
        exitCode.ShouldBe(0, stderr);
        stdout.ShouldContain(":root");

        // The database files (with WAL) contain the key id but never the secret.
        foreach (var file in Directory.GetFiles(_dataDir, "state.db*"))
        {
            var bytes = Encoding.Latin1.GetString(await ReadSharedAsync(file));
            bytes.ShouldNotContain(first.SecretAccessKey!, Case.Sensitive, file);
        }
    }

    [Fact]
    public async Task DeactivatedKey_IsRefusedOnItsVeryNextRequest()
    {
        var root = await _server.EnsureRootCredentialsAsync(new Dictionary<string, string?>(), CancellationToken.None);
        (await Aws(root.AccessKeyId!, root.SecretAccessKey!, "sts", "get-caller-identity")).ExitCode.ShouldBe(0);

        var keys = _server.Services.GetRequiredService<AccessKeyStore>();
        (await keys.SetStatusAsync(root.AccessKeyId!, CredentialStatus.Inactive, CancellationToken.None)).ShouldBeTrue();

        var (exitCode, _, stderr) = await Aws(root.AccessKeyId!, root.SecretAccessKey!, "sts", "get-caller-identity");
        exitCode.ShouldBe(255);
        stderr.ShouldContain("(InvalidClientTokenId)");

        (await keys.SetStatusAsync(root.AccessKeyId!, CredentialStatus.Active, CancellationToken.None)).ShouldBeTrue();
        (await Aws(root.AccessKeyId!, root.SecretAccessKey!, "sts", "get-caller-identity")).ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", null, "set both")]
    [InlineData("akia-not-valid", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12", "must be 16 to 128 characters")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "short", "must be 40 characters")]
    public async Task MalformedRootKeyFromTheEnvironment_IsRefusedWithOneLine(string keyId, string? secret, string expected)
    {
        var environment = new Dictionary<string, string?> { ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = keyId, ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = secret };

        var result = await _server.EnsureRootCredentialsAsync(environment, CancellationToken.None);

        result.Error.ShouldNotBeNull().ShouldContain(expected);
        result.AccessKeyId.ShouldBeNull();
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(string keyId, string secret, params string[] arguments) =>
        AwsCli.RunAsync(_server.Settings.EndpointUrl, _server.CertificatePath, keyId, secret, arguments);

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
