using SageKeep.Scanning.Catalogers.Apk;
using SageKeep.Scanning.Catalogers.Dpkg;
using SageKeep.Scanning.Catalogers.Rpm;

namespace SageKeep.Scanning.Catalogers;

/// <summary>
/// Every cataloger a default scan runs. Adding one is one line in <see cref="Factories"/>; a cataloger must be
/// cheap to construct and hold no state between files (the same instance serves a whole scan).
/// </summary>
public static class CatalogerRegistry
{
    private static readonly Func<ICataloger>[] Factories =
    [
        () => new DpkgCataloger(),
        () => new ApkCataloger(),
        () => new RpmCataloger(),
    ];

    public static IReadOnlyList<ICataloger> CreateAll() => [.. Factories.Select(f => f())];
}
