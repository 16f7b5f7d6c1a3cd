using SageKeep.Core.Identity;

namespace SageKeep.Server.Registry;

/// <summary>What one <c>/v2/</c> request did, for its audit record.</summary>
internal sealed class RegistryCall(string requestId)
{
    public string RequestId { get; } = requestId;

    public string EventName { get; set; } = "Unknown";

    public AwsPrincipal? Principal { get; set; }

    public string? Action { get; set; }

    public List<string> Resources { get; } = [];

    public string Decision { get; set; } = "Unauthenticated";

    public string? DecidingStatement { get; set; }

    public string? ErrorCode { get; set; }

    public string? Repository { get; set; }

    public string? Reference { get; set; }
}
