using SageKeep.Scanning.Matching;

namespace SageKeep.Scanning.Policy;

/// <summary>A finding the policy took out, with why (the VEX justification or the ignore entry's reason).</summary>
public sealed record SuppressedFinding(Finding Finding, SuppressionKind Kind, string Reason);
