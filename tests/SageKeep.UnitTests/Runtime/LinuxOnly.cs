using System.Runtime.Versioning;

// SageKeep.Runtime and the root filesystem unpacker are Linux-only, like the tests that exercise them.
[assembly: SupportedOSPlatform("linux")]
