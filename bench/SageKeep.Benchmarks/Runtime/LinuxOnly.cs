using System.Runtime.Versioning;

// The runtime suite drives runc, namespaces and cgroups: Linux only, like SageKeep.Runtime.
[assembly: SupportedOSPlatform("linux")]
