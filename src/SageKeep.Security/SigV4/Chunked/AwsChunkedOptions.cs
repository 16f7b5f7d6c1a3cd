namespace SageKeep.Security.SigV4.Chunked;

/// <summary>Bounds of the aws-chunked parser.</summary>
public sealed record AwsChunkedOptions
{
    /// <summary>Largest chunk accepted. SDKs send 64 KiB (AWS SDK for .NET, Java) to 1 MiB (botocore).</summary>
    public int MaxChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Longest chunk header or trailer line, without CRLF.</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>Most trailing headers accepted.</summary>
    public int MaxTrailers { get; init; } = 8;

    /// <summary>Read buffer; data is streamed through it, never held whole.</summary>
    public int BufferSize { get; init; } = 64 * 1024;
}
