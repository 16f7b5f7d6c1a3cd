using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SageKeep.Core.Identity;
using SageKeep.Server.Authorization;
using SageKeep.Server.Hosting;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>Runs the registered <see cref="IApiEndpoint"/> over a <see cref="DefaultHttpContext"/> and captures the answer.</summary>
internal static class EndpointHarness
{
    public const string SignedJson = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00";

    public static string Signed(string service) =>
        $"AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/{service}/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=00";

    public static async Task<CapturedResponse> SendAsync(
        string method,
        string pathAndQuery,
        IDictionary<string, string> headers,
        byte[]? body = null,
        Action<IServiceCollection>? configure = null,
        IDictionary<object, object?>? items = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        // Protocol tests exercise routing, binding and shapes; IAM decisions are tested on their own.
        services.AddSingleton<IAuthorizer, AllowingAuthorizer>();
        services.AddAwsProtocols(options => options.MaxBodyBytes = 1024 * 1024);
        configure?.Invoke(services);
        await using var provider = services.BuildServiceProvider();

        var context = new DefaultHttpContext { RequestServices = provider };
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        context.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(pathAndQuery[question..]);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Request.Body = new MemoryStream(body ?? []);
        context.Request.ContentLength = body?.Length ?? 0;
        foreach (var (key, value) in items ?? new Dictionary<object, object?>())
        {
            context.Items[key] = value;
        }

        using var responseBody = new MemoryStream();
        context.Response.Body = responseBody;

        await provider.GetRequiredService<IApiEndpoint>().HandleAsync(context);

        var captured = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (context.Response.ContentType is { } contentType)
        {
            captured["Content-Type"] = contentType;
        }

        return new CapturedResponse(context.Response.StatusCode, captured, responseBody.ToArray());
    }

    public static Task<CapturedResponse> JsonAsync(string target, string body, string? authorization = SignedJson, Action<IServiceCollection>? configure = null)
    {
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = target, ["Content-Type"] = "application/x-amz-json-1.1" };
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }

        return SendAsync("POST", "/", headers, Encoding.UTF8.GetBytes(body), configure);
    }

    public static Task<CapturedResponse> QueryAsync(string form, string? service, Action<IServiceCollection>? configure = null)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" };
        if (service is not null)
        {
            headers["Authorization"] = Signed(service);
        }

        return SendAsync("POST", "/", headers, Encoding.UTF8.GetBytes(form), configure);
    }

    /// <summary>Registers an authenticator that accepts every signed request as one fixed principal.</summary>
    public static void AcceptAll(IServiceCollection services) =>
        services.AddSingleton<IRequestAuthenticator, AcceptingAuthenticator>();

    public sealed record CapturedResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

        /// <summary>What botocore makes of this response for <paramref name="operation"/> of <paramref name="service"/>.</summary>
        public JsonNode ParseWithBotocore(string service, string? operation = null) =>
            BotocoreOracle.Parse(service, operation, Status, Headers.Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), h.Value)), Body);
    }

    private sealed class AcceptingAuthenticator : IRequestAuthenticator
    {
        public ValueTask<AuthenticationOutcome> AuthenticateAsync(ApiRequest request, CancellationToken ct) =>
            ValueTask.FromResult(AuthenticationOutcome.Authenticated(
                new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/alice", "AIDAEXAMPLE", "AKIAEXAMPLE", false)));
    }
}
