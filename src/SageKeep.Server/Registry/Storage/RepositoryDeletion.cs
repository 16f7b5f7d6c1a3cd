namespace SageKeep.Server.Registry.Storage;

/// <summary>The outcome of deleting a repository.</summary>
internal enum RepositoryDeletion
{
    Deleted,
    NotFound,
    NotEmpty,
}
