using Microsoft.Extensions.DependencyInjection;
using SageKeep.Server;
using SageKeep.Server.Configuration;

namespace SageKeep.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="SageKeepServer"/> started inside the test process on a free port, for tests that reach into its
/// services (the access-key store, a clock, an extra operation). Disposing it stops the server and deletes its data
/// directory.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private InProcessServer(SageKeepServer server, string dataDir)
    {
        Server = server;
        DataDir = dataDir;
    }

    public SageKeepServer Server { get; }

    public string DataDir { get; }

    /// <summary>Creates and starts a server on <paramref name="dataDir"/>; <paramref name="configure"/> adjusts its settings.</summary>
    public static async Task<InProcessServer> StartAsync(string dataDir, Func<ServerSettings, ServerSettings>? configure = null, Action<IServiceCollection>? services = null)
    {
        var settings = new ServerSettings { DataDirectory = dataDir, Port = ServerProcess.FreePort() };
        var created = await SageKeepServer.CreateAsync(configure is null ? settings : configure(settings), services, CancellationToken.None);
        var server = created.Server.ShouldNotBeNull(created.Error);
        (await server.StartAsync(CancellationToken.None)).ShouldBeNull();
        return new InProcessServer(server, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        await Server.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
