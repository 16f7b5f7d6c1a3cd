namespace SageKeep.Runtime.Oci;

/// <summary>
/// The default seccomp profile: allow by default, and answer EPERM (SCMP_ACT_ERRNO) to the system calls a training
/// job has no business making: kernel modules and kexec, mounts and namespace changes, tracing other processes,
/// keyrings, clock and swap changes, BPF and perf, handle-based opens, userfaultfd and io_uring (a frequent source
/// of kernel bugs). A deny list, not Docker's allow list: simpler to audit, and the user namespace, the dropped
/// capabilities and no_new_privileges already bound the rest. See docs/design/0002-container-hardening.md.
/// </summary>
public static class SeccompPolicy
{
    /// <summary>Architectures the filter covers; a 32-bit syscall entry on x86_64 must not bypass it.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"];

    public static IReadOnlyList<string> Denied { get; } =
    [
        "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module",
        "finit_module", "fsconfig", "fsmount", "fsopen", "fspick", "get_kernel_syms", "init_module",
        "io_uring_enter", "io_uring_register", "io_uring_setup", "ioperm", "iopl", "kcmp", "kexec_file_load",
        "kexec_load", "keyctl", "lookup_dcookie", "mount", "mount_setattr", "move_mount", "name_to_handle_at",
        "nfsservctl", "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root", "process_vm_readv",
        "process_vm_writev", "ptrace", "quotactl", "reboot", "request_key", "setns", "settimeofday", "stime",
        "swapoff", "swapon", "sysfs", "_sysctl", "umount", "umount2", "unshare", "uselib", "userfaultfd",
        "ustat", "vm86", "vm86old",
    ];
}
