using SageKeep.Core.Errors;

namespace SageKeep.Runtime.Jobs;

/// <summary>Either the accepted job's handle or the AWS error that refused it (ValidationException, ResourceLimitExceeded).</summary>
public sealed record TrainingJobStart(TrainingJobHandle? Handle, AwsError? Error);
