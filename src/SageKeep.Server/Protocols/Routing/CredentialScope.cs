using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Protocols.Routing;

/// <summary>
/// The SigV4 credential scope <c>AKID/yyyyMMdd/region/service/aws4_request</c> (AWS General Reference,
/// "Signature Version 4 signing process", task 2), read only to route: nothing here is trusted until the
/// signature is verified.
/// </summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    private const int MaxCredentialLength = 512;

    /// <summary>From <c>Authorization: AWS4-HMAC-SHA256 Credential=...,</c> or the presigned <c>X-Amz-Credential</c> parameter.</summary>
    public static CredentialScope? FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            start += "Credential=".Length;
            var end = authorization.AsSpan(start).IndexOfAny(',', ' ');
            return Parse(end < 0 ? authorization[start..] : authorization.Substring(start, end));
        }

        return request.Query.TryGetValue("X-Amz-Credential", out var credential) ? Parse(credential.ToString()) : null;
    }

    public static CredentialScope? Parse(string credential)
    {
        if (credential.Length is 0 or > MaxCredentialLength)
        {
            return null;
        }

        var parts = credential.Split('/');
        return parts.Length == 5 && parts[4] == "aws4_request" && parts.Take(4).All(p => p.Length > 0)
            ? new CredentialScope(parts[0], parts[1], parts[2], parts[3])
            : null;
    }
}
