using SageKeep.Security.Credentials;

namespace SageKeep.UnitTests.Server.Services.Iam;

/// <summary>
/// The access key lookup cache of <c>AccessKeyStore</c> over a real SQLite store: a used key is answered from
/// memory, and every write (IAM's and the store's own) is seen by the very next lookup.
/// </summary>
public sealed class AccessKeyCacheTests : IAsyncLifetime
{
    private IamStoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await IamStoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task UsedKey_IsCached_AndStatusChangesAndDeletion_AreSeenByTheNextLookup()
    {
        await _h.Store.CreateUserAsync("alice", "/", null, [], default);
        var (key, secret) = (await _h.Store.CreateAccessKeyAsync("alice", default)).Value;
        var first = await _h.Keys.FindAsync(key.AccessKeyId, default);
        var cached = _h.Keys.CachedKeys;

        (await _h.Store.UpdateAccessKeyAsync("alice", key.AccessKeyId, "Inactive", default)).Error.ShouldBeNull();
        var inactive = await _h.Keys.FindAsync(key.AccessKeyId, default);
        (await _h.Store.UpdateAccessKeyAsync("alice", key.AccessKeyId, "Active", default)).Error.ShouldBeNull();
        var active = await _h.Keys.FindAsync(key.AccessKeyId, default);
        (await _h.Keys.SetStatusAsync(key.AccessKeyId, CredentialStatus.Inactive, default)).ShouldBeTrue();
        var inactiveAgain = await _h.Keys.FindAsync(key.AccessKeyId, default);
        (await _h.Store.DeleteAccessKeyAsync("alice", key.AccessKeyId, default)).Error.ShouldBeNull();
        var deleted = await _h.Keys.FindAsync(key.AccessKeyId, default);

        first.Found.ShouldBeTrue();
        first.SecretAccessKey.ShouldBe(secret);
        first.Status.ShouldBe(CredentialStatus.Active);
        cached.ShouldBe(1);
        inactive.Status.ShouldBe(CredentialStatus.Inactive);
        active.Status.ShouldBe(CredentialStatus.Active);
        inactiveAgain.Status.ShouldBe(CredentialStatus.Inactive);
        deleted.Found.ShouldBeFalse();
    }

    [Fact]
    public async Task RenamedUser_IsTheOwnerTheNextLookupReports()
    {
        await _h.Store.CreateUserAsync("bob", "/", null, [], default);
        var (key, _) = (await _h.Store.CreateAccessKeyAsync("bob", default)).Value;
        var before = await _h.Keys.FindAsync(key.AccessKeyId, default);

        (await _h.Store.UpdateUserAsync("bob", "robert", "/team/", default)).Error.ShouldBeNull();
        var after = await _h.Keys.FindAsync(key.AccessKeyId, default);

        before.Principal!.Arn.ShouldBe("arn:aws:iam::123456789012:user/bob");
        after.Principal!.Arn.ShouldBe("arn:aws:iam::123456789012:user/team/robert");
    }

    [Fact]
    public async Task UnknownKey_IsNotCached_SoAKeyAddedLaterIsFound()
    {
        var principal = new PrincipalInfo(IamStoreHarness.AccountId, "arn:aws:iam::123456789012:root", IamStoreHarness.AccountId, PrincipalType.Root, "AKIAEXAMPLECACHE0001");

        var missing = await _h.Keys.FindAsync(principal.AccessKeyId, default);
        var cachedWhileMissing = _h.Keys.CachedKeys;
        (await _h.Keys.AddAsync(principal, "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12", CredentialStatus.Active, default)).ShouldBeTrue();
        var found = await _h.Keys.FindAsync(principal.AccessKeyId, default);

        missing.Found.ShouldBeFalse();
        cachedWhileMissing.ShouldBe(0);
        found.Found.ShouldBeTrue();
        found.SecretAccessKey.ShouldBe("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12");
    }
}
