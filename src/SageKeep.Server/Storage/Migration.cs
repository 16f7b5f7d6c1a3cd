namespace SageKeep.Server.Storage;

/// <summary>One numbered schema change: <c>Migrations/NNNN_name.sql</c>, applied once, in order.</summary>
public sealed record Migration(int Version, string Name, string Sql);
