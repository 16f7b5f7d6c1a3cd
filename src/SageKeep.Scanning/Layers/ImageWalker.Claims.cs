using System.Text;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Os;

namespace SageKeep.Scanning.Layers;

/// <summary>Claimed files: buffered once (bounded), handed to each claiming cataloger, results kept per path and version.</summary>
internal sealed partial class ImageWalker
{
    private int _spoolCounter;

    /// <summary>Package results whose file version is still the one in the final merged view, and their warnings.</summary>
    public IEnumerable<StoredResult> SurvivingResults() =>
        _results.Values.Where(r => View.Lookup(r.Path) is { Kind: FsNodeKind.File } node && node.Sequence == r.Sequence)
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .ThenBy(r => r.CatalogerId, StringComparer.Ordinal);

    /// <summary>Reads a release file of the final view, following symlinks inside the image root.</summary>
    public string? ReadOsFile(string path)
    {
        var node = View.ResolveFile(path, out var resolved);
        return node is { Kind: FsNodeKind.File } && _osFiles.TryGetValue(resolved, out var file) && file.Sequence == node.Sequence
            ? file.Text
            : null;
    }

    private async Task ClaimAsync(string path, string? digest, long size, long sequence, Stream data, CancellationToken cancellationToken)
    {
        var claimants = catalogers.Where(c => c.Claims(path, size)).ToList();
        var wantsOs = OsIdentifier.Wants(path) && size <= OsIdentifier.MaxReleaseFileBytes;
        if (claimants.Count == 0 && !wantsOs)
        {
            return;
        }

        if (size > limits.MaxClaimedFileBytes)
        {
            Warnings.Add($"{path} ({size} bytes) is larger than the {limits.MaxClaimedFileBytes}-byte bound for cataloged files; skipped");
            return;
        }

        // Step 1: buffer the content once: small files in memory, larger ones in the scan's temp directory.
        var spoolPath = size > limits.InMemoryClaimBytes && !wantsOs ? Path.Combine(tempDirectory, $"claim-{++_spoolCounter}") : null;
        byte[]? memory = null;
        try
        {
            if (spoolPath is null)
            {
                memory = new byte[size];
                await data.ReadExactlyAsync(memory, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var spool = new FileStream(spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (spool.ConfigureAwait(false))
                {
                    await data.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
                    if (spool.Length != size)
                    {
                        throw new EndOfStreamException();
                    }
                }
            }

            if (wantsOs && memory is not null)
            {
                _osFiles[path] = (sequence, Encoding.UTF8.GetString(memory));
            }

            // Step 2: each claiming cataloger reads its own read-only view of the buffer.
            foreach (var cataloger in claimants)
            {
                var content = memory is not null
                    ? new MemoryStream(memory, writable: false)
                    : (Stream)new FileStream(spoolPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                await using (content.ConfigureAwait(false))
                {
                    var result = await RunCatalogerAsync(cataloger, new ClaimedFile(path, digest, size, content) { ScratchDirectory = tempDirectory }, cancellationToken).ConfigureAwait(false);
                    _results[(path, cataloger.Id)] = new StoredResult(path, sequence, cataloger.Id, result);
                }
            }
        }
        finally
        {
            if (spoolPath is not null)
            {
                File.Delete(spoolPath);
            }
        }
    }

    /// <summary>A cataloger that throws yields a warning for that file, never a failed scan (STYLE.md, plugins with identity).</summary>
    private static async Task<CatalogResult> RunCatalogerAsync(ICataloger cataloger, ClaimedFile file, CancellationToken cancellationToken)
    {
        try
        {
            return await cataloger.CatalogAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // CA1031: any fault inside a plugin is contained here by design and reported as a warning.
            return CatalogResult.Warning($"{cataloger.Id} failed on {file.Path}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
