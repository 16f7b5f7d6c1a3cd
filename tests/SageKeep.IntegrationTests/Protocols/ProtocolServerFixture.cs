using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Hosting;
using SageKeep.Server.Protocols;

namespace SageKeep.IntegrationTests.Protocols;

/// <summary>
/// The protocol layer alone behind an in-process Kestrel on a free loopback port (plain HTTP: TLS is
/// hosting's concern and tested there). Kestrel's own body limit is set low so its 413 path is exercised.
/// </summary>
public sealed class ProtocolServerFixture : IAsyncLifetime
{
    public const long KestrelBodyLimit = 4096;

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = KestrelBodyLimit;
        });
        builder.Services.AddAwsProtocols();
        _app = builder.Build();
        _app.Run(context => context.RequestServices.GetRequiredService<IApiEndpoint>().HandleAsync(context));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
