using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.NetworkInterfaces;

/// <summary>One interface made for a SageMaker container: its id, address and the namespace the container joins.</summary>
internal sealed record ContainerInterface(string EniId, string SubnetId, string Address, string NamespacePath);

/// <summary>
/// The interfaces SageMaker containers get for a VpcConfig (training instances, serving instances): checked against
/// the store (the subnets exist and share one VPC, the groups are in it), created as platform interfaces (a
/// namespace per interface holding <c>eth0</c> with the address and a default route into the VPC; the VPC's
/// bridge port carries the groups and the anti-spoofing rule), owned by the resource's ARN, listed by
/// DescribeNetworkInterfaces as requester-managed, and removed with their namespaces when the owner ends.
/// </summary>
internal sealed class ContainerInterfaces(Ec2Store store, VpcNetwork network, AwsAccount account, TimeProvider time)
{
    /// <summary>DescribeNetworkInterfaces' RequesterId of the interfaces SageMaker makes.</summary>
    public const string RequesterId = "sagemaker.amazonaws.com";

    /// <summary>
    /// Why a VpcConfig cannot be used (a SageMaker ValidationException text), or null. Subnets and groups must
    /// exist; all subnets must be in one VPC and every group in that VPC.
    /// </summary>
    public async Task<string?> ValidateAsync(IReadOnlyList<string> subnetIds, IReadOnlyList<string> groupIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subnetIds);
        ArgumentNullException.ThrowIfNull(groupIds);
        var state = await store.ReadAsync(ct).ConfigureAwait(false);
        return Check(state, subnetIds, groupIds).Error;
    }

    /// <summary>
    /// Creates one interface per description for <paramref name="owner"/> (instance i in subnet i modulo the
    /// subnets, the next subnet when that one is full) and realises them on the host before answering.
    /// </summary>
    public async Task<(IReadOnlyList<ContainerInterface> Interfaces, string? Error)> CreateAsync(
        string owner, IReadOnlyList<string> descriptions, IReadOnlyList<string> subnetIds, IReadOnlyList<string> groupIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(descriptions);
        if (network.Names is null)
        {
            return ([], "VPC networks are not realised on this host (they need Linux and a server running as root)");
        }

        var made = new List<(string EniId, string SubnetId, string Address)>();
        var outcome = await store.ChangeAsync(
            state =>
            {
                made.Clear();
                var (vpcId, error) = Check(state, subnetIds, groupIds);
                if (error is not null)
                {
                    return Ec2Errors.Invalid(error);
                }

                var (groups, groupError) = NetworkInterfaceDocuments.Groups(state, vpcId!, groupIds);
                if (groupError is not null)
                {
                    return groupError;
                }

                var context = new Ec2Context(store, account, time, network);
                for (var i = 0; i < descriptions.Count; i++)
                {
                    JsonObject? eni = null;
                    Core.Errors.AwsError? last = null;
                    for (var attempt = 0; attempt < subnetIds.Count && eni is null; attempt++)
                    {
                        var subnet = state.Find("subnet", subnetIds[(i + attempt) % subnetIds.Count])!;
                        (eni, last) = NetworkInterfaceDocuments.Create(context, state, subnet, groups, descriptions[i], "interface", owner, null, RequesterId);
                    }

                    if (eni is null)
                    {
                        return last!;
                    }

                    made.Add((Ec2Doc.Text(eni, "NetworkInterfaceId")!, Ec2Doc.Text(eni, "SubnetId")!, Ec2Doc.Text(eni, "PrivateIpAddress")!));
                }

                return Ec2Outcome.Ok(null, vpcId!);
            },
            ct).ConfigureAwait(false);
        if (outcome.Error is { } failed)
        {
            return ([], $"{failed.Code}: {failed.Message}");
        }

        try
        {
            await network.FollowAsync(outcome.Vpcs, ct).ConfigureAwait(false);
        }
        catch
        {
            await RemoveAsync(owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return ([.. made.Select(m => new ContainerInterface(m.EniId, m.SubnetId, m.Address, network.NamespacePathOf(m.EniId)!))], null);
    }

    /// <summary>Removes every interface <paramref name="owner"/> has (its namespaces and bridge ports go with them).</summary>
    public Task RemoveAsync(string owner, CancellationToken ct) =>
        RemoveWhereAsync(o => string.Equals(o, owner, StringComparison.Ordinal), ct);

    /// <summary>
    /// After a restart: removes the interfaces whose owner starts with <paramref name="ownerPrefix"/> and is not in
    /// <paramref name="live"/> (the owner ended while the server was away).
    /// </summary>
    public Task RemoveStaleAsync(string ownerPrefix, IReadOnlySet<string> live, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(live);
        return RemoveWhereAsync(o => o.StartsWith(ownerPrefix, StringComparison.Ordinal) && !live.Contains(o), ct);
    }

    /// <summary>The interfaces <paramref name="owner"/> has now.</summary>
    public async Task<IReadOnlyList<string>> OwnedByAsync(string owner, CancellationToken ct)
    {
        var state = await store.ReadAsync(ct).ConfigureAwait(false);
        return [.. state.All("eni").Where(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.OwnerMember) == owner).Select(e => Ec2Doc.Text(e, "NetworkInterfaceId")!)];
    }

    private async Task RemoveWhereAsync(Func<string, bool> match, CancellationToken ct)
    {
        var outcome = await store.ChangeAsync(
            state =>
            {
                var vpcs = new List<string>();
                foreach (var eni in state.All("eni").ToList())
                {
                    if (Ec2Doc.Text(eni, NetworkInterfaceDocuments.OwnerMember) is { } owner && Ec2Doc.Text(eni, "RequesterId") == RequesterId && match(owner))
                    {
                        state.Remove(Ec2Doc.Text(eni, "NetworkInterfaceId")!);
                        vpcs.Add(Ec2Doc.Text(eni, "VpcId")!);
                    }
                }

                return Ec2Outcome.Ok(null, [.. vpcs.Distinct(StringComparer.Ordinal)]);
            },
            ct).ConfigureAwait(false);
        await network.FollowAsync(outcome.Vpcs, ct).ConfigureAwait(false);
    }

    private static (string? VpcId, string? Error) Check(Ec2State state, IReadOnlyList<string> subnetIds, IReadOnlyList<string> groupIds)
    {
        if (subnetIds.Count is < 1 or > 16 || groupIds.Count is < 1 or > 5)
        {
            return (null, "VpcConfig needs 1 to 16 Subnets and 1 to 5 SecurityGroupIds.");
        }

        var missing = subnetIds.Where(id => state.Find("subnet", id) is null).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return (null, $"The subnet(s) {string.Join(", ", missing)} in VpcConfig do not exist.");
        }

        var vpcs = subnetIds.Select(id => Ec2Doc.Text(state.Find("subnet", id), "VpcId")!).Distinct(StringComparer.Ordinal).ToList();
        if (vpcs.Count > 1)
        {
            return (null, $"The subnets in VpcConfig must all be in the same VPC: they are in {string.Join(", ", vpcs)}.");
        }

        var missingGroups = groupIds.Where(id => state.Find("sg", id) is null).Distinct(StringComparer.Ordinal).ToList();
        if (missingGroups.Count > 0)
        {
            return (null, $"The security group(s) {string.Join(", ", missingGroups)} in VpcConfig do not exist.");
        }

        var outside = groupIds.Where(id => Ec2Doc.Text(state.Find("sg", id), "VpcId") != vpcs[0]).Distinct(StringComparer.Ordinal).ToList();
        return outside.Count > 0
            ? (null, $"The security group(s) {string.Join(", ", outside)} in VpcConfig are not in the subnets' VPC {vpcs[0]}.")
            : (vpcs[0], null);
    }
}
