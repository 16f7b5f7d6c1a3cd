using SageKeep.Server.Services.Logs;

namespace SageKeep.UnitTests.Server.Services.Logs;

public sealed class LogFilterPatternTests
{
    [Theory]
    [InlineData("", "anything at all", true)]
    [InlineData("ERROR", "2024 ERROR disk full", true)]
    [InlineData("ERROR", "2024 error disk full", false)]
    [InlineData("ERROR disk", "disk ERROR", true)]
    [InlineData("ERROR disk", "ERROR memory", false)]
    [InlineData("\"disk full\"", "the disk full again", true)]
    [InlineData("\"disk full\"", "full disk", false)]
    [InlineData("?ERROR ?WARN", "WARN low", true)]
    [InlineData("?ERROR ?WARN", "INFO ok", false)]
    [InlineData("epoch -0.5", "epoch 3 loss=0.25", true)]
    [InlineData("epoch -0.5", "epoch 2 loss=0.5", false)]
    [InlineData("loss ?0.25 ?0.9", "loss=0.9", true)]
    public void Matches_AsCloudWatchPlainTerms(string pattern, string message, bool expected)
    {
        var parsed = LogFilterPattern.Parse(pattern, out var error);

        error.ShouldBeNull();
        parsed!.Matches(message).ShouldBe(expected);
    }

    [Theory]
    [InlineData("{ $.level = \"ERROR\" }")]
    [InlineData("[ip, user, ...]")]
    [InlineData("%ERR.*%")]
    [InlineData("\"unterminated")]
    public void Parse_UnsupportedOrMalformed_IsRefusedWithAReason(string pattern)
    {
        LogFilterPattern.Parse(pattern, out var error).ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }
}
