using Microsoft.Extensions.Time.Testing;
using SageKeep.Server.Objects;
using SageKeep.UnitTests.Server.Storage;

namespace SageKeep.UnitTests.Server.Objects;

/// <summary>A migrated SQLite state store and an embedded object store in a temporary directory, deleted on dispose.</summary>
internal sealed class EmbeddedStoreScope : IAsyncDisposable
{
    private readonly MigratedStateStore _state;

    private EmbeddedStoreScope(MigratedStateStore state, FakeTimeProvider time)
    {
        _state = state;
        Time = time;
        Store = new EmbeddedObjectStore(state.State, ObjectsDirectory, time);
    }

    public string Directory => _state.Directory;

    public EmbeddedObjectStore Store { get; }

    public FakeTimeProvider Time { get; }

    public string ObjectsDirectory => Path.Combine(Directory, "objects");

    public static async Task<EmbeddedStoreScope> CreateAsync() =>
        new(await MigratedStateStore.CreateAsync("sagekeep-objects-"), new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    /// <summary>A second store instance over the same files (a restart).</summary>
    public EmbeddedObjectStore Reopen() => new(_state.State, ObjectsDirectory, Time);

    public async Task<StoredObjectInfo> PutAsync(string bucket, string key, string text) =>
        await Store.PutAsync(bucket, key, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "text/plain", CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        return ValueTask.CompletedTask;
    }
}
