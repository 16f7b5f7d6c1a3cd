using System.Data.Common;
using SageKeep.Server.Services.SageMaker.Inference;
using SageKeep.Server.Services.SageMaker.Marketplace;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Services.SageMaker.TrainingJobs;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Services.SageMaker.Tags;

/// <summary>
/// A SageMaker resource and the tags it is created with are one transaction: both are there, or (when the tag write
/// fails) neither is; a second create of the same name changes neither the first resource nor its tags.
/// </summary>
public sealed class CreateWithTagsTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-create-tags-").FullName;

    private readonly SqliteStateStore _state;

    public CreateWithTagsTests() => _state = new SqliteStateStore(Path.Combine(_directory, "state.db"));

    [Fact]
    public async Task EachStore_WritesTheTagsWithTheResource_AndADuplicateKeepsTheFirst()
    {
        await MigrateAsync();
        var tags = new SageMakerTagStore(_state);
        var inference = new InferenceStore(_state);
        var marketplace = new MarketplaceStore(_state);
        var training = new TrainingJobStore(_state);
        const string model = "arn:aws:sagemaker:us-east-1:123456789012:model/m1";
        const string algorithm = "arn:aws:sagemaker:us-east-1:123456789012:algorithm/a1";
        const string job = "arn:aws:sagemaker:us-east-1:123456789012:training-job/j1";

        (await inference.AddAsync(InferenceStore.Model, "m1", model, "Created", Created, [], Tags(("team", "ml")), CancellationToken.None)).ShouldBeTrue();
        (await marketplace.AddAsync(MarketplaceStore.Algorithm, "a1", algorithm, "Pending", Created, [], Tags(("cost", "7")), CancellationToken.None)).ShouldBeTrue();
        (await training.AddAsync("j1", job, Created, [], Tags(("env", "dev")), CancellationToken.None)).ShouldBeTrue();
        (await inference.AddAsync(InferenceStore.Model, "m1", model, "Created", Created, [], Tags(("team", "other")), CancellationToken.None)).ShouldBeFalse();

        (await tags.GetAsync(model, CancellationToken.None)).ShouldBe(Tags(("team", "ml")));
        (await tags.GetAsync(algorithm, CancellationToken.None)).ShouldBe(Tags(("cost", "7")));
        (await tags.GetAsync(job, CancellationToken.None)).ShouldBe(Tags(("env", "dev")));
    }

    [Fact]
    public async Task ATagWriteThatFails_LeavesNoResource()
    {
        await MigrateAsync();
        var inference = new InferenceStore(_state);
        var training = new TrainingJobStore(_state);
        var marketplace = new MarketplaceStore(_state);
        (await marketplace.AddAsync(MarketplaceStore.ModelPackageGroup, "g1", "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g1", "Completed", Created, [], null, CancellationToken.None)).ShouldBeTrue();

        // Without the tag table every tag write fails: the insert before it in the same transaction must go too.
        await _state.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using DbCommand drop = connection.CreateCommand("DROP TABLE sagemaker_tags", transaction);
                await drop.ExecuteNonQueryAsync(token);
            },
            CancellationToken.None);

        await Should.ThrowAsync<DbException>(() => inference.AddAsync(InferenceStore.Model, "m2", "arn:aws:sagemaker:us-east-1:123456789012:model/m2", "Created", Created, [], Tags(("k", "v")), CancellationToken.None));
        await Should.ThrowAsync<DbException>(() => training.AddAsync("j2", "arn:aws:sagemaker:us-east-1:123456789012:training-job/j2", Created, [], Tags(("k", "v")), CancellationToken.None));
        await Should.ThrowAsync<DbException>(() => marketplace.AddVersionAsync("g1", "Pending", Created, v => ($"arn:aws:sagemaker:us-east-1:123456789012:model-package/g1/{v}", []), Tags(("k", "v")), CancellationToken.None));

        (await inference.GetAsync(InferenceStore.Model, "m2", CancellationToken.None)).ShouldBeNull();
        (await training.GetAsync("j2", CancellationToken.None)).ShouldBeNull();
        (await marketplace.ListAsync(MarketplaceStore.ModelPackage, CancellationToken.None)).ShouldBeEmpty();
    }

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private async Task MigrateAsync()
    {
        await _state.InitializeAsync(CancellationToken.None);
        await MigrationRunner.MigrateAsync(_state, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
    }
}
