using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Matching;

/// <summary>The image could not be inventoried (refused as broken or hostile, or unreadable): <see cref="Error"/> says why.</summary>
public sealed class ScanFailedException : Exception
{
    public ScanFailedException(ScanError error)
        : base(error?.Message) => Error = error ?? throw new ArgumentNullException(nameof(error));

    public ScanFailedException()
        : this(new ScanError(ScanErrorKind.InputUnreadable, "scan failed"))
    {
    }

    public ScanFailedException(string message)
        : this(new ScanError(ScanErrorKind.InputUnreadable, message))
    {
    }

    public ScanFailedException(string message, Exception innerException)
        : base(message, innerException) => Error = new ScanError(ScanErrorKind.InputUnreadable, message);

    public ScanError Error { get; }
}
