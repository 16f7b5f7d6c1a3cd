using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using SageKeep.Core;
using SageKeep.Security.Credentials;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Security.Sts;
using SageKeep.Server.Configuration;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;
using SageKeep.Server.Services.Ec2;
using SageKeep.Server.Services.Ec2.Store;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// The data path of a training job with EnableNetworkIsolation and VpcConfig. The container has no interface but
/// <c>lo</c>; the platform's own agent interface in the VPC (an ENI in the job's first subnet with the job's groups,
/// requester-managed by SageMaker, owned by the job's ARN so it goes with the job's other interfaces) moves the data:
/// the channels are read and the model written through the VPC's S3 gateway endpoint (<see cref="GatewayObjectStore"/>),
/// signed as the execution role (a role session minted here, as SageMaker assumes the role), so the role's
/// policies, bucket policies and the gateway endpoint's policy all decide. A VPC without an S3 gateway endpoint,
/// a role SageMaker may not assume, or a server that demands client certificates fails the job with a ClientError.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class VpcDataAgent(
    TrainingJobStore jobs,
    ContainerInterfaces interfaces,
    Ec2Store ec2,
    VpcNetwork network,
    IamStore iam,
    SessionTokenCodec codec,
    AwsAccount account,
    ServerSettings settings,
    TimeProvider time)
{
    /// <summary>The role session name SageMaker uses when it assumes a training job's execution role.</summary>
    public const string SessionName = "SageMaker";

    public const string ServicePrincipal = "sagemaker.amazonaws.com";

    private const int SessionSeconds = 3600;

    /// <summary>The agent interface's Description (DescribeNetworkInterfaces), by which it is found again for the upload.</summary>
    public static string Description(string jobName) => $"[DO NOT DELETE] ENI managed by SageMaker for training job {jobName} (data transfer)";

    /// <summary>Whether the stored job moves its data through an agent interface (EnableNetworkIsolation and VpcConfig).</summary>
    public static bool Applies(JsonObject? job) =>
        job?["EnableNetworkIsolation"]?.GetValue<bool>() == true && job["VpcConfig"]?["Subnets"] is JsonArray { Count: > 0 };

    /// <summary>
    /// The store to read channels from or write the model to for <paramref name="jobName"/>: null when the job has no
    /// agent (the caller uses the object store directly); else S3 through the gateway from the agent interface,
    /// which <paramref name="create"/> makes (before the download) or which must exist already (the upload).
    /// Throws <see cref="InvalidDataException"/> with the job's FailureReason text when the path cannot be opened.
    /// </summary>
    public async Task<GatewayObjectStore?> OpenAsync(string jobName, bool create, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobName, ct).ConfigureAwait(false);
        if (!Applies(job))
        {
            return null;
        }

        var arn = job!["TrainingJobArn"]!.GetValue<string>();
        var subnets = Strings(job["VpcConfig"]?["Subnets"]);
        var groups = Strings(job["VpcConfig"]?["SecurityGroupIds"]);
        return await OpenAsync(arn, Description(jobName), job["RoleArn"]?.GetValue<string>() ?? string.Empty, subnets, groups, create, "job's", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// S3 through the gateway endpoint of the subnets' VPC, from an agent interface owned by <paramref name="owner"/>
    /// and described as <paramref name="description"/> (made when <paramref name="create"/>, else found again),
    /// signed as <paramref name="roleArn"/> assumed by SageMaker. The caller removes the interface by its owner.
    /// Throws <see cref="InvalidDataException"/> with the FailureReason text when the path cannot be opened.
    /// </summary>
    public async Task<GatewayObjectStore> OpenAsync(string owner, string description, string roleArn, List<string> subnets, List<string> groups, bool create, string whose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subnets);
        if (settings.ClientCaPath is not null)
        {
            throw new InvalidDataException("EnableNetworkIsolation with VpcConfig: this server requires client certificates (mTLS), which the platform's data transfer through the VPC's S3 gateway endpoint cannot present");
        }

        var state = await ec2.ReadAsync(ct).ConfigureAwait(false);
        var vpcId = Ec2Doc.Text(state.Find("subnet", subnets[0]), "VpcId")
            ?? throw new InvalidDataException($"VpcConfig: the subnet {subnets[0]} no longer exists");
        var gateway = GatewayEndpoints.Of(state, vpcId);
        if (gateway is null || GatewayEndpoints.AddressOf(state, vpcId) is not { } address)
        {
            throw new InvalidDataException($"EnableNetworkIsolation with VpcConfig: the {whose} data moves only through the VPC's S3 gateway endpoint, and there is no S3 gateway endpoint in {vpcId}");
        }

        var vpceId = Ec2Doc.Text(gateway, "VpcEndpointId")!;
        var credentials = await AssumeExecutionRoleAsync(roleArn, ct).ConfigureAwait(false);
        var namespacePath = create
            ? await CreateInterfaceAsync(description, owner, subnets, groups, ct).ConfigureAwait(false)
            : FindInterface(state, description, owner);
        return new GatewayObjectStore(new GatewayTarget(
            namespacePath,
            new IPEndPoint(IPAddress.Parse(address), settings.Port),
            vpceId,
            vpcId,
            account.Region,
            credentials,
            settings.CertificatePath ?? settings.GeneratedCertificatePath));
    }

    private async Task<string> CreateInterfaceAsync(string description, string owner, List<string> subnets, List<string> groups, CancellationToken ct)
    {
        var (made, error) = await interfaces.CreateAsync(owner, [description], subnets, groups, ct).ConfigureAwait(false);
        return error is not null
            ? throw new InvalidDataException("VpcConfig: the network interface for the data transfer could not be created: " + error)
            : made[0].NamespacePath;
    }

    private string FindInterface(Ec2State state, string description, string owner)
    {
        var eni = state.All("eni").FirstOrDefault(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.OwnerMember) == owner && Ec2Doc.Text(e, "Description") == description);
        return eni is not null && network.NamespacePathOf(Ec2Doc.Text(eni, "NetworkInterfaceId")!) is { } path && File.Exists(path)
            ? path
            : throw new InvalidDataException("the network interface for the data transfer no longer exists");
    }

    /// <summary>
    /// What SageMaker gets from sts:AssumeRole on the execution role: the role must exist and trust
    /// sagemaker.amazonaws.com; the session (no session policies) is the role with its policies.
    /// </summary>
    private async Task<AWSCredentials> AssumeExecutionRoleAsync(string roleArn, CancellationToken ct)
    {
        var refusal = $"SageMaker could not assume the execution role {roleArn}: ensure that the role exists and that its trust relationship policy allows the action sts:AssumeRole for the service principal {ServicePrincipal}";
        var role = await iam.FindRoleAsync(roleArn, ct).ConfigureAwait(false) ?? throw new InvalidDataException(refusal);
        var trust = PolicyParser.Parse(role.AssumeRolePolicyDocument, PolicyKind.Trust, "trust-policy").Policy;
        var context = new RequestContextBuilder(new IamPrincipal(PrincipalKind.Service, ServicePrincipal, account.AccountId), time).Build("sts:AssumeRole", role.Arn);
        if (trust is null || !TrustPolicyEvaluator.Evaluate(trust, context).IsAllowed)
        {
            throw new InvalidDataException(refusal);
        }

        var now = time.GetUtcNow();
        var issuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var roleAccount = role.Arn.Split(':')[4];
        var identity = new PrincipalInfo(roleAccount, $"arn:aws:sts::{roleAccount}:assumed-role/{role.RoleName}/{SessionName}", $"{role.RoleId}:{SessionName}", PrincipalType.AssumedRole, ServicePrincipal);
        var issued = codec.Issue(identity, issuedAt, issuedAt.AddSeconds(SessionSeconds), multiFactorAuthPresent: false, new Core.Identity.RoleSession(role.Arn, role.RoleId, SessionName));
        return new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken);
    }

    private static List<string> Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>()];
}
