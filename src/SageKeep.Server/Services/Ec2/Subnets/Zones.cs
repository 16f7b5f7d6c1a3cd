namespace SageKeep.Server.Services.Ec2.Subnets;

/// <summary>
/// The server's availability zones: its region with the letters a to f (<c>us-east-1a</c>), and their zone ids
/// in EC2's form (<c>use1-az1</c>), the region's parts abbreviated.
/// </summary>
internal static class Zones
{
    private const string Letters = "abcdef";

    public static IEnumerable<string> All(string region) => Letters.Select(c => region + c);

    public static bool IsValid(string region, string zone) =>
        zone.Length == region.Length + 1 && zone.StartsWith(region, StringComparison.Ordinal) && Letters.Contains(zone[^1], StringComparison.Ordinal);

    public static string IdOf(string region, string zone)
    {
        var parts = region.Split('-');
        var prefix = parts.Length == 3 && parts[0].Length >= 2 && parts[1].Length >= 1
            ? parts[0][..2] + parts[1][..1] + parts[2]
            : region.Replace("-", string.Empty, StringComparison.Ordinal);
        return $"{prefix}-az{Letters.IndexOf(zone[^1], StringComparison.Ordinal) + 1}";
    }

    public static string? FromId(string region, string zoneId) => All(region).FirstOrDefault(z => IdOf(region, z) == zoneId);
}
