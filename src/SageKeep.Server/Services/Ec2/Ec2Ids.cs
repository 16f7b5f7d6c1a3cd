using System.Security.Cryptography;

namespace SageKeep.Server.Services.Ec2;

/// <summary>Resource ids and ARNs as EC2 forms them: <c>vpc-</c> + 17 lower-case hex digits, <c>arn:aws:ec2:region:account:vpc/vpc-…</c>.</summary>
internal static class Ec2Ids
{
    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string New(string prefix) =>
        prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17];

    /// <summary>True for <c>prefix-</c> followed by 8 or 17 hex digits (EC2's two id lengths).</summary>
    public static bool IsWellFormed(string id, string prefix) =>
        id.StartsWith(prefix + "-", StringComparison.Ordinal)
        && id.Length - prefix.Length - 1 is 8 or 17
        && !id.AsSpan(prefix.Length + 1).ContainsAnyExcept(Hex);

    public static string Arn(Core.AwsAccount account, string type, string id) => $"arn:aws:ec2:{account.Region}:{account.AccountId}:{type}/{id}";

    public static string MacAddress()
    {
        var bytes = RandomNumberGenerator.GetBytes(5);
        return "02:" + string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
