using Microsoft.Extensions.Logging.Abstractions;
using SageKeep.Core;
using SageKeep.Runtime.Vpc;
using SageKeep.Server.Configuration;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.Server.Services.Ec2.Store;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.Ec2.NetworkInterfaces;

/// <summary>
/// <c>sagekeep admin attach-namespace</c> / <c>detach-namespace</c>: an existing network namespace (where a
/// customer's database or file server runs) gets an interface in a subnet with security groups, the way an EC2
/// instance sits in a VPC; the host network follows at once. Safe while the server runs: both serialise on the
/// VPC lock and realise from the store.
/// </summary>
public static class NamespaceAttachments
{
    public const string Owner = "admin";

    /// <summary>Attaches <paramref name="netns"/>; the new interface id and address, or an error text.</summary>
    public static async Task<(string? EniId, string? Address, string? Error)> AttachAsync(
        string dataDirectory, string netns, string subnetId, IReadOnlyList<string> groupIds, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return (null, null, "attaching a namespace needs Linux and root");
        }

        if (!VpcHost.NamespaceExists(netns))
        {
            return (null, null, $"no network namespace named '{netns}' (ip netns list)");
        }

        var (store, accountId, error) = await OpenAsync(dataDirectory, ct).ConfigureAwait(false);
        if (store is null)
        {
            return (null, null, error);
        }

        using (store)
        {
            var names = new VpcNames(VpcNetwork.TagOf(dataDirectory));
            if (netns.StartsWith(names.VpcNamespacePrefix, StringComparison.Ordinal) || netns.StartsWith(names.EniNamespacePrefix, StringComparison.Ordinal))
            {
                return (null, null, $"'{netns}' is a namespace of the platform itself");
            }

            var ec2Store = new Ec2Store(store);
            using var network = new VpcNetwork(ec2Store, dataDirectory, NullLogger.Instance);
            string? eniId = null, address = null;
            var outcome = await ec2Store.ChangeAsync(
                state =>
                {
                    if (!Ec2Ids.IsWellFormed(subnetId, "subnet"))
                    {
                        return Ec2Errors.Malformed(subnetId, "subnet");
                    }

                    if (state.Find("subnet", subnetId) is not { } subnet)
                    {
                        return Ec2Errors.NotFound(subnetId);
                    }

                    if (state.All("eni").FirstOrDefault(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.NamespaceMember) == netns) is { } attached)
                    {
                        return Ec2Errors.Invalid($"namespace '{netns}' is already attached as {Ec2Doc.Text(attached, "NetworkInterfaceId")}");
                    }

                    var vpcId = Ec2Doc.Text(subnet, "VpcId")!;
                    var (groups, groupError) = NetworkInterfaceDocuments.Groups(state, vpcId, groupIds);
                    if (groupError is not null)
                    {
                        return groupError;
                    }

                    var zone = Ec2Doc.Text(subnet, "AvailabilityZone")!;
                    var context = new Ec2Context(ec2Store, new AwsAccount(accountId!, zone[..^1]), time, network);
                    var (eni, eniError) = NetworkInterfaceDocuments.Create(context, state, subnet, groups, $"Namespace {netns}", "interface", Owner, netns);
                    if (eniError is not null)
                    {
                        return eniError;
                    }

                    eniId = Ec2Doc.Text(eni, "NetworkInterfaceId");
                    address = Ec2Doc.Text(eni, "PrivateIpAddress");
                    return Ec2Outcome.Ok(null, vpcId);
                },
                ct).ConfigureAwait(false);
            if (outcome.Error is { } failed)
            {
                return (null, null, $"{failed.Code}: {failed.Message}");
            }

            await network.FollowAsync(outcome.Vpcs, ct).ConfigureAwait(false);
            return (eniId, address, null);
        }
    }

    /// <summary>Removes an interface made by <see cref="AttachAsync"/>; its veth pair goes with it. An error text or null.</summary>
    public static async Task<string?> DetachAsync(string dataDirectory, string eniId, CancellationToken ct)
    {
        var (store, _, error) = await OpenAsync(dataDirectory, ct).ConfigureAwait(false);
        if (store is null)
        {
            return error;
        }

        using (store)
        {
            var ec2Store = new Ec2Store(store);
            using var network = new VpcNetwork(ec2Store, dataDirectory, NullLogger.Instance);
            var outcome = await ec2Store.ChangeAsync(
                state =>
                {
                    if (!Ec2Ids.IsWellFormed(eniId, "eni"))
                    {
                        return Ec2Errors.Malformed(eniId, "eni");
                    }

                    if (state.Find("eni", eniId) is not { } eni)
                    {
                        return Ec2Errors.NotFound(eniId);
                    }

                    if (Ec2Doc.Text(eni, NetworkInterfaceDocuments.OwnerMember) != Owner)
                    {
                        return Ec2Errors.Invalid($"{eniId} was not attached with attach-namespace (it belongs to {Ec2Doc.Text(eni, NetworkInterfaceDocuments.OwnerMember)})");
                    }

                    state.Remove(eniId);
                    return Ec2Outcome.Ok(null, Ec2Doc.Text(eni, "VpcId")!);
                },
                ct).ConfigureAwait(false);
            if (outcome.Error is { } failed)
            {
                return $"{failed.Code}: {failed.Message}";
            }

            await network.FollowAsync(outcome.Vpcs, ct).ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<(SqliteStateStore? Store, string? AccountId, string? Error)> OpenAsync(string dataDirectory, CancellationToken ct)
    {
        var settings = new ServerSettings { DataDirectory = Path.GetFullPath(dataDirectory) };
        if (!File.Exists(settings.DatabasePath))
        {
            return (null, null, $"no initialised data directory at '{settings.DataDirectory}' (start the server once)");
        }

        var store = new SqliteStateStore(settings.DatabasePath);
        await store.InitializeAsync(ct).ConfigureAwait(false);
        await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, ct).ConfigureAwait(false);
        var accountId = await ServerMetadata.ReadAccountIdAsync(store, ct).ConfigureAwait(false);
        if (accountId is null)
        {
            store.Dispose();
            return (null, null, "the data directory has no account id yet (start the server once)");
        }

        return (store, accountId, null);
    }
}
