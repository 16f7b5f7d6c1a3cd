using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace SageKeep.Scanning.Versions.Maven;

/// <summary>
/// Maven versions ordered as Maven 3.8's ComparableVersion orders them ("Version Order Specification"
/// in the Maven POM reference). Every string is a Maven version; only null and over-long strings are invalid.
/// </summary>
internal sealed class MavenVersionComparer : VersionComparer<MavenListItem>
{
    public static MavenVersionComparer Instance { get; } = new();

    public override string Scheme => "maven";

    public override bool TryParse(string? version, [NotNullWhen(true)] out MavenListItem? parsed)
    {
        parsed = null;
        if (version is null || version.Length > MaxLength)
        {
            return false;
        }

        parsed = Parse(version.ToLowerInvariant());
        return true;
    }

    protected override int CompareParsed(MavenListItem a, MavenListItem b) => a.CompareTo(b);

    /// <summary>
    /// Tokenises as ComparableVersion.parseVersion does: '.' separates items, '-' starts a sub-list,
    /// and a switch between digits and letters starts a sub-list too; lists are trimmed innermost first.
    /// </summary>
    private static MavenListItem Parse(string version)
    {
        var root = new MavenListItem();
        var list = root;
        var stack = new Stack<MavenListItem>();
        stack.Push(root);
        var isDigit = false;
        var start = 0;

        for (var i = 0; i < version.Length; i++)
        {
            var c = version[i];
            if (c is '.' or '-')
            {
                list.Items.Add(i == start ? MavenNumberItem.Zero : ParseItem(isDigit, version[start..i]));
                start = i + 1;
                if (c == '-')
                {
                    list = Descend(list, stack);
                }
            }
            else if (char.IsDigit(c))
            {
                if (!isDigit && i > start)
                {
                    // "X1" is read as "X-1": the qualifier, then a sub-list for the number.
                    if (list.Items.Count > 0)
                    {
                        list = Descend(list, stack);
                    }

                    list.Items.Add(new MavenStringItem(version[start..i], followedByDigit: true));
                    start = i;
                    list = Descend(list, stack);
                }

                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Items.Add(ParseItem(true, version[start..i]));
                    start = i;
                    list = Descend(list, stack);
                }

                isDigit = false;
            }
        }

        if (version.Length > start)
        {
            if (!isDigit && list.Items.Count > 0)
            {
                list = Descend(list, stack);
            }

            list.Items.Add(ParseItem(isDigit, version[start..]));
        }

        while (stack.Count > 0)
        {
            stack.Pop().Normalize();
        }

        return root;
    }

    private static MavenListItem Descend(MavenListItem list, Stack<MavenListItem> stack)
    {
        var child = new MavenListItem();
        list.Items.Add(child);
        stack.Push(child);
        return child;
    }

    private static MavenItem ParseItem(bool isDigit, string text)
    {
        if (!isDigit)
        {
            return new MavenStringItem(text, followedByDigit: false);
        }

        // Maven strips ASCII '0's but keeps an all-zero run whole; the stripped length picks int/long/BigInteger.
        var stripped = text.TrimStart('0');
        var typeLength = stripped.Length == 0 ? text.Length : stripped.Length;
        var rank = typeLength <= 9 ? 0 : typeLength <= 18 ? 1 : 2;

        // Character.isDigit accepts any Unicode decimal digit; use its value.
        var value = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            value.Append((char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)));
        }

        return new MavenNumberItem(rank, NumericText.TrimZeros(value.ToString()).ToString());
    }
}
