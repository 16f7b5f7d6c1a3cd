namespace SageKeep.Scanning.Versions.Maven;

/// <summary>A sub-list, started by '-' or by a transition between digits and letters.</summary>
internal sealed class MavenListItem : MavenItem
{
    public List<MavenItem> Items { get; } = [];

    public override bool IsNull => Items.Count == 0;

    /// <summary>Removes trailing "nothing" items (0, release qualifiers, empty lists), looking past non-empty lists.</summary>
    public void Normalize()
    {
        for (var i = Items.Count - 1; i >= 0; i--)
        {
            var item = Items[i];
            if (item.IsNull)
            {
                Items.RemoveAt(i);
            }
            else if (item is not MavenListItem)
            {
                break;
            }
        }
    }

    public override int CompareTo(MavenItem? other)
    {
        switch (other)
        {
            case null:
                foreach (var item in Items)
                {
                    var rc = item.CompareTo(null);
                    if (rc != 0)
                    {
                        return rc;
                    }
                }

                return 0;
            case MavenNumberItem:
                return -1;
            case MavenStringItem:
                return 1;
            case MavenListItem list:
                var count = Math.Max(Items.Count, list.Items.Count);
                for (var i = 0; i < count; i++)
                {
                    var left = i < Items.Count ? Items[i] : null;
                    var right = i < list.Items.Count ? list.Items[i] : null;
                    var rc = left is null ? (right is null ? 0 : -right.CompareTo(null)) : left.CompareTo(right);
                    if (rc != 0)
                    {
                        return rc;
                    }
                }

                return 0;
            default:
                return 1;
        }
    }
}
