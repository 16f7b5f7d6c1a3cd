using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>Fixture base: one server process per test class, with the generated ECDSA certificate.</summary>
public abstract class PresetServer(params string[] arguments) : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(arguments);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
