namespace SageKeep.Scanning.Matching;

/// <summary>
/// Merges the candidates of one package into vulnerabilities: two candidates are the same vulnerability when
/// they share any id (a GHSA aliasing a CVE, a PYSEC aliasing both), transitively (union–find over ids).
/// </summary>
internal static class AliasGroups
{
    public static List<List<Candidate>> Group(IReadOnlyList<Candidate> candidates)
    {
        var parent = Enumerable.Range(0, candidates.Count).ToArray();
        var owner = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < candidates.Count; i++)
        {
            foreach (var id in candidates[i].Ids)
            {
                if (owner.TryGetValue(id, out var other))
                {
                    parent[Find(parent, i)] = Find(parent, other);
                }
                else
                {
                    owner[id] = i;
                }
            }
        }

        return candidates
            .Select((c, i) => (Candidate: c, Root: Find(parent, i)))
            .GroupBy(x => x.Root)
            .Select(g => g.Select(x => x.Candidate).ToList())
            .ToList();
    }

    /// <summary>The id to show: the first CVE, else the first GHSA, else the first id (ordinal order, so stable).</summary>
    public static string PrimaryId(IEnumerable<string> ids)
    {
        var sorted = ids.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return sorted.FirstOrDefault(i => i.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
            ?? sorted.FirstOrDefault(i => i.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase))
            ?? sorted[0];
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
