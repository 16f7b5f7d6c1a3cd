using SageKeep.Scanning.Catalogers.Apk;
using SageKeep.Scanning.Catalogers.DotNet;
using SageKeep.Scanning.Catalogers.Dpkg;
using SageKeep.Scanning.Catalogers.Go;
using SageKeep.Scanning.Catalogers.Java;
using SageKeep.Scanning.Catalogers.Npm;
using SageKeep.Scanning.Catalogers.Python;
using SageKeep.Scanning.Catalogers.Rpm;
using SageKeep.Scanning.Catalogers.Rust;

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
        () => new PythonPackageCataloger(),
        () => new NpmPackageCataloger(),
        () => new NpmLockfileCataloger(),
        () => new JavaArchiveCataloger(),
        () => new GoBinaryCataloger(),
        () => new DotNetDepsCataloger(),
        () => new CargoLockCataloger(),
        () => new CargoAuditableCataloger(),
    ];

    public static IReadOnlyList<ICataloger> CreateAll() => [.. Factories.Select(f => f())];
}
