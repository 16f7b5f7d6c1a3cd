using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>
/// <c>sagekeep admin rotate-master-key</c> on a real data directory between two runs of the server: access
/// keys keep working, session tokens sealed under the old key stop, the old key is kept 0600, and a server
/// given the old key refuses to start.
/// </summary>
public sealed class MasterKeyRotationTests : IAsyncLifetime
{
    private const string RootKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string RootSecret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly Dictionary<string, string> _environment = new()
    {
        ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = RootKeyId,
        ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = RootSecret,
    };

    private ServerProcess? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task RotateMasterKey_OldAccessKeysStillWork_SessionTokensStop_AndTheOldKeyIsRefused()
    {
        _server = await StartAsync();
        (await Aws(RootKeyId, RootSecret, null, "iam", "create-user", "--user-name", "rotated")).ExitCode.ShouldBe(0);
        (await Aws(RootKeyId, RootSecret, null, "iam", "put-user-policy", "--user-name", "rotated", "--policy-name", "list", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}""")).ExitCode.ShouldBe(0);
        var created = JsonDocument.Parse((await Aws(RootKeyId, RootSecret, null, "iam", "create-access-key", "--user-name", "rotated")).StdOut).RootElement.GetProperty("AccessKey");
        var (userKey, userSecret) = (created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("SecretAccessKey").GetString()!);
        var session = JsonDocument.Parse((await Aws(userKey, userSecret, null, "sts", "get-session-token")).StdOut).RootElement.GetProperty("Credentials");
        var oldKey = await File.ReadAllBytesAsync(Path.Combine(_dataDir, "master.key"));
        await _server.DisposeAsync();
        _server = null;

        var rotation = await ServerProcess.RunCliAsync(["admin", "rotate-master-key", "--data-dir", _dataDir]);

        rotation.ExitCode.ShouldBe(0, rotation.StdErr);
        rotation.StdOut.ShouldContain("re-encrypted 2 secrets");
        var backup = Directory.GetFiles(_dataDir, "master.key.replaced-*").ShouldHaveSingleItem();
        (await File.ReadAllBytesAsync(backup)).ShouldBe(oldKey);
        SageKeep.Server.Storage.PrivateFiles.IsSharedWithOthers(backup).ShouldBeFalse();
        SageKeep.Server.Storage.PrivateFiles.IsSharedWithOthers(Path.Combine(_dataDir, "master.key")).ShouldBeFalse();
        (await File.ReadAllBytesAsync(Path.Combine(_dataDir, "master.key"))).ShouldNotBe(oldKey);
        File.Exists(Path.Combine(_dataDir, "master.key.new")).ShouldBeFalse();

        _server = await StartAsync();
        (await Aws(RootKeyId, RootSecret, null, "sts", "get-caller-identity")).ExitCode.ShouldBe(0);
        var asUser = await Aws(userKey, userSecret, null, "iam", "list-users");
        asUser.ExitCode.ShouldBe(0, asUser.StdErr);
        var asSession = await Aws(session.GetProperty("AccessKeyId").GetString()!, session.GetProperty("SecretAccessKey").GetString()!, session.GetProperty("SessionToken").GetString(), "iam", "list-users");
        asSession.ExitCode.ShouldNotBe(0);
        await _server.DisposeAsync();
        _server = null;

        // The database is now sealed under the new key: the old one is refused at start.
        await File.WriteAllBytesAsync(Path.Combine(_dataDir, "master.key"), oldKey);
        var refused = await ServerProcess.RunCliAsync(["serve", "--account-id", "123456789012", "--port", ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", _dataDir], _environment);
        refused.ExitCode.ShouldBe(1);
        refused.StdErr.ShouldContain("is not the key the state database was sealed with");
    }

    private Task<ServerProcess> StartAsync() => ServerProcess.StartAsync(["--account-id", "123456789012"], _environment, _dataDir);

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(string keyId, string secret, string? token, params string[] arguments) =>
        AwsCli.RunAsync(_server!.BaseUrl, _server.CaCertPath, keyId, secret, arguments, sessionToken: token);
}
