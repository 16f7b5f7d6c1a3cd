using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Protocols;

/// <summary>
/// What a handler answers: output values in the model's member names (serialised by the protocol's
/// writer from the output shape), an <see cref="AwsError"/>, or, for bodies that stream (S3 objects),
/// a delegate that writes the response itself after the request id headers are set.
/// </summary>
internal sealed record OperationResult
{
    private OperationResult()
    {
    }

    public JsonObject? Output { get; private init; }

    public AwsError? Error { get; private init; }

    public Func<HttpResponse, CancellationToken, Task>? Writer { get; private init; }

    /// <summary>The AWS error code a streamed answer carries (the audit trail records it), null for a success.</summary>
    public string? StreamedErrorCode { get; private init; }

    public static OperationResult Ok(JsonObject? output = null) => new() { Output = output ?? [] };

    public static OperationResult Fail(AwsError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new() { Error = error };
    }

    public static OperationResult Stream(Func<HttpResponse, CancellationToken, Task> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new() { Writer = writer };
    }

    /// <summary>An error whose body the handler writes itself (members beyond code and message, e.g. SageMaker Runtime's ModelError).</summary>
    public static OperationResult StreamError(string errorCode, Func<HttpResponse, CancellationToken, Task> writer)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ArgumentNullException.ThrowIfNull(writer);
        return new() { Writer = writer, StreamedErrorCode = errorCode };
    }
}
