using SageKeep.Server.Objects;
using SageKeep.Server.Services.S3;

namespace SageKeep.UnitTests.Server.Services.S3;

public sealed class MultipartTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void MultipartETag_IsTheMd5OfTheBinaryPartMd5s_WithThePartCount()
    {
        // Two parts: MD5("a") and MD5("b"); expected value from Python: md5(md5(b"a").digest() + md5(b"b").digest()).
        var etag = MultipartETag.Compute(["\"0cc175b9c0f1b6a831c399e269772661\"", "\"92eb5ffee6ae2fec3ad71c777531578f\""]);

        etag.ShouldBe("\"96e024ba2074fe77e8e965ba43a704be-2\"");
    }

    [Fact]
    public void Select_AcceptsAscendingMatchingParts()
    {
        var stored = Parts((1, 5 * MiB), (2, 5 * MiB), (3, 1));

        var (chosen, error) = CompleteMultipartUpload.Select([(1, "\"e1\""), (3, "e3")], stored);

        error.ShouldBeNull();
        chosen.Select(p => p.PartNumber).ShouldBe([1, 3]);
    }

    [Fact]
    public void Select_RefusesDescendingOrder_WithInvalidPartOrder() =>
        CompleteMultipartUpload.Select([(2, "e2"), (1, "e1")], Parts((1, 5 * MiB), (2, 5 * MiB))).Error!.Code.ShouldBe("InvalidPartOrder");

    [Fact]
    public void Select_RefusesAWrongETagOrMissingPart_WithInvalidPart()
    {
        var stored = Parts((1, 5 * MiB), (2, 5 * MiB));

        CompleteMultipartUpload.Select([(1, "e1"), (2, "wrong")], stored).Error!.Code.ShouldBe("InvalidPart");
        CompleteMultipartUpload.Select([(1, "e1"), (7, "e7")], stored).Error!.Code.ShouldBe("InvalidPart");
    }

    [Fact]
    public void Select_RefusesAPartUnder5MiBBeforeTheLast_WithEntityTooSmall() =>
        CompleteMultipartUpload.Select([(1, "e1"), (2, "e2")], Parts((1, 5 * MiB - 1), (2, 5 * MiB))).Error!.Code.ShouldBe("EntityTooSmall");

    private static Dictionary<int, PartRecord> Parts(params (int Number, long Size)[] parts) =>
        parts.ToDictionary(p => p.Number, p => new PartRecord(p.Number, "blob" + p.Number, p.Size, $"\"e{p.Number}\"", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()));
}
