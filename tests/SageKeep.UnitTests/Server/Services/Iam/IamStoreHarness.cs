using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Core;
using SageKeep.Server.Credentials;
using SageKeep.Server.Services.Iam.Store;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Services.Iam;

/// <summary>A real IAM store over a migrated SQLite state store in a temporary directory.</summary>
internal sealed class IamStoreHarness : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("sagekeep-iam-").FullName;

    private IamStoreHarness()
    {
        State = new SqliteStateStore(Path.Combine(_directory, "state.db"));
        MasterKey = new MasterKey(RandomNumberGenerator.GetBytes(MasterKey.LengthInBytes));
        Keys = new AccessKeyStore(State, MasterKey, Time);
        Store = new IamStore(State, new AwsAccount(AccountId, "us-east-1"), Time, Keys);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public SqliteStateStore State { get; }

    public MasterKey MasterKey { get; }

    public AccessKeyStore Keys { get; }

    public IamStore Store { get; }

    public string Directory => _directory;

    public static async Task<IamStoreHarness> CreateAsync()
    {
        var harness = new IamStoreHarness();
        await harness.State.InitializeAsync(CancellationToken.None);
        await MigrationRunner.MigrateAsync(harness.State, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
        return harness;
    }

    public static string Allow(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    public static string Deny(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    public const string TrustSageMaker = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public ValueTask DisposeAsync()
    {
        State.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
