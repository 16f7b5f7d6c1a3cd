using System.Globalization;
using System.Text;
using SageKeep.Scanning.Versions;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>Reads the oracle-generated TSV files under TestData/Scanning/Versions (see the README there).</summary>
internal static class VersionVectors
{
    public static string PathOf(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Versions", fileName);

    /// <summary>Rows of a TSV file, without the leading "#" header line.</summary>
    public static IReadOnlyList<string[]> Rows(string fileName)
    {
        var rows = new List<string[]>();
        foreach (var line in File.ReadLines(PathOf(fileName), Encoding.UTF8))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            rows.Add(line.Split('\t'));
        }

        return rows;
    }

    /// <summary>Pairs (a, b, expected sign) of a comparison file.</summary>
    public static IReadOnlyList<(string A, string B, int Expected)> Pairs(string fileName) =>
        Rows(fileName).Select(r => (r[0], r[1], int.Parse(r[2], CultureInfo.InvariantCulture))).ToList();

    /// <summary>Runs <paramref name="check"/> on every row and fails listing the first 20 rows that disagree.</summary>
    public static void AssertAll<T>(IReadOnlyList<T> rows, Func<T, string?> check, int minimumRows)
    {
        rows.Count.ShouldBeGreaterThanOrEqualTo(minimumRows);
        var mismatches = new List<string>();
        var count = 0;
        foreach (var row in rows)
        {
            var problem = check(row);
            if (problem is null)
            {
                continue;
            }

            count++;
            if (mismatches.Count < 20)
            {
                mismatches.Add(problem);
            }
        }

        count.ShouldBe(0, $"{count} of {rows.Count} rows disagree with the oracle; first ones:\n" + string.Join('\n', mismatches));
    }

    /// <summary>Checks a comparer against a comparison file: result, and its mirror image.</summary>
    public static void AssertComparer(IVersionComparer comparer, string fileName, int minimumRows)
    {
        AssertAll(Pairs(fileName), p =>
        {
            if (!comparer.TryCompare(p.A, p.B, out var actual))
            {
                return $"[{p.A}] vs [{p.B}]: not compared (invalid), oracle says {p.Expected}";
            }

            var mirrored = comparer.TryCompare(p.B, p.A, out var back) ? back : 99;
            return actual == p.Expected && mirrored == -p.Expected
                ? null
                : $"[{p.A}] vs [{p.B}]: got {actual} (mirror {mirrored}), oracle says {p.Expected}";
        }, minimumRows);
    }

    /// <summary>Checks IsValid against a validity file (version, 1/0).</summary>
    public static void AssertValidity(IVersionComparer comparer, string fileName, int minimumRows) =>
        AssertAll(Rows(fileName), r =>
        {
            var expected = r[1] == "1";
            return comparer.IsValid(r[0]) == expected ? null : $"[{r[0]}]: IsValid {!expected}, oracle says {expected}";
        }, minimumRows);
}
