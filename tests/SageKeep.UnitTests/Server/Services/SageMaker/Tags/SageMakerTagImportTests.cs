using System.Text.Json.Nodes;
using SageKeep.Server.Services.SageMaker.Inference;
using SageKeep.Server.Services.SageMaker.Marketplace;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Services.SageMaker.Tags;

/// <summary>Tags kept inside resource documents by earlier versions move to the tag store once, at start.</summary>
public sealed class SageMakerTagImportTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-tags-").FullName;

    private readonly SqliteStateStore _state;

    public SageMakerTagImportTests() => _state = new SqliteStateStore(Path.Combine(_directory, "state.db"));

    [Fact]
    public async Task Import_MovesDocumentTagsOfInferenceAndMarketplaceResources_AndRemovesTheMembers()
    {
        await _state.InitializeAsync(CancellationToken.None);
        await MigrationRunner.MigrateAsync(_state, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        const string modelArn = "arn:aws:sagemaker:us-east-1:123456789012:model/m1";
        const string groupArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g1";
        var inference = new InferenceStore(_state);
        var legacyModel = new JsonObject { ["ModelName"] = "m1", ["_Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "ml" }) };
        (await inference.AddAsync(InferenceStore.Model, "m1", modelArn, "Created", created, legacyModel, null, CancellationToken.None)).ShouldBeTrue();
        var marketplace = new MarketplaceStore(_state);
        var legacyGroup = new JsonObject { ["ModelPackageGroupName"] = "g1", ["SageKeepTags"] = new JsonArray(new JsonObject { ["Key"] = "cost", ["Value"] = "7" }, new JsonObject { ["Key"] = "env", ["Value"] = "dev" }) };
        (await marketplace.AddAsync(MarketplaceStore.ModelPackageGroup, "g1", groupArn, "Completed", created, legacyGroup, null, CancellationToken.None)).ShouldBeTrue();

        var import = new SageMakerTagImport(_state);
        await import.StartAsync(CancellationToken.None);
        await import.StartAsync(CancellationToken.None);

        var tags = new SageMakerTagStore(_state);
        (await tags.GetAsync(modelArn, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["team"] = "ml" });
        (await tags.GetAsync(groupArn, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["cost"] = "7", ["env"] = "dev" });
        (await inference.GetAsync(InferenceStore.Model, "m1", CancellationToken.None))!.ContainsKey("_Tags").ShouldBeFalse();
        (await marketplace.GetAsync(MarketplaceStore.ModelPackageGroup, "g1", CancellationToken.None))!.ContainsKey("SageKeepTags").ShouldBeFalse();

        // Deleting the resource takes its tags along.
        (await inference.DeleteAsync(InferenceStore.Model, "m1", CancellationToken.None)).ShouldBeTrue();
        (await tags.GetAsync(modelArn, CancellationToken.None)).ShouldBeEmpty();
    }

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
