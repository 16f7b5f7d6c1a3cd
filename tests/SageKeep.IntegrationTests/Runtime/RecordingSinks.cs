using System.Collections.Concurrent;
using SageKeep.Runtime.Jobs;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>Keeps every transition and log line the runner reports, in order, for the assertions.</summary>
public sealed class RecordingSinks : ITrainingJobStatusSink, ITrainingJobLogSink
{
    private readonly ConcurrentQueue<TrainingJobTransition> _transitions = new();
    private readonly ConcurrentQueue<TrainingLogEvent> _events = new();

    public IReadOnlyList<TrainingJobTransition> Transitions => [.. _transitions];

    public IReadOnlyList<TrainingLogEvent> Events => [.. _events];

    public IReadOnlyList<TrainingJobState> StatesOf(string job) => [.. _transitions.Where(t => t.JobName == job).Select(t => t.State)];

    public string LogOf() => string.Join('\n', _events.Select(e => e.Message));

    public Task OnTransitionAsync(TrainingJobTransition transition, CancellationToken cancellationToken)
    {
        _transitions.Enqueue(transition);
        return Task.CompletedTask;
    }

    public Task WriteAsync(string jobName, string runId, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            _events.Enqueue(e);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits (bounded) until the job reached the state; used to stop a job only once it trains.</summary>
    public async Task WaitForAsync(string job, TrainingJobState state)
    {
        for (var i = 0; i < 600 && !StatesOf(job).Contains(state); i++)
        {
            await Task.Delay(50);
        }

        StatesOf(job).ShouldContain(state);
    }
}
