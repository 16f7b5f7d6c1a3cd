namespace SageKeep.Server.ServiceModels;

/// <summary>
/// A reference to a shape from a structure member, list member or map key/value, with the
/// serialisation traits botocore keeps on the reference (<c>locationName</c>, <c>location</c>,
/// <c>queryName</c>, <c>flattened</c>).
/// </summary>
/// <param name="Name">The member name (<c>TrainingJobName</c>); empty for list members and map keys/values.</param>
/// <param name="ShapeName">The target shape.</param>
/// <param name="LocationName">Wire name override (XML element, ec2 query name, header or uri label).</param>
/// <param name="Location">Where a rest member travels: <c>uri</c>, <c>querystring</c>, <c>header</c>, <c>headers</c>, <c>statusCode</c>; null for the body.</param>
/// <param name="QueryName">ec2's explicit query parameter name.</param>
/// <param name="Flattened">Whether a list/map is flattened in query/XML (no <c>member</c>/<c>entry</c> wrapper).</param>
internal sealed record MemberModel(
    string Name,
    string ShapeName,
    string? LocationName,
    string? Location,
    string? QueryName,
    bool Flattened)
{
    /// <summary>The name AWS uses in validation paths: the member name with its first letter lowered.</summary>
    public string PathName { get; } = Name.Length == 0 ? Name : char.ToLowerInvariant(Name[0]) + Name[1..];
}
