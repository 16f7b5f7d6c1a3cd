using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Query;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

/// <summary>
/// The service model and operation name a request names (the operation may still be unknown to the
/// model), the query Version and parameter tree for query protocols, or the error found while resolving.
/// </summary>
internal sealed record ResolvedTarget(ServiceModel? Model, string Operation, string? Version, QueryNode? QueryTree)
{
    public AwsError? Error { get; init; }

    public static ResolvedTarget Fail(AwsError error) => new(null, string.Empty, null, null) { Error = error };
}
