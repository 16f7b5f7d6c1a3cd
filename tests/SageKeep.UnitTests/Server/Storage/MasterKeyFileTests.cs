using System.Runtime.Versioning;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Storage;

[SupportedOSPlatform("linux")]
public sealed class MasterKeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-key-").FullName;

    private string KeyPath => Path.Combine(_directory, "master.key");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadOrCreate_OnFirstUse_Writes32RandomBytesReadableByTheOwnerOnly()
    {
        var (key, created, error) = MasterKeyFile.LoadOrCreate(KeyPath);

        error.ShouldBeNull();
        created.ShouldBeTrue();
        key.ShouldNotBeNull().Key.Length.ShouldBe(32);
        File.ReadAllBytes(KeyPath).ShouldBe(key.Key.ToArray());
        File.GetUnixFileMode(KeyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        key.ToString().ShouldNotContain(Convert.ToHexString(key.Key));
    }

    [Fact]
    public void LoadOrCreate_Later_ReturnsTheSameKey()
    {
        var first = MasterKeyFile.LoadOrCreate(KeyPath).Key.ShouldNotBeNull().Key.ToArray();

        var (second, created, _) = MasterKeyFile.LoadOrCreate(KeyPath);

        created.ShouldBeFalse();
        second.ShouldNotBeNull().Key.ToArray().ShouldBe(first);
    }

    [Fact]
    public void LoadOrCreate_WithTruncatedFile_IsRefused()
    {
        File.WriteAllBytes(KeyPath, new byte[31]);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        MasterKeyFile.LoadOrCreate(KeyPath).Error.ShouldNotBeNull().ShouldContain("exactly 32 bytes, not 31");
    }

    [Fact]
    public void LoadOrCreate_WithFileReadableByOthers_IsRefused()
    {
        File.WriteAllBytes(KeyPath, new byte[32]);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        MasterKeyFile.LoadOrCreate(KeyPath).Error.ShouldNotBeNull().ShouldContain("chmod 600");
    }
}
