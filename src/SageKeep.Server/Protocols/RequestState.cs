using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SageKeep.Core.Identity;
using SageKeep.Server.Authorization;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

/// <summary>What the endpoint has learned about a request so far; decides the shape of any error.</summary>
internal sealed class RequestState(HttpContext context, string requestId, DateTimeOffset startedAt)
{
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The service and operation as far as routing resolved them, for auditing requests refused early.</summary>
    public string? ServiceHint { get; set; }

    public string? OperationHint { get; set; }

    /// <summary>The key id the credential scope names, before it is verified.</summary>
    public string? ClaimedAccessKeyId { get; set; }

    public HttpContext Context { get; } = context;

    public string RequestId { get; } = requestId;

    public ProtocolKind Protocol { get; set; } = ProtocolKind.RestXml;

    /// <summary>The awsQuery namespace for <c>ErrorResponse</c>; null until the service is known.</summary>
    public string? XmlNamespace { get; set; }

    /// <summary>S3's <c>Error/Resource</c>: the request path.</summary>
    public string? Resource { get; set; }

    /// <summary>The authenticated caller, once known (for the audit trail).</summary>
    public AwsPrincipal? Principal { get; set; }

    public ServiceModel? Model { get; set; }

    public OperationModel? Operation { get; set; }

    /// <summary>The bound input (the audit trail records it with sensitive members redacted).</summary>
    public JsonObject? Input { get; set; }

    /// <summary>What the operation asked IAM for, and the answer.</summary>
    public AccessRequest? Access { get; set; }

    public AuthorizationResult? Authorization { get; set; }

    /// <summary>The error code the response carried, if any.</summary>
    public string? ErrorCode { get; set; }
}
