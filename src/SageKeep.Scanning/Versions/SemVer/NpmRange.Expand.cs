namespace SageKeep.Scanning.Versions.SemVer;

/// <summary>Desugaring of ^, ~, x-ranges and hyphen ranges (node-semver README "Advanced Range Syntax").</summary>
internal sealed partial class NpmRange
{
    /// <summary>^M.m.p: allow changes that do not modify the left-most non-zero part.</summary>
    private static string ExpandCaret(string token)
    {
        if (!token.StartsWith('^') || !NpmXRange.TryMatch(token.AsSpan(1), out var x))
        {
            return token;
        }

        var (major, minor, patch, pre) = (x.Major, x.Minor, x.Patch, x.Prerelease);
        if (NpmXRange.IsX(major))
        {
            return string.Empty;
        }

        if (NpmXRange.IsX(minor))
        {
            return $">={major}.0.0 <{Inc(major)}.0.0-0";
        }

        if (NpmXRange.IsX(patch))
        {
            return major == "0"
                ? $">={major}.{minor}.0 <{major}.{Inc(minor)}.0-0"
                : $">={major}.{minor}.0 <{Inc(major)}.0.0-0";
        }

        var from = pre.Length > 0 ? $">={major}.{minor}.{patch}-{pre}" : $">={major}.{minor}.{patch}";
        if (major != "0")
        {
            return $"{from} <{Inc(major)}.0.0-0";
        }

        return minor == "0"
            ? $"{from} <{major}.{minor}.{Inc(patch)}-0"
            : $"{from} <{major}.{Inc(minor)}.0-0";
    }

    /// <summary>~M.m.p: allow patch-level changes (~M: minor-level).</summary>
    private static string ExpandTilde(string token)
    {
        if (!token.StartsWith('~'))
        {
            return token;
        }

        // "~>" is the same as "~" (Ruby-style spelling).
        var operand = token.AsSpan(token.StartsWith("~>", StringComparison.Ordinal) ? 2 : 1);
        if (!NpmXRange.TryMatch(operand, out var x))
        {
            return token;
        }

        var (major, minor, patch, pre) = (x.Major, x.Minor, x.Patch, x.Prerelease);
        if (NpmXRange.IsX(major))
        {
            return string.Empty;
        }

        if (NpmXRange.IsX(minor))
        {
            return $">={major}.0.0 <{Inc(major)}.0.0-0";
        }

        if (NpmXRange.IsX(patch))
        {
            return $">={major}.{minor}.0 <{major}.{Inc(minor)}.0-0";
        }

        var from = pre.Length > 0 ? $">={major}.{minor}.{patch}-{pre}" : $">={major}.{minor}.{patch}";
        return $"{from} <{major}.{Inc(minor)}.0-0";
    }

    /// <summary>[op]1.x, [op]1.2.*, "*": partial versions become bounds.</summary>
    private static string ExpandXRange(string token)
    {
        var gtlt = token.StartsWith("<=", StringComparison.Ordinal) || token.StartsWith(">=", StringComparison.Ordinal) ? token[..2]
            : token.Length > 0 && token[0] is '<' or '>' or '=' ? token[..1]
            : string.Empty;
        var operand = token.AsSpan(gtlt.Length).TrimStart(' ');
        if (!NpmXRange.TryMatch(operand, out var x))
        {
            return token;
        }

        var (major, minor, patch) = (x.Major, x.Minor, x.Patch);
        if ((NpmXRange.IsX(major) && !NpmXRange.IsX(minor)) || (NpmXRange.IsX(minor) && patch.Length > 0 && !NpmXRange.IsX(patch)))
        {
            return token;
        }

        var xMajor = NpmXRange.IsX(major);
        var xMinor = xMajor || NpmXRange.IsX(minor);
        var xPatch = xMinor || NpmXRange.IsX(patch);
        if (gtlt == "=" && xPatch)
        {
            gtlt = string.Empty;
        }

        if (xMajor)
        {
            return gtlt is ">" or "<" ? "<0.0.0-0" : "*";
        }

        if (gtlt.Length > 0 && xPatch)
        {
            if (xMinor)
            {
                minor = "0";
            }

            patch = "0";
            var pre = string.Empty;
            if (gtlt == ">")
            {
                gtlt = ">=";
                (major, minor) = xMinor ? (Inc(major), "0") : (major, Inc(minor));
            }
            else if (gtlt == "<=")
            {
                gtlt = "<";
                (major, minor) = xMinor ? (Inc(major), minor) : (major, Inc(minor));
            }

            if (gtlt == "<")
            {
                pre = "-0";
            }

            return $"{gtlt}{major}.{minor}.{patch}{pre}";
        }

        if (xMinor)
        {
            return $">={major}.0.0 <{Inc(major)}.0.0-0";
        }

        return xPatch ? $">={major}.{minor}.0 <{major}.{Inc(minor)}.0-0" : token;
    }

    /// <summary>"A - B" over the whole set: inclusive bounds, partial versions widened.</summary>
    private static string? HyphenRange(string range)
    {
        var at = range.IndexOf(" - ", StringComparison.Ordinal);
        while (at >= 0)
        {
            var left = range[..at];
            var right = range[(at + 3)..];
            if (NpmXRange.TryMatch(left, out var f) && NpmXRange.TryMatch(right, out var t))
            {
                string from = NpmXRange.IsX(f.Major) ? string.Empty
                    : NpmXRange.IsX(f.Minor) ? $">={f.Major}.0.0"
                    : NpmXRange.IsX(f.Patch) ? $">={f.Major}.{f.Minor}.0"
                    : $">={left}";
                string to = NpmXRange.IsX(t.Major) ? string.Empty
                    : NpmXRange.IsX(t.Minor) ? $"<{Inc(t.Major)}.0.0-0"
                    : NpmXRange.IsX(t.Patch) ? $"<{t.Major}.{Inc(t.Minor)}.0-0"
                    : t.Prerelease.Length > 0 ? $"<={t.Major}.{t.Minor}.{t.Patch}-{t.Prerelease}"
                    : $"<={right}";
                return $"{from} {to}".Trim();
            }

            at = range.IndexOf(" - ", at + 1, StringComparison.Ordinal);
        }

        return null;
    }
}
