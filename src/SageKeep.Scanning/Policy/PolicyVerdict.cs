using SageKeep.Scanning.Matching;

namespace SageKeep.Scanning.Policy;

/// <summary>
/// A policy's answer for one scan: the findings that remain after VEX, ignore entries and filters, the subset
/// that fails the gate, what was suppressed and why, and warnings (expired ignore entries).
/// </summary>
public sealed record PolicyVerdict(
    bool Passed,
    IReadOnlyList<Finding> Remaining,
    IReadOnlyList<Finding> Failing,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyList<string> Warnings);
