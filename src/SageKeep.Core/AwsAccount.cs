namespace SageKeep.Core;

/// <summary>The installation's single AWS-style account: a 12-digit id and the region it answers for.</summary>
public sealed record AwsAccount(string AccountId, string Region)
{
    public static bool IsValidAccountId(string value) =>
        value.Length == 12 && value.All(char.IsAsciiDigit);
}
