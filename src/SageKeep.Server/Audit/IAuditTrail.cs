namespace SageKeep.Server.Audit;

/// <summary>
/// Where every request's <see cref="AuditRecord"/> goes: appended durably before the call is considered
/// done. The API endpoint records each AWS API call; the registry records each <c>/v2/</c> call.
/// </summary>
internal interface IAuditTrail
{
    ValueTask RecordAsync(AuditRecord record, CancellationToken ct);

    /// <summary>Several records of one request (its own and its item decisions), written in this order (sharing group commits).</summary>
    ValueTask RecordAllAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct);
}
