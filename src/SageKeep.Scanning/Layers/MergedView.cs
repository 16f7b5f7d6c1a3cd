namespace SageKeep.Scanning.Layers;

/// <summary>
/// The union filesystem the layers build, held as metadata only (no content): the OCI image spec's
/// layer.md "Applying Changesets". Whiteouts and opaque markers remove lower-layer nodes only; symbolic links
/// resolve inside the image root, where "/.." is "/" (as a chroot would see it).
/// </summary>
internal sealed class MergedView
{
    private const int MaxSymlinkHops = 40;
    private readonly FsNode _root = new(FsNodeKind.Directory, -1, 0) { Children = new(StringComparer.Ordinal) };

    public long NodeCount { get; private set; }

    /// <summary>Places a node at the path, creating missing parents as directories of this layer.</summary>
    /// <returns>The node, or null when a parent is a symbolic link whose target leaves the image root.</returns>
    public FsNode? Put(string[] components, FsNodeKind kind, int layer, long sequence)
    {
        var parent = ParentFor(components, layer, sequence);
        if (parent is null)
        {
            return null;
        }

        var name = components[^1];
        if (kind == FsNodeKind.Directory && parent.Children!.TryGetValue(name, out var existing) && existing.Kind == FsNodeKind.Directory)
        {
            // Re-declaring a directory keeps its lower-layer children (only whiteouts remove them).
            existing.Layer = layer;
            existing.Sequence = sequence;
            return existing;
        }

        var node = new FsNode(kind, layer, sequence);
        if (kind == FsNodeKind.Directory)
        {
            node.Children = new(StringComparer.Ordinal);
        }

        if (!parent.Children!.ContainsKey(name))
        {
            NodeCount++;
        }

        parent.Children[name] = node;
        return node;
    }

    /// <summary>A ".wh.name" marker: removes the lower-layer node at the path (and everything under it).</summary>
    public void WhiteOut(string[] components, int layer)
    {
        if (Find(components) is not { } parentAndNode)
        {
            return;
        }

        var (parent, node) = parentAndNode;
        if (node.Layer < layer)
        {
            parent.Children!.Remove(components[^1]);
        }
        else
        {
            PruneLower(node, layer);
        }
    }

    /// <summary>A ".wh..wh..opq" marker: hides every lower-layer node under the directory, whatever the tar order.</summary>
    public void MakeOpaque(string[] directory, int layer)
    {
        var node = directory.Length == 0 ? _root : Find(directory)?.Node;
        if (node is not null)
        {
            PruneLower(node, layer);
        }
    }

    /// <summary>The node at the path without following a final symlink; intermediate symlinks are followed inside the root.</summary>
    public FsNode? Lookup(string path) => Resolve(EntryPath.Split(path) ?? [], followFinal: false, out _, out _);

    /// <summary>Follows symbolic links inside the image root; returns the node and the resolved absolute path.</summary>
    public FsNode? ResolveFile(string path, out string resolvedPath)
    {
        var components = EntryPath.Split(path) ?? [];
        var node = Resolve(components, followFinal: true, out resolvedPath, out _);
        return node;
    }

    private static void PruneLower(FsNode directory, int layer)
    {
        if (directory.Children is null)
        {
            return;
        }

        foreach (var (name, child) in directory.Children.ToList())
        {
            if (child.Layer < layer)
            {
                directory.Children.Remove(name);
            }
            else
            {
                PruneLower(child, layer);
            }
        }
    }

    private (FsNode Parent, FsNode Node)? Find(string[] components)
    {
        if (components.Length == 0)
        {
            return null;
        }

        var parent = Resolve(components[..^1], followFinal: true, out _, out _);
        return parent?.Children is { } children && children.TryGetValue(components[^1], out var node) ? (parent, node) : null;
    }

    private FsNode? ParentFor(string[] components, int layer, long sequence)
    {
        var current = _root;
        var path = new List<string>();
        for (var i = 0; i < components.Length - 1; i++)
        {
            if (!current.Children!.TryGetValue(components[i], out var next))
            {
                next = new FsNode(FsNodeKind.Directory, layer, sequence) { Children = new(StringComparer.Ordinal) };
                current.Children[components[i]] = next;
                NodeCount++;
            }
            else if (next.Kind == FsNodeKind.Symlink)
            {
                // An entry under a symlinked directory lands where the link points, inside the root; a link that
                // would take it outside the root is refused by the caller.
                next = Resolve([.. path, components[i]], followFinal: true, out var resolved, out var escaped);
                if (escaped || next is null || next.Kind != FsNodeKind.Directory)
                {
                    return null;
                }

                path = [.. EntryPath.Split(resolved) ?? []];
                current = next;
                continue;
            }
            else if (next.Kind != FsNodeKind.Directory)
            {
                next = new FsNode(FsNodeKind.Directory, layer, sequence) { Children = new(StringComparer.Ordinal) };
                current.Children[components[i]] = next;
            }

            path.Add(components[i]);
            current = next;
        }

        return current;
    }

    /// <summary>
    /// Walks components from the root, substituting symbolic links (absolute targets from the root, relative ones
    /// from the link's directory) at most <see cref="MaxSymlinkHops"/> times, as path_resolution(7) does.
    /// </summary>
    private FsNode? Resolve(string[] components, bool followFinal, out string resolvedPath, out bool escaped)
    {
        escaped = false;
        var stack = new List<(string Name, FsNode Node)>();
        var pending = new Queue<string>(components);
        var hops = 0;
        resolvedPath = "/";
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            if (name is "." or "")
            {
                continue;
            }

            if (name == "..")
            {
                if (stack.Count == 0)
                {
                    escaped = true;
                }
                else
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                continue;
            }

            var current = stack.Count == 0 ? _root : stack[^1].Node;
            if (current.Children is null || !current.Children.TryGetValue(name, out var child))
            {
                return null;
            }

            if (child.Kind == FsNodeKind.Symlink && (pending.Count > 0 || followFinal))
            {
                if (++hops > MaxSymlinkHops || child.LinkTarget is null)
                {
                    return null;
                }

                var target = child.LinkTarget;
                if (target.StartsWith('/'))
                {
                    stack.Clear();
                }

                var rest = pending.ToArray();
                pending.Clear();
                foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                {
                    pending.Enqueue(part);
                }

                continue;
            }

            stack.Add((name, child));
        }

        resolvedPath = "/" + string.Join('/', stack.Select(s => s.Name));
        return stack.Count == 0 ? _root : stack[^1].Node;
    }
}
