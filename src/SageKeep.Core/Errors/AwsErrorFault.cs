namespace SageKeep.Core.Errors;

/// <summary>
/// Who is to blame for an error, as the awsQuery error shape reports it in <c>Error/Type</c>.
/// </summary>
public enum AwsErrorFault
{
    /// <summary>The caller sent something wrong (4xx).</summary>
    Sender,

    /// <summary>The server failed (5xx); clients may retry.</summary>
    Receiver,
}
