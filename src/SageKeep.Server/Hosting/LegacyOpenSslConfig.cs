namespace SageKeep.Server.Hosting;

/// <summary>
/// TLS 1.0/1.1 under OpenSSL 3 need security level 0 (their handshake signatures use SHA-1), which
/// .NET cannot set per listener: the level comes from the process-wide OpenSSL configuration read at
/// start-up. For the legacy preset the server writes this file into the data directory and
/// <c>sagekeep serve</c> relaunches itself with <c>OPENSSL_CONF</c> pointing at it
/// (docs/design/0001-tls-presets.md).
/// </summary>
public static class LegacyOpenSslConfig
{
    public const string FileName = "openssl-legacy.cnf";

    public const string Content = """
        # Written by sagekeep for the 'legacy' TLS preset; the server runs with OPENSSL_CONF=<this file>.
        # Security level 0 lets TLS 1.0/1.1 handshakes complete; the server's own cipher list still
        # limits every connection to ECDHE suites.
        openssl_conf = openssl_init

        [openssl_init]
        ssl_conf = ssl_sect

        [ssl_sect]
        system_default = system_default_sect

        [system_default_sect]
        MinProtocol = TLSv1
        CipherString = DEFAULT@SECLEVEL=0

        """;

    /// <summary>True when this process was started with an OpenSSL configuration of the operator's choosing.</summary>
    public static bool IsOpenSslConfigured => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENSSL_CONF"));
}
