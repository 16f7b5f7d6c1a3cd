using System.Runtime.Versioning;

// Containers, namespaces and cgroups exist on Linux only; the whole assembly says so once.
[assembly: SupportedOSPlatform("linux")]
