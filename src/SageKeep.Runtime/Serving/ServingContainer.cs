using SageKeep.Runtime.Images;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Serving;

/// <summary>
/// One container of a model with several (an inference pipeline or a multi-container endpoint): its hostname
/// (ContainerHostname), image, unpacked model data and environment.
/// </summary>
public sealed record ServingContainerDefinition(string Hostname, CachedRootfs Image, string? ModelDirectory, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// One running container of a serving instance: the port it was told to bind (SAGEMAKER_BIND_TO_PORT) inside the
/// instance's shared network namespace, the HTTP client that reaches that port through the private path, and the task
/// that completes when it exits.
/// </summary>
public sealed class ServingContainer
{
    internal ServingContainer(string? hostname, int port, string containerId, RuncRun run, string stdout, string stderr, string exitCodePath)
    {
        ExitCodePath = exitCodePath;
        Hostname = hostname;
        Port = port;
        ContainerId = containerId;
        Run = run;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The model's ContainerHostname; null for a one-container model.</summary>
    public string? Hostname { get; }

    /// <summary>How SageMaker names the container in messages: its hostname, or "primary".</summary>
    public string Name => Hostname ?? "primary";

    public int Port { get; }

    public string ContainerId { get; }

    /// <summary>Reaches http://127.0.0.1:<see cref="Port"/> inside the instance's network namespace.</summary>
    public HttpClient Client { get; internal set; } = null!;

    /// <summary>Completes with the container's exit status when it ends.</summary>
    public Task<int> Exited { get; internal set; } = null!;

    internal RuncRun Run { get; }

    internal string Stdout { get; }

    internal string Stderr { get; }

    internal string ExitCodePath { get; }
}
