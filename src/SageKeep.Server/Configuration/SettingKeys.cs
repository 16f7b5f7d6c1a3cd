namespace SageKeep.Server.Configuration;

/// <summary>
/// The table of every setting. The config file, the environment and the command line all use these
/// names, so the README's configuration table, the flags and the parser cannot drift apart.
/// </summary>
public static class SettingKeys
{
    public const string EnvironmentPrefix = "SAGEKEEP_";

    public static readonly SettingKey Address = new("address", "SAGEKEEP_ADDRESS", "--address", "IP address to listen on");
    public static readonly SettingKey Port = new("port", "SAGEKEEP_PORT", "--port", "HTTPS port (1-65535)");
    public static readonly SettingKey DataDir = new("dataDir", "SAGEKEEP_DATA_DIR", "--data-dir", "data directory (state, keys, default certificate)");
    public static readonly SettingKey TlsPreset = new("tlsPreset", "SAGEKEEP_TLS_PRESET", "--tls-preset", "modern | intermediate | compat | legacy");
    public static readonly SettingKey TlsCertificate = new("tlsCertificate", "SAGEKEEP_TLS_CERT", "--tls-cert", "operator certificate (PEM), reloaded when the file changes");
    public static readonly SettingKey TlsKey = new("tlsKey", "SAGEKEEP_TLS_KEY", "--tls-key", "private key (PEM) of the operator certificate");
    public static readonly SettingKey TlsClientCa = new("tlsClientCa", "SAGEKEEP_TLS_CLIENT_CA", "--tls-client-ca", "CA (PEM) client certificates must chain to; enables mTLS");
    public static readonly SettingKey AllowLegacyTls = new("allowLegacyTls", "SAGEKEEP_ALLOW_LEGACY_TLS", "--allow-legacy-tls", "required to use the legacy preset (TLS 1.0/1.1)");
    public static readonly SettingKey AccountId = new("accountId", "SAGEKEEP_ACCOUNT_ID", "--account-id", "12-digit account id");
    public static readonly SettingKey Region = new("region", "SAGEKEEP_REGION", "--region", "region the server answers for");
    public static readonly SettingKey MaxRequestBodyBytes = new("maxRequestBodyBytes", "SAGEKEEP_MAX_REQUEST_BODY_BYTES", "--max-request-body-bytes", "largest request body accepted");
    public static readonly SettingKey VulnDbPath = new("vulnDbPath", "SAGEKEEP_VULN_DB", "--vuln-db", "vulnerability database registry scans use (default: vulndb.sqlite in the data directory)");
    public static readonly SettingKey ScanGate = new("scanGate", "SAGEKEEP_SCAN_GATE", "--scan-gate", "severity at which a scan fails the marketplace gate: critical | high | medium | low | any | never, + ':unfixed' to count findings without a fix");
    public static readonly SettingKey ScanGateIgnoreFile = new("scanGateIgnoreFile", "SAGEKEEP_SCAN_GATE_IGNORE_FILE", "--scan-gate-ignore-file", "ignore file the marketplace gate applies (entries with expiry and reason; read at every scan, its digest recorded with the verdict)");
    public static readonly SettingKey ScanGateVex = new("scanGateVex", "SAGEKEEP_SCAN_GATE_VEX", "--scan-gate-vex", "comma-separated OpenVEX documents the marketplace gate applies (read at every scan, digests recorded with the verdict)");

    public static readonly SettingKey S3Domain = new("s3Domain", "SAGEKEEP_S3_DOMAIN", "--s3-domain", "domain for virtual-host style S3 (<bucket>.<domain>)");
    public static readonly SettingKey ObjectStoreEndpoint = new("objectStoreEndpoint", "SAGEKEEP_OBJECT_STORE_ENDPOINT", "--object-store-endpoint", "external S3-compatible endpoint for training data and artifacts (default: embedded)");
    public static readonly SettingKey ObjectStoreAccessKeyId = new("objectStoreAccessKeyId", "SAGEKEEP_OBJECT_STORE_ACCESS_KEY_ID", "--object-store-access-key-id", "access key id for the external object store");
    public static readonly SettingKey ObjectStoreSecretAccessKey = new("objectStoreSecretAccessKey", "SAGEKEEP_OBJECT_STORE_SECRET_ACCESS_KEY", "--object-store-secret-access-key", "secret access key for the external object store");
    public static readonly SettingKey TrainingMemoryBytes = new("trainingMemoryBytes", "SAGEKEEP_TRAINING_MEMORY_BYTES", "--training-memory-bytes", "most memory one training container may use (instance types are scaled down to it; default: three quarters of the host's)");
    public static readonly SettingKey TrainingMaxInstances = new("trainingMaxInstances", "SAGEKEEP_TRAINING_MAX_INSTANCES", "--training-max-instances", "training instances (containers) that run at once; a job's InstanceCount counts them all, a larger one is refused (default 1; without trainingMemoryBytes each container gets its share of three quarters of the host's memory)");
    public static readonly SettingKey RegistryUploadIdleTimeoutSeconds = new("registryUploadIdleTimeoutSeconds", "SAGEKEEP_REGISTRY_UPLOAD_IDLE_TIMEOUT_SECONDS", "--registry-upload-idle-timeout-seconds", "seconds a registry blob upload may stay idle before it is gone with its partial data (default 3600, 1-86400)");
    public static readonly SettingKey ObjectStoreCaBundle = new("objectStoreCaBundle", "SAGEKEEP_OBJECT_STORE_CA_BUNDLE", "--object-store-ca-bundle", "certificate (PEM) the external object store must present");

    public static readonly SettingKey InferenceStartTimeoutSeconds = new("inferenceStartTimeoutSeconds", "SAGEKEEP_INFERENCE_START_TIMEOUT_SECONDS", "--inference-start-timeout-seconds", "seconds an endpoint instance has to answer GET /ping with 200 (default 240)");
    public static readonly SettingKey InferenceHealthCheckIntervalSeconds = new("inferenceHealthCheckIntervalSeconds", "SAGEKEEP_INFERENCE_HEALTH_CHECK_INTERVAL_SECONDS", "--inference-health-check-interval-seconds", "seconds between two GET /ping checks of every in-service endpoint instance (default 10)");
    public static readonly SettingKey InferenceHealthCheckFailures = new("inferenceHealthCheckFailures", "SAGEKEEP_INFERENCE_HEALTH_CHECK_FAILURES", "--inference-health-check-failures", "consecutive failed checks after which an instance is replaced (default 3)");
    public static readonly SettingKey MetricsEndpoint = new("metricsEndpoint", "SAGEKEEP_METRICS_ENDPOINT", "--metrics-endpoint", "serve OpenTelemetry metrics in the Prometheus text format at GET /_sagekeep/metrics, unauthenticated (default false)");
    public static readonly SettingKey InferenceMaxPayloadBytes = new("inferenceMaxPayloadBytes", "SAGEKEEP_INFERENCE_MAX_PAYLOAD_BYTES", "--inference-max-payload-bytes", "largest InvokeEndpoint request or response body (default and most 6291456)");

    public static IReadOnlyList<SettingKey> All { get; } =
    [
        Address, Port, DataDir, TlsPreset, TlsCertificate, TlsKey, TlsClientCa, AllowLegacyTls, AccountId, Region, MaxRequestBodyBytes, VulnDbPath, ScanGate, ScanGateIgnoreFile, ScanGateVex,
        S3Domain, ObjectStoreEndpoint, ObjectStoreAccessKeyId, ObjectStoreSecretAccessKey, ObjectStoreCaBundle,
        TrainingMemoryBytes, TrainingMaxInstances,
        InferenceStartTimeoutSeconds, InferenceMaxPayloadBytes, InferenceHealthCheckIntervalSeconds, InferenceHealthCheckFailures,
        MetricsEndpoint, RegistryUploadIdleTimeoutSeconds,
    ];

    public static SettingKey? FindByFileKey(string key) =>
        All.FirstOrDefault(s => string.Equals(s.FileKey, key, StringComparison.OrdinalIgnoreCase));
}
