using System.Text.Json.Nodes;
using SageKeep.Server.Services.S3;
using SageKeep.Server.Services.SageMaker.Marketplace;

namespace SageKeep.UnitTests.Server.Services.SageMaker;

public sealed class ModelPackageCatalogTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void CompletedApprovedPackage_MayBeUsed_WithItsPinnedContainer()
    {
        var entry = ModelPackageCatalog.ToEntry(Package("Completed", "Approved", certified: false));

        entry.RefusalReason.ShouldBeNull();
        entry.Version.ShouldBe(2);
        entry.GroupName.ShouldBe("grp");
        entry.RequiresNetworkIsolation.ShouldBeFalse();
        var container = entry.Containers.ShouldHaveSingleItem();
        container.ImageDigest.ShouldBe(Digest);
        container.PinnedImage.ShouldBe("127.0.0.1:8443/models/x@" + Digest);
        container.ModelDataUrl.ShouldBe("s3://b/model.tar.gz");
        container.Environment["MODE"].ShouldBe("serve");
    }

    [Theory]
    [InlineData("Failed", "Approved", "failed validation: Image blocked: CVE-1")]
    [InlineData("Pending", "Approved", "is Pending")]
    [InlineData("InProgress", "PendingManualApproval", "is InProgress")]
    [InlineData("Completed", "Rejected", "Rejected")]
    public void PackagesNotValidatedOrRejected_AreRefusedWithAReason(string status, string approval, string reason)
    {
        ModelPackageCatalog.ToEntry(Package(status, approval, certified: false)).RefusalReason!.ShouldContain(reason);
    }

    [Fact]
    public void CertifiedPackages_RequireNetworkIsolation()
    {
        ModelPackageCatalog.ToEntry(Package("Completed", "Approved", certified: true)).RequiresNetworkIsolation.ShouldBeTrue();
    }

    [Fact]
    public void ChecksumType_IsCompositeOnlyForValuesWithAPartCount()
    {
        CompleteMultipartUpload.ChecksumType(new Dictionary<string, string> { ["crc32"] = "AAAAAA==-3" }).ShouldBe("COMPOSITE");
        CompleteMultipartUpload.ChecksumType(new Dictionary<string, string> { ["crc32"] = "AAAAAA==" }).ShouldBe("FULL_OBJECT");
        CreateMultipartUpload.ChecksumTypeFor("sha256", null).ShouldBe(("COMPOSITE", null));
        CreateMultipartUpload.ChecksumTypeFor("crc32", null).ShouldBe(("FULL_OBJECT", null));
        CreateMultipartUpload.ChecksumTypeFor("crc32c", "composite").ShouldBe(("COMPOSITE", null));
        CreateMultipartUpload.ChecksumTypeFor("sha1", "FULL_OBJECT").Error.ShouldNotBeNull();
        CreateMultipartUpload.ChecksumTypeFor("crc64nvme", "COMPOSITE").Error.ShouldNotBeNull();
        CreateMultipartUpload.ChecksumTypeFor(null, "COMPOSITE").Error.ShouldNotBeNull();
    }

    private static JsonObject Package(string status, string approval, bool certified) => new()
    {
        ["ModelPackageName"] = "grp",
        ["ModelPackageGroupName"] = "grp",
        ["ModelPackageVersion"] = 2,
        ["ModelPackageArn"] = "arn:aws:sagemaker:us-east-1:123456789012:model-package/grp/2",
        ["ModelPackageStatus"] = status,
        ["ModelApprovalStatus"] = approval,
        ["CertifyForMarketplace"] = certified,
        ["ModelPackageStatusDetails"] = new JsonObject
        {
            ["ImageScanStatuses"] = new JsonArray(new JsonObject { ["Name"] = "grp", ["Status"] = status, ["FailureReason"] = "Image blocked: CVE-1" }),
        },
        ["InferenceSpecification"] = new JsonObject
        {
            ["Containers"] = new JsonArray(new JsonObject
            {
                ["Image"] = "127.0.0.1:8443/models/x:1",
                ["ImageDigest"] = Digest,
                ["ModelDataUrl"] = "s3://b/model.tar.gz",
                ["Environment"] = new JsonObject { ["MODE"] = "serve" },
            }),
        },
        [AlgorithmValidator.ImagesMember] = new JsonArray("127.0.0.1:8443/models/x@" + Digest),
    };
}
