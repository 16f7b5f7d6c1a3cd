using System.Data.Common;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Storage;

internal sealed partial class RegistryStore
{
    private const string ScanColumns = "repository, digest, status, description, requested_at, completed_at, database_stamp, gate_policy, gate_passed, gate_reason, findings_json";

    /// <summary>Writes the image's scan row (replacing the previous one).</summary>
    public Task SaveScanAsync(ScanRecord scan, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                // Only for images that still exist: a scan finishing after a delete writes nothing.
                await using var exists = connection.CreateCommand("SELECT COUNT(*) FROM registry_manifests WHERE repository = @repo AND digest = @digest", transaction, ("@repo", scan.Repository), ("@digest", scan.Digest));
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(token).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    return;
                }

                await ExecuteAsync(connection, transaction, "DELETE FROM registry_scans WHERE repository = @repo AND digest = @digest", token, ("@repo", scan.Repository), ("@digest", scan.Digest)).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"INSERT INTO registry_scans ({ScanColumns}) VALUES (@repo, @digest, @status, @description, @requested, @completed, @stamp, @policy, @passed, @reason, @findings)",
                    token,
                    ("@repo", scan.Repository),
                    ("@digest", scan.Digest),
                    ("@status", scan.Status),
                    ("@description", scan.Description),
                    ("@requested", Text(scan.RequestedAt)),
                    ("@completed", scan.CompletedAt is { } done ? Text(done) : null),
                    ("@stamp", scan.DatabaseStamp),
                    ("@policy", scan.GatePolicy),
                    ("@passed", scan.GatePassed is null ? null : scan.GatePassed.Value ? 1 : 0),
                    ("@reason", scan.GateReason),
                    ("@findings", scan.FindingsJson)).ConfigureAwait(false);
            },
            ct);

    public async Task<ScanRecord?> GetScanAsync(string repository, string digest, CancellationToken ct) =>
        (await QueryAsync($"SELECT {ScanColumns} FROM registry_scans WHERE repository = @repo AND digest = @digest", ReadScan, ct, ("@repo", repository), ("@digest", digest)).ConfigureAwait(false))
        .FirstOrDefault();

    /// <summary>Every completed scan (re-evaluated when the vulnerability database changes).</summary>
    public Task<List<ScanRecord>> ListScansAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {ScanColumns} FROM registry_scans ORDER BY repository, digest", ReadScan, ct);

    private static ScanRecord ReadScan(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        Parse(r.GetString(4)),
        r.IsDBNull(5) ? null : Parse(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetInt64(8) != 0,
        r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? null : r.GetString(10));
}
