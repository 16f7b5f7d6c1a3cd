using System.Diagnostics;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Java;

namespace SageKeep.UnitTests.Scanning.Catalogers.Java;

/// <summary>
/// The jars Debian installs in /usr/share/java (when any Java package is installed), read by the
/// cataloger and by Python's zipfile module: for every jar carrying Maven metadata, both must find
/// the same group:artifact version triples.
/// </summary>
public sealed class JavaDebianJarsRealWorldTests
{
    private const string JarDirectory = "/usr/share/java";

    [Fact]
    public async Task Catalog_DebianJars_AgreeWithPythonZipfile()
    {
        if (!Directory.Exists(JarDirectory) || !File.Exists("/usr/bin/python3"))
        {
            return; // No Java packages installed here.
        }

        var expected = PythonInventory();
        if (expected.Count == 0)
        {
            return; // No jar with Maven metadata to compare.
        }

        var cataloger = new JavaArchiveCataloger();
        foreach (var (jar, coordinates) in expected)
        {
            await using var content = File.OpenRead(jar);
            cataloger.Claims(jar, content.Length).ShouldBeTrue();
            var result = await cataloger.CatalogAsync(new ClaimedFile(jar, null, content.Length, content), CancellationToken.None);

            // Nested archives may add packages of their own; the top-level metadata must all be there.
            var found = result.Packages.Where(p => p.Path == jar).Select(p => p.Name + " " + p.Version).ToHashSet();
            found.ShouldBe(coordinates, ignoreOrder: true, customMessage: jar);
        }
    }

    private static Dictionary<string, HashSet<string>> PythonInventory()
    {
        // Python reads every META-INF/maven/<g>/<a>/pom.properties directly in each jar.
        const string script = """
            import glob, re, sys, zipfile
            for jar in sorted(glob.glob(sys.argv[1] + '/*.jar')):
                try:
                    z = zipfile.ZipFile(jar)
                except Exception:
                    continue
                for name in z.namelist():
                    if not re.fullmatch(r'META-INF/maven/[^/]+/[^/]+/pom\.properties', name):
                        continue
                    props = {}
                    for line in z.read(name).decode('utf-8', 'replace').splitlines():
                        line = line.strip()
                        if not line or line[0] in '#!':
                            continue
                        m = re.match(r'([^=:]+)[=:](.*)', line)
                        if m:
                            props.setdefault(m.group(1).strip(), m.group(2).strip())
                    if all(k in props for k in ('groupId', 'artifactId', 'version')):
                        print(jar + '\t' + props['groupId'] + ':' + props['artifactId'] + ' ' + props['version'])
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-I", "-c", script, JarDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, stderr.Result);

        var inventory = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var jar = line[..tab];
            if (!inventory.TryGetValue(jar, out var set))
            {
                inventory[jar] = set = [];
            }

            set.Add(line[(tab + 1)..]);
        }

        return inventory;
    }
}
