namespace SageKeep.Server.Objects;

/// <summary>An object opened for reading: its facts and its bytes. Disposing closes the stream.</summary>
public sealed class StoredObject(StoredObjectInfo info, Stream content) : IAsyncDisposable
{
    public StoredObjectInfo Info { get; } = info;

    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
