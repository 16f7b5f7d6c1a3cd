using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Ec2.Endpoints;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;
using SageKeep.Server.Services.Ec2.SecurityGroups;
using SageKeep.Server.Services.Ec2.Store;
using SageKeep.Server.Services.Ec2.Subnets;
using SageKeep.Server.Services.Ec2.Vpcs;

namespace SageKeep.Server.Services.Ec2;

/// <summary>Registers the EC2 networking API and the service that realises VPCs on the host.</summary>
internal static class Ec2ServiceCollectionExtensions
{
    public static IServiceCollection AddEc2Operations(this IServiceCollection services)
    {
        services.TryAddSingleton<Ec2Store>();
        services.TryAddSingleton<VpcNetwork>();
        services.TryAddSingleton<Ec2Context>();
        services.TryAddSingleton<ContainerInterfaces>();
        services.AddHostedService(sp => sp.GetRequiredService<VpcNetwork>());
        services.TryAddSingleton<EndpointListeners>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointListeners>());
        services.TryAddSingleton<Authorization.IEndpointPolicySource, EndpointPolicySource>();
        return services
            .AddOperation<CreateVpc>()
            .AddOperation<DescribeVpcs>()
            .AddOperation<DeleteVpc>()
            .AddOperation<CreateSubnet>()
            .AddOperation<DescribeSubnets>()
            .AddOperation<DeleteSubnet>()
            .AddOperation<CreateSecurityGroup>()
            .AddOperation<DescribeSecurityGroups>()
            .AddOperation<DeleteSecurityGroup>()
            .AddOperation<AuthorizeSecurityGroupIngress>()
            .AddOperation<AuthorizeSecurityGroupEgress>()
            .AddOperation<RevokeSecurityGroupIngress>()
            .AddOperation<RevokeSecurityGroupEgress>()
            .AddOperation<CreateVpcEndpoint>()
            .AddOperation<DescribeVpcEndpoints>()
            .AddOperation<ModifyVpcEndpoint>()
            .AddOperation<DeleteVpcEndpoints>()
            .AddOperation<DescribeNetworkInterfaces>();
    }
}
