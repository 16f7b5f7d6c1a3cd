using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using SageKeep.Security.Credentials;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Credentials;

/// <summary>
/// Access keys in the state store: the <see cref="ICredentialSource"/> SigV4 verification reads on every
/// request, and the writes IAM and the root bootstrap make. Secrets are encrypted with
/// <see cref="SecretProtector"/> before they reach SQL.
/// <para>
/// Found keys (decrypted secret, status, principal) are cached in this process, at most
/// <see cref="CacheCapacity"/> of them (the cache is emptied when full; unknown key ids are not cached). Every
/// entry carries the generation it was read under; <see cref="Invalidate"/> (called after the commit of every write
/// to <c>access_keys</c>: this class's own and every IAM write) starts a new one, so a deactivated, deleted or
/// renamed key is refused on the next request. The generation is read before the row, so a lookup racing a write
/// can only store an entry that is already out of date. The cache belongs to this process: every writer of
/// <c>access_keys</c> while the server runs is in it (the admin commands that touch the table, the master key
/// rotation, change no secret, status or owner).
/// </para>
/// </summary>
internal sealed class AccessKeyStore : ICredentialSource
{
    /// <summary>How many keys the lookup cache holds at most.</summary>
    public const int CacheCapacity = 10_000;

    private readonly IStateStore _store;
    private readonly SecretProtector _protector;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);
    private long _generation;

    public AccessKeyStore(IStateStore store, MasterKey masterKey, TimeProvider time)
    {
        _store = store;
        _protector = new SecretProtector(masterKey.Key);
        _time = time;
    }

    /// <summary>How many keys are cached now (for tests).</summary>
    internal int CachedKeys => _cache.Count;

    public async ValueTask<CredentialLookup> FindAsync(string accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        var generation = Volatile.Read(ref _generation);
        if (_cache.TryGetValue(accessKeyId, out var cached) && cached.Generation == generation)
        {
            return cached.Lookup;
        }

        var lookup = await ReadAsync(accessKeyId, ct).ConfigureAwait(false);
        if (lookup.Found)
        {
            if (_cache.Count >= CacheCapacity)
            {
                _cache.Clear();
            }

            _cache[accessKeyId] = new CachedKey(generation, lookup);
        }

        return lookup;
    }

    /// <summary>
    /// Forgets every cached key: called after a write to <c>access_keys</c> has committed (and before its caller
    /// answers), so the next request reads the row again.
    /// </summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    private async Task<CredentialLookup> ReadAsync(string accessKeyId, CancellationToken ct)
    {
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account_id, principal_type, principal_arn, user_id, status, secret_ciphertext
            FROM access_keys WHERE access_key_id = @id
            """;
        AddParameter(command, "@id", accessKeyId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return CredentialLookup.NotFound;
        }

        var secret = _protector.Unprotect((byte[])reader["secret_ciphertext"], accessKeyId);
        if (secret is null || !Enum.TryParse<PrincipalType>(reader.GetString(1), out var type))
        {
            // A row the master key cannot open is treated as no key at all (fail closed).
            return CredentialLookup.NotFound;
        }

        var status = reader.GetString(4) == nameof(CredentialStatus.Active) ? CredentialStatus.Active : CredentialStatus.Inactive;
        var principal = new PrincipalInfo(reader.GetString(0), reader.GetString(2), reader.GetString(3), type, accessKeyId);
        return CredentialLookup.Of(secret, status, principal);
    }

    /// <summary>Adds a key; false when the id exists already.</summary>
    public async Task<bool> AddAsync(PrincipalInfo principal, string secretAccessKey, CredentialStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        try
        {
            return await _store.InTransactionAsync(
                (connection, transaction, token) => InsertAsync(connection, transaction, principal, secretAccessKey, status, token),
                ct).ConfigureAwait(false);
        }
        finally
        {
            Invalidate();
        }
    }

    /// <summary>
    /// Adds a key inside the caller's transaction (IAM checks the owner and its key quota in the same
    /// transaction); false when the id exists already. The caller calls <see cref="Invalidate"/> after its commit.
    /// </summary>
    public async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, PrincipalInfo principal, string secretAccessKey, CredentialStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(principal);
        var ciphertext = _protector.Protect(secretAccessKey, principal.AccessKeyId);
        var createdAt = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO access_keys (access_key_id, account_id, principal_type, principal_arn, user_id, status, secret_ciphertext, created_at)
            SELECT @id, @account, @type, @arn, @user, @status, @secret, @created
            WHERE NOT EXISTS (SELECT 1 FROM access_keys WHERE access_key_id = @id)
            """;
        AddParameter(command, "@id", principal.AccessKeyId);
        AddParameter(command, "@account", principal.AccountId);
        AddParameter(command, "@type", principal.Type.ToString());
        AddParameter(command, "@arn", principal.Arn);
        AddParameter(command, "@user", principal.UserId);
        AddParameter(command, "@status", status.ToString());
        AddParameter(command, "@secret", ciphertext);
        AddParameter(command, "@created", createdAt);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Sets a key Active or Inactive; false when there is no such key.</summary>
    public async Task<bool> SetStatusAsync(string accessKeyId, CredentialStatus status, CancellationToken ct)
    {
        try
        {
            return await _store.InTransactionAsync(
                async (connection, transaction, token) =>
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = "UPDATE access_keys SET status = @status WHERE access_key_id = @id";
                    AddParameter(command, "@id", accessKeyId);
                    AddParameter(command, "@status", status.ToString());
                    return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
                },
                ct).ConfigureAwait(false);
        }
        finally
        {
            Invalidate();
        }
    }

    /// <summary>The number of keys a principal holds (IAM allows two per user).</summary>
    public async Task<int> CountForPrincipalAsync(string principalArn, CancellationToken ct)
    {
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM access_keys WHERE principal_arn = @arn";
        AddParameter(command, "@arn", principalArn);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record CachedKey(long Generation, CredentialLookup Lookup);
}
