using System.Text.Json;

namespace SageKeep.Runtime.Images;

/// <summary>
/// The parts of an image config (image-spec config.md, "config" object) a training container is started from.
/// SageMaker runs <c>docker run image train</c>: the Entrypoint stays, Cmd is replaced by <c>train</c>.
/// </summary>
public sealed record ImageConfig(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd, IReadOnlyList<string> Env, string? WorkingDir)
{
    public static ImageConfig Empty { get; } = new([], [], [], null);

    /// <summary>Reads the config blob; missing or mistyped fields count as absent (the spec makes them all optional).</summary>
    public static ImageConfig Parse(ReadOnlyMemory<byte> configJson)
    {
        using var document = JsonDocument.Parse(configJson, new JsonDocumentOptions { MaxDepth = 32 });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("config", out var config)
            || config.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        var workingDir = config.TryGetProperty(nameof(WorkingDir), out var wd) && wd.ValueKind == JsonValueKind.String ? wd.GetString() : null;
        return new ImageConfig(Strings(config, "Entrypoint"), Strings(config, "Cmd"), Strings(config, "Env"), string.IsNullOrEmpty(workingDir) ? null : workingDir);
    }

    private static string[] Strings(JsonElement config, string property) =>
        config.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
