using System.Text.Json;
using SageKeep.Scanning.Catalogers.Npm;

namespace SageKeep.Scanning.Catalogers.DotNet;

/// <summary>Reads the <c>libraries</c> object of a deps.json file (bounded depth and entry count).</summary>
internal static class DotNetDepsReader
{
    internal const int MaxLibraries = 100_000;

    private const string RuntimePackPrefix = "runtimepack.";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static async Task<(IReadOnlyList<DotNetLibrary> Libraries, string? Error)> ReadAsync(
        Stream content, CancellationToken cancellationToken)
    {
        // Step 1: the bytes must be UTF-8 (JsonDocument would only throw later, on string access).
        var bytes = await NpmJson.ReadUtf8Async(content, DotNetDepsCataloger.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ([], $"deps.json is larger than {DotNetDepsCataloger.MaxFileBytes} bytes or not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.Value, Options);
        }
        catch (JsonException ex)
        {
            return ([], $"deps.json is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("libraries", out var libraries)
                || libraries.ValueKind != JsonValueKind.Object)
            {
                return ([], "deps.json has no 'libraries' object");
            }

            var result = new List<DotNetLibrary>();
            foreach (var entry in libraries.EnumerateObject())
            {
                if (result.Count >= MaxLibraries)
                {
                    return (result, $"deps.json lists more than {MaxLibraries} libraries");
                }

                // Keys are "Name/Version"; NuGet ids cannot contain '/', so the first '/' splits them.
                var slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || slash == entry.Name.Length - 1 || entry.Value.ValueKind != JsonValueKind.Object)
                {
                    return (result, $"deps.json library key '{entry.Name}' is not 'Name/Version'");
                }

                var type = entry.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                    ? t.GetString()
                    : null;
                var kind = type switch
                {
                    "package" => DotNetLibraryKind.Package,
                    "project" => DotNetLibraryKind.Project,
                    "runtimepack" => DotNetLibraryKind.RuntimePack,
                    _ => DotNetLibraryKind.Other,
                };
                // Self-contained apps list their runtime as "runtimepack.<NuGet id>/<version>".
                var name = entry.Name[..slash];
                if (kind == DotNetLibraryKind.RuntimePack && name.StartsWith(RuntimePackPrefix, StringComparison.Ordinal))
                {
                    name = name[RuntimePackPrefix.Length..];
                }

                result.Add(new DotNetLibrary(name, entry.Name[(slash + 1)..], kind));
            }

            return (result, null);
        }
    }
}
