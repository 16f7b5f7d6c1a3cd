using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Objects;

namespace SageKeep.Server.Services.S3;

/// <summary>What every S3 operation uses: the embedded store, compiled bucket policies, the account, the authorizer.</summary>
internal sealed class S3Services(EmbeddedObjectStore store, BucketPolicyCache policies, AwsAccount account, IAuthorizer authorizer)
{
    public EmbeddedObjectStore Store { get; } = store;

    public BucketPolicyCache Policies { get; } = policies;

    public AwsAccount Account { get; } = account;

    public IAuthorizer Authorizer { get; } = authorizer;

    /// <summary>S3's canonical user id of the account (a 64-hex-digit id derived from the account id).</summary>
    public string OwnerId => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("sagekeep-owner:" + Account.AccountId)));
}
