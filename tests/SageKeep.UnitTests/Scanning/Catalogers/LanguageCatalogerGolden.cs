using System.Text;
using SageKeep.Scanning.Catalogers;

namespace SageKeep.UnitTests.Scanning.Catalogers;

/// <summary>
/// Runs catalogers over a fixture root filesystem the way the image walker does (Claims on every
/// regular file, CatalogAsync on the claimed ones) and renders every package and warning as sorted
/// text lines, compared with a committed golden file.
/// </summary>
internal static class LanguageCatalogerGolden
{
    public const string LayerDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    public static string FixtureRoot(string ecosystem) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Catalogers", ecosystem, "rootfs");

    public static string GoldenPath(string ecosystem, string name) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Catalogers", ecosystem, name + ".golden");

    public static async Task<string> RenderAsync(string root, params ICataloger[] catalogers)
    {
        var lines = new List<string>();
        foreach (var fullPath in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var imagePath = "/" + Path.GetRelativePath(root, fullPath).Replace('\\', '/');
            var size = new FileInfo(fullPath).Length;
            foreach (var cataloger in catalogers)
            {
                if (!cataloger.Claims(imagePath, size))
                {
                    continue;
                }

                await using var content = File.OpenRead(fullPath);
                var result = await cataloger.CatalogAsync(new ClaimedFile(imagePath, LayerDigest, size, content), CancellationToken.None);
                lines.AddRange(Render(result, cataloger.Id));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    public static IEnumerable<string> Render(CatalogResult result, string catalogerId)
    {
        foreach (var p in result.Packages)
        {
            p.CatalogerId.ShouldBe(catalogerId);
            p.LayerDigest.ShouldBe(LayerDigest);
            yield return $"package {p.Type} {p.Name} {p.Version} {p.Purl} path={p.Path} license={p.License ?? "-"}";
        }

        foreach (var w in result.Warnings)
        {
            yield return "warning " + catalogerId + " " + w;
        }
    }

    /// <summary>Compares with the hand-checked golden file committed next to the fixture.</summary>
    public static void ShouldMatchGolden(string actual, string ecosystem, string name)
    {
        var expected = File.ReadAllText(GoldenPath(ecosystem, name), Encoding.UTF8);
        actual.ShouldBe(expected);
    }
}
