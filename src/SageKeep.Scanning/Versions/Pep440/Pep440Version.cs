namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>
/// A PEP 440 version in normalised form. Numbers are kept as digit strings without leading zeros
/// (Python integers are unbounded, so no component may overflow here either).
/// </summary>
/// <param name="Epoch">Epoch digits ("" for 0).</param>
/// <param name="Release">Release numbers, as written (trailing zeros kept; ignored when comparing).</param>
/// <param name="PreLabel">"a", "b" or "rc" (alpha, beta, c, pre, preview normalised), null when none.</param>
/// <param name="PreNumber">Pre-release number, "" for 0.</param>
/// <param name="Post">Post-release number ("" for 0), null when none.</param>
/// <param name="Dev">Development release number ("" for 0), null when none.</param>
/// <param name="Local">Local version parts, lower case, null when none.</param>
internal sealed record Pep440Version(
    string Epoch,
    IReadOnlyList<string> Release,
    string? PreLabel,
    string PreNumber,
    string? Post,
    string? Dev,
    IReadOnlyList<string>? Local)
{
    /// <summary>PEP 440: a pre-release or a development release.</summary>
    public bool IsPrerelease => PreLabel is not null || Dev is not null;

    /// <summary>Has a post-release segment.</summary>
    public bool IsPostRelease => Post is not null;

    /// <summary>The same version without its local part.</summary>
    public Pep440Version Public => Local is null ? this : this with { Local = null };

    /// <summary>Epoch and release only (packaging's base_version).</summary>
    public Pep440Version Base => new(Epoch, Release, null, string.Empty, null, null, null);

    /// <summary>The normalised form, as <c>str(packaging.version.Version)</c> prints it.</summary>
    public override string ToString() => Canonical(stripTrailingZeros: false, withLocal: true);

    /// <summary>
    /// packaging's canonicalize_version: the normalised form, optionally without trailing ".0" release
    /// parts (which is how "==X.*" matching sees the candidate version).
    /// </summary>
    public string Canonical(bool stripTrailingZeros, bool withLocal)
    {
        var text = new System.Text.StringBuilder();
        if (Epoch.Length > 0)
        {
            text.Append(Epoch).Append('!');
        }

        var count = Release.Count;
        while (stripTrailingZeros && count > 1 && Release[count - 1].Length == 0)
        {
            count--;
        }

        for (var i = 0; i < count; i++)
        {
            text.Append(i > 0 ? "." : string.Empty).Append(Number(Release[i]));
        }

        if (PreLabel is not null)
        {
            text.Append(PreLabel).Append(Number(PreNumber));
        }

        if (Post is not null)
        {
            text.Append(".post").Append(Number(Post));
        }

        if (Dev is not null)
        {
            text.Append(".dev").Append(Number(Dev));
        }

        if (withLocal && Local is not null)
        {
            text.Append('+').AppendJoin('.', Local.Select(Number));
        }

        return text.ToString();
    }

    private static string Number(string digits) => digits.Length == 0 ? "0" : digits;
}
