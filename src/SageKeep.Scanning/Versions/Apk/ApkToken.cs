namespace SageKeep.Scanning.Versions.Apk;

/// <summary>One token of an Alpine version: its kind, its text (digits, letter, hash) and suffix.</summary>
/// <param name="Kind">Token kind.</param>
/// <param name="Start">Offset of the token text in the version string.</param>
/// <param name="Length">Length of the token text.</param>
/// <param name="Suffix">The suffix when <paramref name="Kind"/> is <see cref="ApkTokenKind.Suffix"/>.</param>
internal readonly record struct ApkToken(ApkTokenKind Kind, int Start, int Length, ApkSuffix Suffix = ApkSuffix.Invalid);
