namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// The latest scan of an image: status (IN_PROGRESS, COMPLETE, FAILED), the findings document, the
/// database it ran against and the gate decision under the recorded policy.
/// </summary>
internal sealed record ScanRecord(
    string Repository,
    string Digest,
    string Status,
    string Description,
    DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt,
    string? DatabaseStamp,
    string? GatePolicy,
    bool? GatePassed,
    string? GateReason,
    string? FindingsJson);
