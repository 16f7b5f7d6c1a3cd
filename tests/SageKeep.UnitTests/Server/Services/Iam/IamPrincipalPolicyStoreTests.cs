using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Server.Authorization;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.UnitTests.Server.Services.Iam;

public sealed class IamPrincipalPolicyStoreTests : IAsyncLifetime
{
    private IamStoreHarness _h = null!;
    private IamPrincipalPolicyStore _policies = null!;

    private IamStore Store => _h.Store;

    public async Task InitializeAsync()
    {
        _h = await IamStoreHarness.CreateAsync();
        _policies = new IamPrincipalPolicyStore(_h.Store);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Root_IsTheAccountRootWithoutPolicies()
    {
        var root = await _policies.GetAsync(new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:root", "123456789012", "AKIAROOT", false), default);

        root.ShouldNotBeNull().Principal.Kind.ShouldBe(PrincipalKind.Root);
        Decide(root, "iam:CreateUser").ShouldBe(Decision.Allowed);
    }

    [Fact]
    public async Task User_GetsOwnGroupAndAttachedPolicies_BoundaryAndTags()
    {
        var user = (await Store.CreateUserAsync("alice", "/eng/", null, [new("team", "ml")], default)).Value!;
        await Store.CreateGroupAsync("devs", "/", default);
        await Store.AddUserToGroupAsync("devs", "alice", default);
        await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "own", IamStoreHarness.Allow("s3:GetObject"), default);
        await Store.PutInlinePolicyAsync(IamEntityKind.Group, "devs", "grp", IamStoreHarness.Allow("s3:PutObject"), default);
        await Store.CreatePolicyAsync("managed", "/", IamStoreHarness.Allow("s3:ListBucket"), null, default);
        await Store.AttachPolicyAsync(IamEntityKind.Group, "devs", "arn:aws:iam::123456789012:policy/managed", default);
        await Store.CreatePolicyAsync("boundary", "/", IamStoreHarness.Allow("s3:*"), null, default);
        await Store.SetPermissionsBoundaryAsync(IamEntityKind.User, "alice", "arn:aws:iam::123456789012:policy/boundary", default);
        await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "iam", IamStoreHarness.Allow("iam:ListUsers"), default);

        var policies = (await _policies.GetAsync(UserPrincipal(user), default)).ShouldNotBeNull();

        policies.Principal.Kind.ShouldBe(PrincipalKind.User);
        policies.Principal.UserName.ShouldBe("alice");
        policies.Principal.UserId.ShouldBe(user.UserId);
        policies.Principal.Tags["team"].ShouldBe("ml");
        policies.Policies.IdentityPolicies.Count.ShouldBe(4);
        Decide(policies, "s3:GetObject").ShouldBe(Decision.Allowed);
        Decide(policies, "s3:PutObject").ShouldBe(Decision.Allowed);
        Decide(policies, "s3:ListBucket").ShouldBe(Decision.Allowed);
        Decide(policies, "s3:DeleteObject").ShouldBe(Decision.ImplicitDeny);
        Decide(policies, "iam:ListUsers").ShouldBe(Decision.ImplicitDeny); // allowed by identity, not by the boundary
    }

    [Fact]
    public async Task SameVersion_ReusesTheCompiledSet_AndAChangeIsSeenOnTheNextLookup()
    {
        var user = (await Store.CreateUserAsync("alice", "/", null, [], default)).Value!;
        await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "own", IamStoreHarness.Allow("s3:GetObject"), default);
        var first = await _policies.GetAsync(UserPrincipal(user), default);
        var second = await _policies.GetAsync(UserPrincipal(user), default);

        await Store.PutInlinePolicyAsync(IamEntityKind.User, "alice", "deny", IamStoreHarness.Deny("s3:GetObject"), default);
        var third = await _policies.GetAsync(UserPrincipal(user), default);

        second.ShouldBeSameAs(first);
        Decide(first!, "s3:GetObject").ShouldBe(Decision.Allowed);
        Decide(third!, "s3:GetObject").ShouldBe(Decision.ExplicitDeny);
    }

    [Fact]
    public async Task DeletedOrRecreatedUser_HasNoPolicies()
    {
        var user = (await Store.CreateUserAsync("alice", "/", null, [], default)).Value!;
        (await _policies.GetAsync(UserPrincipal(user), default)).ShouldNotBeNull();

        await Store.DeleteUserAsync("alice", default);
        (await _policies.GetAsync(UserPrincipal(user), default)).ShouldBeNull();

        // Same name and ARN, new unique id: credentials of the old user stay powerless.
        await Store.CreateUserAsync("alice", "/", null, [], default);
        (await _policies.GetAsync(UserPrincipal(user), default)).ShouldBeNull();
    }

    [Fact]
    public async Task UserArnWithAnotherPath_HasNoPolicies()
    {
        var user = (await Store.CreateUserAsync("alice", "/eng/", null, [], default)).Value!;

        var other = new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/ops/alice", user.UserId, "AKIAX", false);

        (await _policies.GetAsync(other, default)).ShouldBeNull();
    }

    [Fact]
    public async Task RoleSession_GetsTheRolesPoliciesAndTags_AsAnAssumedRole()
    {
        var role = (await Store.CreateRoleAsync("trainer", "/ml/", IamStoreHarness.TrustSageMaker, null, null, null, [new("project", "x")], default)).Value!;
        await Store.PutInlinePolicyAsync(IamEntityKind.Role, "trainer", "own", IamStoreHarness.Allow("sagemaker:CreateTrainingJob"), default);
        var session = new AwsPrincipal("123456789012", "arn:aws:sts::123456789012:assumed-role/trainer/job-1", $"{role.RoleId}:job-1", "ASIAEXAMPLE", true);

        var policies = (await _policies.GetAsync(session, default)).ShouldNotBeNull();

        policies.Principal.Kind.ShouldBe(PrincipalKind.AssumedRole);
        policies.Principal.RoleArn.ShouldBe("arn:aws:iam::123456789012:role/ml/trainer");
        policies.Principal.Tags["project"].ShouldBe("x");
        Decide(policies, "sagemaker:CreateTrainingJob").ShouldBe(Decision.Allowed);
        Decide(policies, "sagemaker:DeleteModel").ShouldBe(Decision.ImplicitDeny);
    }

    [Fact]
    public async Task RoleSession_OfADeletedOrRecreatedRole_HasNoPolicies()
    {
        var role = (await Store.CreateRoleAsync("trainer", "/", IamStoreHarness.TrustSageMaker, null, null, null, [], default)).Value!;
        var session = new AwsPrincipal("123456789012", "arn:aws:sts::123456789012:assumed-role/trainer/s", $"{role.RoleId}:s", "ASIAEXAMPLE", true);

        await Store.DeleteRoleAsync("trainer", default);
        (await _policies.GetAsync(session, default)).ShouldBeNull();
        await Store.CreateRoleAsync("trainer", "/", IamStoreHarness.TrustSageMaker, null, null, null, [], default);
        (await _policies.GetAsync(session, default)).ShouldBeNull();
    }

    private static AwsPrincipal UserPrincipal(IamUser user) => new("123456789012", user.Arn, user.UserId, "AKIAEXAMPLE", false);

    private Decision Decide(PrincipalPolicies policies, string action)
    {
        var context = new RequestContextBuilder(policies.Principal, _h.Time).Build(action, "*");
        return PolicyEvaluator.Evaluate(policies.Policies.ToRequest(context)).Decision;
    }
}
