using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Runtime.Serving;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// A model's VpcConfig: each serving instance gets its own ENI in one of the subnets with the groups (owned by
/// <c>&lt;endpoint ARN&gt;/&lt;variant&gt;/&lt;instance&gt;</c>), made before its container starts and removed when the
/// container is gone; at start, ENIs left by the previous process go before the endpoints are brought back. With
/// EnableNetworkIsolation the container gets no ENI.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class EndpointService
{
    private string EndpointOwnerPrefix => InferenceArns.Endpoint(account, string.Empty);

    private async Task<ServingInstance> StartInstanceAsync(ServingRunner runner, ServingInstanceDefinition definition, JsonObject variant, CancellationToken ct)
    {
        if (definition.EnableNetworkIsolation || variant["VpcConfig"] is not JsonObject vpc)
        {
            return await runner.StartAsync(definition, ct).ConfigureAwait(false);
        }

        var subnets = (vpc["Subnets"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>().ToList();
        var groups = (vpc["SecurityGroupIds"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>().ToList();
        var owner = $"{InferenceArns.Endpoint(account, definition.EndpointName)}/{definition.VariantName}/{Guid.NewGuid():N}";
        var description = $"[DO NOT DELETE] ENI managed by SageMaker for endpoint {definition.EndpointName} ({definition.VariantName})";
        var (made, error) = await interfaces.CreateAsync(owner, [description], subnets, groups, ct).ConfigureAwait(false);
        if (error is not null)
        {
            throw new InvalidDataException("VpcConfig: the serving container's network interface could not be created: " + error);
        }

        try
        {
            return await runner.StartAsync(definition with { VpcNamespacePath = made[0].NamespacePath, ReleaseNetworkAsync = () => interfaces.RemoveAsync(owner, CancellationToken.None) }, ct).ConfigureAwait(false);
        }
        catch
        {
            await interfaces.RemoveAsync(owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>After a restart no serving container of the previous process is left: neither are their ENIs.</summary>
    private async Task RemoveStaleInterfacesAsync()
    {
        try
        {
            await interfaces.RemoveStaleAsync(EndpointOwnerPrefix, new HashSet<string>(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.LaunchFailed(logger, ex, "(VPC network interfaces of the previous process)");
        }
    }
}
