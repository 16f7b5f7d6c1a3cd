using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Runtime.Serving;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// A model's VpcConfig: each serving instance gets its own ENI in one of the subnets with the groups (owned by
/// <c>&lt;endpoint ARN&gt;/&lt;variant&gt;/&lt;instance&gt;</c>), made before its container starts and removed when the
/// container is gone; at start, ENIs left by the previous process go before the endpoints are brought back. With
/// EnableNetworkIsolation the container gets no ENI, and the model data is read through the VPC's S3 gateway
/// endpoint from an agent ENI (<see cref="VpcDataAgent"/>, signed as the model's execution role), removed once read.
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

    /// <summary>Where a variant's model data is read: the object store, or S3 through the VPC's gateway endpoint for an isolated model in a VPC.</summary>
    private async Task<ModelDataSource> ModelDataSourceAsync(string endpointName, JsonObject variant, CancellationToken ct)
    {
        if (variant["EnableNetworkIsolation"]?.GetValue<bool>() != true || variant["VpcConfig"] is not JsonObject vpc)
        {
            return new ModelDataSource(objects, null);
        }

        var variantName = InputValues.GetString(variant["VariantName"]);
        var subnets = (vpc["Subnets"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>().ToList();
        var groups = (vpc["SecurityGroupIds"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>().ToList();
        var owner = $"{InferenceArns.Endpoint(account, endpointName)}/{variantName}/data-{Guid.NewGuid():N}";
        var description = $"[DO NOT DELETE] ENI managed by SageMaker for endpoint {endpointName} ({variantName}) (data transfer)";
        try
        {
            var gateway = await dataAgent.OpenAsync(owner, description, InputValues.GetString(variant["ExecutionRoleArn"]) ?? string.Empty, subnets, groups, create: true, "model's", ct).ConfigureAwait(false);
            return new ModelDataSource(gateway, () => interfaces.RemoveAsync(owner, CancellationToken.None));
        }
        catch
        {
            await interfaces.RemoveAsync(owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A variant's model data source; disposing it (once, however often called) removes its agent ENI.</summary>
    private sealed class ModelDataSource(IObjectStore store, Func<Task>? release) : IAsyncDisposable
    {
        private Func<Task>? _release = release;

        public IObjectStore Store => store;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _release, null) is { } remove)
            {
                (store as IDisposable)?.Dispose();
                await remove().ConfigureAwait(false);
            }
        }
    }
}
