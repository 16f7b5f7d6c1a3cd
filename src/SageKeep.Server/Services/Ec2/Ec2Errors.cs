using SageKeep.Core.Errors;

namespace SageKeep.Server.Services.Ec2;

/// <summary>EC2's error codes and texts for the networking API.</summary>
internal static class Ec2Errors
{
    public static AwsError NotFound(string id) => Ec2State(id) switch
    {
        "vpc" => AwsError.Sender("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist"),
        "subnet" => AwsError.Sender("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist"),
        "sg" => AwsError.Sender("InvalidGroup.NotFound", $"The security group '{id}' does not exist"),
        "vpce" => AwsError.Sender("InvalidVpcEndpointId.NotFound", $"The VpcEndpoint Id '{id}' does not exist"),
        "eni" => AwsError.Sender("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{id}' does not exist"),
        _ => AwsError.Sender("InvalidParameterValue", $"Invalid id: \"{id}\""),
    };

    public static AwsError Malformed(string id, string prefix) => prefix switch
    {
        "vpc" => AwsError.Sender("InvalidVpcID.Malformed", $"Invalid id: \"{id}\" (expecting \"vpc-...\")"),
        "subnet" => AwsError.Sender("InvalidSubnetID.Malformed", $"Invalid id: \"{id}\" (expecting \"subnet-...\")"),
        "sg" => AwsError.Sender("InvalidGroupId.Malformed", $"Invalid id: \"{id}\" (expecting \"sg-...\")"),
        "vpce" => AwsError.Sender("InvalidVpcEndpointId.Malformed", $"Invalid Id: '{id}' (expecting \"vpce-...\")"),
        "eni" => AwsError.Sender("InvalidNetworkInterfaceID.Malformed", $"Invalid id: \"{id}\" (expecting \"eni-...\")"),
        _ => AwsError.Sender("InvalidParameterValue", $"Invalid id: \"{id}\""),
    };

    public static AwsError Invalid(string message) => AwsError.Sender("InvalidParameterValue", message);

    public static AwsError Missing(string parameter) =>
        AwsError.Sender("MissingParameter", $"The request must contain the parameter {parameter}");

    public static AwsError DependencyViolation(string message) => AwsError.Sender("DependencyViolation", message);

    public static AwsError DryRun() =>
        AwsError.Sender("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);

    private static string Ec2State(string id) => Store.Ec2State.Kind(id);
}
