namespace SageKeep.Server.Protocols;

/// <summary>How reading a request body within its bound ended.</summary>
internal enum BodyReadOutcome
{
    Ok,
    TooLarge,
    Incomplete,
}
