namespace SageKeep.Scanning.VulnDb;

/// <summary>The vulnerability feed formats the database imports.</summary>
public enum FeedFormat
{
    DebianTracker,
    AlpineSecDbYaml,
    AlpineSecDbJson,
    Osv,
    Nvd,
}
