using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SageKeep.Server.Configuration;

/// <summary>
/// Reads a flat YAML or JSON config file (<c>port: 8443</c> / <c>{"port": 8443}</c>) into raw settings.
/// Bounded: the file is at most 64 KiB and must be one mapping of known keys to scalars; unknown keys
/// are refused so a typo cannot silently fall back to a default.
/// </summary>
internal static class ConfigFileReader
{
    internal const int MaxFileBytes = 64 * 1024;

    public static (IReadOnlyList<RawSetting> Settings, string? Error) Read(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return ([], $"config file '{path}' does not exist");
            }

            if (info.Length > MaxFileBytes)
            {
                return ([], $"config file '{path}' is larger than {MaxFileBytes} bytes");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], $"config file '{path}' cannot be read: {e.Message}");
        }

        var source = $"config file '{path}'";
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(text, source) : ReadYaml(text, source);
    }

    internal static (IReadOnlyList<RawSetting> Settings, string? Error) ReadJson(string text, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return ([], $"{source} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ([], $"{source} must be a JSON object of settings");
            }

            var pairs = new List<(string Key, string? Value)>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                pairs.Add((property.Name, value));
            }

            return ToSettings(pairs, source);
        }
    }

    internal static (IReadOnlyList<RawSetting> Settings, string? Error) ReadYaml(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            return ([], $"{source} is not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return ([], null);
        }

        if (stream.Documents.Count > 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            return ([], $"{source} must be one mapping of settings (key: value)");
        }

        var pairs = new List<(string Key, string? Value)>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            pairs.Add((key, (valueNode as YamlScalarNode)?.Value));
        }

        return ToSettings(pairs, source);
    }

    private static (IReadOnlyList<RawSetting> Settings, string? Error) ToSettings(List<(string Key, string? Value)> pairs, string source)
    {
        var settings = new List<RawSetting>();
        foreach (var (key, value) in pairs)
        {
            var settingKey = SettingKeys.FindByFileKey(key);
            if (settingKey is null)
            {
                var known = string.Join(", ", SettingKeys.All.Select(s => s.FileKey));
                return ([], string.Create(CultureInfo.InvariantCulture, $"{source}: unknown key '{key}' (known keys: {known})"));
            }

            if (value is null)
            {
                return ([], $"{source}: key '{settingKey.FileKey}' must have a single value");
            }

            if (settings.Any(s => s.Key == settingKey))
            {
                return ([], $"{source}: key '{settingKey.FileKey}' is given twice");
            }

            settings.Add(new RawSetting(settingKey, value, $"{source} key '{settingKey.FileKey}'"));
        }

        return (settings, null);
    }
}
