namespace SageKeep.Server.Registry.Images;

/// <summary>Where an image stands with the scan gate.</summary>
internal enum ImageGateState
{
    /// <summary>Scanned against the current database and the gate passed.</summary>
    Passed,

    /// <summary>The latest scan failed the gate (also after a database update): new jobs and models must be refused.</summary>
    Blocked,

    /// <summary>A scan is queued or running.</summary>
    Pending,

    /// <summary>Never scanned, or the scan itself failed (no verdict).</summary>
    Unknown,
}
