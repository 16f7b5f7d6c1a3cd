namespace SageKeep.Runtime.Serving;

/// <summary>
/// One healthy serving instance: its ids, its containers (one, or the model's 2 to 15 in order, sharing one network
/// namespace), each reached through the private path (<see cref="NetnsConnector"/>, pooled connections), and the task
/// that completes when one of them exits.
/// </summary>
public sealed class ServingInstance : IAsyncDisposable
{
    private readonly ServingRunner _runner;
    private readonly NetnsConnector _connector;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    internal ServingInstance(ServingRunner runner, ServingInstanceDefinition definition, string runId, NetnsConnector connector, IReadOnlyList<ServingContainer> containers)
    {
        _runner = runner;
        Definition = definition;
        RunId = runId;
        _connector = connector;
        Containers = containers;
        Exited = containers.Count == 1 ? containers[0].Exited : Task.WhenAny(containers.Select(c => c.Exited)).Unwrap();
    }

    public ServingInstanceDefinition Definition { get; }

    public string RunId { get; }

    /// <summary>The instance id SageMaker shows in log stream names (<c>i-</c> + run id).</summary>
    public string InstanceId => "i-" + RunId;

    /// <summary>The first container's runc id (the run's name).</summary>
    public string ContainerId => Containers[0].ContainerId;

    /// <summary>The model's containers in order; one for a one-container model.</summary>
    public IReadOnlyList<ServingContainer> Containers { get; }

    /// <summary>Reaches the first container at http://127.0.0.1:8080 inside the instance's network namespace (the host part of a URI is ignored).</summary>
    public HttpClient Client => Containers[0].Client;

    /// <summary>Completes with the exit status of the first of the instance's containers to end.</summary>
    public Task<int> Exited { get; }

    internal Task LogPump { get; set; } = Task.CompletedTask;

    internal CancellationToken StopToken => _stop.Token;

    internal NetnsConnector Connector => _connector;

    /// <summary>GET /ping of every container within the ping timeout: true when all answer 200.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => _runner.PingAsync(this, cancellationToken);

    /// <summary>Stops the containers (SIGTERM, then runc delete -f) and removes everything the instance had on the host.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _runner.StopInstanceAsync(this).ConfigureAwait(false);
        try
        {
            await LogPump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var container in Containers)
        {
            container.Client.Dispose();
        }

        _connector.Dispose();
        foreach (var container in Containers)
        {
            container.Run.Dispose();
        }

        _stop.Dispose();
    }
}
