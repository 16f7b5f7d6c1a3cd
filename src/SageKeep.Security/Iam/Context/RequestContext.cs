namespace SageKeep.Security.Iam.Context;

/// <summary>What a request asks for: who, which action on which resource, with which context keys.</summary>
/// <remarks>Action: "service:Action", e.g. <c>sagemaker:CreateTrainingJob</c>.</remarks>
/// <remarks>Resource: The resource ARN, or "*" for actions without a resource.</remarks>
/// <remarks>Keys: Context keys, normally filled by <see cref="RequestContextBuilder"/>.</remarks>
public sealed record RequestContext(IamPrincipal Principal, string Action, string Resource, ContextValues Keys);
