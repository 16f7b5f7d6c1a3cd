using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Server;
using SageKeep.Server.Hosting;

namespace SageKeep.IntegrationTests.Hosting;

/// <summary>
/// The server hosted in-process with a replacement <see cref="IApiEndpoint"/> that reads the body:
/// proves the registration seam and the configured body limit.
/// </summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private const long Limit = 4096;
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir, settings => settings with { MaxRequestBodyBytes = Limit }, services => services.AddSingleton<IApiEndpoint, BodyLengthEndpoint>());
        _server = _host.Server;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Body_WithinTheLimit_ReachesTheRegisteredEndpoint()
    {
        using var client = ServerProcess.CreateClient(_server.CertificatePath, _server.Settings.EndpointUrl);

        using var response = await client.PostAsync(new Uri("/", UriKind.Relative), new ByteArrayContent(new byte[Limit]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(Limit.ToString(CultureInfo.InvariantCulture));
        response.Headers.Contains(RequestIds.HeaderName).ShouldBeTrue();
    }

    [Fact]
    public async Task Body_OverTheLimit_IsRefusedWith413()
    {
        using var client = ServerProcess.CreateClient(_server.CertificatePath, _server.Settings.EndpointUrl);

        using var response = await client.PostAsync(new Uri("/", UriKind.Relative), new ByteArrayContent(new byte[Limit + 1]));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    private sealed class BodyLengthEndpoint : IApiEndpoint
    {
        public async Task HandleAsync(HttpContext context)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            await context.Response.WriteAsync(buffer.Length.ToString(CultureInfo.InvariantCulture), context.RequestAborted);
        }
    }
}
