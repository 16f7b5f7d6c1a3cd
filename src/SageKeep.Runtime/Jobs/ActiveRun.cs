namespace SageKeep.Runtime.Jobs;

/// <summary>A run this process is driving: its names and the stop request the API can raise at any point.</summary>
internal sealed class ActiveRun(string jobName, string runId, string containerId, JobWorkspace workspace) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string JobName => jobName;

    public string RunId => runId;

    public string ContainerId => containerId;

    public JobWorkspace Workspace => workspace;

    public Task StopRequested => _stopRequested.Task;

    public CancellationToken StopToken => _stop.Token;

    public bool IsStopRequested => _stopRequested.Task.IsCompleted;

    /// <summary>Completed when this process stops following the run and leaves the container running.</summary>
    public Task Detached => _detached.Task;

    public void Detach() => _detached.TrySetResult();

    public void RequestStop()
    {
        if (_stopRequested.TrySetResult())
        {
            _stop.Cancel();
        }
    }

    public void Dispose() => _stop.Dispose();
}
