using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SageKeep.Scanning.VulnDb;

/// <summary>The alpine-secdb repository's YAML form: the same fields as the JSON, read with YamlDotNet.</summary>
internal static class AlpineSecDbYaml
{
    public static List<VulnRecord> Read(Stream stream, string fileName, FeedLimits limits)
    {
        var bytes = FeedStreams.ReadBytes(stream, fileName, limits);
        var yaml = new YamlStream();
        try
        {
            using var text = new StringReader(Encoding.UTF8.GetString(bytes));
            yaml.Load(new DepthLimitedParser(new Parser(text), limits.MaxDepth, fileName));
        }
        catch (YamlException e)
        {
            throw new FeedException($"{fileName}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        if (yaml.Documents.Count != 1 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FeedException($"{fileName}: an Alpine secdb must be one YAML mapping");
        }

        var release = Scalar(root, "distroversion", fileName) ?? throw new FeedException($"{fileName}: 'distroversion' is missing");
        var repository = Scalar(root, "reponame", fileName) ?? "";
        var packages = new List<(string, List<(string, string)>)>();
        if (Child(root, "packages") is { } list)
        {
            if (list is not YamlSequenceNode sequence)
            {
                throw new FeedException($"{fileName}: 'packages' must be a list (line {list.Start.Line})");
            }

            foreach (var entry in sequence)
            {
                var pkg = entry is YamlMappingNode m && Child(m, "pkg") is YamlMappingNode p
                    ? p
                    : throw new FeedException($"{fileName}: line {entry.Start.Line}: a packages entry must be a mapping with 'pkg'");
                var name = Scalar(pkg, "name", fileName) ?? throw new FeedException($"{fileName}: line {pkg.Start.Line}: 'pkg' has no 'name'");
                var fixes = new List<(string, string)>();
                if (Child(pkg, "secfixes") is YamlMappingNode secfixes)
                {
                    foreach (var (key, value) in secfixes.Children)
                    {
                        var version = ((YamlScalarNode)key).Value ?? "";
                        if (value is YamlSequenceNode ids)
                        {
                            foreach (var id in ids)
                            {
                                fixes.Add((version, id is YamlScalarNode { Value: { } s }
                                    ? s
                                    : throw new FeedException($"{fileName}: line {id.Start.Line}: secfixes entries must be strings")));
                            }
                        }
                        else if (value is not YamlScalarNode { Value: null or "" or "~" })
                        {
                            throw new FeedException($"{fileName}: line {value.Start.Line}: secfixes '{version}' must be a list of ids");
                        }
                    }
                }

                packages.Add((name, fixes));
            }
        }

        return AlpineSecDbParser.ToRecords(fileName, release, repository, packages);
    }

    private static YamlNode? Child(YamlMappingNode node, string name) =>
        node.Children.TryGetValue(new YamlScalarNode(name), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string name, string fileName) => Child(node, name) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new FeedException($"{fileName}: line {other.Start.Line}: '{name}' must be a scalar"),
    };
}
