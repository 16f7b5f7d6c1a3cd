namespace SageKeep.Runtime.Oci;

/// <summary>
/// The capabilities a training container keeps (bounding, effective, permitted; none inheritable or ambient). All
/// of them act only inside the container's user namespace. Training scripts run as root and install packages,
/// chown their outputs, drop to other users and signal their workers; nothing more is needed. Left out against
/// Docker's default: NET_RAW (raw sockets, spoofing), MKNOD, AUDIT_WRITE, SYS_CHROOT, SETPCAP, SETFCAP.
/// See docs/design/0002-container-hardening.md.
/// </summary>
public static class ContainerCapabilities
{
    public static IReadOnlyList<string> Kept { get; } =
    [
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_NET_BIND_SERVICE",
    ];
}
