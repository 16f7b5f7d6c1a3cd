using Microsoft.Extensions.Time.Testing;
using SageKeep.Server.Objects;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Objects;

/// <summary>A migrated SQLite state store and an embedded object store in a temporary directory, deleted on dispose.</summary>
internal sealed class EmbeddedStoreScope : IAsyncDisposable
{
    private readonly SqliteStateStore _state;

    private EmbeddedStoreScope(string directory, SqliteStateStore state, FakeTimeProvider time)
    {
        Directory = directory;
        _state = state;
        Time = time;
        Store = new EmbeddedObjectStore(state, Path.Combine(directory, "objects"), time);
    }

    public string Directory { get; }

    public EmbeddedObjectStore Store { get; }

    public FakeTimeProvider Time { get; }

    public string ObjectsDirectory => Path.Combine(Directory, "objects");

    public static async Task<EmbeddedStoreScope> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sagekeep-objects-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var state = new SqliteStateStore(Path.Combine(directory, "state.db"));
        await state.InitializeAsync(CancellationToken.None);
        await MigrationRunner.MigrateAsync(state, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
        return new EmbeddedStoreScope(directory, state, new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
    }

    /// <summary>A second store instance over the same files (a restart).</summary>
    public EmbeddedObjectStore Reopen() => new(_state, ObjectsDirectory, Time);

    public async Task<StoredObjectInfo> PutAsync(string bucket, string key, string text) =>
        await Store.PutAsync(bucket, key, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "text/plain", CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
