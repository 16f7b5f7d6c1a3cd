using Microsoft.AspNetCore.Http;
using SageKeep.Server.Hosting;

namespace SageKeep.UnitTests.Server.Hosting;

public sealed class RequestPipelineTests
{
    [Fact]
    public async Task RequestIdMiddleware_StoresTheIdForLaterComponents_AndSendsItBack()
    {
        var context = new DefaultHttpContext();
        string? seenByNext = null;
        var middleware = new RequestIdMiddleware(c =>
        {
            seenByNext = RequestIds.Get(c);
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Guid.TryParse(seenByNext, out _).ShouldBeTrue();
        context.Items[RequestIds.ItemKey].ShouldBe(seenByNext);
        context.Response.Headers[RequestIds.HeaderName].ToString().ShouldBe(seenByNext);
    }

    [Theory]
    [InlineData("GET", "/_sagekeep/health", "", true)]
    [InlineData("HEAD", "/_sagekeep/health", "", true)]
    [InlineData("POST", "/_sagekeep/health", "", false)]
    [InlineData("GET", "/_sagekeep/health/", "", false)]
    [InlineData("GET", "/_SAGEKEEP/health", "", false)]
    [InlineData("GET", "/_sagekeep/health", "?verbose=1", false)]
    public void HealthEndpoint_MatchesOnlyThePlainGetOrHead(string method, string path, string query, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        SageKeep.Server.Health.HealthEndpoint.Matches(context.Request).ShouldBe(expected);
    }
}
