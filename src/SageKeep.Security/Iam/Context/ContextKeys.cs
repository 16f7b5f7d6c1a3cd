namespace SageKeep.Security.Iam.Context;

/// <summary>
/// Condition context keys the platform fills or services set (IAM User Guide, "AWS global condition
/// context keys"; Service Authorization Reference for SageMaker, IAM and STS). Names as AWS spells them;
/// lookups are case-insensitive.
/// </summary>
public static class ContextKeys
{
    public const string CurrentTime = "aws:CurrentTime";
    public const string EpochTime = "aws:EpochTime";
    public const string SecureTransport = "aws:SecureTransport";
    public const string SourceIp = "aws:SourceIp";
    public const string UserAgent = "aws:UserAgent";
    public const string PrincipalArn = "aws:PrincipalArn";
    public const string PrincipalAccount = "aws:PrincipalAccount";
    public const string PrincipalType = "aws:PrincipalType";
    public const string UserId = "aws:userid";
    public const string UserName = "aws:username";
    public const string PrincipalTagPrefix = "aws:PrincipalTag/";
    public const string RequestedRegion = "aws:RequestedRegion";
    public const string MultiFactorAuthPresent = "aws:MultiFactorAuthPresent";
    public const string TokenIssueTime = "aws:TokenIssueTime";
    public const string SourceVpc = "aws:SourceVpc";
    public const string SourceVpce = "aws:SourceVpce";
    public const string RequestTagPrefix = "aws:RequestTag/";
    public const string TagKeys = "aws:TagKeys";
    public const string ResourceTagPrefix = "aws:ResourceTag/";
    public const string SageMakerNetworkIsolation = "sagemaker:NetworkIsolation";
    public const string SageMakerVpcSubnets = "sagemaker:VpcSubnets";
    public const string SageMakerVpcSecurityGroupIds = "sagemaker:VpcSecurityGroupIds";
    public const string SageMakerInstanceTypes = "sagemaker:InstanceTypes";
    public const string SageMakerResourceTagPrefix = "sagemaker:ResourceTag/";
    public const string IamPassedToService = "iam:PassedToService";
    public const string StsExternalId = "sts:ExternalId";
}
