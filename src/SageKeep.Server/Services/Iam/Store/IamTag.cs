namespace SageKeep.Server.Services.Iam.Store;

/// <summary>A tag on a user or role.</summary>
internal sealed record IamTag(string Key, string Value);
