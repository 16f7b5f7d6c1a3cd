using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.UnitTests.Server.Services.Iam;

public sealed class IamStoreTests : IAsyncLifetime
{
    private const string PolicyArn = "arn:aws:iam::123456789012:policy/p1";
    private IamStoreHarness _h = null!;

    private IamStore Store => _h.Store;

    public async Task InitializeAsync() => _h = await IamStoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CreateUser_FormsArnWithPathAndAnAwsStyleUniqueId()
    {
        var user = (await Store.CreateUserAsync("alice", "/eng/ml/", null, [], default)).Value!;

        user.Arn.ShouldBe("arn:aws:iam::123456789012:user/eng/ml/alice");
        user.UserId.ShouldMatch("^AIDA[A-Z2-7]{17}$");
        user.CreateDate.ShouldBe(_h.Time.GetUtcNow());
        (await Store.CreateGroupAsync("g", "/", default)).Value!.GroupId.ShouldMatch("^AGPA[A-Z2-7]{17}$");
        (await Store.CreateRoleAsync("r", "/", IamStoreHarness.TrustSageMaker, null, null, null, [], default)).Value!.RoleId.ShouldMatch("^AROA[A-Z2-7]{17}$");
        (await Store.CreatePolicyAsync("p", "/", IamStoreHarness.Allow("s3:*"), null, default)).Value!.PolicyId.ShouldMatch("^ANPA[A-Z2-7]{17}$");
    }

    [Fact]
    public async Task CreateUser_SameNameInAnotherCase_AnswersEntityAlreadyExists()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);

        var again = await Store.CreateUserAsync("ALICE", "/", null, [], default);

        again.Error.ShouldBe(new IamError("EntityAlreadyExists", "User with name ALICE already exists."));
    }

    [Fact]
    public async Task GetUser_Unknown_AnswersNoSuchEntityInAwsWords()
    {
        var result = await Store.GetUserAsync("nobody", default);

        result.Error.ShouldBe(new IamError("NoSuchEntity", "The user with name nobody cannot be found."));
    }

    [Fact]
    public async Task CreateAccessKey_ThirdKey_AnswersLimitExceededAndStoresNothing()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        (await Store.CreateAccessKeyAsync("alice", default)).Error.ShouldBeNull();
        (await Store.CreateAccessKeyAsync("alice", default)).Error.ShouldBeNull();

        var third = await Store.CreateAccessKeyAsync("alice", default);

        third.Error.ShouldBe(new IamError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"));
        (await Store.ListAccessKeysAsync("alice", default)).Value!.Count.ShouldBe(2);
    }

    [Fact]
    public async Task CreateAccessKey_IsAnAkiaKeyWhoseSecretTheKeyStoreReturnsForTheUser()
    {
        var user = (await Store.CreateUserAsync("alice", "/", null, [], default)).Value!;

        var (key, secret) = (await Store.CreateAccessKeyAsync("alice", default)).Value;

        key.AccessKeyId.ShouldMatch("^AKIA[A-Z2-7]{16}$");
        secret.Length.ShouldBe(40);
        var lookup = await _h.Keys.FindAsync(key.AccessKeyId, default);
        lookup.SecretAccessKey.ShouldBe(secret);
        lookup.Principal!.Arn.ShouldBe(user.Arn);
        lookup.Principal.UserId.ShouldBe(user.UserId);
    }

    [Fact]
    public async Task UpdateAccessKey_Inactive_IsWhatTheKeyStoreReports()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        var (key, _) = (await Store.CreateAccessKeyAsync("alice", default)).Value;

        (await Store.UpdateAccessKeyAsync("alice", key.AccessKeyId, "Inactive", default)).Error.ShouldBeNull();

        (await _h.Keys.FindAsync(key.AccessKeyId, default)).Status.ShouldBe(SageKeep.Security.Credentials.CredentialStatus.Inactive);
    }

    [Fact]
    public async Task UpdateAccessKey_OfAnotherUser_AnswersNoSuchEntity()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        await Store.CreateUserAsync("bob", "/", null, [], default);
        var (key, _) = (await Store.CreateAccessKeyAsync("alice", default)).Value;

        var result = await Store.UpdateAccessKeyAsync("bob", key.AccessKeyId, "Inactive", default);

        result.Error!.Code.ShouldBe("NoSuchEntity");
        (await _h.Keys.FindAsync(key.AccessKeyId, default)).Status.ShouldBe(SageKeep.Security.Credentials.CredentialStatus.Active);
    }

    [Fact]
    public async Task DeleteUser_WithKeysPoliciesOrGroups_AnswersDeleteConflictUntilEachIsGone()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        await Store.CreateGroupAsync("g", "/", default);
        await Store.CreatePolicyAsync("p1", "/", IamStoreHarness.Allow("s3:*"), null, default);
        var (key, _) = (await Store.CreateAccessKeyAsync("alice", default)).Value;
        await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "inline", IamStoreHarness.Allow("s3:*"), default);
        await Store.AttachPolicyAsync(IamEntityKind.User, "alice", PolicyArn, default);
        await Store.AddUserToGroupAsync("g", "alice", default);

        (await Store.DeleteUserAsync("alice", default)).Error!.Message.ShouldBe("Cannot delete entity, must delete access keys first.");
        await Store.DeleteAccessKeyAsync("alice", key.AccessKeyId, default);
        (await Store.DeleteUserAsync("alice", default)).Error!.Message.ShouldBe("Cannot delete entity, must delete policies first.");
        await Store.DeleteInlinePolicyAsync(IamEntityKind.User, "alice", "inline", default);
        (await Store.DeleteUserAsync("alice", default)).Error!.Message.ShouldBe("Cannot delete entity, must detach all policies first.");
        await Store.DetachPolicyAsync(IamEntityKind.User, "alice", PolicyArn, default);
        (await Store.DeleteUserAsync("alice", default)).Error!.Message.ShouldBe("Cannot delete entity, must remove user from all groups first.");
        await Store.RemoveUserFromGroupAsync("g", "alice", default);

        (await Store.DeleteUserAsync("alice", default)).Error.ShouldBeNull();
        (await Store.GetUserAsync("alice", default)).Error!.Code.ShouldBe("NoSuchEntity");
    }

    [Fact]
    public async Task PutUserPolicy_Malformed_AnswersTheParsersMessageAndStoresNothing()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);

        var result = await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "bad", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}""", default);

        result.Error.ShouldBe(new IamError("MalformedPolicyDocument", "Policy statement must contain resources."));
        (await Store.ListInlinePoliciesAsync(IamEntityKind.User, "alice", default)).Value!.ShouldBeEmpty();
    }

    [Fact]
    public async Task PutUserPolicy_BeyondTheUsersAggregateSize_AnswersLimitExceeded()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        var big = IamStoreHarness.Allow("s3:GetObject", "arn:aws:s3:::" + new string('b', 1200));
        (await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "one", big, default)).Error.ShouldBeNull();

        var second = await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "two", big, default);

        second.Error.ShouldBe(new IamError("LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user alice"));
        // Replacing the same policy counts its new size only.
        (await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "one", big, default)).Error.ShouldBeNull();
    }

    [Fact]
    public async Task CreatePolicy_LargerThan6144NonWhitespaceCharacters_AnswersLimitExceeded()
    {
        var big = IamStoreHarness.Allow("s3:GetObject", "arn:aws:s3:::" + new string('b', 6144));
        var spaced = IamStoreHarness.Allow("s3:GetObject") + new string(' ', 7000);

        (await Store.CreatePolicyAsync("big", "/", big, null, default)).Error.ShouldBe(new IamError("LimitExceeded", "Cannot exceed quota for PolicySize: 6144"));
        (await Store.CreatePolicyAsync("spaced", "/", spaced, null, default)).Error.ShouldBeNull();
    }

    [Fact]
    public async Task PolicyVersions_FiveAtMost_DefaultUndeletable_ListedNewestFirst()
    {
        await Store.CreatePolicyAsync("p1", "/", IamStoreHarness.Allow("s3:*"), null, default);
        for (var i = 2; i <= 5; i++)
        {
            (await Store.CreatePolicyVersionAsync(PolicyArn, IamStoreHarness.Allow($"s3:Get{i}"), setAsDefault: i == 3, default)).Value!.VersionId.ShouldBe($"v{i}");
        }

        (await Store.CreatePolicyVersionAsync(PolicyArn, IamStoreHarness.Allow("s3:*"), false, default)).Error!.Code.ShouldBe("LimitExceeded");
        (await Store.DeletePolicyVersionAsync(PolicyArn, "v3", default)).Error.ShouldBe(new IamError("DeleteConflict", "Cannot delete the default version of a policy."));
        (await Store.GetPolicyAsync(PolicyArn, default)).Value!.DefaultVersionId.ShouldBe("v3");
        (await Store.DeletePolicyVersionAsync(PolicyArn, "v2", default)).Error.ShouldBeNull();
        (await Store.CreatePolicyVersionAsync(PolicyArn, IamStoreHarness.Allow("s3:*"), false, default)).Value!.VersionId.ShouldBe("v6");
        (await Store.ListPolicyVersionsAsync(PolicyArn, default)).Value!.Select(v => v.VersionId).ShouldBe(["v6", "v5", "v4", "v3", "v1"]);
        (await Store.SetDefaultPolicyVersionAsync(PolicyArn, "v9", default)).Error!.Code.ShouldBe("NoSuchEntity");
    }

    [Fact]
    public async Task DeletePolicy_AttachedOrWithOtherVersions_AnswersDeleteConflict()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        await Store.CreatePolicyAsync("p1", "/", IamStoreHarness.Allow("s3:*"), null, default);
        await Store.AttachPolicyAsync(IamEntityKind.User, "alice", PolicyArn, default);

        (await Store.DeletePolicyAsync(PolicyArn, default)).Error.ShouldBe(new IamError("DeleteConflict", "Cannot delete a policy attached to entities."));
        await Store.DetachPolicyAsync(IamEntityKind.User, "alice", PolicyArn, default);
        await Store.CreatePolicyVersionAsync(PolicyArn, IamStoreHarness.Allow("s3:Get*"), true, default);
        (await Store.DeletePolicyAsync(PolicyArn, default)).Error!.Code.ShouldBe("DeleteConflict");
        await Store.DeletePolicyVersionAsync(PolicyArn, "v1", default);

        (await Store.DeletePolicyAsync(PolicyArn, default)).Error.ShouldBeNull();
        (await Store.GetPolicyAsync(PolicyArn, default)).Error.ShouldBe(new IamError("NoSuchEntity", $"Policy {PolicyArn} does not exist or is not attachable."));
    }

    [Fact]
    public async Task AttachPolicy_EleventhPolicy_AnswersLimitExceeded()
    {
        await Store.CreateRoleAsync("r", "/", IamStoreHarness.TrustSageMaker, null, null, null, [], default);
        for (var i = 0; i < 10; i++)
        {
            await Store.CreatePolicyAsync($"p{i}", "/", IamStoreHarness.Allow("s3:*"), null, default);
            (await Store.AttachPolicyAsync(IamEntityKind.Role, "r", $"arn:aws:iam::123456789012:policy/p{i}", default)).Error.ShouldBeNull();
        }

        var eleventh = await Store.AttachPolicyAsync(IamEntityKind.Role, "r", "arn:aws:iam::aws:policy/AdministratorAccess", default);

        eleventh.Error.ShouldBe(new IamError("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10"));
        (await Store.ListAttachedPoliciesAsync(IamEntityKind.Role, "r", null, default)).Value!.Count.ShouldBe(10);
    }

    [Fact]
    public async Task AddUserToGroup_EleventhGroup_AnswersLimitExceeded()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        for (var i = 0; i < 11; i++)
        {
            await Store.CreateGroupAsync($"g{i}", "/", default);
        }

        for (var i = 0; i < 10; i++)
        {
            (await Store.AddUserToGroupAsync($"g{i}", "alice", default)).Error.ShouldBeNull();
        }

        (await Store.AddUserToGroupAsync("g10", "alice", default)).Error.ShouldBe(new IamError("LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10"));
        (await Store.ListGroupsForUserAsync("alice", default)).Value!.Count.ShouldBe(10);
    }

    [Theory]
    [InlineData(3599)]
    [InlineData(43201)]
    public async Task CreateRole_SessionDurationOutsideAnHourToTwelve_AnswersValidationError(int seconds)
    {
        var result = await Store.CreateRoleAsync("r", "/", IamStoreHarness.TrustSageMaker, null, seconds, null, [], default);

        result.Error!.Code.ShouldBe("ValidationError");
        (await Store.FindRoleAsync("r", default)).ShouldBeNull();
    }

    [Fact]
    public async Task CreateRole_TrustPolicyWithoutPrincipal_AnswersMalformedPolicyDocument()
    {
        var result = await Store.CreateRoleAsync("r", "/", IamStoreHarness.Allow("sts:AssumeRole"), null, null, null, [], default);

        result.Error!.Code.ShouldBe("MalformedPolicyDocument");
    }

    [Fact]
    public async Task FindRole_ByNameOrFullArn_GivesTrustPolicyDurationIdAndTags()
    {
        var created = (await Store.CreateRoleAsync("trainer", "/ml/", IamStoreHarness.TrustSageMaker, "d", 7200, null, [new("team", "ml")], default)).Value!;

        var byName = await Store.FindRoleAsync("TRAINER", default);
        var byArn = await Store.FindRoleAsync("arn:aws:iam::123456789012:role/ml/trainer", default);

        byName.ShouldNotBeNull().RoleId.ShouldBe(created.RoleId);
        byArn.ShouldNotBeNull().AssumeRolePolicyDocument.ShouldBe(IamStoreHarness.TrustSageMaker);
        byArn.MaxSessionDuration.ShouldBe(7200);
        byArn.Tags.ShouldBe([new IamTag("team", "ml")]);
        (await Store.FindRoleAsync("arn:aws:iam::123456789012:role/trainer", default)).ShouldBeNull(); // wrong path
        (await Store.FindUserAsync("trainer", default)).ShouldBeNull();
    }

    [Fact]
    public async Task UpdateUser_Rename_MovesTheKeysToTheNewArn()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);
        var (key, _) = (await Store.CreateAccessKeyAsync("alice", default)).Value;

        (await Store.UpdateUserAsync("alice", "alicia", "/team/", default)).Error.ShouldBeNull();

        (await _h.Keys.FindAsync(key.AccessKeyId, default)).Principal!.Arn.ShouldBe("arn:aws:iam::123456789012:user/team/alicia");
        (await Store.ListAccessKeysAsync("alicia", default)).Value!.Single().UserName.ShouldBe("alicia");
    }

    [Fact]
    public async Task Tags_DuplicateKeysIgnoringCase_AnswerInvalidInput_AndFiftyOneAnswerLimitExceeded()
    {
        await Store.CreateUserAsync("alice", "/", null, [], default);

        (await Store.TagAsync(IamEntityKind.User, "alice", [new("k", "1"), new("K", "2")], default)).Error!.Code.ShouldBe("InvalidInput");
        (await Store.TagAsync(IamEntityKind.User, "alice", [.. Enumerable.Range(0, 50).Select(i => new IamTag($"k{i}", "v"))], default)).Error.ShouldBeNull();
        (await Store.TagAsync(IamEntityKind.User, "alice", [new("K0", "overwritten")], default)).Error.ShouldBeNull();
        (await Store.TagAsync(IamEntityKind.User, "alice", [new("extra", "v")], default)).Error!.Code.ShouldBe("LimitExceeded");
        var tags = (await Store.ListTagsAsync(IamEntityKind.User, "alice", default)).Value!;
        tags.Count.ShouldBe(50);
        tags.ShouldContain(new IamTag("K0", "overwritten"));
    }

    [Fact]
    public async Task EveryWrite_BumpsThePolicySetVersion_AndAFailedWriteDoesNot()
    {
        var start = await Store.PolicySetVersionAsync(default);
        await Store.CreateUserAsync("alice", "/", null, [], default);
        var afterCreate = await Store.PolicySetVersionAsync(default);

        await Store.CreateUserAsync("alice", "/", null, [], default);

        afterCreate.ShouldBeGreaterThan(start);
        (await Store.PolicySetVersionAsync(default)).ShouldBe(afterCreate);
    }

    [Fact]
    public async Task ListPolicies_ScopeLocalAwsAndAll()
    {
        await Store.CreatePolicyAsync("mine", "/", IamStoreHarness.Allow("s3:*"), null, default);

        (await Store.ListPoliciesAsync("Local", false, null, null, default)).Select(p => p.PolicyName).ShouldBe(["mine"]);
        (await Store.ListPoliciesAsync("AWS", false, null, null, default)).Select(p => p.PolicyName).ShouldContain("AdministratorAccess");
        (await Store.ListPoliciesAsync("All", false, null, null, default)).Count.ShouldBeGreaterThan(1);
        (await Store.DeletePolicyAsync("arn:aws:iam::aws:policy/AdministratorAccess", default)).Error!.Code.ShouldBe("InvalidInput");
    }
}
