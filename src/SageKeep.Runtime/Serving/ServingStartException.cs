namespace SageKeep.Runtime.Serving;

/// <summary>An instance did not become healthy; the message is the endpoint's FailureReason.</summary>
public sealed class ServingStartException : Exception
{
    public ServingStartException()
    {
    }

    public ServingStartException(string message)
        : base(message)
    {
    }

    public ServingStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
