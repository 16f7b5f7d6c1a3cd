namespace SageKeep.Server.Services.Iam.Store;

/// <summary>IAM's default quotas (IAM User Guide, "IAM and AWS STS quotas").</summary>
internal static class IamLimits
{
    public const int AccessKeysPerUser = 2;
    public const int GroupsPerUser = 10;
    public const int ManagedPoliciesPerEntity = 10;
    public const int VersionsPerPolicy = 5;
    public const int TagsPerEntity = 50;

    /// <summary>Managed policy documents: 6,144 characters, white space not counted.</summary>
    public const int ManagedPolicySize = 6_144;

    /// <summary>The aggregate size of a user's inline policies.</summary>
    public const int UserInlineSize = 2_048;

    /// <summary>The aggregate size of a group's inline policies.</summary>
    public const int GroupInlineSize = 5_120;

    /// <summary>The aggregate size of a role's inline policies.</summary>
    public const int RoleInlineSize = 10_240;

    /// <summary>A role trust policy (the default ACLSizePerRole quota).</summary>
    public const int TrustPolicySize = 2_048;

    public const int MinSessionDuration = 3_600;
    public const int MaxSessionDuration = 43_200;

    /// <summary>IAM counts policy size without white space.</summary>
    public static int SizeOf(string document)
    {
        var size = 0;
        foreach (var c in document)
        {
            if (!char.IsWhiteSpace(c))
            {
                size++;
            }
        }

        return size;
    }

    public static int InlineLimit(IamEntityKind kind) => kind switch
    {
        IamEntityKind.User => UserInlineSize,
        IamEntityKind.Group => GroupInlineSize,
        _ => RoleInlineSize,
    };
}
