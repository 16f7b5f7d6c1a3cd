using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Iam.KeyUsage;

/// <summary>
/// Wraps the request authenticator: after a long-term key (AKIA) authenticates a request, notes its use
/// with the service the request was signed for. Session keys (ASIA) are not IAM access keys.
/// </summary>
internal sealed class KeyUsageRecordingAuthenticator(IRequestAuthenticator inner, AccessKeyUsageRecorder recorder) : IRequestAuthenticator
{
    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(ApiRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await inner.AuthenticateAsync(request, ct).ConfigureAwait(false);
        if (outcome is { Succeeded: true, Principal: { IsTemporary: false } principal })
        {
            _ = recorder.Record(principal.AccessKeyId, request.SigningName);
        }

        return outcome;
    }
}
