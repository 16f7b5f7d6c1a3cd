using System.Runtime.Versioning;

// The integration tests drive Linux processes (runc, ip, nft, openssl, the server) and SageKeep.Runtime is Linux-only.
[assembly: SupportedOSPlatform("linux")]
