using System.Globalization;
using System.Net;

namespace SageKeep.Security.Iam.Context;

/// <summary>
/// Builds a <see cref="RequestContext"/>: the global keys from the principal, the clock and the
/// transport, plus whatever service-specific keys the operation adds. Keys AWS only sets for temporary
/// credentials (aws:MultiFactorAuthPresent, aws:TokenIssueTime) stay absent for long-term keys, as the
/// IAM User Guide describes, so <c>Null</c> and <c>…IfExists</c> conditions behave as they do on AWS.
/// </summary>
public sealed class RequestContextBuilder
{
    private readonly IamPrincipal _principal;
    private readonly Dictionary<string, IReadOnlyList<string>> _keys = new(StringComparer.OrdinalIgnoreCase);

    public RequestContextBuilder(IamPrincipal principal, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(time);
        _principal = principal;
        var now = time.GetUtcNow();
        Set(ContextKeys.CurrentTime, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Set(ContextKeys.EpochTime, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Set(ContextKeys.PrincipalArn, principal.RoleArn ?? principal.Arn);
        Set(ContextKeys.PrincipalAccount, principal.AccountId);
        Set(ContextKeys.PrincipalType, principal.TypeName);
        if (principal.UserId is { } userId)
        {
            Set(ContextKeys.UserId, userId);
        }

        if (principal.UserName is { } userName)
        {
            Set(ContextKeys.UserName, userName);
        }

        foreach (var (key, value) in principal.Tags)
        {
            Set(ContextKeys.PrincipalTagPrefix + key, value);
        }
    }

    /// <summary>TLS or not, the client address and its User-Agent header.</summary>
    public RequestContextBuilder WithTransport(bool secureTransport, IPAddress? sourceIp, string? userAgent)
    {
        Set(ContextKeys.SecureTransport, secureTransport ? "true" : "false");
        if (sourceIp is not null)
        {
            Set(ContextKeys.SourceIp, (sourceIp.IsIPv4MappedToIPv6 ? sourceIp.MapToIPv4() : sourceIp).ToString());
        }

        if (userAgent is not null)
        {
            Set(ContextKeys.UserAgent, userAgent);
        }

        return this;
    }

    public RequestContextBuilder WithRegion(string region) => Set(ContextKeys.RequestedRegion, region);

    /// <summary>Keys of temporary credentials (STS sessions).</summary>
    public RequestContextBuilder WithSession(bool multiFactorAuthPresent, DateTimeOffset tokenIssueTime)
    {
        Set(ContextKeys.MultiFactorAuthPresent, multiFactorAuthPresent ? "true" : "false");
        return Set(ContextKeys.TokenIssueTime, tokenIssueTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Tags in the request (aws:RequestTag/k and aws:TagKeys).</summary>
    public RequestContextBuilder WithRequestTags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags)
        {
            Set(ContextKeys.RequestTagPrefix + key, value);
        }

        return Set(ContextKeys.TagKeys, [.. tags.Keys]);
    }

    /// <summary>Tags on the target resource (aws:ResourceTag/k and the SageMaker alias).</summary>
    public RequestContextBuilder WithResourceTags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags)
        {
            Set(ContextKeys.ResourceTagPrefix + key, value);
            Set(ContextKeys.SageMakerResourceTagPrefix + key, value);
        }

        return this;
    }

    public RequestContextBuilder Set(string key, string value) => Set(key, [value]);

    public RequestContextBuilder Set(string key, IReadOnlyList<string> values)
    {
        _keys[key] = values;
        return this;
    }

    public RequestContext Build(string action, string resource) =>
        new(_principal, action, resource, new ContextValues(_keys));
}
