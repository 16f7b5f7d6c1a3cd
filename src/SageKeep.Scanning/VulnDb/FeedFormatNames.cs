namespace SageKeep.Scanning.VulnDb;

/// <summary>The names <c>--format</c> accepts.</summary>
public static class FeedFormatNames
{
    /// <summary>Parses a --format value: debian, alpine-yaml, alpine-json, osv, nvd.</summary>
    public static FeedFormat? ParseName(string name) => name.ToLowerInvariant() switch
    {
        "debian" or "debian-tracker" => FeedFormat.DebianTracker,
        "alpine-yaml" => FeedFormat.AlpineSecDbYaml,
        "alpine" or "alpine-json" => FeedFormat.AlpineSecDbJson,
        "osv" => FeedFormat.Osv,
        "nvd" => FeedFormat.Nvd,
        _ => null,
    };
}
