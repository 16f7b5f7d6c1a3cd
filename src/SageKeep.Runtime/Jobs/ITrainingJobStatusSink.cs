namespace SageKeep.Runtime.Jobs;

/// <summary>Receives every state change of every job, in order per job; the API layer persists them.</summary>
public interface ITrainingJobStatusSink
{
    Task OnTransitionAsync(TrainingJobTransition transition, CancellationToken cancellationToken);
}
