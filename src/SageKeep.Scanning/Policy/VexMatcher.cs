using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;

namespace SageKeep.Scanning.Policy;

/// <summary>
/// Which OpenVEX statement suppresses a finding: its vulnerability (name or alias) is one of the finding's ids,
/// its status is not_affected or fixed, and it names the package: a subcomponent purl equal to the package's
/// (ignoring qualifiers; the version only when the statement gives one), or, without subcomponents, a product that
/// is the package or the image itself (an oci/docker purl or the image's name or digest).
/// </summary>
internal static class VexMatcher
{
    public static VexStatement? Find(IReadOnlyList<VexStatement> statements, Finding finding, ImageInventory inventory)
    {
        // OpenVEX: a later statement about the same product and vulnerability supersedes an earlier one.
        VexStatement? last = null;
        foreach (var statement in statements)
        {
            if ((finding.HasId(statement.Vulnerability) || statement.Aliases.Any(finding.HasId)) && Names(statement, finding, inventory))
            {
                last = statement;
            }
        }

        return last is { Status: VexStatus.NotAffected or VexStatus.Fixed } ? last : null;
    }

    private static bool Names(VexStatement statement, Finding finding, ImageInventory inventory)
    {
        foreach (var product in statement.Products)
        {
            if (product.Subcomponents.Count > 0)
            {
                if (product.Subcomponents.Any(s => PurlMatches(s, finding.Purl)))
                {
                    return true;
                }
            }
            else if (product.Identifiers.Any(i => PurlMatches(i, finding.Purl) || IsImage(i, inventory)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsImage(string identifier, ImageInventory inventory)
    {
        if (identifier.StartsWith("pkg:oci/", StringComparison.OrdinalIgnoreCase) || identifier.StartsWith("pkg:docker/", StringComparison.OrdinalIgnoreCase))
        {
            // A digest in the purl must be this image's; without one the statement is about the image by name.
            var at = identifier.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                return true;
            }

            var version = Uri.UnescapeDataString(Strip(identifier)[(at + 1)..]);
            return version == inventory.ManifestDigest || version == inventory.ConfigDigest;
        }

        return identifier == inventory.ImageName
            || (inventory.ManifestDigest is { } manifest && identifier.EndsWith(manifest, StringComparison.Ordinal))
            || (inventory.ConfigDigest is { } config && identifier.EndsWith(config, StringComparison.Ordinal));
    }

    /// <summary>purl equality for VEX: qualifiers and subpath ignored, percent-encoding decoded, the version compared only when given.</summary>
    internal static bool PurlMatches(string vex, string package)
    {
        if (!vex.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var wanted = Uri.UnescapeDataString(Strip(vex));
        var actual = Uri.UnescapeDataString(Strip(package));
        if (wanted.Contains('@', StringComparison.Ordinal))
        {
            return string.Equals(wanted, actual, StringComparison.Ordinal);
        }

        var at = actual.LastIndexOf('@');
        return string.Equals(wanted, at < 0 ? actual : actual[..at], StringComparison.Ordinal);
    }

    private static string Strip(string purl)
    {
        var end = purl.IndexOfAny(['?', '#']);
        return end < 0 ? purl : purl[..end];
    }
}
