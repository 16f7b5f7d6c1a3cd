using System.Text;
using SageKeep.Security.Credentials;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Verifies AWS Signature Version 4 (header and presigned-query forms) as specified in
/// "Signature Version 4 signing process" (IAM User Guide) and "Authenticating Requests (AWS
/// Signature Version 4)" (S3 API Reference). Expected failures are returned as values; the
/// caller maps them to the protocol's error with SigV4ErrorCatalog.
/// </summary>
public sealed partial class SigV4Verifier
{
    private readonly SigV4Options _options;
    private readonly ICredentialSource _credentials;
    private readonly ISessionTokenValidator? _sessionTokens;
    private readonly TimeProvider _time;
    private readonly SigningKeyCache _signingKeys;

    /// <summary>The parameters of a target without '?': never added to (only fresh lists are parsed into).</summary>
    private static readonly List<QueryParameter> NoQuery = [];

    /// <param name="options">Region, clock skew per service, cache bound.</param>
    /// <param name="credentials">Key store.</param>
    /// <param name="sessionTokens">Session token checker; without one every session token is refused.</param>
    /// <param name="time">Clock.</param>
    public SigV4Verifier(SigV4Options options, ICredentialSource credentials, ISessionTokenValidator? sessionTokens, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SigningKeyCacheCapacity, 1);
        _options = options;
        _credentials = credentials;
        _sessionTokens = sessionTokens;
        _time = time;
        _signingKeys = new SigningKeyCache(options.SigningKeyCacheCapacity);
    }

    internal int CachedSigningKeys => _signingKeys.Count;

    public async ValueTask<SigV4Result> VerifyAsync(SigV4Request request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsS3 && request.Payload.IsDeferred)
        {
            throw new ArgumentException("Only S3 requests may defer the payload: other services sign the body hash.", nameof(request));
        }

        // Step 1: split the raw target (not decoded) into path and query; parse the query, bounded.
        if (request.RawTarget.Length > SigV4Constants.MaxRawTargetLength)
        {
            return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, "The request target is too long.");
        }

        var question = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
        var pathLength = question < 0 ? request.RawTarget.Length : question;
        var query = question < 0 ? NoQuery : new List<QueryParameter>();
        if (question >= 0 && !SigV4Query.TryParse(request.RawTarget.AsSpan(question + 1), query, out var queryError))
        {
            return SigV4Result.Fail(SigV4Failure.MalformedPresignedQuery, queryError);
        }

        // Step 2: choose the mechanism: exactly one of the Authorization header or presigned parameters.
        var hasHeader = request.Headers.TryGetValues("Authorization", out var authorizationValues);
        var presigned = SigV4Query.Find(query, SigV4Constants.QueryAlgorithm) is not null
            || SigV4Query.Find(query, SigV4Constants.QueryCredential) is not null
            || SigV4Query.Find(query, SigV4Constants.QuerySignature) is not null;
        if (hasHeader && presigned)
        {
            return SigV4Result.Fail(
                SigV4Failure.AmbiguousAuthentication,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
        }

        if (!hasHeader && !presigned)
        {
            return SigV4Result.Fail(SigV4Failure.MissingAuthentication, "Missing Authentication Token");
        }

        if (hasHeader && authorizationValues.Count != 1)
        {
            return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, "Exactly one Authorization header is allowed.");
        }

        // Step 3: parse algorithm, credential, signed headers and signature.
        var failure = presigned
            ? TryParseQueryParameters(query, out var auth)
            : TryParseAuthorizationHeader(authorizationValues[0], out auth);
        if (failure is not null)
        {
            return failure;
        }

        var malformed = presigned ? SigV4Failure.MalformedPresignedQuery : SigV4Failure.MalformedAuthorization;
        var credential = auth.Credential.Span;
        Span<Range> parts = stackalloc Range[6];
        if (credential.Split(parts, '/') != 5 || IsAnyEmpty(parts[..5]))
        {
            return SigV4Result.Fail(
                malformed,
                $"Credential must have the form '<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request'; found '{Sanitize(credential)}'.");
        }

        var accessKeyId = credential[parts[0]].ToString();
        if (!TryValidateSignedHeaders(auth.SignedHeaders.Span, out var hostSigned, out var signedHeadersError))
        {
            return SigV4Result.Fail(malformed, signedHeadersError);
        }

        // Step 4: the request time: X-Amz-Date (query for presigned, else header) or the Date header.
        var time = ReadRequestTime(request.Headers, auth);
        if (time is null)
        {
            return SigV4Result.Fail(
                SigV4Failure.MissingDate,
                presigned
                    ? "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
                    : "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        var (requestTime, amzDate) = time.Value;

        // Step 5: credential scope: date = request day, configured region, the endpoint's service, terminator.
        var scopeFailure = CheckScope(amzDate, credential[parts[1]], credential[parts[2]], credential[parts[3]], credential[parts[4]], request.Service);
        if (scopeFailure is not null)
        {
            return scopeFailure;
        }

        // Step 6: the host header must be signed (it binds the signature to this endpoint).
        if (!hostSigned)
        {
            return SigV4Result.Fail(SigV4Failure.HostNotSigned, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        // Step 7: time window: clock skew for header auth; X-Amz-Date + X-Amz-Expires for presigned.
        var timeFailure = CheckTime(requestTime, auth, _options.ClockSkewFor(request.Service));
        if (timeFailure is not null)
        {
            return timeFailure;
        }

        // Step 8: the payload hash that was signed.
        var payloadFailure = ResolvePayload(request, presigned, out var payloadHash, out var payloadMode, out var expectedSha256);
        if (payloadFailure is not null)
        {
            return payloadFailure;
        }

        // Step 9: the key. A temporary (ASIA) key's secret and identity travel inside its session token,
        // so the token is required and checked first; long-term keys come from the store, known and active.
        var token = presigned
            ? SigV4Query.Find(query, SigV4Constants.QuerySecurityToken) ?? request.Headers.GetFirst(SigV4Constants.HeaderSecurityToken)
            : request.Headers.GetFirst(SigV4Constants.HeaderSecurityToken);
        var temporaryKey = accessKeyId.StartsWith("ASIA", StringComparison.Ordinal);
        SessionTokenValidation? session = null;
        if (temporaryKey)
        {
            if (token is null)
            {
                return SigV4Result.Fail(SigV4Failure.MissingSecurityToken, "The security token included in the request is invalid.");
            }

            session = await ValidateSessionTokenAsync(accessKeyId, token, ct).ConfigureAwait(false);
            if (session.Status != SessionTokenStatus.Valid)
            {
                return SessionFailure(session);
            }
        }

        var lookup = session?.Credential is { } sessionCredential
            ? CredentialLookup.Of(sessionCredential.SecretAccessKey, CredentialStatus.Active, sessionCredential.Principal)
            : await _credentials.FindAsync(accessKeyId, ct).ConfigureAwait(false);
        if (!lookup.Found || lookup.Principal is null)
        {
            return SigV4Result.Fail(SigV4Failure.UnknownAccessKey, "The security token included in the request is invalid.");
        }

        if (lookup.Status != CredentialStatus.Active)
        {
            return SigV4Result.Fail(SigV4Failure.InactiveAccessKey, "The security token included in the request is invalid.");
        }

        // Step 10: the scope passed its checks, so it is built from the checked values: date = the
        // request day, region = ours, service = the endpoint's. Signing key cached per key, day, region, service.
        var signingKey = _signingKeys.GetOrDerive(accessKeyId, lookup.SecretAccessKey, amzDate, _options.Region, request.Service);

        // Step 11: signature over the canonical request, compared in constant time. The request signature
        // seeds the chunk-signature chain of streaming uploads.
        var streaming = payloadMode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer;
        var mismatch = CheckSignature(request, pathLength, query, auth, payloadHash, amzDate, signingKey, streaming, out var seedSignature);
        if (mismatch is not null)
        {
            return mismatch;
        }

        var chunkSigning = seedSignature is null
            ? null
            : new SigV4ChunkSigningContext(signingKey.Key.ToArray(), seedSignature, amzDate, Scope(amzDate, _options.Region, request.Service));

        // Step 12: a token sent with a long-term key must be valid too (a validator opens only tokens
        // bound to their own temporary key, so such a request is refused as an invalid token).
        if (token is not null && !temporaryKey)
        {
            session = await ValidateSessionTokenAsync(accessKeyId, token, ct).ConfigureAwait(false);
            if (session.Status != SessionTokenStatus.Valid)
            {
                return SessionFailure(session);
            }
        }

        return SigV4Result.Success(new SigV4Authenticated(
            lookup.Principal,
            accessKeyId,
            IsTemporary: session is not null,
            SessionIssuedAt: session?.IssuedAt,
            MultiFactorAuthPresent: session?.MultiFactorAuthPresent ?? false,
            IsPresigned: presigned,
            payloadMode,
            expectedSha256,
            chunkSigning)
        {
            Role = session?.Credential?.Role,
        });
    }

    private async ValueTask<SessionTokenValidation> ValidateSessionTokenAsync(string accessKeyId, string token, CancellationToken ct) =>
        _sessionTokens is null
            ? SessionTokenValidation.Invalid
            : await _sessionTokens.ValidateAsync(accessKeyId, token, _time.GetUtcNow(), ct).ConfigureAwait(false);

    private static SigV4Result SessionFailure(SessionTokenValidation session) =>
        session.Status == SessionTokenStatus.Expired
            ? SigV4Result.Fail(SigV4Failure.ExpiredSecurityToken, "The security token included in the request is expired")
            : SigV4Result.Fail(SigV4Failure.InvalidSecurityToken, "The security token included in the request is invalid.");

    internal static string BuildCanonicalRequest(
        SigV4Request request,
        ReadOnlySpan<char> rawPath,
        List<QueryParameter> query,
        bool presigned,
        string[] signedHeaders,
        string payloadHash,
        bool excludeSecurityToken = false)
    {
        var sb = new StringBuilder(256 + request.RawTarget.Length * 2);
        sb.Append(request.Method).Append('\n');
        SigV4Canonicalizer.AppendCanonicalUri(sb, rawPath, request.IsS3, request.NormalizePath);
        sb.Append('\n');
        SigV4Canonicalizer.AppendCanonicalQuery(sb, query, excludeSignature: presigned, excludeSecurityToken);
        sb.Append('\n');
        SigV4Canonicalizer.AppendCanonicalHeaders(sb, request.Headers, signedHeaders);
        sb.Append('\n');
        sb.AppendJoin(';', signedHeaders).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }
}
