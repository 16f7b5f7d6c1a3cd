using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

public sealed class PageTokensTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(123456)]
    public void AToken_ReadsBackAsItsOffset_AsTextOrJson(int offset)
    {
        var token = PageTokens.For(offset);

        token.ShouldNotContain(offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        PageTokens.TryRead(token, out var fromText).ShouldBeTrue();
        fromText.ShouldBe(offset);
        PageTokens.TryRead(JsonValue.Create(token), out var fromJson).ShouldBeTrue();
        fromJson.ShouldBe(offset);
    }

    [Fact]
    public void NoToken_IsTheFirstPage()
    {
        PageTokens.TryRead((string?)null, out var offset).ShouldBeTrue();
        offset.ShouldBe(0);
        PageTokens.TryRead((JsonNode?)null, out offset).ShouldBeTrue();
        offset.ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("not base64!")]
    [InlineData("bzotMQ==")] // "o:-1"
    [InlineData("eDo1")] // "x:5"
    [InlineData("bzo5OTk5OTk5OTk5OTk=")] // "o:999999999999", beyond an int
    public void ATokenThisServerDidNotGive_IsRefused(string token) =>
        PageTokens.TryRead(token, out _).ShouldBeFalse();

    [Theory]
    [InlineData(null, 10)]
    [InlineData(0L, 10)]
    [InlineData(-3L, 10)]
    [InlineData(25L, 25)]
    [InlineData(5000L, 1000)]
    public void PageSize_IsTheAskedSize_BoundedAt1000_OrTheFallback(long? asked, int expected) =>
        PageTokens.Size(asked is { } n ? JsonValue.Create(n) : null, 10).ShouldBe(expected);
}
