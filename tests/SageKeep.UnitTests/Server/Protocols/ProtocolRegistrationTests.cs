using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Hosting;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

public sealed class ProtocolRegistrationTests
{
    [Fact]
    public void AddAwsProtocols_ReplacesAHostingDefaultAndSurvivesALaterTryAdd()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.TryAddSingleton<IApiEndpoint, PlaceholderEndpoint>();

        services.AddAwsProtocols();
        services.TryAddSingleton<IApiEndpoint, PlaceholderEndpoint>();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IApiEndpoint>().ShouldBeOfType<AwsApiEndpoint>();
        provider.GetRequiredService<IRequestAuthenticator>().ShouldBeOfType<RefusingRequestAuthenticator>();
    }

    [Fact]
    public void AddAwsProtocols_KeepsAnAuthenticatorRegisteredBefore()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IRequestAuthenticator, OtherAuthenticator>();

        services.AddAwsProtocols();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IRequestAuthenticator>().ShouldBeOfType<OtherAuthenticator>();
    }

    [Fact]
    public void AddOperation_TwiceForTheSameOperation_IsRefusedWhenTheRegistryIsBuilt()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAwsProtocols();
        services.AddOperation<FirstHandler>();
        services.AddOperation<SecondHandler>();

        using var provider = services.BuildServiceProvider();
        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<OperationHandlerRegistry>())
            .Message.ShouldBe("Two handlers are registered for sts:GetCallerIdentity.");
    }

    private sealed class PlaceholderEndpoint : IApiEndpoint
    {
        public Task HandleAsync(HttpContext context) => Task.CompletedTask;
    }

    private sealed class OtherAuthenticator : IRequestAuthenticator
    {
        public ValueTask<AuthenticationOutcome> AuthenticateAsync(ApiRequest request, CancellationToken ct) => default;
    }

    private sealed class FirstHandler : IOperationHandler
    {
        public string Service => "sts";

        public string Operation => "GetCallerIdentity";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) => ValueTask.FromResult(OperationResult.Ok());
    }

    private sealed class SecondHandler : IOperationHandler
    {
        public string Service => "sts";

        public string Operation => "GetCallerIdentity";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) => ValueTask.FromResult(OperationResult.Ok());
    }
}
