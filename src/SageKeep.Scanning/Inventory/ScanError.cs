namespace SageKeep.Scanning.Inventory;

/// <summary>A refused scan: what kind of problem, and a message naming the blob, layer or entry at fault.</summary>
public sealed record ScanError(ScanErrorKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}
