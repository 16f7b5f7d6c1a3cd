namespace SageKeep.Server.Registry.Storage;

/// <summary>An open blob upload: its id (the URL's last segment), repository and the bytes received so far.</summary>
internal sealed record UploadSession(string Id, string Repository, string DataPath, long Size);
