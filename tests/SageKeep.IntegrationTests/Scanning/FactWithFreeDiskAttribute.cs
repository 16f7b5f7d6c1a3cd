namespace SageKeep.IntegrationTests.Scanning;

/// <summary>
/// A fact that is skipped, with a message saying why, when the temp directory's file system has less
/// free space than the test needs (xunit 2 decides skips when the attribute is constructed).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactWithFreeDiskAttribute : FactAttribute
{
    public FactWithFreeDiskAttribute(long gibibytes)
    {
        Gibibytes = gibibytes;
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;
        if (free < gibibytes * 1024 * 1024 * 1024)
        {
            Skip = $"needs {gibibytes} GiB free in {Path.GetTempPath()}, only {free / (1024 * 1024)} MiB available";
        }
    }

    public long Gibibytes { get; }
}
