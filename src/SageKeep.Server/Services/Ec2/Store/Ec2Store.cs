using System.Data.Common;
using System.Text.Json.Nodes;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.Ec2.Store;

/// <summary>
/// EC2 resources in <c>ec2_resources</c>. A change reads every resource and writes back what it changed in the
/// same transaction, so checks (a subnet inside its VPC, dependencies before a delete, free addresses) and the
/// write are atomic. The resource counts of one installation are small; reading them all keeps every rule in one place.
/// </summary>
internal sealed class Ec2Store(IStateStore store)
{
    public Task<Ec2State> ReadAsync(CancellationToken ct) =>
        store.InTransactionAsync(async (connection, transaction, token) => await LoadAsync(connection, transaction, token).ConfigureAwait(false), ct);

    /// <summary>Runs <paramref name="change"/> on the current state and commits what it put or removed.</summary>
    public Task<Ec2Outcome> ChangeAsync(Func<Ec2State, Ec2Outcome> change, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                var state = await LoadAsync(connection, transaction, token).ConfigureAwait(false);
                var result = change(state);
                if (result.Error is not null)
                {
                    return result;
                }

                foreach (var id in state.Removed)
                {
                    await using var delete = connection.CreateCommand("DELETE FROM ec2_resources WHERE id = @id", transaction, ("@id", id));
                    await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                foreach (var id in state.Changed)
                {
                    var document = state.Find(id)!;
                    await using var upsert = connection.CreateCommand(
                        """
                        INSERT INTO ec2_resources (id, kind, vpc_id, document) VALUES (@id, @kind, @vpc, @document)
                        ON CONFLICT (id) DO UPDATE SET vpc_id = excluded.vpc_id, document = excluded.document
                        """,
                        transaction,
                        ("@id", id),
                        ("@kind", Ec2State.Kind(id)),
                        ("@vpc", Ec2Doc.Text(document, "VpcId")),
                        ("@document", document.ToJsonString()));
                    await upsert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                return result;
            },
            ct);

    private static async Task<Ec2State> LoadAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var resources = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        await using var read = connection.CreateCommand("SELECT id, document FROM ec2_resources", transaction);
        await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (JsonNode.Parse(reader.GetString(1)) is JsonObject document)
            {
                resources[reader.GetString(0)] = document;
            }
        }

        return new Ec2State(resources);
    }
}
