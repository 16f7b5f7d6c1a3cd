namespace SageKeep.Server.Registry.Scanning;

/// <summary>ECR's ScanStatus values.</summary>
internal static class ScanStatuses
{
    public const string InProgress = "IN_PROGRESS";
    public const string Complete = "COMPLETE";
    public const string Failed = "FAILED";
}
