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
}
