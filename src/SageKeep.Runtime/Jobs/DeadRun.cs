namespace SageKeep.Runtime.Jobs;

/// <summary>A persisted run whose container was gone at reconciliation; <see cref="JobName"/> is null when its workspace was lost too.</summary>
public sealed record DeadRun(string RunId, string? JobName, string Reason);
