namespace SageKeep.Server.Protocols.Query;

/// <summary>
/// One segment of dotted query parameter names (<c>Tags.member.1.Key</c>): its value if a parameter
/// ends here, and the segments below it.
/// </summary>
internal sealed class QueryNode
{
    public string? Value { get; set; }

    public Dictionary<string, QueryNode>? Children { get; private set; }

    public QueryNode? Child(string name) =>
        Children is not null && Children.TryGetValue(name, out var child) ? child : null;

    public QueryNode GetOrAdd(string name)
    {
        Children ??= new Dictionary<string, QueryNode>(StringComparer.Ordinal);
        if (!Children.TryGetValue(name, out var child))
        {
            child = new QueryNode();
            Children[name] = child;
        }

        return child;
    }

    /// <summary>The children named 1, 2, 3... in numeric order (list items and map entries).</summary>
    public IEnumerable<QueryNode> Indexed()
    {
        if (Children is null)
        {
            return [];
        }

        return Children
            .Select(pair => (Index: int.TryParse(pair.Key, out var index) && index > 0 ? index : 0, Node: pair.Value))
            .Where(item => item.Index > 0)
            .OrderBy(item => item.Index)
            .Select(item => item.Node);
    }

    /// <summary>Builds the tree from flat parameters, refusing names nested deeper than <paramref name="maxDepth"/>.</summary>
    public static QueryNode? Build(IReadOnlyDictionary<string, string> parameters, int maxDepth)
    {
        var root = new QueryNode();
        foreach (var (name, value) in parameters)
        {
            var node = root;
            var depth = 0;
            foreach (var range in name.AsSpan().Split('.'))
            {
                if (++depth > maxDepth)
                {
                    return null;
                }

                node = node.GetOrAdd(name[range]);
            }

            node.Value = value;
        }

        return root;
    }
}
