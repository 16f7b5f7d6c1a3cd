namespace SageKeep.Server.ServiceModels;

/// <summary>
/// One operation: its HTTP binding (<c>HttpMethod</c>, <c>RequestUri</c>), the input/output shape names,
/// the result wrapper (awsQuery's <c>AssumeRoleResult</c> element; null elsewhere) and the modelled error shapes.
/// </summary>
internal sealed record OperationModel(
    string Name,
    string HttpMethod,
    string RequestUri,
    string? InputShape,
    string? OutputShape,
    string? ResultWrapper,
    IReadOnlyList<string> Errors);
