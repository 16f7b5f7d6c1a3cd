namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// CertifyForMarketplace against a server whose operator switched the gate off (<c>--scan-gate never</c>): private
/// algorithms and model packages with the Alpine 3.11 image complete, certified ones fail under the certification
/// policy (any finding blocks) naming the findings, and a clean image is certified.
/// </summary>
public sealed class CertificationTests(CertificationTests.GateOffFixture fixture) : IClassFixture<CertificationTests.GateOffFixture>
{
    [Fact]
    public async Task Certification_AppliesTheStrictestPolicy_EvenWhenTheOperatorGateIsOff()
    {
        var alpine = RegistryServerFixture.Unique("cert/alpine");
        var busybox = RegistryServerFixture.Unique("cert/busybox");
        await fixture.CreateRepositoryAsync(alpine);
        await fixture.CreateRepositoryAsync(busybox);
        await MarketplaceSteps.PushAsync(fixture, $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", alpine, "3.11");
        await MarketplaceSteps.PushAsync(fixture, $"oci:{await ScanImages.BusyboxLayoutAsync(fixture.WorkDir)}:v1", busybox, "v1");
        var alpineImage = $"{fixture.Host}/{alpine}:3.11";
        var busyboxImage = $"{fixture.Host}/{busybox}:v1";

        var privatePackage = await MarketplaceSteps.WaitForModelPackageAsync(fixture, await MarketplaceSteps.CreateModelPackageAsync(fixture, alpineImage, certify: false));
        privatePackage.GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed", privatePackage.ToString());
        var privateAlgorithm = await MarketplaceSteps.WaitForAlgorithmAsync(fixture, await MarketplaceSteps.CreateAlgorithmAsync(fixture, alpineImage, certify: false));
        privateAlgorithm.GetProperty("AlgorithmStatus").GetString().ShouldBe("Completed", privateAlgorithm.ToString());

        var certifiedPackage = await MarketplaceSteps.WaitForModelPackageAsync(fixture, await MarketplaceSteps.CreateModelPackageAsync(fixture, alpineImage, certify: true));
        certifiedPackage.GetProperty("ModelPackageStatus").GetString().ShouldBe("Failed", certifiedPackage.ToString());
        var packageReason = certifiedPackage.GetProperty("ModelPackageStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!;
        var certifiedAlgorithm = await MarketplaceSteps.WaitForAlgorithmAsync(fixture, await MarketplaceSteps.CreateAlgorithmAsync(fixture, alpineImage, certify: true));
        certifiedAlgorithm.GetProperty("AlgorithmStatus").GetString().ShouldBe("Failed", certifiedAlgorithm.ToString());
        var algorithmReason = certifiedAlgorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!;
        foreach (var reason in new[] { packageReason, algorithmReason })
        {
            reason.ShouldContain("cannot be certified for the marketplace");
            reason.ShouldContain("fails on any finding of any severity, with or without a fix");
            reason.ShouldContain("CVE-2022-37434 (zlib ");
            reason.ShouldContain(", CRITICAL, fixed in 1.2.11-r4)");
        }

        var clean = await MarketplaceSteps.WaitForModelPackageAsync(fixture, await MarketplaceSteps.CreateModelPackageAsync(fixture, busyboxImage, certify: true));
        clean.GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed", clean.ToString());
        clean.GetProperty("CertifyForMarketplace").GetBoolean().ShouldBeTrue();
    }

    /// <summary>The registry fixture with <c>--scan-gate never</c>.</summary>
    public sealed class GateOffFixture : RegistryServerFixture
    {
        protected override IReadOnlyList<string> ExtraArguments => ["--scan-gate", "never"];
    }
}
