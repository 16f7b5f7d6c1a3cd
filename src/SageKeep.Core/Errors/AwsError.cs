namespace SageKeep.Core.Errors;

/// <summary>
/// A protocol-neutral AWS error: the code clients match on (e.g. <c>ValidationException</c>), the
/// human message, the HTTP status AWS answers with, and the fault side. Each protocol writer turns it
/// into its own wire shape (JSON <c>__type</c>, query <c>ErrorResponse</c>, S3 <c>Error</c>).
/// </summary>
public sealed record AwsError(string Code, string Message, int HttpStatus, AwsErrorFault Fault)
{
    /// <summary>A client mistake (<see cref="AwsErrorFault.Sender"/>), HTTP 400 unless given.</summary>
    public static AwsError Sender(string code, string message, int httpStatus = 400) =>
        new(code, message, httpStatus, AwsErrorFault.Sender);

    /// <summary>A server fault (<see cref="AwsErrorFault.Receiver"/>), HTTP 500 unless given.</summary>
    public static AwsError Receiver(string code, string message, int httpStatus = 500) =>
        new(code, message, httpStatus, AwsErrorFault.Receiver);
}
