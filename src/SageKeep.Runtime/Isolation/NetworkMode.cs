namespace SageKeep.Runtime.Isolation;

/// <summary>How a training container is networked.</summary>
public enum NetworkMode
{
    /// <summary>EnableNetworkIsolation: a fresh network namespace holding only loopback.</summary>
    Isolated,

    /// <summary>A platform-made namespace with a veth to the host; nftables keeps it off the host's own services.</summary>
    Outbound,

    /// <summary>
    /// VpcConfig: the namespace of the job's ENI in the VPC, made and removed by its owner (the API layer); the
    /// runner only joins it.
    /// </summary>
    Vpc,
}
