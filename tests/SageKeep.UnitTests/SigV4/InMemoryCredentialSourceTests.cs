using SageKeep.Security.Credentials;

namespace SageKeep.UnitTests.SigV4;

/// <summary>The in-memory key store used until the IAM key store is wired in.</summary>
public sealed class InMemoryCredentialSourceTests
{
    private static readonly PrincipalInfo User = new("111122223333", "arn:aws:iam::111122223333:user/u", "AIDAU", PrincipalType.User, "AKIDU");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FindAsync_UnknownKey_IsNotFound()
    {
        var lookup = await new InMemoryCredentialSource().FindAsync("AKIDNONE", CancellationToken.None);

        lookup.Found.ShouldBeFalse();
        lookup.Principal.ShouldBeNull();
    }

    [Fact]
    public async Task FindAsync_AfterRemove_IsNotFound()
    {
        var store = new InMemoryCredentialSource();
        store.Add("AKIDU", "secret", User);
        store.Remove("AKIDU").ShouldBeTrue();

        (await store.FindAsync("AKIDU", CancellationToken.None)).Found.ShouldBeFalse();
    }

    [Fact]
    public async Task SetStatus_Inactive_IsReportedByFind()
    {
        var store = new InMemoryCredentialSource();
        store.Add("AKIDU", "secret", User);
        store.SetStatus("AKIDU", CredentialStatus.Inactive).ShouldBeTrue();

        var lookup = await store.FindAsync("AKIDU", CancellationToken.None);

        lookup.Status.ShouldBe(CredentialStatus.Inactive);
        lookup.SecretAccessKey.ShouldBe("secret");
    }

    [Theory]
    [InlineData("token", -1, SessionTokenStatus.Valid)]
    [InlineData("token", 0, SessionTokenStatus.Expired)]
    [InlineData("token", 1, SessionTokenStatus.Expired)]
    [InlineData("other", -1, SessionTokenStatus.Invalid)]
    public async Task ValidateAsync_ChecksTokenAndExpiry(string token, int minutesAfterExpiry, SessionTokenStatus expected)
    {
        var store = new InMemoryCredentialSource();
        store.AddTemporary("ASIAU", "secret", "token", User with { Type = PrincipalType.AssumedRole }, Now.AddHours(-1), Now, multiFactorAuthPresent: true);

        var validation = await store.ValidateAsync("ASIAU", token, Now.AddMinutes(minutesAfterExpiry), CancellationToken.None);

        validation.Status.ShouldBe(expected);
        if (expected == SessionTokenStatus.Valid)
        {
            validation.IssuedAt.ShouldBe(Now.AddHours(-1));
            validation.MultiFactorAuthPresent.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task ValidateAsync_TokenForALongTermKey_IsInvalid()
    {
        var store = new InMemoryCredentialSource();
        store.Add("AKIDU", "secret", User);

        (await store.ValidateAsync("AKIDU", "anything", Now, CancellationToken.None)).Status.ShouldBe(SessionTokenStatus.Invalid);
    }

    [Fact]
    public void ToString_NeverPrintsSecrets()
    {
        var store = new InMemoryCredentialSource();
        store.Add("AKIDU", "very-secret-value", User);

        store.ToString().ShouldNotContain("very-secret-value");
        CredentialLookup.Of("very-secret-value", CredentialStatus.Active, User).ToString().ShouldNotContain("very-secret-value");
    }
}
