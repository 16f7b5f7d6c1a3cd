namespace SageKeep.Server.Services.Iam.Store;

/// <summary>The identities policies attach to or embed in.</summary>
internal enum IamEntityKind
{
    User,
    Group,
    Role,
}
