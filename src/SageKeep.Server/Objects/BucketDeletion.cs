namespace SageKeep.Server.Objects;

/// <summary>The outcome of deleting a bucket.</summary>
internal enum BucketDeletion
{
    Deleted,
    NoSuchBucket,
    NotEmpty,
}
