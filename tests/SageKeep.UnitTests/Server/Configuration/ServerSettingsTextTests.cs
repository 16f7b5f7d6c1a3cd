using SageKeep.Server.Configuration;

namespace SageKeep.UnitTests.Server.Configuration;

public sealed class ServerSettingsTextTests
{
    [Fact]
    public void ToString_NeverShowsTheObjectStoreSecret()
    {
        var settings = new ServerSettings { ObjectStoreAccessKeyId = "AKIAEXTERNAL", ObjectStoreSecretAccessKey = "s3cr3t-value-that-must-not-show" };

        var text = settings.ToString();

        text.ShouldNotContain("s3cr3t-value-that-must-not-show");
        text.ShouldContain("ObjectStoreSecretAccessKey = ***");
        text.ShouldContain("AKIAEXTERNAL");
    }
}
