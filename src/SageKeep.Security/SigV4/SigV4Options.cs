namespace SageKeep.Security.SigV4;

/// <summary>Verifier settings; AWS defaults for clock skew (5 min, 15 min for STS and S3).</summary>
public sealed record SigV4Options
{
    public required string Region { get; init; }

    public TimeSpan DefaultClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Per signing-name skew overriding <see cref="DefaultClockSkew"/>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ClockSkewByService { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["sts"] = TimeSpan.FromMinutes(15),
        ["s3"] = TimeSpan.FromMinutes(15),
    };

    /// <summary>Upper bound on cached signing keys (one per key, day, region, service).</summary>
    public int SigningKeyCacheCapacity { get; init; } = 4096;

    public TimeSpan ClockSkewFor(string service) =>
        ClockSkewByService.TryGetValue(service, out var skew) ? skew : DefaultClockSkew;
}
