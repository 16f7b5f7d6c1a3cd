using SageKeep.Runtime.Images;

namespace SageKeep.Runtime.Serving;

/// <summary>One serving instance to start: the model's image, its unpacked model data and environment, and how it is networked.</summary>
public sealed record ServingInstanceDefinition
{
    /// <summary>The endpoint and variant the instance serves (environment and log names only).</summary>
    public required string EndpointName { get; init; }

    public required string VariantName { get; init; }

    public required CachedRootfs Image { get; init; }

    /// <summary>The unpacked model data on the host, bound read-only at /opt/ml/model; null for a model without ModelDataUrl.</summary>
    public string? ModelDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public required string InstanceType { get; init; }

    /// <summary>
    /// A model with 2 to 15 containers: all of them, in order (the first's image also in <see cref="Image"/>). They run
    /// side by side in one network namespace, container <c>i</c> (0-based) told to bind port 8080 + i by
    /// SAGEMAKER_BIND_TO_PORT, and share the instance's memory and CPU evenly. Empty for a one-container model, which
    /// is <see cref="Image"/>, <see cref="ModelDirectory"/> and <see cref="Environment"/>.
    /// </summary>
    public IReadOnlyList<ServingContainerDefinition> Containers { get; init; } = [];

    /// <summary>EnableNetworkIsolation: a network namespace holding only loopback; otherwise the outbound network of training jobs.</summary>
    public bool EnableNetworkIsolation { get; init; }

    /// <summary>
    /// VpcConfig without EnableNetworkIsolation: the namespace of this instance's ENI, which the container joins
    /// (its owner made it); null otherwise. One per instance: give each instance its own definition.
    /// </summary>
    public string? VpcNamespacePath { get; init; }

    /// <summary>Called once when the instance's container is gone (stopped, or its start failed): the ENI's owner removes it.</summary>
    public Func<Task>? ReleaseNetworkAsync { get; init; }

    /// <summary>Overrides <see cref="ServingRunnerOptions.StartTimeout"/> (ContainerStartupHealthCheckTimeoutInSeconds).</summary>
    public TimeSpan? StartTimeout { get; init; }
}
