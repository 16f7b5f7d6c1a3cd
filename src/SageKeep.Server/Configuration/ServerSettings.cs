using System.Net;

namespace SageKeep.Server.Configuration;

/// <summary>
/// The server's whole configuration, immutable once loaded. Built by <see cref="SettingsLoader"/>
/// from defaults, a file, environment variables and flags, then checked by <see cref="SettingsValidator"/>.
/// </summary>
public sealed record ServerSettings
{
    public const string DefaultAccountId = "000000000000";
    public const string DefaultRegion = "us-east-1";
    public const int DefaultPort = 8443;
    public const string DefaultDataDirectory = ".sagekeep";

    /// <summary>32 MiB: far above any SageMaker control-plane request, small enough to bound memory.</summary>
    public const long DefaultMaxRequestBodyBytes = 32L * 1024 * 1024;

    /// <summary>Loopback by default: exposing the server is an explicit operator decision.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = DefaultPort;

    /// <summary>Absolute path of the data directory (state database, master key, default certificate).</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(DefaultDataDirectory);

    public TlsPreset TlsPreset { get; init; } = TlsPreset.Intermediate;

    /// <summary>Operator certificate (PEM); null means the generated self-signed certificate.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>Private key (PEM) of <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>CA certificate(s) (PEM) that client certificates must chain to; null disables mTLS.</summary>
    public string? ClientCaPath { get; init; }

    /// <summary>Must be set for the <see cref="TlsPreset.Legacy"/> preset to be accepted.</summary>
    public bool AllowLegacyTls { get; init; }

    public string AccountId { get; init; } = DefaultAccountId;

    public string Region { get; init; } = DefaultRegion;

    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>Seconds an endpoint instance has to answer GET /ping with 200 after its container starts (SageMaker: 4 minutes).</summary>
    public int InferenceStartTimeoutSeconds { get; init; } = 240;

    /// <summary>Seconds between two GET /ping checks of every in-service endpoint instance.</summary>
    public int InferenceHealthCheckIntervalSeconds { get; init; } = 10;

    /// <summary>Consecutive failed health checks (no 200 within 2 s, or the container gone) after which an instance is replaced.</summary>
    public int InferenceHealthCheckFailures { get; init; } = 3;

    /// <summary>Serve the OpenTelemetry metrics (Prometheus text format) at GET /_sagekeep/metrics on the HTTPS listener, unauthenticated.</summary>
    public bool MetricsEndpoint { get; init; }

    /// <summary>Largest InvokeEndpoint request or response body (SageMaker: 6 MB).</summary>
    public int InferenceMaxPayloadBytes { get; init; } = 6291456;

    /// <summary>The vulnerability database registry scans read; null means <c>vulndb.sqlite</c> in the data directory.</summary>
    public string? VulnDbPath { get; init; }

    /// <summary>The marketplace scan gate: the failing severity and whether findings without a fix count (<c>high</c>: Critical or High with a fix).</summary>
    public string ScanGate { get; init; } = "high";

    /// <summary>The ignore file the marketplace gate applies (absolute path), or null for none.</summary>
    public string? ScanGateIgnoreFile { get; init; }

    /// <summary>The OpenVEX documents the marketplace gate applies (absolute paths).</summary>
    public IReadOnlyList<string> ScanGateVex { get; init; } = [];

    public string VulnDatabasePath => VulnDbPath ?? Path.Combine(DataDirectory, "vulndb.sqlite");

    /// <summary>S3 virtual-host style: a Host of <c>bucket.S3Domain</c> names the bucket; null for path style only.</summary>
    public string? S3Domain { get; init; }

    /// <summary>An external S3-compatible endpoint for the platform's objects; null for the embedded store.</summary>
    public string? ObjectStoreEndpoint { get; init; }

    public string? ObjectStoreAccessKeyId { get; init; }

    public string? ObjectStoreSecretAccessKey { get; init; }

    /// <summary>The settings as text for diagnostics, with the external store's secret never shown.</summary>
    public override string ToString() => (this with { ObjectStoreSecretAccessKey = ObjectStoreSecretAccessKey is null ? null : "***" }).Describe();

    private string Describe()
    {
        var text = new System.Text.StringBuilder("ServerSettings { ");
        PrintMembers(text);
        return text.Append(" }").ToString();
    }

    /// <summary>Cap on a training container's memory; instance types are scaled down to it (null: three quarters of the host's).</summary>
    public long? TrainingMemoryBytes { get; init; }

    /// <summary>How long a registry blob upload may stay idle before it and its partial data are gone (default one hour).</summary>
    public TimeSpan RegistryUploadIdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Training instances (containers) that run at once; a distributed job takes InstanceCount of them.</summary>
    public int TrainingMaxInstances { get; init; } = 1;

    /// <summary>The certificate (PEM) the external endpoint must present, for a private CA.</summary>
    public string? ObjectStoreCaBundle { get; init; }

    /// <summary>Object bytes of the embedded store (blobs and temporary files).</summary>
    public string ObjectsDirectory => Path.Combine(DataDirectory, "objects");

    public bool UsesOperatorCertificate => CertificatePath is not null;

    public string TlsDirectory => Path.Combine(DataDirectory, "tls");

    /// <summary>The certificate clients pass to <c>--ca-bundle</c> when no operator certificate is set.</summary>
    public string GeneratedCertificatePath => Path.Combine(TlsDirectory, "cert.pem");

    public string GeneratedKeyPath => Path.Combine(TlsDirectory, "key.pem");

    public string MasterKeyPath => Path.Combine(DataDirectory, "master.key");

    public string DatabasePath => Path.Combine(DataDirectory, "state.db");

    /// <summary>The https URL clients use as <c>--endpoint-url</c>.</summary>
    public string EndpointUrl
    {
        get
        {
            var host = ListenAddress.Equals(IPAddress.Any) ? "127.0.0.1"
                : ListenAddress.Equals(IPAddress.IPv6Any) ? "[::1]"
                : ListenAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ListenAddress}]"
                : ListenAddress.ToString();
            return $"https://{host}:{Port}";
        }
    }
}
