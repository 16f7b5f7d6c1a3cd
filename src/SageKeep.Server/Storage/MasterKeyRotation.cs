using System.Globalization;
using System.Security.Cryptography;
using SageKeep.Security.Credentials;

namespace SageKeep.Server.Storage;

/// <summary>
/// Replaces the master key and re-encrypts every stored secret under the new one, so that a crash at any
/// point leaves a usable installation:
/// 1. the new key is written to <c>master.key.new</c> (0600, flushed to disk);
/// 2. one database transaction re-encrypts every secret and records the new key's id (the commit point);
/// 3. the old key is copied to <c>master.key.replaced-UTCSTAMP</c> (0600) and <c>master.key.new</c> is
///    renamed over <c>master.key</c> (an atomic rename).
/// A crash before 2 leaves the old key in force (the stray <c>.new</c> file is discarded on the next run);
/// a crash between 2 and 3 is detected by the key id: the server refuses to start and running the command
/// again completes the rename. Run it while the server is stopped: a running server keeps the old key in
/// memory. STS session tokens are sealed under a key derived from the master key, so rotation invalidates
/// every outstanding session token; access keys keep working.
/// </summary>
public static class MasterKeyRotation
{
    internal const string KeyIdName = "master_key_id";

    /// <summary>A non-secret fingerprint of a key (HMAC of a fixed label), to tell which key the database was sealed under.</summary>
    public static string KeyId(ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, "SageKeep master key id v1"u8)[..8]);

    /// <summary>
    /// At server start: records the key id on first use, or answers an error when the database was sealed
    /// under another key (an interrupted rotation, or the wrong key file).
    /// </summary>
    public static async Task<string?> CheckAsync(IStateStore store, MasterKey key, string keyPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        var id = KeyId(key.Key);
        var recorded = await ReadOrRecordAsync(store, id, ct).ConfigureAwait(false);
        return recorded == id
            ? null
            : $"master key file '{keyPath}' is not the key the state database was sealed with; if a master key rotation was interrupted, run: sagekeep admin rotate-master-key --data-dir '{Path.GetDirectoryName(keyPath)}'";
    }

    /// <summary>Rotates (or completes an interrupted rotation). Returns a line for the operator, or an error.</summary>
    public static async Task<(string? Message, string? Error)> RotateAsync(IStateStore store, string keyPath, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var newPath = keyPath + ".new";
        if (!File.Exists(keyPath))
        {
            return (null, $"master key file '{keyPath}' does not exist");
        }

        var (current, _, error) = MasterKeyFile.LoadOrCreate(keyPath);
        if (current is null)
        {
            return (null, error);
        }

        var recorded = await ReadOrRecordAsync(store, KeyId(current.Key), ct).ConfigureAwait(false);
        if (File.Exists(newPath))
        {
            var pending = await File.ReadAllBytesAsync(newPath, ct).ConfigureAwait(false);
            if (pending.Length == MasterKey.LengthInBytes && KeyId(pending) == recorded)
            {
                Swap(keyPath, newPath, current, time);
                return ("completed an interrupted master key rotation", null);
            }

            File.Delete(newPath); // Never committed: the database is still sealed under the current key.
        }

        if (recorded != KeyId(current.Key))
        {
            return (null, $"master key file '{keyPath}' is not the key the state database was sealed with");
        }

        var fresh = RandomNumberGenerator.GetBytes(MasterKey.LengthInBytes);
        PrivateFiles.WriteNew(newPath, fresh);
        int count;
        try
        {
            count = await ReencryptAsync(store, new SecretProtector(current.Key), new SecretProtector(fresh), KeyId(fresh), ct).ConfigureAwait(false);
        }
        catch (CryptographicException e)
        {
            File.Delete(newPath);
            return (null, Describe(e));
        }

        var backup = Swap(keyPath, newPath, current, time);
        return (string.Create(CultureInfo.InvariantCulture, $"re-encrypted {count} secrets under a new master key; the previous key is kept in '{backup}'"), null);
    }

    private static Task<int> ReencryptAsync(IStateStore store, SecretProtector from, SecretProtector to, string newId, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                var rows = new List<(string Id, byte[] Ciphertext)>();
                await using (var select = connection.CreateCommand("SELECT access_key_id, secret_ciphertext FROM access_keys", transaction))
                await using (var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        rows.Add((reader.GetString(0), (byte[])reader[1]));
                    }
                }

                foreach (var (id, ciphertext) in rows)
                {
                    // A secret the current key cannot open would be lost for good: stop and change nothing.
                    if (from.Unprotect(ciphertext, id) is not { } secret)
                    {
                        throw new CryptographicException($"the secret of access key {id} cannot be decrypted with the current master key");
                    }

                    await using var update = connection.CreateCommand(
                        "UPDATE access_keys SET secret_ciphertext = @secret WHERE access_key_id = @id", transaction, ("@id", id), ("@secret", to.Protect(secret, id)));
                    await update.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var record = connection.CreateCommand(
                    "UPDATE server_metadata SET value = @value WHERE name = @name", transaction, ("@name", KeyIdName), ("@value", newId));
                await record.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return rows.Count;
            },
            ct);

    /// <summary>Keeps the old key as a dated 0600 copy, then renames the new key over the old one.</summary>
    private static string Swap(string keyPath, string newPath, MasterKey current, TimeProvider time)
    {
        var backup = $"{keyPath}.replaced-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        if (!File.Exists(backup))
        {
            PrivateFiles.WriteNew(backup, current.Key);
        }

        File.Move(newPath, keyPath, overwrite: true);
        return backup;
    }

    private static Task<string> ReadOrRecordAsync(IStateStore store, string id, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var select = connection.CreateCommand("SELECT value FROM server_metadata WHERE name = @name", transaction, ("@name", KeyIdName));
                if (await select.ExecuteScalarAsync(token).ConfigureAwait(false) is string recorded)
                {
                    return recorded;
                }

                await using var insert = connection.CreateCommand("INSERT INTO server_metadata (name, value) VALUES (@name, @value)", transaction, ("@name", KeyIdName), ("@value", id));
                await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return id;
            },
            ct);

    private static string Describe(Exception e) => e.Message.ReplaceLineEndings(" ");
}
