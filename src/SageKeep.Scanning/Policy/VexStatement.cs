namespace SageKeep.Scanning.Policy;

/// <summary>
/// One OpenVEX statement: the vulnerability (name and aliases), the product and subcomponent identifiers it
/// speaks about (purls, image references), its status and justification, and the document it came from.
/// </summary>
public sealed record VexStatement(
    string Vulnerability,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<VexProduct> Products,
    VexStatus Status,
    string? Justification,
    string? ImpactStatement,
    string Document);
