using SageKeep.Core;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Credentials;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// IAM's identities and policies in the state store. Every write runs in one transaction and bumps the
/// policy-set version (so cached compiled policies of every principal are recompiled on their next
/// request); an <see cref="IamError"/> rolls the whole write back and comes back as a value.
/// </summary>
internal sealed partial class IamStore
{
    private readonly IStateStore _store;
    private readonly AwsAccount _account;
    private readonly TimeProvider _time;
    private readonly AccessKeyStore _keys;

    public IamStore(IStateStore store, AwsAccount account, TimeProvider time, AccessKeyStore keys)
    {
        _store = store;
        _account = account;
        _time = time;
        _keys = keys;
    }

    public string AccountId => _account.AccountId;

    /// <summary>The counter every IAM write bumps; compiled policy sets are valid for one value.</summary>
    public async Task<long> PolicySetVersionAsync(CancellationToken ct) =>
        await ReadAsync(sql => sql.CountAsync("SELECT policy_set_version FROM iam_state WHERE id = 1"), ct).ConfigureAwait(false);

    private async Task<IamResult<T>> WriteAsync<T>(Func<IamSql, Task<T>> work, CancellationToken ct)
    {
        try
        {
            var value = await _store.InTransactionAsync(
                async (connection, transaction, token) =>
                {
                    var sql = new IamSql(connection, transaction, token);
                    var result = await work(sql).ConfigureAwait(false);
                    await sql.ExecAsync("UPDATE iam_state SET policy_set_version = policy_set_version + 1 WHERE id = 1").ConfigureAwait(false);
                    return result;
                },
                ct).ConfigureAwait(false);
            return IamResult<T>.Ok(value);
        }
        catch (IamFailure failure)
        {
            return failure.Error;
        }
        finally
        {
            // Key writes (create, status, delete, a user's rename) are IAM writes: the key cache reads them next time.
            _keys.Invalidate();
        }
    }

    private async Task<T> ReadAsync<T>(Func<IamSql, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await work(new IamSql(connection, null, ct)).ConfigureAwait(false);
    }

    private async Task<IamResult<T>> ReadResultAsync<T>(Func<IamSql, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return IamResult<T>.Ok(await ReadAsync(work, ct).ConfigureAwait(false));
        }
        catch (IamFailure failure)
        {
            return failure.Error;
        }
    }

    /// <summary>Creation and update times: whole seconds, as IAM shows them.</summary>
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>Refuses a document the policy engine would not accept, with the parser's precise message.</summary>
    internal static void RequireValidDocument(string document, PolicyKind kind)
    {
        var parsed = PolicyParser.Parse(document, kind);
        if (!parsed.IsSuccess)
        {
            throw new IamFailure(IamError.Malformed(parsed.Error.Message));
        }
    }

    private static T Fail<T>(IamError error) => throw new IamFailure(error);
}
