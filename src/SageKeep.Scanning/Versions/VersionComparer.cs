using System.Diagnostics.CodeAnalysis;

namespace SageKeep.Scanning.Versions;

/// <summary>
/// Shared shape of every scheme: parse each side into a scheme-specific value, then compare values.
/// Implements the invalid-last total order documented on <see cref="IVersionComparer"/>.
/// </summary>
/// <typeparam name="TVersion">The parsed form of one version.</typeparam>
internal abstract class VersionComparer<TVersion> : IVersionComparer
    where TVersion : notnull
{
    /// <summary>Longest version string any scheme accepts; longer input is invalid (bounded parsing).</summary>
    public const int MaxLength = 256;

    public abstract string Scheme { get; }

    /// <summary>Parses one version; false for anything the ecosystem's tool would refuse.</summary>
    public abstract bool TryParse(string? version, [NotNullWhen(true)] out TVersion? parsed);

    /// <summary>Compares two parsed versions; returns a negative, zero or positive number.</summary>
    protected abstract int CompareParsed(TVersion a, TVersion b);

    /// <summary>Compares two parsed versions; returns -1, 0 or 1.</summary>
    public int Compare(TVersion a, TVersion b) => Math.Sign(CompareParsed(a, b));

    public bool IsValid(string? version) => TryParse(version, out _);

    public int Compare(string? x, string? y)
    {
        // Step 1: parse both sides; parsing is bounded and never throws.
        var xValid = TryParse(x, out var xv);
        var yValid = TryParse(y, out var yv);

        // Step 2: both valid is the normal case.
        if (xValid && yValid)
        {
            return Math.Sign(CompareParsed(xv!, yv!));
        }

        // Step 3: invalid strings sort after every valid version, ordinally among themselves,
        // so sorting a list with junk in it stays deterministic.
        if (xValid)
        {
            return -1;
        }

        if (yValid)
        {
            return 1;
        }

        return Math.Sign(string.CompareOrdinal(x, y));
    }

    public bool TryCompare(string? a, string? b, out int result)
    {
        if (TryParse(a, out var av) && TryParse(b, out var bv))
        {
            result = Math.Sign(CompareParsed(av, bv));
            return true;
        }

        result = 0;
        return false;
    }
}
