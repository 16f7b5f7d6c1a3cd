namespace SageKeep.Runtime.Runc;

/// <summary>A host command the runtime depends on failed; the message names the command and its stderr.</summary>
public sealed class RuntimeCommandException : Exception
{
    public RuntimeCommandException()
    {
    }

    public RuntimeCommandException(string message)
        : base(message)
    {
    }

    public RuntimeCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
