using System.Security.Cryptography;

namespace SageKeep.Security.Credentials;

/// <summary>
/// Makes access key ids and secrets in AWS's forms: a 4-letter prefix (AKIA long-term, ASIA temporary)
/// plus 16 base32 characters, and a 40-character secret from the base64 alphabet.
/// </summary>
public static class AccessKeyGenerator
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string NewAccessKeyId(string prefix = "AKIA") => prefix + RandomNumberGenerator.GetString(Base32, 16);

    public static string NewSecretAccessKey() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary>True for 16 to 128 characters of A-Z and 0-9, as AWS's AccessKeyId pattern <c>[\w]+</c> with IAM's forms.</summary>
    public static bool IsWellFormedAccessKeyId(string value) =>
        value.Length is >= 16 and <= 128 && value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    /// <summary>True for 40 characters of the base64 alphabet (what the AWS tools accept as a secret).</summary>
    public static bool IsWellFormedSecret(string value) =>
        value.Length == 40 && value.All(c => SecretAlphabet.Contains(c, StringComparison.Ordinal));
}
