using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>An image that cannot be unpacked safely: what kind of problem, and a message naming the blob or entry at fault.</summary>
public sealed class RootfsRefusedException : Exception
{
    public RootfsRefusedException(ScanError error)
        : base(error.Message) => Error = error;

    public RootfsRefusedException()
        : this(new ScanError(ScanErrorKind.MalformedLayer, "image refused"))
    {
    }

    public RootfsRefusedException(string message)
        : this(new ScanError(ScanErrorKind.MalformedLayer, message))
    {
    }

    public RootfsRefusedException(string message, Exception innerException)
        : base(message, innerException) => Error = new ScanError(ScanErrorKind.MalformedLayer, message);

    public ScanError Error { get; }
}
