using SageKeep.Server.Logging;

namespace SageKeep.UnitTests.Server.Logging;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("/plain/path", "/plain/path")]
    [InlineData("/a\r\nINFO forged", "/a__INFO forged")]
    [InlineData("tab\there", "tab_here")]
    [InlineData("line\u2028separator", "line_separator")]
    [InlineData("esc\u001b[31m", "esc_[31m")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Clean_ReplacesControlCharacters(string? input, string expected) =>
        LogText.Clean(input).ShouldBe(expected);

    [Fact]
    public void Clean_CapsTheLength_AndMarksTheCut() =>
        LogText.Clean(new string('a', 300), 10).ShouldBe("aaaaaaaaaa...");
}
