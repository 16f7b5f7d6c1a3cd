using SageKeep.Runtime.Jobs;

namespace SageKeep.Runtime.Serving;

/// <summary>Receives the lines a serving container writes (stdout and stderr), per instance and container.</summary>
public interface IServingLogSink
{
    Task WriteAsync(ServingInstance instance, ServingContainer container, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken);
}
