namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>An ELF section header (System V ABI, "Sections"): name, file range, load address.</summary>
internal sealed record ElfSection(string Name, ulong Address, ulong Offset, ulong Size, uint Type);
