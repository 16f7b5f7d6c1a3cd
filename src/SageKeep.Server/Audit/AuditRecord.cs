using System.Text.Json.Nodes;

namespace SageKeep.Server.Audit;

/// <summary>
/// One request in the audit trail (CloudTrail-like): who, from where, over which TLS, asked for which
/// action on which resources, what IAM decided and why, and how the call ended. Request parameters are
/// stored with sensitive members replaced (never a secret, token or signature).
/// </summary>
/// <remarks>Decision: Allowed, ExplicitDeny, ImplicitDeny, NotRequired (actions that need no permission) or Unauthenticated.</remarks>
/// <remarks>DecidingStatement: "policy-id#sid" or "policy-id#index" of the statement that decided, when one did.</remarks>
public sealed record AuditRecord
{
    public required DateTimeOffset EventTime { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The service as its IAM prefix (<c>sagemaker</c>, <c>iam</c>, <c>s3</c>, <c>ecr</c>...).</summary>
    public required string Service { get; init; }

    /// <summary>The operation name (<c>CreateTrainingJob</c>), or the registry call (<c>PutImage</c>).</summary>
    public required string EventName { get; init; }

    /// <summary>The IAM action evaluated (<c>sagemaker:CreateTrainingJob</c>), when authorisation ran.</summary>
    public string? Action { get; init; }

    public IReadOnlyList<string> Resources { get; init; } = [];

    public string? PrincipalArn { get; init; }

    public string? AccountId { get; init; }

    public string? AccessKeyId { get; init; }

    public string? SourceIp { get; init; }

    public string? UserAgent { get; init; }

    public string? TlsProtocol { get; init; }

    public string? TlsCipher { get; init; }

    /// <summary>The interface VPC endpoint the request came through (<c>aws:SourceVpce</c>), if any.</summary>
    public string? VpcEndpointId { get; init; }

    public required string Decision { get; init; }

    public string? DecidingStatement { get; init; }

    public int HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    public JsonObject? RequestParameters { get; init; }

    /// <summary>
    /// True on the record of one decision taken inside a request for one of its items (each key of
    /// DeleteObjects: s3:DeleteObject on the object's ARN); such records carry the request's id and follow its
    /// own record, whose decision is NotRequired.
    /// </summary>
    public bool ItemDecision { get; init; }
}
