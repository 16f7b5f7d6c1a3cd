namespace SageKeep.Server.Storage;

/// <summary>
/// The installation's 32-byte master key (AES-256-GCM key material for secrets at rest). It lives in
/// its own 0600 file outside the database, so a copy of the database alone reveals no secret.
/// </summary>
public sealed class MasterKey
{
    public const int LengthInBytes = 32;

    private readonly byte[] _key;

    internal MasterKey(byte[] key)
    {
        if (key.Length != LengthInBytes)
        {
            throw new ArgumentException($"A master key is exactly {LengthInBytes} bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>The key bytes; never log or persist them elsewhere.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>Keeps the key out of logs and debugger displays.</summary>
    public override string ToString() => "MasterKey(redacted)";
}
