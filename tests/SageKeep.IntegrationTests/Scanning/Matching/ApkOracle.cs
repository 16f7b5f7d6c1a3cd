using System.Globalization;
using System.Text.RegularExpressions;

namespace SageKeep.IntegrationTests.Scanning.Matching;

/// <summary>
/// A deliberately small, separate apk version order for the test oracle, enough for the versions in the
/// Alpine 3.11 image and its secdb: dotted numbers, an optional letter, optional _suffixes
/// (alpha &lt; beta &lt; pre &lt; rc &lt; none &lt; p) and -rN (apk-tools' version.c semantics for these forms).
/// Anything else fails the test instead of guessing.
/// </summary>
internal static partial class ApkOracle
{
    private static readonly string[] SuffixOrder = ["alpha", "beta", "pre", "rc", "", "p"];

    public static int Compare(string a, string b)
    {
        var (x, y) = (Parse(a), Parse(b));
        for (var i = 0; i < Math.Max(x.Numbers.Length, y.Numbers.Length); i++)
        {
            // A version with more numeric components is newer when the shared ones are equal (1.2.1 > 1.2).
            var rc = (i < x.Numbers.Length ? x.Numbers[i] : -1).CompareTo(i < y.Numbers.Length ? y.Numbers[i] : -1);
            if (rc != 0)
            {
                return rc;
            }
        }

        var letter = string.CompareOrdinal(x.Letter, y.Letter);
        if (letter != 0)
        {
            return Math.Sign(letter);
        }

        var suffix = (Array.IndexOf(SuffixOrder, x.Suffix), x.SuffixNumber).CompareTo((Array.IndexOf(SuffixOrder, y.Suffix), y.SuffixNumber));
        return suffix != 0 ? suffix : x.Revision.CompareTo(y.Revision);
    }

    private static (long[] Numbers, string Letter, string Suffix, long SuffixNumber, long Revision) Parse(string version)
    {
        var match = VersionPattern().Match(version);
        match.Success.ShouldBeTrue($"the oracle does not know the form of '{version}'");
        return (
            match.Groups["numbers"].Value.Split('.').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray(),
            match.Groups["letter"].Value,
            match.Groups["suffix"].Value,
            match.Groups["suffixNumber"].Success && match.Groups["suffixNumber"].Length > 0 ? long.Parse(match.Groups["suffixNumber"].Value, CultureInfo.InvariantCulture) : 0,
            match.Groups["revision"].Success && match.Groups["revision"].Length > 0 ? long.Parse(match.Groups["revision"].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"^(?<numbers>\d+(\.\d+)*)(?<letter>[a-z]?)(_(?<suffix>alpha|beta|pre|rc|p)(?<suffixNumber>\d*))?(-r(?<revision>\d+))?$")]
    private static partial Regex VersionPattern();
}
