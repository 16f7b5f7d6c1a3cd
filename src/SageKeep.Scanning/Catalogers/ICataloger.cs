namespace SageKeep.Scanning.Catalogers;

/// <summary>
/// A plugin that recognises the files of one ecosystem and reads packages from them.
/// The image walker streams every layer once; for each regular file a cataloger claims it hands over
/// the content (bounded), and keeps the result only if that file survives in the final merged view.
/// A cataloger that throws or returns a failure yields a warning, never a failed scan.
/// </summary>
public interface ICataloger
{
    /// <summary>Stable id, e.g. "dpkg", "python-dist-info".</summary>
    string Id { get; }

    /// <summary>Version of the cataloger's logic, recorded in the SBOM for provenance.</summary>
    string Version { get; }

    /// <summary>
    /// True when this cataloger wants the content of the file at <paramref name="path"/>
    /// (absolute inside the image, '/'-separated, already normalised). Must be cheap: it is called for every file.
    /// </summary>
    bool Claims(string path, long size);

    /// <summary>Reads the packages from one claimed file.</summary>
    ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken);
}
