using Microsoft.Data.Sqlite;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Rpm;

/// <summary>
/// RPM packages from the SQLite rpmdb (rpm 4.16+, lib/backend/sqlite.c: table "Packages" (hnum, blob), one header
/// blob per package), used by RHEL 9, Fedora 33+ and Amazon Linux 2023. The Berkeley DB (Packages) and NDB
/// (Packages.db) backends are recognised and reported as unsupported.
/// </summary>
public sealed class RpmCataloger : ICataloger
{
    private const string SqlitePath = "/var/lib/rpm/rpmdb.sqlite";
    private const string UsrSqlitePath = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
    private const int MaxPackages = 200_000;

    public string Id => "rpm";

    public string Version => "1.0.0";

    public bool Claims(string path, long size) => path is SqlitePath or UsrSqlitePath
        or "/var/lib/rpm/Packages" or "/var/lib/rpm/Packages.db" or "/usr/lib/sysimage/rpm/Packages" or "/usr/lib/sysimage/rpm/Packages.db";

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Path.EndsWith(".sqlite", StringComparison.Ordinal))
        {
            var backend = file.Path.EndsWith(".db", StringComparison.Ordinal) ? "NDB" : "Berkeley DB";
            return CatalogResult.Warning($"{file.Path}: the {backend} rpmdb format is not supported; rpm packages of this image are not listed");
        }

        // SQLite reads files, not streams: a private scratch copy is read, never the image's own bytes in place.
        var scratch = Path.Combine(file.ScratchDirectory ?? Path.GetTempPath(), $"rpmdb-{Guid.NewGuid():N}.sqlite");
        try
        {
            var copy = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (copy.ConfigureAwait(false))
            {
                await file.Content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            }

            return await ReadAsync(file, scratch, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            return CatalogResult.Warning($"{file.Path}: not a readable rpm SQLite database: {ex.Message}");
        }
        finally
        {
            // Pooling is off (see ReadAsync), so the connection has closed the files by now.
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
            {
                File.Delete(scratch + suffix);
            }
        }
    }

    private async Task<CatalogResult> ReadAsync(ClaimedFile file, string database, CancellationToken cancellationToken)
    {
        var packages = new List<PackageRecord>();
        var warnings = new List<string>();
        var builder = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT hnum, blob FROM Packages ORDER BY hnum";
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && packages.Count < MaxPackages)
                    {
                        var hnum = reader.GetInt64(0);
                        var blob = reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1);
                        var (header, error) = RpmHeaderParser.Parse(blob);
                        if (header is null)
                        {
                            warnings.Add($"{file.Path}: header {hnum}: {error}");
                            continue;
                        }

                        packages.Add(ToRecord(header, file));
                    }
                }
            }
        }

        return new CatalogResult(packages, warnings);
    }

    private PackageRecord ToRecord(RpmHeader header, ClaimedFile file)
    {
        var versionRelease = $"{header.Version}-{header.Release}";
        var version = header.Epoch is { } epoch ? $"{epoch}:{versionRelease}" : versionRelease;
        var (sourceName, sourceVersion) = RpmHeaderParser.SplitSourceRpm(header.SourceRpm);
        var qualifiers = new List<KeyValuePair<string, string?>> { new("arch", header.Arch) };
        if (header.Epoch is { } e)
        {
            qualifiers.Add(new("epoch", e.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new PackageRecord(header.Name, version, "rpm", Purl.Build("rpm", null, header.Name, versionRelease, qualifiers), file.Path, file.LayerDigest, Id)
        {
            SourceName = sourceName,
            SourceVersion = sourceVersion is not null && sourceVersion != versionRelease ? sourceVersion : null,
            Architecture = header.Arch,
            License = header.License,
        };
    }
}
