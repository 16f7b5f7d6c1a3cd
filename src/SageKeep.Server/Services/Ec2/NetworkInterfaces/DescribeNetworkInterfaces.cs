using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.NetworkInterfaces;

/// <summary>
/// <c>ec2:DescribeNetworkInterfaces</c>: the interfaces the platform made (interface endpoints, attached
/// namespaces, training containers), by NetworkInterfaceIds and filters (vpc-id, subnet-id, group-id,
/// private-ip-address, status, interface-type, description, requester-managed, availability-zone…).
/// </summary>
internal sealed class DescribeNetworkInterfaces(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override async Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var state = await Ec2.Store.ReadAsync(ct).ConfigureAwait(false);
        var (documents, error) = Select(state, "eni", List(context, "NetworkInterfaceIds"));
        error ??= Ec2Filters.Apply(context.Input["Filters"], documents, Field, "TagSet");
        if (error is not null)
        {
            return error;
        }

        var (page, next, pageError) = Page(context, documents);
        return pageError is not null ? pageError : Ec2Outcome.Ok(Listing("NetworkInterfaces", page, next));
    }

    private static IEnumerable<string?>? Field(JsonObject eni, string name) => name switch
    {
        "network-interface-id" => [Ec2Doc.Text(eni, "NetworkInterfaceId")],
        "vpc-id" => [Ec2Doc.Text(eni, "VpcId")],
        "subnet-id" => [Ec2Doc.Text(eni, "SubnetId")],
        "group-id" => NetworkInterfaceDocuments.GroupIds(eni),
        "group-name" => (eni["Groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => Ec2Doc.Text(g, "GroupName")),
        "private-ip-address" or "addresses.private-ip-address" => [Ec2Doc.Text(eni, "PrivateIpAddress")],
        "private-dns-name" => [Ec2Doc.Text(eni, "PrivateDnsName")],
        "status" => [Ec2Doc.Text(eni, "Status")],
        "interface-type" => [Ec2Doc.Text(eni, "InterfaceType")],
        "description" => [Ec2Doc.Text(eni, "Description")],
        "requester-managed" => [Ec2Doc.Bool(eni, "RequesterManaged") ? "true" : "false"],
        "requester-id" => [Ec2Doc.Text(eni, "RequesterId")],
        "availability-zone" => [Ec2Doc.Text(eni, "AvailabilityZone")],
        "mac-address" => [Ec2Doc.Text(eni, "MacAddress")],
        "owner-id" => [Ec2Doc.Text(eni, "OwnerId")],
        "attachment.attachment-id" => [Ec2Doc.Text(eni["Attachment"] as JsonObject, "AttachmentId")],
        "attachment.status" => [Ec2Doc.Text(eni["Attachment"] as JsonObject, "Status")],
        _ => null,
    };
}
