using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Tls;

namespace SageKeep.IntegrationTests.Hosting;

/// <summary>File, environment and flags reach the running server, with flags over environment over file.</summary>
public sealed class ConfigurationSourcesTests
{
    [Fact]
    public async Task PresetFromYamlFile_IsApplied()
    {
        var directory = ServerProcess.CreateTempDirectory();
        try
        {
            var config = Path.Combine(directory, "sagekeep.yaml");
            await File.WriteAllTextAsync(config, "# operator settings\ntlsPreset: modern\nregion: eu-west-1\n");
            await using var server = await ServerProcess.StartAsync(["--config", config]);

            var tls12 = await OpenSslClient.ConnectAsync(server.Port, "-tls1_2");

            tls12.Established.ShouldBeFalse(tls12.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task EnvironmentVariable_OverridesFile_AndFlag_OverridesEnvironment()
    {
        var directory = ServerProcess.CreateTempDirectory();
        try
        {
            var config = Path.Combine(directory, "sagekeep.json");
            await File.WriteAllTextAsync(config, """{ "tlsPreset": "compat", "port": 1 }""");
            var environment = new Dictionary<string, string> { ["SAGEKEEP_TLS_PRESET"] = "modern", ["SAGEKEEP_PORT"] = "2" };

            // The fixture's --port flag must beat both the file's port 1 and the environment's port 2.
            await using var server = await ServerProcess.StartAsync(["--config", config], environment);

            var tls12 = await OpenSslClient.ConnectAsync(server.Port, "-tls1_2");
            tls12.Established.ShouldBeFalse(tls12.Output);
            var tls13 = await OpenSslClient.ConnectAsync(server.Port, "-tls1_3");
            tls13.Established.ShouldBeTrue(tls13.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
