using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;

namespace SageKeep.UnitTests.Iam;

/// <summary>The cache compiles once per (principal, version) and recompiles after a version change or invalidation.</summary>
public sealed class PolicyCacheTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string AllowS3 = """{"Version":"2012-10-17","Statement":{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}}""";
    private const string AllowSageMaker = """{"Version":"2012-10-17","Statement":{"Sid":"SM","Effect":"Allow","Action":"sagemaker:*","Resource":"*"}}""";

    private int _loads;
    private string _document = AllowS3;

    private PrincipalPolicyDocuments Load()
    {
        _loads++;
        return new PrincipalPolicyDocuments([new PolicyDocument("alice/inline", _document)], null);
    }

    [Fact]
    public void GetOrCompile_SameVersion_LoadsAndParsesOnce()
    {
        var cache = new PolicyCache();

        var first = cache.GetOrCompile(Alice, 1, Load);
        var second = cache.GetOrCompile(Alice, 1, Load);

        _loads.ShouldBe(1);
        second.ShouldBeSameAs(first);
        Decide(second, "s3:GetObject").ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void GetOrCompile_NewVersion_Recompiles()
    {
        var cache = new PolicyCache();
        cache.GetOrCompile(Alice, 1, Load);
        _document = AllowSageMaker;

        var updated = cache.GetOrCompile(Alice, 2, Load);

        _loads.ShouldBe(2);
        Decide(updated, "s3:GetObject").ShouldBe(Decision.ImplicitDeny);
        Decide(updated, "sagemaker:ListModels").ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void Invalidate_ForcesRecompileAtTheSameVersion()
    {
        var cache = new PolicyCache();
        cache.GetOrCompile(Alice, 1, Load);
        _document = AllowSageMaker;

        cache.Invalidate(Alice);
        var reloaded = cache.GetOrCompile(Alice, 1, Load);

        _loads.ShouldBe(2);
        Decide(reloaded, "s3:GetObject").ShouldBe(Decision.ImplicitDeny);
    }

    [Fact]
    public void GetOrCompile_StoredDocumentNoLongerParses_FailsClosed()
    {
        var cache = new PolicyCache();
        _document = """{"Statement":{"Effect":"Allow","Action":"s3:*"}}""";

        var set = cache.GetOrCompile(Alice, 1, Load);

        set.Error!.Message.ShouldBe("alice/inline: Policy statement must contain resources.");
        Decide(set, "s3:GetObject").ShouldBe(Decision.ImplicitDeny);
    }

    [Fact]
    public void GetOrCompile_AtCapacity_StaysBounded()
    {
        var cache = new PolicyCache(capacity: 2);

        for (var i = 0; i < 5; i++)
        {
            cache.GetOrCompile($"arn:aws:iam::111122223333:user/u{i}", 1, Load);
        }

        cache.Count.ShouldBeLessThanOrEqualTo(2);
    }

    private static Decision Decide(CompiledPolicySet set, string action)
    {
        var principal = new IamPrincipal(PrincipalKind.User, Alice, "111122223333", "AIDA1", "alice");
        var context = new RequestContextBuilder(principal, TimeProvider.System).Build(action, "*");
        return PolicyEvaluator.Evaluate(set.ToRequest(context)).Decision;
    }
}
