namespace SageKeep.Server.ServiceModels;

/// <summary>
/// A parsed botocore service model: metadata, operations by name and shapes by name.
/// Immutable once built and shared by every request.
/// </summary>
internal sealed class ServiceModel
{
    public required string ServiceName { get; init; }

    /// <summary>botocore's protocol name: <c>json</c>, <c>query</c>, <c>ec2</c>, <c>rest-json</c>, <c>rest-xml</c>.</summary>
    public required string Protocol { get; init; }

    public required string ApiVersion { get; init; }

    public string? TargetPrefix { get; init; }

    public required string SigningName { get; init; }

    public string? XmlNamespace { get; init; }

    public string? JsonVersion { get; init; }

    public required IReadOnlyDictionary<string, OperationModel> Operations { get; init; }

    public required IReadOnlyDictionary<string, ShapeModel> Shapes { get; init; }

    public ShapeModel? FindShape(string? name) =>
        name is not null && Shapes.TryGetValue(name, out var shape) ? shape : null;

    public OperationModel? FindOperation(string name) =>
        Operations.TryGetValue(name, out var operation) ? operation : null;
}
