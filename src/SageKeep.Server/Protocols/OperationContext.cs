using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SageKeep.Core.Identity;
using SageKeep.Security.SigV4;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

/// <summary>
/// Everything a handler needs about one call. <see cref="Input"/> uses the model's member names
/// (<c>TrainingJobName</c>), whatever the wire protocol; read scalars with
/// <see cref="Validation.InputValues"/>. <see cref="HttpContext"/> is there for streaming bodies (S3).
/// </summary>
internal sealed record OperationContext(
    string RequestId,
    ServiceModel Model,
    OperationModel Operation,
    ProtocolKind Protocol,
    AwsPrincipal Principal,
    JsonObject Input,
    ApiRequest Request,
    HttpContext HttpContext)
{
    /// <summary>The SigV4 details (payload hash to verify, chunk signing); null only for unsigned test doubles.</summary>
    public SigV4Authenticated? Signature { get; init; }
}
