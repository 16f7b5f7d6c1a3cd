using SageKeep.Core;

namespace SageKeep.UnitTests.Core;

public sealed class AwsAccountTests
{
    [Theory]
    [InlineData("123456789012", true)]
    [InlineData("12345678901", false)]
    [InlineData("12345678901a", false)]
    public void IsValidAccountId_AcceptsOnlyTwelveDigits(string value, bool expected) =>
        AwsAccount.IsValidAccountId(value).ShouldBe(expected);
}
