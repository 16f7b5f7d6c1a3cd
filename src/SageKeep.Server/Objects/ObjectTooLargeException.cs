namespace SageKeep.Server.Objects;

/// <summary>Thrown by <see cref="BlobSink"/> when an upload passes its size limit (S3's EntityTooLarge).</summary>
public sealed class ObjectTooLargeException : IOException
{
    public ObjectTooLargeException()
    {
    }

    public ObjectTooLargeException(string message)
        : base(message)
    {
    }

    public ObjectTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ObjectTooLargeException(long limit)
        : base($"Your proposed upload exceeds the maximum allowed size of {limit} bytes.")
    {
        Limit = limit;
    }

    public long Limit { get; }
}
