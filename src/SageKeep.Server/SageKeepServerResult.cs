namespace SageKeep.Server;

/// <summary>A server ready to start, or the one-line reason it could not be prepared.</summary>
public sealed record SageKeepServerResult(SageKeepServer? Server, string? Error)
{
    public static SageKeepServerResult Ok(SageKeepServer server) => new(server, null);

    public static SageKeepServerResult Fail(string error) => new(null, error);
}
