using SageKeep.Runtime.Jobs;

namespace SageKeep.Benchmarks.Runtime;

/// <summary>Completes the armed task when a job enters Training; log lines are dropped.</summary>
internal sealed class TrainingSignal : ITrainingJobStatusSink, ITrainingJobLogSink
{
    private TaskCompletionSource _training = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Arm()
    {
        _training = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _training.Task;
    }

    public Task OnTransitionAsync(TrainingJobTransition transition, CancellationToken cancellationToken)
    {
        if (transition.State == TrainingJobState.Training)
        {
            _training.TrySetResult();
        }
        else if (transition.IsFinal)
        {
            _training.TrySetException(new InvalidOperationException($"job ended {transition.State} before training: {transition.FailureReason}"));
        }

        return Task.CompletedTask;
    }

    public Task WriteAsync(string jobName, string runId, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
}
