namespace SageKeep.Scanning.Policy;

/// <summary>An OpenVEX product: its identifiers (the <c>@id</c> and <c>identifiers.purl</c>) and its subcomponents' identifiers.</summary>
public sealed record VexProduct(IReadOnlyList<string> Identifiers, IReadOnlyList<string> Subcomponents);
