using System.Text.Json.Nodes;

namespace SageKeep.Server.Services.Ec2.Store;

/// <summary>
/// Every EC2 networking resource of the installation, read in one transaction; a change records what to write
/// back. Resources are the documents Describe answers with (model member names), keyed by id; the kind is the
/// id's prefix (<c>vpc</c>, <c>subnet</c>, <c>sg</c>, <c>vpce</c>, <c>eni</c>).
/// </summary>
internal sealed class Ec2State(Dictionary<string, JsonObject> resources)
{
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Changed => _changed;

    public IReadOnlyCollection<string> Removed => _removed;

    public JsonObject? Find(string id) => resources.GetValueOrDefault(id);

    public JsonObject? Find(string kind, string id) =>
        Kind(id) == kind ? resources.GetValueOrDefault(id) : null;

    public IEnumerable<JsonObject> All(string kind) =>
        resources.Where(r => Kind(r.Key) == kind).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value);

    public IEnumerable<JsonObject> InVpc(string kind, string vpcId) =>
        All(kind).Where(d => Ec2Doc.Text(d, "VpcId") == vpcId);

    /// <summary>Adds or replaces a resource (after changing a document in place, put it again to have it written).</summary>
    public void Put(string id, JsonObject document)
    {
        resources[id] = document;
        _changed.Add(id);
        _removed.Remove(id);
    }

    public void Remove(string id)
    {
        resources.Remove(id);
        _changed.Remove(id);
        _removed.Add(id);
    }

    public static string Kind(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? string.Empty : id[..dash];
    }
}
