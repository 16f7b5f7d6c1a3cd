namespace SageKeep.Runtime.Oci;

/// <summary>One SageMaker ML instance type: vCPUs, memory and GPUs as AWS publishes them.</summary>
public sealed record InstanceType(string Name, int Vcpus, long MemoryBytes, int Gpus);
