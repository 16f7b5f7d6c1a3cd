namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// What scanning one image produced: the findings document and the database snapshot it ran against, and
/// the gate's decision under the recorded policy; or, when <see cref="Succeeded"/> is false, why it failed.
/// </summary>
internal sealed record ImageScanOutcome(
    bool Succeeded,
    string Description,
    ScanDocument? Document,
    string? DatabaseStamp,
    string? GatePolicy,
    bool? GatePassed,
    string? GateReason)
{
    public static ImageScanOutcome Failed(string description) => new(false, description, null, null, null, null, null);
}
