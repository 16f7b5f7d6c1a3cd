using System.Security.Cryptography;
using SageKeep.Security.Credentials;
using SageKeep.Server.Credentials;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Storage;

/// <summary>
/// Master key rotation leaves a consistent installation whatever point a crash interrupts it at: the
/// states a crash can leave are built by hand and the next run must recover from them.
/// </summary>
public sealed class MasterKeyRotationTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-rotation-").FullName;
    private readonly SqliteStateStore _store;
    private readonly PrincipalInfo _key = new("123456789012", "arn:aws:iam::123456789012:user/alice", "AIDAEXAMPLE", PrincipalType.User, "AKIAROTATIONEXAMPLE1");

    public MasterKeyRotationTests() => _store = new SqliteStateStore(Path.Combine(_directory, "state.db"));

    private string KeyPath => Path.Combine(_directory, "master.key");

    public async Task InitializeAsync()
    {
        await _store.InitializeAsync(default);
        await MigrationRunner.MigrateAsync(_store, MigrationCatalog.Embedded, TimeProvider.System, default);
        var (key, _, _) = MasterKeyFile.LoadOrCreate(KeyPath);
        (await MasterKeyRotation.CheckAsync(_store, key!, KeyPath, default)).ShouldBeNull();
        (await Keys(key!).AddAsync(_key, "secret-of-alice-0123456789012345678901", CredentialStatus.Active, default)).ShouldBeTrue();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Rotate_ReencryptsUnderANewKey_AndKeepsTheOldOne()
    {
        var old = await File.ReadAllBytesAsync(KeyPath);

        var (message, error) = await MasterKeyRotation.RotateAsync(_store, KeyPath, TimeProvider.System, default);

        error.ShouldBeNull();
        message.ShouldNotBeNull().ShouldContain("re-encrypted 1 secrets");
        var fresh = Load();
        fresh.Key.ToArray().ShouldNotBe(old);
        (await Keys(fresh).FindAsync(_key.AccessKeyId, default)).SecretAccessKey.ShouldBe("secret-of-alice-0123456789012345678901");
        (await Keys(new MasterKey(old)).FindAsync(_key.AccessKeyId, default)).Found.ShouldBeFalse();
        (await MasterKeyRotation.CheckAsync(_store, fresh, KeyPath, default)).ShouldBeNull();
        (await File.ReadAllBytesAsync(Directory.GetFiles(_directory, "master.key.replaced-*").ShouldHaveSingleItem())).ShouldBe(old);
    }

    [Fact]
    public async Task CrashBeforeTheCommit_LeavesTheOldKeyInForce_AndTheNextRunDiscardsTheStrayKey()
    {
        PrivateFiles.WriteNew(KeyPath + ".new", RandomNumberGenerator.GetBytes(32));
        var current = Load();
        (await MasterKeyRotation.CheckAsync(_store, current, KeyPath, default)).ShouldBeNull();
        (await Keys(current).FindAsync(_key.AccessKeyId, default)).Found.ShouldBeTrue();

        var (_, error) = await MasterKeyRotation.RotateAsync(_store, KeyPath, TimeProvider.System, default);

        error.ShouldBeNull();
        (await Keys(Load()).FindAsync(_key.AccessKeyId, default)).Found.ShouldBeTrue();
        File.Exists(KeyPath + ".new").ShouldBeFalse();
    }

    [Fact]
    public async Task CrashAfterTheCommitBeforeTheRename_IsRefusedAtStart_AndTheNextRunCompletesIt()
    {
        var old = await File.ReadAllBytesAsync(KeyPath);
        await MasterKeyRotation.RotateAsync(_store, KeyPath, TimeProvider.System, default);
        var rotated = await File.ReadAllBytesAsync(KeyPath);
        // Rebuild the state of a crash between the commit and the rename.
        foreach (var backup in Directory.GetFiles(_directory, "master.key.replaced-*"))
        {
            File.Delete(backup);
        }

        PrivateFiles.WriteNew(KeyPath + ".new", rotated);
        await File.WriteAllBytesAsync(KeyPath, old);

        var startError = await MasterKeyRotation.CheckAsync(_store, Load(), KeyPath, default);
        var (message, error) = await MasterKeyRotation.RotateAsync(_store, KeyPath, TimeProvider.System, default);

        startError.ShouldNotBeNull().ShouldContain("rotate-master-key");
        error.ShouldBeNull();
        message.ShouldBe("completed an interrupted master key rotation");
        (await File.ReadAllBytesAsync(KeyPath)).ShouldBe(rotated);
        (await Keys(Load()).FindAsync(_key.AccessKeyId, default)).Found.ShouldBeTrue();
        (await MasterKeyRotation.CheckAsync(_store, Load(), KeyPath, default)).ShouldBeNull();
    }

    [Fact]
    public async Task Rotate_WithAKeyTheDatabaseWasNotSealedWith_ChangesNothing()
    {
        var foreign = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllBytesAsync(KeyPath, foreign);

        var (_, error) = await MasterKeyRotation.RotateAsync(_store, KeyPath, TimeProvider.System, default);

        error.ShouldNotBeNull();
        (await File.ReadAllBytesAsync(KeyPath)).ShouldBe(foreign);
        File.Exists(KeyPath + ".new").ShouldBeFalse();
    }

    private MasterKey Load() => MasterKeyFile.LoadOrCreate(KeyPath).Key!;

    private AccessKeyStore Keys(MasterKey key) => new(_store, key, TimeProvider.System);
}
