using SageKeep.Core;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2;

/// <summary>What every EC2 handler uses: the resources, the account and region ids and ARNs carry, the clock, the host network.</summary>
internal sealed class Ec2Context(Ec2Store store, AwsAccount account, TimeProvider time, VpcNetwork network)
{
    public Ec2Store Store => store;

    public AwsAccount Account => account;

    public TimeProvider Time => time;

    public VpcNetwork Network => network;

    public string Arn(string type, string id) => Ec2Ids.Arn(account, type, id);
}
