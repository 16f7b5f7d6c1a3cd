namespace SageKeep.Scanning.Policy;

/// <summary>An ignore file or VEX document that cannot be used; the message names the file and the place.</summary>
public sealed class PolicyFileException : Exception
{
    public PolicyFileException()
    {
    }

    public PolicyFileException(string message)
        : base(message)
    {
    }

    public PolicyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
