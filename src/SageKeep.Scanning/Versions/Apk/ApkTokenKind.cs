namespace SageKeep.Scanning.Versions.Apk;

/// <summary>
/// Kinds of token in an Alpine version, in the order they may appear:
/// digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}. The order matters: when two versions
/// agree up to a point, the one whose next token kind is earlier is the newer one.
/// </summary>
internal enum ApkTokenKind
{
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNumber,
    CommitHash,
    Revision,
    End,
    Invalid,
}
