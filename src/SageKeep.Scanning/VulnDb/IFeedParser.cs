namespace SageKeep.Scanning.VulnDb;

/// <summary>Reads one feed file into records, streaming; malformed input raises <see cref="FeedException"/>.</summary>
internal interface IFeedParser
{
    IEnumerable<VulnRecord> Read(Stream stream, string fileName, FeedLimits limits);
}
