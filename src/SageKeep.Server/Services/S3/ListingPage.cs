using SageKeep.Server.Objects;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// One page of a listing: objects and common prefixes in key order (together at most max-keys), whether more
/// follow, and the position after the last entry (<see cref="ResumeAfter"/>) to continue from.
/// </summary>
internal sealed record ListingPage(IReadOnlyList<ObjectRecord> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? ResumeAfter, string? LastEntry);
