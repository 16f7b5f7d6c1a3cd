namespace SageKeep.Server.Services.Iam.Store;

/// <summary>A user, group or role as the policy operations name it: kind, unique id, name, path and ARN.</summary>
internal sealed record EntityRef(IamEntityKind Kind, string Id, string Name, string Path, string Arn);
