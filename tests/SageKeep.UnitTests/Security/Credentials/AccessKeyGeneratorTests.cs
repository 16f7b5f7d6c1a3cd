using SageKeep.Security.Credentials;

namespace SageKeep.UnitTests.Security.Credentials;

public sealed class AccessKeyGeneratorTests
{
    [Fact]
    public void NewAccessKeyId_HasAwsForm()
    {
        var id = AccessKeyGenerator.NewAccessKeyId();

        id.Length.ShouldBe(20);
        id.ShouldStartWith("AKIA");
        AccessKeyGenerator.IsWellFormedAccessKeyId(id).ShouldBeTrue();
        AccessKeyGenerator.NewAccessKeyId("ASIA").ShouldStartWith("ASIA");
    }

    [Fact]
    public void NewSecretAccessKey_Is40CharactersAndNeverRepeats()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => AccessKeyGenerator.NewSecretAccessKey()).ToList();

        secrets.ShouldAllBe(s => AccessKeyGenerator.IsWellFormedSecret(s));
        secrets.Distinct().Count().ShouldBe(100);
    }

    [Theory]
    [InlineData("AKIA", false)]
    [InlineData("akiaiosfodnn7example", false)]
    [InlineData("AKIAIOSFODNN7EXAMPL!", false)]
    [InlineData("AKIAIOSFODNN7EXAMPLE", true)]
    public void IsWellFormedAccessKeyId_AcceptsOnlyUpperCaseLettersAndDigits(string value, bool expected) =>
        AccessKeyGenerator.IsWellFormedAccessKeyId(value).ShouldBe(expected);
}
