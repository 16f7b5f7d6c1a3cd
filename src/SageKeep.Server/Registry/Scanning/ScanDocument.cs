using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// The stored result of a scan: ECR basic-scan findings (<c>name</c>, <c>description</c>, <c>uri</c>,
/// <c>severity</c>, <c>attributes</c>), the severity counts and when the vulnerability source was last updated.
/// </summary>
internal sealed record ScanDocument(JsonArray Findings, JsonObject Counts, DateTimeOffset? SourceUpdatedAt)
{
    public string ToJson() => new JsonObject
    {
        ["findings"] = Findings.DeepClone(),
        ["counts"] = Counts.DeepClone(),
        ["sourceUpdatedAt"] = SourceUpdatedAt?.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString();

    public static ScanDocument? Parse(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root || root["findings"] is not JsonArray findings || root["counts"] is not JsonObject counts)
            {
                return null;
            }

            DateTimeOffset? updated = root["sourceUpdatedAt"]?.GetValue<string>() is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : null;
            return new ScanDocument(findings, counts, updated);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
