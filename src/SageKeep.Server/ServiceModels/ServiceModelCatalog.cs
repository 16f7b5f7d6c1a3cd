using System.Collections.Frozen;

namespace SageKeep.Server.ServiceModels;

/// <summary>
/// The embedded botocore models by service name, each parsed on first use and cached for the life of
/// the process (parsing SageMaker's model costs tens of milliseconds; most processes need few services).
/// </summary>
internal sealed class ServiceModelCatalog
{
    /// <summary>The services whose models are embedded (see ServiceModels/SOURCE.md).</summary>
    public static readonly IReadOnlyList<string> KnownServices =
        ["sagemaker", "sagemaker-runtime", "sts", "iam", "ecr", "ec2", "s3", "logs"];

    private readonly FrozenDictionary<string, Lazy<ServiceModel>> _models;

    public ServiceModelCatalog()
    {
        _models = KnownServices.ToFrozenDictionary(
            name => name,
            name => new Lazy<ServiceModel>(() => Load(name), LazyThreadSafetyMode.ExecutionAndPublication),
            StringComparer.Ordinal);
    }

    /// <summary>A catalog shared by callers that have no DI container (tests, benchmarks).</summary>
    public static ServiceModelCatalog Shared { get; } = new();

    public ServiceModel Get(string service) =>
        TryGet(service) ?? throw new ArgumentException($"No embedded service model named '{service}'.", nameof(service));

    public ServiceModel? TryGet(string service) =>
        _models.TryGetValue(service, out var model) ? model.Value : null;

    private static ServiceModel Load(string service)
    {
        var resource = $"SageKeep.Server.ServiceModels.{service}.service-2.json.gz";
        using var stream = typeof(ServiceModelCatalog).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from the build.");
        return ServiceModelParser.ParseGzip(service, stream);
    }
}
