using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Storage;

/// <summary>A SQLite state store in a temporary directory with every embedded migration applied, deleted on dispose.</summary>
internal sealed class MigratedStateStore : IDisposable
{
    private MigratedStateStore(string directory, SqliteStateStore state)
    {
        Directory = directory;
        State = state;
    }

    public string Directory { get; }

    public SqliteStateStore State { get; }

    public static async Task<MigratedStateStore> CreateAsync(string prefix)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        var state = new SqliteStateStore(Path.Combine(directory, "state.db"));
        await state.InitializeAsync(CancellationToken.None);
        await MigrationRunner.MigrateAsync(state, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
        return new MigratedStateStore(directory, state);
    }

    public void Dispose()
    {
        State.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
