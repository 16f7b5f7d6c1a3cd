namespace SageKeep.Scanning.Cvss;

/// <summary>A parsed, validated CVSS vector: its version, the text it came from and metric → value.</summary>
public sealed record CvssVector(CvssVersion Version, string Text, IReadOnlyDictionary<string, string> Metrics)
{
    /// <summary>The value of a metric, or "X" (not defined) when the vector omits it.</summary>
    public string Get(string metric) => Metrics.TryGetValue(metric, out var value) ? value : "X";
}
