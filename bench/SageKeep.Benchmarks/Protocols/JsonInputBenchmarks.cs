using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Benchmarks.Protocols;

/// <summary>
/// The per-request cost of reading and validating an awsJson input (SageMaker CreateTrainingJob)
/// against the botocore model, relative to only parsing the same bytes with <see cref="JsonDocument"/>.
/// </summary>
[MemoryDiagnoser]
public class JsonInputBenchmarks
{
    private const string Body = """
        {
          "TrainingJobName": "job-1",
          "HyperParameters": { "epochs": "10", "learning_rate": "0.01", "batch_size": "64" },
          "AlgorithmSpecification": { "TrainingImage": "registry.local/train:latest", "TrainingInputMode": "File" },
          "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
          "InputDataConfig": [
            { "ChannelName": "train", "DataSource": { "S3DataSource": { "S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train" } } },
            { "ChannelName": "validation", "DataSource": { "S3DataSource": { "S3DataType": "S3Prefix", "S3Uri": "s3://bucket/validation" } } }
          ],
          "OutputDataConfig": { "S3OutputPath": "s3://bucket/out" },
          "ResourceConfig": { "InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10 },
          "StoppingCondition": { "MaxRuntimeInSeconds": 3600 },
          "Environment": { "MODE": "train" },
          "Tags": [ { "Key": "team", "Value": "ml" }, { "Key": "cost-center", "Value": "42" } ]
        }
        """;

    private readonly byte[] _body = Encoding.UTF8.GetBytes(Body);
    private ServiceModel _model = null!;
    private ShapeModel _shape = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = ServiceModelCatalog.Shared.Get("sagemaker");
        _shape = _model.FindShape(_model.FindOperation("CreateTrainingJob")!.InputShape)!;

        // Compile the patterns once, as a warm server has.
        if (ReadAndValidate() is not null)
        {
            throw new InvalidOperationException("The benchmark body must be valid.");
        }
    }

    [Benchmark(Baseline = true)]
    public int JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(_body);
        return document.RootElement.CountChildren();
    }

    [Benchmark]
    public object? ReadOnly() => JsonRequestReader.Read(_body, 64, ProtocolKind.AwsJson).Input;

    [Benchmark]
    public object? ReadAndValidate()
    {
        var read = JsonRequestReader.Read(_body, 64, ProtocolKind.AwsJson);
        return read.Error ?? AwsApiEndpoint.Validate(_model, _shape, read.Input!, ProtocolKind.AwsJson);
    }
}
