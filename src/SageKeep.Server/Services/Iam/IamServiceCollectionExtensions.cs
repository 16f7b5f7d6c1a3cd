using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.AccessKeys;
using SageKeep.Server.Services.Iam.Attachments;
using SageKeep.Server.Services.Iam.Groups;
using SageKeep.Server.Services.Iam.InlinePolicies;
using SageKeep.Server.Services.Iam.KeyUsage;
using SageKeep.Server.Services.Iam.Policies;
using SageKeep.Server.Services.Iam.Roles;
using SageKeep.Server.Services.Iam.Simulation;
using SageKeep.Server.Services.Iam.Tags;
using SageKeep.Server.Services.Iam.Users;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam;

/// <summary>Registers the IAM store, the IAM operations and the store as the source of every caller's policies.</summary>
internal static class IamServiceCollectionExtensions
{
    public static IServiceCollection AddIamOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<IamStore>();
        services.Replace(ServiceDescriptor.Singleton<IPrincipalPolicyStore, IamPrincipalPolicyStore>());
        services.TryAddSingleton<AccessKeyUsageRecorder>();
        DecorateAuthenticator(services);
        return services
            .AddOperation<CreateUser>()
            .AddOperation<DeleteUser>()
            .AddOperation<GetUser>()
            .AddOperation<ListUsers>()
            .AddOperation<UpdateUser>()
            .AddOperation<AddUserToGroup>()
            .AddOperation<CreateGroup>()
            .AddOperation<DeleteGroup>()
            .AddOperation<GetGroup>()
            .AddOperation<ListGroups>()
            .AddOperation<ListGroupsForUser>()
            .AddOperation<RemoveUserFromGroup>()
            .AddOperation<UpdateGroup>()
            .AddOperation<CreateRole>()
            .AddOperation<DeleteRole>()
            .AddOperation<GetRole>()
            .AddOperation<ListRoles>()
            .AddOperation<UpdateAssumeRolePolicy>()
            .AddOperation<UpdateRole>()
            .AddOperation<CreateAccessKey>()
            .AddOperation<DeleteAccessKey>()
            .AddOperation<GetAccessKeyLastUsed>()
            .AddOperation<ListAccessKeys>()
            .AddOperation<UpdateAccessKey>()
            .AddOperation<DeleteGroupPolicy>()
            .AddOperation<DeleteRolePolicy>()
            .AddOperation<DeleteUserPolicy>()
            .AddOperation<GetGroupPolicy>()
            .AddOperation<GetRolePolicy>()
            .AddOperation<GetUserPolicy>()
            .AddOperation<ListGroupPolicies>()
            .AddOperation<ListRolePolicies>()
            .AddOperation<ListUserPolicies>()
            .AddOperation<PutGroupPolicy>()
            .AddOperation<PutRolePolicy>()
            .AddOperation<PutUserPolicy>()
            .AddOperation<AttachGroupPolicy>()
            .AddOperation<AttachRolePolicy>()
            .AddOperation<AttachUserPolicy>()
            .AddOperation<DeleteRolePermissionsBoundary>()
            .AddOperation<DeleteUserPermissionsBoundary>()
            .AddOperation<DetachGroupPolicy>()
            .AddOperation<DetachRolePolicy>()
            .AddOperation<DetachUserPolicy>()
            .AddOperation<ListAttachedGroupPolicies>()
            .AddOperation<ListAttachedRolePolicies>()
            .AddOperation<ListAttachedUserPolicies>()
            .AddOperation<PutRolePermissionsBoundary>()
            .AddOperation<PutUserPermissionsBoundary>()
            .AddOperation<CreatePolicy>()
            .AddOperation<CreatePolicyVersion>()
            .AddOperation<DeletePolicy>()
            .AddOperation<DeletePolicyVersion>()
            .AddOperation<GetPolicy>()
            .AddOperation<GetPolicyVersion>()
            .AddOperation<ListPolicies>()
            .AddOperation<ListPolicyVersions>()
            .AddOperation<SetDefaultPolicyVersion>()
            .AddOperation<ListRoleTags>()
            .AddOperation<ListUserTags>()
            .AddOperation<TagRole>()
            .AddOperation<TagUser>()
            .AddOperation<UntagRole>()
            .AddOperation<UntagUser>()
            .AddOperation<SimulateCustomPolicy>()
            .AddOperation<SimulatePrincipalPolicy>();
    }

    /// <summary>Wraps whichever authenticator is registered so access key use is recorded (GetAccessKeyLastUsed).</summary>
    private static void DecorateAuthenticator(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IRequestAuthenticator));
        if (inner is null)
        {
            return;
        }

        services.Remove(inner);
        services.AddSingleton<IRequestAuthenticator>(sp => new KeyUsageRecordingAuthenticator(
            inner.ImplementationInstance as IRequestAuthenticator
                ?? inner.ImplementationFactory?.Invoke(sp) as IRequestAuthenticator
                ?? (IRequestAuthenticator)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!),
            sp.GetRequiredService<AccessKeyUsageRecorder>()));
    }
}
