namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>
/// Parses the module info text (runtime/debug BuildInfo.String format): tab-separated lines
/// <c>path</c>, <c>mod path version sum</c>, <c>dep path version sum</c>, and <c>=&gt; path version sum</c>
/// replacing the module on the line before (unless the replacement is a local directory).
/// Build settings (<c>build</c>) are not packages.
/// </summary>
internal static class GoModuleInfoParser
{
    internal const int MaxModules = 100_000;

    public static IReadOnlyList<GoModule> Parse(string moduleInfo)
    {
        var modules = new List<GoModule>();
        foreach (var rawLine in moduleInfo.Split('\n'))
        {
            var fields = rawLine.TrimEnd('\r').Split('\t');
            if (fields.Length < 2 || modules.Count >= MaxModules)
            {
                continue;
            }

            var version = fields.Length > 2 ? fields[2] : string.Empty;
            switch (fields[0])
            {
                case "mod":
                    modules.Add(new GoModule(fields[1], version, IsMain: true));
                    break;
                case "dep":
                    modules.Add(new GoModule(fields[1], version, IsMain: false));
                    break;
                case "=>" when modules.Count > 0 && !IsLocalPath(fields[1]):
                    // A module replacement: the code built in is the replacement module's.
                    modules[^1] = modules[^1] with { Path = fields[1], Version = version };
                    break;
            }
        }

        return modules;
    }

    // A replacement by a directory ("=> ../fork (devel)") has no module identity of its own; the
    // module keeps the path and version it was required as, so advisories for it still match
    // (a scanner should rather over-report a patched fork than miss an unpatched one).
    private static bool IsLocalPath(string path) =>
        path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith("../", StringComparison.Ordinal)
        || path.StartsWith('/') || path == "." || path == "..";
}
