using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using SageKeep.Server.Configuration;

namespace SageKeep.Server.Hosting;

/// <summary>
/// What each <see cref="TlsPreset"/> means on the wire: protocol versions and the cipher-suite list.
/// Every list is ECDHE-only (forward secret); static-RSA key exchange (TLS_RSA_*) is in none of them.
/// </summary>
internal sealed record TlsPresetPolicy(TlsPreset Preset, SslProtocols Protocols, IReadOnlyList<TlsCipherSuite>? CipherSuites)
{
    /// <summary>RFC 8446 section 9.1 plus ChaCha20 (RFC 8439): the three suites every TLS 1.3 preset offers.</summary>
    internal static readonly TlsCipherSuite[] Tls13Suites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>Mozilla "intermediate" TLS 1.2 suites: ECDHE with AES-GCM or ChaCha20-Poly1305 (AEAD only).</summary>
    internal static readonly TlsCipherSuite[] Tls12AeadSuites =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>ECDHE with CBC: still forward secret, for clients without AEAD suites (compat and legacy).</summary>
    internal static readonly TlsCipherSuite[] EcdheCbcSuites =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    ];

    /// <summary>
    /// The policy of a preset. Modern sets no suite list: OpenSSL's TLS 1.3 defaults are exactly the
    /// three AEAD suites, and leaving the policy unset keeps session resumption
    /// (docs/design/0001-tls-presets.md). The others must list the TLS 1.3 suites too, or every
    /// TLS 1.3 handshake fails.
    /// </summary>
    public static TlsPresetPolicy For(TlsPreset preset) => preset switch
    {
        TlsPreset.Modern => new(preset, SslProtocols.Tls13, null),
        TlsPreset.Intermediate => new(preset, SslProtocols.Tls12 | SslProtocols.Tls13, [.. Tls13Suites, .. Tls12AeadSuites]),
        TlsPreset.Compat => new(preset, SslProtocols.Tls12 | SslProtocols.Tls13, [.. Tls13Suites, .. Tls12AeadSuites, .. EcdheCbcSuites]),
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0/1.1 are deprecated; the legacy preset exists for clients that cannot do better and is opt-in.
        TlsPreset.Legacy => new(preset, SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12 | SslProtocols.Tls13, [.. Tls13Suites, .. Tls12AeadSuites, .. EcdheCbcSuites]),
#pragma warning restore SYSLIB0039, CA5397
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown TLS preset."),
    };

    /// <summary>The OpenSSL policy object, built once per server; null means OpenSSL's defaults for the protocols.</summary>
    [UnsupportedOSPlatform("windows")]
    public CipherSuitesPolicy? CreateCipherSuitesPolicy() => CipherSuites is null ? null : new CipherSuitesPolicy(CipherSuites);
}
