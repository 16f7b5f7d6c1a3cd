using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SageKeep.Security.Credentials;

namespace SageKeep.Server.Registry;

internal sealed partial class RegistryEndpoint
{
    private static readonly byte[] AwsUser = "AWS"u8.ToArray();

    /// <summary>
    /// Basic auth as ECR takes it: user <c>AWS</c>, the registry token as password. The token must be
    /// authentic, unexpired and belong to this account; a token issued for a long-term key stops working
    /// when that key is deactivated or deleted.
    /// </summary>
    private async Task<bool> AuthenticateAsync(HttpContext context, RegistryCall call, CancellationToken ct)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            await WriteErrorAsync(context, call, RegistryError.Unauthorized("authentication required")).ConfigureAwait(false);
            return false;
        }

        var token = ReadBasicPassword(header);
        var decoded = token is null ? null : tokens.Decode(token, time.GetUtcNow());
        if (decoded is null || decoded.Principal.AccountId != account.AccountId)
        {
            await WriteErrorAsync(context, call, RegistryError.Unauthorized("Your authorization token is invalid or has expired.")).ConfigureAwait(false);
            return false;
        }

        if (!decoded.Principal.IsTemporary)
        {
            var lookup = await credentials.FindAsync(decoded.Principal.AccessKeyId, ct).ConfigureAwait(false);
            if (lookup is not { Found: true, Status: CredentialStatus.Active })
            {
                await WriteErrorAsync(context, call, RegistryError.Unauthorized("Your authorization token is invalid or has expired.")).ConfigureAwait(false);
                return false;
            }
        }

        call.Principal = decoded.Principal;
        return true;
    }

    /// <summary>The password of <c>Basic base64(AWS:password)</c>, or null for any other shape.</summary>
    internal static string? ReadBasicPassword(string header)
    {
        if (header.Length > RegistryTokenLimit || !AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is not { Length: > 0 } parameter)
        {
            return null;
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(parameter.Length)];
        if (!Convert.TryFromBase64String(parameter, bytes, out var written))
        {
            return null;
        }

        var colon = Array.IndexOf(bytes, (byte)':', 0, written);
        if (colon < 0 || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, colon), AwsUser))
        {
            return null;
        }

        var password = Encoding.UTF8.GetString(bytes, colon + 1, written - colon - 1);
        CryptographicOperations.ZeroMemory(bytes);
        return password;
    }

    private const int RegistryTokenLimit = 4096;
}
