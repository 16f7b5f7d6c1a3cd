using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Protocols;

/// <summary>What the endpoint has learned about a request so far; decides the shape of any error.</summary>
internal sealed class RequestState(HttpContext context, string requestId)
{
    public HttpContext Context { get; } = context;

    public string RequestId { get; } = requestId;

    public ProtocolKind Protocol { get; set; } = ProtocolKind.RestXml;

    /// <summary>The awsQuery namespace for <c>ErrorResponse</c>; null until the service is known.</summary>
    public string? XmlNamespace { get; set; }

    /// <summary>S3's <c>Error/Resource</c>: the request path.</summary>
    public string? Resource { get; set; }
}
