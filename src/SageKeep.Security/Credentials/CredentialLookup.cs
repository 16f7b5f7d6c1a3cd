namespace SageKeep.Security.Credentials;

/// <summary>
/// The answer of an <see cref="ICredentialSource"/>: either nothing was found, or the key's secret,
/// status and principal. The secret never appears in <see cref="ToString"/>.
/// </summary>
public sealed record CredentialLookup
{
    private CredentialLookup(bool found, string secretAccessKey, CredentialStatus status, PrincipalInfo? principal)
    {
        Found = found;
        SecretAccessKey = secretAccessKey;
        Status = status;
        Principal = principal;
    }

    public static CredentialLookup NotFound { get; } = new(false, string.Empty, CredentialStatus.Inactive, null);

    public bool Found { get; }

    /// <summary>The secret access key (empty when not found). Handle with care: never log it.</summary>
    public string SecretAccessKey { get; }

    public CredentialStatus Status { get; }

    public PrincipalInfo? Principal { get; }

    public static CredentialLookup Of(string secretAccessKey, CredentialStatus status, PrincipalInfo principal)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentNullException.ThrowIfNull(principal);
        return new CredentialLookup(true, secretAccessKey, status, principal);
    }

    public override string ToString() =>
        Found ? $"CredentialLookup {{ Found = True, Status = {Status}, Principal = {Principal}, SecretAccessKey = *** }}"
              : "CredentialLookup { Found = False }";
}
