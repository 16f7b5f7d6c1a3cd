namespace SageKeep.Server.Configuration;

/// <summary>
/// The TLS profiles an operator chooses by name. Every preset is forward secret (ECDHE key exchange
/// only, never static RSA key exchange); they differ in protocol versions and bulk ciphers.
/// </summary>
public enum TlsPreset
{
    /// <summary>TLS 1.3 only (Mozilla "modern").</summary>
    Modern,

    /// <summary>TLS 1.2 and 1.3 with AEAD suites only (Mozilla "intermediate"); the default.</summary>
    Intermediate,

    /// <summary>Intermediate plus the ECDHE CBC suites, for older TLS 1.2 clients.</summary>
    Compat,

    /// <summary>Compat plus TLS 1.0 and 1.1; refused unless explicitly allowed.</summary>
    Legacy,
}
