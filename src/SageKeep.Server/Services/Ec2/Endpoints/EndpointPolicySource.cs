using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Authorization;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.Endpoints;

/// <summary>The policy of an interface endpoint, read at request time (a ModifyVpcEndpoint applies to the next request).</summary>
internal sealed class EndpointPolicySource(Ec2Store store) : IEndpointPolicySource
{
    public async ValueTask<CompiledPolicy?> GetAsync(string vpceId, CancellationToken ct)
    {
        var state = await store.ReadAsync(ct).ConfigureAwait(false);
        var text = Ec2Doc.Text(state.Find("vpce", vpceId), "PolicyDocument");
        return text is null ? null : PolicyParser.Parse(text, PolicyKind.Resource, vpceId).Policy;
    }
}
