using SageKeep.Server.Registry.Storage;
using SageKeep.UnitTests.Server.Storage;

namespace SageKeep.UnitTests.Server.Registry.Storage;

/// <summary>
/// <see cref="RegistryStore.UntagAsync"/>: ECR's BatchDeleteImage by tag, checked and applied in one transaction
/// against a migrated SQLite state store.
/// </summary>
public sealed class RegistryStoreUntagTests : IAsyncLifetime, IDisposable
{
    private const string Repository = "team/app";
    private static readonly string First = "sha256:" + new string('a', 64);
    private static readonly string Second = "sha256:" + new string('b', 64);

    private MigratedStateStore _state = null!;
    private RegistryStore _store = null!;

    public async Task InitializeAsync()
    {
        _state = await MigratedStateStore.CreateAsync("sagekeep-registry-store-");
        _store = new RegistryStore(_state.State, TimeProvider.System);
        (await _store.CreateRepositoryAsync(new RepositoryInfo(Repository, DateTimeOffset.UnixEpoch, ImmutableTags: false, ScanOnPush: false), CancellationToken.None)).ShouldBeTrue();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task RemovingOneOfTwoTags_KeepsTheImage_AndTheLastTagTakesIt()
    {
        await PutAsync(First, "v1");
        await PutAsync(First, "latest");

        (await _store.UntagAsync(Repository, "v1", First, CancellationToken.None)).ShouldBeTrue();
        (await _store.GetManifestAsync(Repository, First, CancellationToken.None)).ShouldNotBeNull();
        (await _store.ResolveTagAsync(Repository, "latest", CancellationToken.None)).ShouldBe(First);

        (await _store.UntagAsync(Repository, "latest", First, CancellationToken.None)).ShouldBeTrue();
        (await _store.GetManifestAsync(Repository, First, CancellationToken.None)).ShouldBeNull();
        (await _store.ListImagesAsync(Repository, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ATagMovedAfterItWasResolved_IsLeftAlone_AndNeitherImageIsDeleted()
    {
        await PutAsync(First, "v1");
        await PutAsync(Second, "other");

        // BatchDeleteImage resolved v1 to First; before it deletes, a push moves v1 to Second.
        await PutAsync(Second, "v1");

        (await _store.UntagAsync(Repository, "v1", First, CancellationToken.None)).ShouldBeFalse();
        (await _store.ResolveTagAsync(Repository, "v1", CancellationToken.None)).ShouldBe(Second);
        (await _store.GetManifestAsync(Repository, First, CancellationToken.None)).ShouldNotBeNull();
        (await _store.GetManifestAsync(Repository, Second, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task AnUnknownTag_ChangesNothing()
    {
        await PutAsync(First, "v1");

        (await _store.UntagAsync(Repository, "v2", First, CancellationToken.None)).ShouldBeFalse();
        (await _store.ListImagesAsync(Repository, CancellationToken.None)).Single().Tags.ShouldBe(["v1"]);
    }

    private async Task PutAsync(string digest, string tag)
    {
        var manifest = new ManifestRecord(Repository, digest, "application/vnd.oci.image.manifest.v1+json", 100, null, null, 100, DateTimeOffset.UnixEpoch);
        (await _store.PutManifestAsync(manifest, [], tag, CancellationToken.None)).ShouldBe(PutManifestOutcome.Stored);
    }
}
