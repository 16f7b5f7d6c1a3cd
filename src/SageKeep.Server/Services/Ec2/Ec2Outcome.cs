using System.Text.Json.Nodes;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Services.Ec2;

/// <summary>What a change to the EC2 resources answered: output or error, and the VPCs whose network must follow.</summary>
internal sealed record Ec2Outcome(JsonObject? Output, AwsError? Error, IReadOnlyList<string> Vpcs)
{
    public static Ec2Outcome Ok(JsonObject? output, params string[] vpcs) => new(output ?? [], null, vpcs);

    public static Ec2Outcome Fail(AwsError error) => new(null, error, []);

    public static implicit operator Ec2Outcome(AwsError error) => Fail(error);
}
