using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// What <c>CertifyForMarketplace=true</c> adds to the operator's <c>scanGate</c>: the strictest policy. Every
/// finding of the image's latest scan blocks certification, whatever its severity and whether or not a fix
/// exists, so an operator who relaxes the gate (<c>scanGate=never</c>) relaxes it for private listings only.
/// A certified algorithm or model package is also one that must run with network isolation
/// (<see cref="IModelPackageCatalog"/> reports it to the code that creates training jobs and models).
/// </summary>
internal static class CertificationGate
{
    /// <summary>How many blocking findings the reason names before it summarises the rest.</summary>
    public const int MaxNamed = 25;

    /// <summary>Where a certified resource's document records the certification policy (shown to no client).</summary>
    public const string PolicyMember = "SageKeepCertificationPolicy";

    public const string Description = "certification policy: fails on any finding of any severity, with or without a fix";

    /// <summary>Null when the scan has no findings; otherwise the findings that block certification.</summary>
    public static string? Evaluate(ScanRecord? scan)
    {
        if (scan?.FindingsJson is not { } json || ScanDocument.Parse(json) is not { } document)
        {
            return "the image has no completed scan.";
        }

        var findings = document.Findings.OfType<JsonObject>().ToList();
        if (findings.Count == 0)
        {
            return null;
        }

        var named = findings.Take(MaxNamed).Select(Describe);
        var rest = findings.Count > MaxNamed ? string.Create(CultureInfo.InvariantCulture, $" and {findings.Count - MaxNamed} more") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{findings.Count} findings: {string.Join(", ", named)}{rest}.");
    }

    private static string Describe(JsonObject finding)
    {
        var attributes = (finding["attributes"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => a["key"] is not null)
            .GroupBy(a => a["key"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()["value"]?.GetValue<string>(), StringComparer.Ordinal);
        var fix = attributes.GetValueOrDefault("fixed_version") is { } fixedVersion ? ", fixed in " + fixedVersion : ", no fix";
        return $"{finding["name"]?.GetValue<string>()} ({attributes.GetValueOrDefault("package_name")} {attributes.GetValueOrDefault("package_version")}, {finding["severity"]?.GetValue<string>()}{fix})";
    }
}
