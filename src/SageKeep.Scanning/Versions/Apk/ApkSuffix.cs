namespace SageKeep.Scanning.Versions.Apk;

/// <summary>
/// Alpine version suffixes in sort order: the pre-release ones sort before no suffix at all,
/// the post-release ones after it (apk-tools, "Alpine version" grammar).
/// </summary>
internal enum ApkSuffix
{
    Invalid,
    Alpha,
    Beta,
    Pre,
    Rc,
    None,
    Cvs,
    Svn,
    Git,
    Hg,
    P,
}
