using System.Text.Json;

namespace SageKeep.UnitTests.Iam;

/// <summary>
/// One scenario of the corpus: a group's policies with a case's overrides, the request and the expected
/// decision. Policies stay JSON text so the parser is exercised exactly as for stored documents.
/// </summary>
internal sealed record Scenario(
    string Name,
    string Principal,
    IReadOnlyList<string> Identity,
    string? Boundary,
    IReadOnlyList<string>? Session,
    string? Resource,
    string Action,
    string ResourceArn,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Context,
    string Expected,
    string? ExpectedSid)
{
    private static readonly Lazy<IReadOnlyDictionary<string, Scenario>> All = new(Load);

    public static IReadOnlyDictionary<string, Scenario> Corpus => All.Value;

    public static Scenario Get(string name) => Corpus[name];

    private static Dictionary<string, Scenario> Load()
    {
        var scenarios = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Iam", "scenarios");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var fileName = Path.GetFileNameWithoutExtension(file);
            foreach (var group in document.RootElement.GetProperty("groups").EnumerateArray())
            {
                var groupName = group.GetProperty("name").GetString()!;
                foreach (var item in group.GetProperty("cases").EnumerateArray())
                {
                    var scenario = Read(item, group, $"{fileName}/{groupName}/{item.GetProperty("name").GetString()}");
                    scenarios.Add(scenario.Name, scenario);
                }
            }
        }

        return scenarios;
    }

    private static Scenario Read(JsonElement item, JsonElement group, string name)
    {
        JsonElement? Pick(string property) =>
            item.TryGetProperty(property, out var own) ? (own.ValueKind == JsonValueKind.Null ? null : own)
            : group.TryGetProperty(property, out var shared) ? shared
            : null;

        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Pick("context") is { } keys)
        {
            foreach (var key in keys.EnumerateObject())
            {
                context[key.Name] = key.Value.ValueKind == JsonValueKind.Array
                    ? [.. key.Value.EnumerateArray().Select(v => v.GetString()!)]
                    : [key.Value.GetString()!];
            }
        }

        return new Scenario(
            name,
            Pick("principal")?.GetString() ?? "alice",
            Pick("identity") is { } identity ? [.. identity.EnumerateArray().Select(p => p.GetRawText())] : [],
            Pick("boundary")?.GetRawText(),
            Pick("session") is { } session ? [.. session.EnumerateArray().Select(p => p.GetRawText())] : null,
            Pick("resourcePolicy")?.GetRawText(),
            Pick("action")!.Value.GetString()!,
            Pick("resource")?.GetString() ?? "*",
            context,
            item.GetProperty("expected").GetString()!,
            item.TryGetProperty("sid", out var sid) ? sid.GetString() : null);
    }
}
