using System.Runtime.Versioning;
using SageKeep.Server.Registry.Images;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>What CreateTrainingJob validated and the service needs to run the job in the background.</summary>
[SupportedOSPlatform("linux")]
internal sealed record TrainingJobLaunch(
    string Name,
    string Arn,
    ResolvedImage Image,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyList<TrainingJobChannelSource> Channels,
    IReadOnlyDictionary<string, string> Environment,
    string InstanceType,
    TimeSpan MaxRuntime,
    bool EnableNetworkIsolation,
    IReadOnlyList<string>? VpcSubnets = null,
    IReadOnlyList<string>? VpcSecurityGroupIds = null,
    int InstanceCount = 1);
