using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Serving;

/// <summary>
/// One healthy serving container: its ids, the HTTP client that reaches its port 8080 through the private path
/// (<see cref="NetnsConnector"/>, pooled connections), and the task that completes when the container exits.
/// </summary>
public sealed class ServingInstance : IAsyncDisposable
{
    private readonly ServingRunner _runner;
    private readonly NetnsConnector _connector;
    private readonly RuncRun _run;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    internal ServingInstance(ServingRunner runner, ServingInstanceDefinition definition, string runId, string containerId, NetnsConnector connector, RuncRun run, HttpClient client, Task<int> exited)
    {
        _runner = runner;
        Definition = definition;
        RunId = runId;
        ContainerId = containerId;
        _connector = connector;
        _run = run;
        Client = client;
        Exited = exited;
    }

    public ServingInstanceDefinition Definition { get; }

    public string RunId { get; }

    /// <summary>The instance id SageMaker shows in log stream names (<c>i-</c> + run id).</summary>
    public string InstanceId => "i-" + RunId;

    public string ContainerId { get; }

    /// <summary>Reaches the container at http://127.0.0.1:8080 inside its own network namespace (the host part of a URI is ignored).</summary>
    public HttpClient Client { get; }

    /// <summary>Completes with the container's exit status when it ends.</summary>
    public Task<int> Exited { get; }

    internal Task LogPump { get; set; } = Task.CompletedTask;

    internal CancellationToken StopToken => _stop.Token;

    internal NetnsConnector Connector => _connector;

    /// <summary>GET /ping within the ping timeout: true for 200.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => _runner.PingAsync(Client, cancellationToken);

    /// <summary>Stops the container (SIGTERM, then runc delete -f) and removes everything the instance had on the host.</summary>
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

        Client.Dispose();
        _connector.Dispose();
        _run.Dispose();
        _stop.Dispose();
    }
}
