namespace SageKeep.Security.SigV4;

/// <summary>One query pair, decoded (for lookups) and re-encoded the SigV4 way (for signing).</summary>
internal readonly record struct QueryParameter(string Key, string Value, string EncodedKey, string EncodedValue);
