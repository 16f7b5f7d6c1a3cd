namespace SageKeep.Runtime.Isolation;

/// <summary>
/// The network a run's container joins: for <see cref="NetworkMode.Outbound"/> the namespace path and the names of
/// what was created for it (all carrying the run id); for <see cref="NetworkMode.Isolated"/> nothing exists outside
/// the container, and <see cref="NamespacePath"/> is null so runc creates a fresh namespace.
/// </summary>
public sealed record NetworkAttachment(NetworkMode Mode, string? NamespacePath, string? NamespaceName, string? HostInterface, string? NftTable);
