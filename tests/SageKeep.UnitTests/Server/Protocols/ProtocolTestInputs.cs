using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.Protocols.Query;
using SageKeep.Server.ServiceModels;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>Reads and validates request bodies through the same functions the endpoint uses.</summary>
internal static class ProtocolTestInputs
{
    public const string CreateTrainingJobBody = """
        {
          "TrainingJobName": "job-1",
          "HyperParameters": { "epochs": "10" },
          "AlgorithmSpecification": { "TrainingImage": "registry.local/train:latest", "TrainingInputMode": "File" },
          "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
          "InputDataConfig": [
            { "ChannelName": "train", "DataSource": { "S3DataSource": { "S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train" } } }
          ],
          "OutputDataConfig": { "S3OutputPath": "s3://bucket/out" },
          "ResourceConfig": { "InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10 },
          "StoppingCondition": { "MaxRuntimeInSeconds": 3600 },
          "Tags": [ { "Key": "team", "Value": "ml" } ]
        }
        """;

    /// <summary>The error an awsJson body gets from reading plus validation, or null when valid.</summary>
    public static AwsError? ValidateJson(string service, string operation, string body)
    {
        var model = ServiceModelCatalog.Shared.Get(service);
        var op = model.FindOperation(operation).ShouldNotBeNull();
        var read = JsonRequestReader.Read(Encoding.UTF8.GetBytes(body), 64, ProtocolKind.AwsJson);
        if (read.Error is not null)
        {
            return read.Error;
        }

        return AwsApiEndpoint.Validate(model, model.FindShape(op.InputShape)!, read.Input!, ProtocolKind.AwsJson);
    }

    /// <summary>The error a query form body gets from binding plus validation, or null when valid.</summary>
    public static AwsError? ValidateQuery(string service, string operation, string form) =>
        BindQuery(service, operation, form, out _);

    public static AwsError? BindQuery(string service, string operation, string form, out JsonObject? input)
    {
        input = null;
        var model = ServiceModelCatalog.Shared.Get(service);
        var op = model.FindOperation(operation).ShouldNotBeNull();
        var protocol = model.Protocol == "ec2" ? ProtocolKind.Ec2Query : ProtocolKind.AwsQuery;
        var parameters = FormParser.TryParse(form, 1000, out _).ShouldNotBeNull();
        var tree = QueryNode.Build(parameters, 32).ShouldNotBeNull();
        var bound = AwsApiEndpoint.BindQuery(model, op, tree, protocol);
        if (bound.Error is not null)
        {
            return bound.Error;
        }

        input = bound.Input;
        return AwsApiEndpoint.Validate(model, model.FindShape(op.InputShape)!, bound.Input!, protocol);
    }

    /// <summary>The CreateTrainingJob body with one member replaced (or removed when <paramref name="json"/> is null).</summary>
    public static string PatchTrainingJob(string path, string? json)
    {
        var root = JsonNode.Parse(CreateTrainingJobBody)!;
        var segments = path.Split('.');
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = int.TryParse(segment, out var index) ? parent[index]! : parent[segment]!;
        }

        var last = segments[^1];
        if (json is null)
        {
            if (parent is JsonObject obj)
            {
                obj.Remove(last);
            }
        }
        else if (int.TryParse(last, out var index))
        {
            parent[index] = JsonNode.Parse(json);
        }
        else
        {
            parent[last] = JsonNode.Parse(json);
        }

        return root.ToJsonString();
    }
}
