namespace SageKeep.Scanning.Versions.Pep440;

/// <summary>Operator semantics (PEP 440 "Version specifiers"; packaging's Specifier._compare_*).</summary>
internal sealed partial class Pep440SpecifierSet
{
    private static readonly Pep440VersionComparer Order = Pep440VersionComparer.Instance;

    private static bool Matches(Pep440Specifier spec, Pep440Version candidate)
    {
        var v = spec.Version;
        switch (spec.Operator)
        {
            case Pep440Operator.Arbitrary:
                // packaging compares the candidate's normalised form with the text, ignoring case.
                return string.Equals(candidate.ToString(), spec.Text, StringComparison.OrdinalIgnoreCase);
            case Pep440Operator.Equal:
                return Equal(spec, candidate);
            case Pep440Operator.NotEqual:
                return !Equal(spec, candidate);
            case Pep440Operator.LessThanOrEqual:
                return Order.Compare(candidate.Public, v!) <= 0;
            case Pep440Operator.GreaterThanOrEqual:
                return Order.Compare(candidate.Public, v!) >= 0;
            case Pep440Operator.LessThan:
                // "<V" excludes pre-releases of V itself unless V is a pre-release.
                return Order.Compare(candidate, v!) < 0
                    && (v!.IsPrerelease || !candidate.IsPrerelease || Order.Compare(candidate.Base, v.Base) != 0);
            case Pep440Operator.GreaterThan:
                // ">V" excludes post-releases and local versions of V itself unless V is a post-release.
                if (Order.Compare(candidate, v!) <= 0)
                {
                    return false;
                }

                if (!v!.IsPostRelease && candidate.IsPostRelease && Order.Compare(candidate.Base, v.Base) == 0)
                {
                    return false;
                }

                return candidate.Local is null || Order.Compare(candidate.Base, v.Base) != 0;
            case Pep440Operator.Compatible:
                // "~=V.N" means ">=V.N, ==V.*", the prefix cut from the text as written.
                var prefix = CompatiblePrefix(spec.Text);
                return Order.Compare(candidate.Public, v!) >= 0 && PrefixMatch(prefix, candidate);
            default:
                return false;
        }
    }

    private static bool Equal(Pep440Specifier spec, Pep440Version candidate)
    {
        if (spec.Wildcard)
        {
            return PrefixMatch(spec.Text[..^2], candidate);
        }

        var other = spec.Version!.Local is null ? candidate.Public : candidate;
        return Order.Compare(other, spec.Version) == 0;
    }

    /// <summary>
    /// packaging's "==prefix.*": split both the canonical candidate (trailing zeros stripped, no local)
    /// and the canonical prefix into dot parts (with "1rc1"-style parts split in two), pad the candidate's
    /// release with zeros, and compare the leading parts.
    /// </summary>
    private static bool PrefixMatch(string prefixText, Pep440Version candidate)
    {
        var prefixVersion = Pep440Parser.Parse(prefixText);
        var normalizedPrefix = prefixVersion is null ? prefixText : prefixVersion.Canonical(stripTrailingZeros: false, withLocal: true);
        var split = VersionSplit(normalizedPrefix);
        var candidateSplit = VersionSplit(candidate.Canonical(stripTrailingZeros: true, withLocal: false));

        var candidateRelease = candidateSplit.TakeWhile(IsDigits).Count();
        var prefixRelease = split.TakeWhile(IsDigits).Count();
        var padded = new List<string>(candidateSplit.Take(candidateRelease));
        padded.AddRange(Enumerable.Repeat("0", Math.Max(0, prefixRelease - candidateRelease)));
        padded.AddRange(candidateSplit.Skip(candidateRelease));

        return padded.Count >= split.Count
            ? padded.Take(split.Count).SequenceEqual(split, StringComparer.Ordinal)
            : false;
    }

    /// <summary>packaging's _version_split: dot parts, and "NaN"/"NbN"/"NcN"/"NrcN" parts split after the number.</summary>
    private static List<string> VersionSplit(string version)
    {
        var result = new List<string>();
        foreach (var item in version.Split('.'))
        {
            var digits = 0;
            while (digits < item.Length && char.IsAsciiDigit(item[digits]))
            {
                digits++;
            }

            var rest = item[digits..];
            var label = rest.StartsWith("rc", StringComparison.Ordinal) ? 2 : rest.Length > 0 && rest[0] is 'a' or 'b' or 'c' ? 1 : 0;
            if (digits > 0 && label > 0 && rest.Length > label && NumericText.IsDigits(rest.AsSpan(label)))
            {
                result.Add(item[..digits]);
                result.Add(rest);
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>"~=" prefix: the parts before the first suffix part (dev, a, b, rc, post), minus the last, plus ".*".</summary>
    private static string CompatiblePrefix(string text)
    {
        var parts = VersionSplit(text).TakeWhile(p => !(p.StartsWith("dev", StringComparison.Ordinal)
            || p.StartsWith('a') || p.StartsWith('b') || p.StartsWith("rc", StringComparison.Ordinal)
            || p.StartsWith("post", StringComparison.Ordinal))).ToList();
        return string.Join('.', parts.Take(Math.Max(0, parts.Count - 1)));
    }

    /// <summary>Python's str.isdigit (the parts are ASCII here).</summary>
    private static bool IsDigits(string s) => NumericText.IsDigits(s);
}
