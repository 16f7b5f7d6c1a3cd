namespace SageKeep.Benchmarks.SigV4;

/// <summary>A clock stopped at the time the benchmark requests were signed.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
