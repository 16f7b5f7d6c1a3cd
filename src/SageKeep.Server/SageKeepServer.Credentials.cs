using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.Server.Credentials;

namespace SageKeep.Server;

public sealed partial class SageKeepServer
{
    /// <summary>
    /// Makes sure the root user has an access key (from <c>SAGEKEEP_ROOT_ACCESS_KEY_ID</c> /
    /// <c>SAGEKEEP_ROOT_SECRET_ACCESS_KEY</c> in <paramref name="environment"/>, or generated). Returns the
    /// generated key to show once, or one line saying what is wrong with the environment's key.
    /// </summary>
    public async Task<(string? AccessKeyId, string? SecretAccessKey, string? Error)> EnsureRootCredentialsAsync(
        IDictionary environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [RootCredentials.AccessKeyIdVariable] = environment[RootCredentials.AccessKeyIdVariable] as string,
            [RootCredentials.SecretVariable] = environment[RootCredentials.SecretVariable] as string,
        };
        var keys = Services.GetRequiredService<AccessKeyStore>();
        var (generated, error) = await RootCredentials.EnsureAsync(keys, Settings.AccountId, values, cancellationToken).ConfigureAwait(false);
        return (generated?.AccessKeyId, generated?.SecretAccessKey, error);
    }
}
