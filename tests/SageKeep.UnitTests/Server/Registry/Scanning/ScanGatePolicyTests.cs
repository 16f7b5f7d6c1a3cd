using SageKeep.Scanning.Matching;
using SageKeep.Server.Registry.Scanning;

namespace SageKeep.UnitTests.Server.Registry.Scanning;

public sealed class ScanGatePolicyTests
{
    [Theory]
    [InlineData("critical", Severity.Critical, true)]
    [InlineData("high", Severity.High, true)]
    [InlineData("HIGH:unfixed", Severity.High, false)]
    [InlineData("medium", Severity.Medium, true)]
    [InlineData("low:unfixed", Severity.Low, false)]
    [InlineData("any", Severity.Unknown, true)]
    public void Setting_BecomesThePolicyItNames(string setting, Severity failAt, bool onlyWhenFixed)
    {
        var gate = ScanGatePolicy.From(setting);

        gate.Policy.FailAt.ShouldBe(failAt);
        gate.Policy.FailOnlyWhenFixed.ShouldBe(onlyWhenFixed);
        gate.Description.ShouldStartWith("scanGate=" + setting.ToLowerInvariant() + ":");
    }

    [Fact]
    public void Never_NeverFails()
    {
        var gate = ScanGatePolicy.From("never");

        gate.Policy.FailAt.ShouldBeNull();
        gate.Description.ShouldBe("scanGate=never: never fails");
    }

    [Fact]
    public void DefaultSetting_IsTheLibraryDefaultGate()
    {
        var gate = ScanGatePolicy.From("high");

        gate.Policy.FailAt.ShouldBe(SageKeep.Scanning.Policy.ScanPolicy.Default.FailAt);
        gate.Policy.FailOnlyWhenFixed.ShouldBe(SageKeep.Scanning.Policy.ScanPolicy.Default.FailOnlyWhenFixed);
        gate.Description.ShouldBe("scanGate=high: fails on High or higher findings that have a fix");
    }

    [Fact]
    public void UnknownSetting_IsRefused() => Should.Throw<ArgumentException>(() => ScanGatePolicy.From("severe"));
}
