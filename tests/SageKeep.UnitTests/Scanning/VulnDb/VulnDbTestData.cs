namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>Paths of the copied feed samples (TestData/Scanning/VulnDb, see its SOURCE.md).</summary>
internal static class VulnDbTestData
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
