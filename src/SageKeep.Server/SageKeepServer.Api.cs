using Microsoft.Extensions.DependencyInjection;
using SageKeep.Server.Audit;
using SageKeep.Server.Auth;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry;
using SageKeep.Server.Services.Ec2;
using SageKeep.Server.Services.Ecr;
using SageKeep.Server.Services.Iam;
using SageKeep.Server.Services.SageMaker.Inference;
using SageKeep.Server.Services.SageMaker.Marketplace;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Services.SageMaker.TrainingJobs;
using SageKeep.Server.Services.S3;
using SageKeep.Server.Services.Sts;

namespace SageKeep.Server;

public sealed partial class SageKeepServer
{
    /// <summary>The API behind the host: SigV4 authentication, the AWS protocol layer, the operations.</summary>
    private static void AddApi(IServiceCollection services)
    {
        services.AddSigV4Authentication();
        services.AddIamAuthorization();
        services.AddAuditTrail();
        services.AddAwsProtocols();
        services.AddStsOperations();
        services.AddIamOperations();
        services.AddRegistry();
        services.AddEcrOperations();
        services.AddSageMakerTagOperations();
        services.AddMarketplaceOperations();
        services.AddS3Operations();
        services.AddEc2Operations();
        if (OperatingSystem.IsLinux()) { services.AddTrainingJobOperations(); }
        if (OperatingSystem.IsLinux()) { services.AddInferenceOperations(); }
    }
}
