namespace SageKeep.IntegrationTests.Infrastructure;

/// <summary>
/// A clock that follows real time shifted by <see cref="Offset"/>: the server sees real time (so real
/// clients' signatures stay within the skew window) until a test moves it forward or back.
/// </summary>
internal sealed class OffsetTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
