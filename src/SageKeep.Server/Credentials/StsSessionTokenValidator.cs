using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;

namespace SageKeep.Server.Credentials;

/// <summary>
/// Checks the self-contained session tokens this server's STS issues (<see cref="SessionTokenCodec"/>):
/// no lookup, so every instance sharing the master key accepts them.
/// </summary>
internal sealed class StsSessionTokenValidator : ISessionTokenValidator
{
    private readonly SessionTokenCodec _codec;

    public StsSessionTokenValidator(SessionTokenCodec codec) => _codec = codec;

    public ValueTask<SessionTokenValidation> ValidateAsync(string accessKeyId, string sessionToken, DateTimeOffset now, CancellationToken ct) =>
        ValueTask.FromResult(_codec.Decode(accessKeyId, sessionToken, now));
}
