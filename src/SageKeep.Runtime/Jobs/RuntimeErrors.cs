using SageKeep.Core.Errors;

namespace SageKeep.Runtime.Jobs;

/// <summary>The runner's expected refusals as AWS errors (SageMaker API reference, "Common Errors" and CreateTrainingJob).</summary>
public static class RuntimeErrors
{
    public static AwsError ResourceLimitExceeded(int running, int queued) => AwsError.Sender(
        "ResourceLimitExceeded",
        $"The account-level service limit for concurrent training jobs is reached: {running} running and {queued} waiting.");

    public static AwsError TooManyInstances(int requested, int allowed) => AwsError.Sender(
        "ResourceLimitExceeded",
        $"InstanceCount {requested} exceeds the {allowed} training instance(s) this server runs at once (setting trainingMaxInstances).");

    public static AwsError DistributedNeedsVpc(int requested) => AwsError.Sender(
        "ValidationException",
        $"InstanceCount {requested} needs VpcConfig without EnableNetworkIsolation on this server: the instances of a distributed training job reach each other through their network interfaces in the job's subnets.");

    public static AwsError UnknownInstanceType(string instanceType) => AwsError.Sender(
        "ValidationException",
        $"Instance type {instanceType} is not supported by this server.");

    public static AwsError InvalidChannelName(string name) => AwsError.Sender(
        "ValidationException",
        $"Channel name '{name}' must match [A-Za-z0-9.\\-_]+ and must not be '.' or '..'.");

    public static AwsError DuplicateJob(string name) => AwsError.Sender(
        "ResourceInUse",
        $"Training job {name} is already running.");

    public static AwsError InvalidEnvironment(string key) => AwsError.Sender(
        "ValidationException",
        $"Environment variable name '{key}' must match [a-zA-Z_][a-zA-Z0-9_]*.");
}
