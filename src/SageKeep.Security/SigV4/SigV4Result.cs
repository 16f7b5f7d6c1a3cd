namespace SageKeep.Security.SigV4;

/// <summary>
/// Outcome of <see cref="SigV4Verifier.VerifyAsync"/>. Fails closed: a request is authenticated only
/// when <see cref="Authenticated"/> is set. Failure messages never hold the secret or signing key;
/// for signature mismatches they carry the canonical request and string to sign, as AWS shows them.
/// </summary>
public sealed record SigV4Result
{
    private SigV4Result(SigV4Authenticated? authenticated, SigV4Failure? failure, string message, string? canonicalRequest, string? stringToSign)
    {
        Authenticated = authenticated;
        Failure = failure;
        Message = message;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
    }

    public bool Succeeded => Authenticated is not null;

    public SigV4Authenticated? Authenticated { get; }

    public SigV4Failure? Failure { get; }

    /// <summary>AWS-worded explanation (JSON/query protocol wording).</summary>
    public string Message { get; }

    /// <summary>Canonical request the server computed (signature mismatches only).</summary>
    public string? CanonicalRequest { get; }

    /// <summary>String to sign the server computed (signature mismatches only).</summary>
    public string? StringToSign { get; }

    public static SigV4Result Success(SigV4Authenticated authenticated) =>
        new(authenticated ?? throw new ArgumentNullException(nameof(authenticated)), null, string.Empty, null, null);

    public static SigV4Result Fail(SigV4Failure failure, string message) => new(null, failure, message, null, null);

    public static SigV4Result SignatureMismatch(string canonicalRequest, string stringToSign) =>
        new(
            null,
            SigV4Failure.SignatureDoesNotMatch,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n"
            + $"The Canonical String for this request should have been\n'{canonicalRequest}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n",
            canonicalRequest,
            stringToSign);
}
