using System.Text.Json.Nodes;
using SageKeep.Runtime.Oci;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>CreateTrainingJob's checks beyond the service model's constraints, in SageMaker's order.</summary>
internal sealed partial class CreateTrainingJob
{
    /// <summary>What the model's constraints do not catch, in SageMaker's order; null when the request can run.</summary>
    private static string? Validate(JsonObject input)
    {
        var algorithm = input["AlgorithmSpecification"] as JsonObject;
        var hasName = InputValues.GetString(algorithm?["AlgorithmName"]) is not null;
        var hasImage = InputValues.GetString(algorithm?["TrainingImage"]) is not null;
        if (hasName == hasImage)
        {
            return "AlgorithmSpecification needs exactly one of TrainingImage and AlgorithmName.";
        }

        if (TrainingMetrics.Validate(algorithm?["MetricDefinitions"]) is { } metricsError)
        {
            return metricsError;
        }

        if (InputValues.GetString(algorithm?["TrainingInputMode"]) is { } mode && mode != "File")
        {
            return $"TrainingInputMode {mode} is not supported: only File is.";
        }

        var resources = input["ResourceConfig"] as JsonObject;
        if (resources?["InstanceGroups"] is not null)
        {
            return "ResourceConfig.InstanceGroups (heterogeneous clusters) is not supported by this server: give InstanceType and InstanceCount.";
        }

        if (InputValues.TryGetInt64(resources?["InstanceCount"], out var count) && count < 1)
        {
            return $"InstanceCount {count} is not valid: a training job needs at least one instance.";
        }

        if (count > 1 && input["VpcConfig"] is null)
        {
            return $"InstanceCount {count} needs VpcConfig on this server: the instances of a distributed training job reach each other through their network interfaces in the job's subnets (give a security group that allows traffic from itself).";
        }

        if (count > 1 && input["EnableNetworkIsolation"]?.GetValue<bool>() == true)
        {
            return $"InstanceCount {count} with EnableNetworkIsolation is not supported by this server: distributed training needs VpcConfig without network isolation.";
        }

        if (InputValues.GetString(resources?["InstanceType"]) is not { } type || InstanceTypes.Find(type) is null)
        {
            return $"InstanceType {InputValues.GetString(resources?["InstanceType"])} is not supported by this server.";
        }

        if (S3Uri.Parse(InputValues.GetString(input["OutputDataConfig"]?["S3OutputPath"])) is null)
        {
            return "OutputDataConfig.S3OutputPath must be an s3://bucket/prefix URI.";
        }

        if (ValidateChannels(input) is { } channelError)
        {
            return channelError;
        }

        if (input["VpcConfig"] is JsonObject vpc)
        {
            var subnets = vpc["Subnets"] as JsonArray ?? [];
            var groups = vpc["SecurityGroupIds"] as JsonArray ?? [];
            if (subnets.Count is < 1 or > 16 || groups.Count is < 1 or > 5)
            {
                return "VpcConfig needs 1 to 16 Subnets and 1 to 5 SecurityGroupIds.";
            }
        }

        return null;
    }

    private static string? ValidateChannels(JsonObject input)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in (input["InputDataConfig"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = InputValues.GetString(channel["ChannelName"]) ?? string.Empty;
            if (!names.Add(name))
            {
                return $"Channel names must be unique: {name} appears twice.";
            }

            var s3 = channel["DataSource"]?["S3DataSource"] as JsonObject;
            if (s3 is null)
            {
                return $"Channel {name}: only S3DataSource is supported.";
            }

            var dataType = InputValues.GetString(s3["S3DataType"]) ?? TrainingJobChannelSource.S3Prefix;
            if (dataType is not (TrainingJobChannelSource.S3Prefix or TrainingJobChannelSource.ManifestFile))
            {
                return $"Channel {name}: S3DataType {dataType} is not supported: only S3Prefix and ManifestFile are.";
            }

            if (S3Uri.Parse(InputValues.GetString(s3["S3Uri"])) is not { } location)
            {
                return $"Channel {name}: S3Uri must be an s3://bucket/prefix URI.";
            }

            if (dataType == TrainingJobChannelSource.ManifestFile && (location.Prefix.Length == 0 || location.Prefix.EndsWith('/')))
            {
                return $"Channel {name}: with S3DataType ManifestFile, S3Uri must name the manifest object, not a prefix.";
            }

            if (InputValues.GetString(channel["InputMode"]) is { } mode && mode != "File")
            {
                return $"Channel {name}: InputMode {mode} is not supported: only File is.";
            }
        }

        return null;
    }

    /// <summary>
    /// An AlgorithmName job must fit the algorithm's TrainingSpecification (instance type and channels), and one on an
    /// algorithm certified for the marketplace must run with network isolation.
    /// </summary>
    private static string? ValidateForAlgorithm(JsonObject input, JsonObject algorithm)
    {
        var specification = algorithm["TrainingSpecification"] as JsonObject;
        var name = InputValues.GetString(algorithm["AlgorithmName"]);
        if (algorithm["CertifyForMarketplace"]?.GetValue<bool>() == true && input["EnableNetworkIsolation"]?.GetValue<bool>() != true)
        {
            return $"Algorithm {name} is certified for the marketplace and must run with network isolation: set EnableNetworkIsolation.";
        }

        var type = InputValues.GetString(input["ResourceConfig"]?["InstanceType"]);
        var supported = (specification?["SupportedTrainingInstanceTypes"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>().ToList();
        if (supported.Count > 0 && !supported.Contains(type!, StringComparer.Ordinal))
        {
            return $"Algorithm {name} does not support instance type {type}: it supports {string.Join(", ", supported)}.";
        }

        var declared = (specification?["TrainingChannels"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var given = (input["InputDataConfig"] as JsonArray ?? []).OfType<JsonObject>().Select(c => InputValues.GetString(c["ChannelName"]) ?? string.Empty).ToList();
        foreach (var channel in given)
        {
            if (!declared.Exists(d => InputValues.GetString(d["Name"]) == channel))
            {
                return $"Algorithm {name} has no training channel {channel}: its channels are {string.Join(", ", declared.Select(d => InputValues.GetString(d["Name"])))}.";
            }
        }

        foreach (var required in declared.Where(d => d["IsRequired"]?.GetValue<bool>() == true))
        {
            if (!given.Contains(InputValues.GetString(required["Name"]) ?? string.Empty, StringComparer.Ordinal))
            {
                return $"Algorithm {name} requires the training channel {InputValues.GetString(required["Name"])}.";
            }
        }

        return null;
    }
}
