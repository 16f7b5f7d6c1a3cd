namespace SageKeep.Server.Protocols;

/// <summary>A fully rendered answer: status, content type, body and extra headers (request id headers are added when sending).</summary>
internal sealed record ProtocolResponse(int Status, string? ContentType, ReadOnlyMemory<byte> Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static ProtocolResponse Create(int status, string? contentType, ReadOnlyMemory<byte> body, params KeyValuePair<string, string>[] headers) =>
        new(status, contentType, body, headers);
}
