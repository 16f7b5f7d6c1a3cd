namespace SageKeep.Scanning.Inventory;

/// <summary>
/// Unwinds a refusal from deep inside the streaming readers (a Stream.Read override cannot return a value).
/// It never leaves the scanning library: <see cref="InventoryBuilder.BuildAsync"/> turns it into a
/// failed <see cref="InventoryOutcome"/>.
/// </summary>
internal sealed class ScanRefusedException : Exception
{
    public ScanRefusedException(ScanErrorKind kind, string message)
        : base(message) => Error = new ScanError(kind, message);

    public ScanRefusedException()
        : this(ScanErrorKind.MalformedLayer, "scan refused")
    {
    }

    public ScanRefusedException(string message)
        : this(ScanErrorKind.MalformedLayer, message)
    {
    }

    public ScanRefusedException(string message, Exception innerException)
        : base(message, innerException) => Error = new ScanError(ScanErrorKind.MalformedLayer, message);

    public ScanError Error { get; }
}
