namespace SageKeep.Runtime.Oci;

/// <summary>
/// The user namespace every training container gets: ids 0..Size-1 inside are HostId..HostId+Size-1 outside, so
/// root in the container is an unprivileged, otherwise unused id on the host.
/// </summary>
public sealed record UserNamespaceMapping(int HostId, int Size)
{
    /// <summary>The conventional first subordinate range (subuid(5)): 100000, 65536 ids.</summary>
    public static UserNamespaceMapping Default { get; } = new(100_000, 65_536);
}
