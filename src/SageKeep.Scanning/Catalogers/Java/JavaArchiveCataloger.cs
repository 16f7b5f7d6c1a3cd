namespace SageKeep.Scanning.Catalogers.Java;

/// <summary>
/// Java archives (<c>.jar</c>, <c>.war</c>, <c>.ear</c>): every embedded Maven
/// <c>META-INF/maven/&lt;group&gt;/&lt;artifact&gt;/pom.properties</c>, falling back to
/// <c>META-INF/MANIFEST.MF</c> when an archive has none; nested archives (WEB-INF/lib, BOOT-INF/lib,
/// an ear's modules) are read recursively within a depth and decompressed-bytes budget
/// (see <see cref="JavaArchiveLimits"/>), so a zip bomb yields a warning, not an exhausted machine.
/// Package names are "groupId:artifactId" (the form advisory databases use); a nested archive's path
/// is "outer path:entry path", e.g. "/app/app.war:WEB-INF/lib/x.jar".
/// </summary>
public sealed class JavaArchiveCataloger : ICataloger
{
    public string Id => "java-archive";

    public string Version => "1";

    public bool Claims(string path, long size) =>
        size > 0 && size <= JavaArchiveLimits.MaxArchiveBytes && JavaArchiveLimits.IsArchiveName(path);

    public ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        if (file.Size > JavaArchiveLimits.MaxArchiveBytes)
        {
            return ValueTask.FromResult(CatalogResult.Warning(
                $"{file.Path}: archive of {file.Size} bytes exceeds the {JavaArchiveLimits.MaxArchiveBytes}-byte limit"));
        }

        var reader = new JavaArchiveReader(file, Id);
        reader.ReadArchive(file.Content, file.Path, depth: 0, cancellationToken);
        return ValueTask.FromResult(new CatalogResult(reader.Packages, reader.Warnings));
    }
}
