using Microsoft.Extensions.Time.Testing;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>A database in its own temporary directory, removed on dispose.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string directory, FakeTimeProvider time)
    {
        Directory = directory;
        Time = time;
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; }

    public VulnDatabase Database { get; private set; } = null!;

    public string DatabasePath => Path.Combine(Directory, "vulndb.sqlite");

    public static async Task<TempDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sagekeep-vulndb-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var temp = new TempDatabase(directory, new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        await temp.ReopenAsync();
        return temp;
    }

    public async Task ReopenAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        var (database, error) = await VulnDatabase.OpenAsync(DatabasePath, Time, CancellationToken.None);
        error.ShouldBeNull();
        Database = database!;
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<ImportResult> ImportAsync(params string[] paths) =>
        Database.ImportAsync(paths, null, null, CancellationToken.None);

    public async Task<Dictionary<string, int>> CountsAsync() =>
        (await Database.GetStatusAsync(CancellationToken.None)).ToDictionary(s => s.Source, s => s.Records);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
