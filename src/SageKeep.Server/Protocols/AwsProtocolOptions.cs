namespace SageKeep.Server.Protocols;

/// <summary>Bounds of the protocol readers; hosting may bind them from configuration.</summary>
public sealed class AwsProtocolOptions
{
    /// <summary>Largest JSON/query/restJson body read into memory (S3 bodies stream and are not bounded here).</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted (SageMaker's deepest inputs nest about ten levels).</summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>Most form parameters in one query request.</summary>
    public int MaxQueryParameters { get; set; } = 10_000;

    /// <summary>Most dot-separated segments in one query parameter name.</summary>
    public int MaxQueryNameDepth { get; set; } = 32;

    /// <summary>S3 virtual-host style: a Host of <c>bucket.S3Domain</c> names the bucket (null: path style only).</summary>
    public string? S3Domain { get; set; }
}
