namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>An ELF program header (System V ABI, "Program Header"): type, flags, file and memory range.</summary>
internal sealed record ElfSegment(uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize)
{
    public const uint Load = 1;

    public const uint Writable = 2;
}
