using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SageKeep.Server.Protocols.Rest;
using SageKeep.Server.Services.S3;

namespace SageKeep.UnitTests.Server.Services.S3;

public sealed class S3RoutingTests
{
    [Theory]
    [InlineData("my-bucket.s3.sagekeep.test", "my-bucket")]
    [InlineData("my.dotted.bucket.s3.sagekeep.test:8443", "my.dotted.bucket")]
    [InlineData("s3.sagekeep.test", null)]
    [InlineData("127.0.0.1:8443", null)]
    [InlineData("bucket.other.test", null)]
    public void VirtualHostBucket_IsTheLabelsBeforeTheConfiguredDomain(string host, string? bucket) =>
        S3RequestReader.VirtualHostBucket(host, "s3.sagekeep.test").ShouldBe(bucket);

    [Fact]
    public void Read_VirtualHostStyle_TakesTheBucketFromTheHostAndTheKeyFromThePath()
    {
        var headers = new HeaderDictionary { ["Host"] = "data.s3.sagekeep.test" };

        var (operation, input) = S3RequestReader.Read("GET", "/dir/file%20name.txt", new QueryCollection(), headers, "s3.sagekeep.test");

        operation.ShouldBe("GetObject");
        input["Bucket"]!.GetValue<string>().ShouldBe("data");
        input["Key"]!.GetValue<string>().ShouldBe("dir/file name.txt");
    }

    [Fact]
    public void Read_PathStyle_KeepsSlashesOfTheKey()
    {
        var (operation, input) = S3RequestReader.Read("PUT", "/data/a//b/", new QueryCollection(), new HeaderDictionary(), "s3.sagekeep.test");

        operation.ShouldBe("PutObject");
        input["Key"]!.GetValue<string>().ShouldBe("a//b/");
    }

    [Fact]
    public void SigV2_HeaderAndPresignedQuery_AreRecognised()
    {
        S3RequestReader.IsSigV2(new HeaderDictionary { ["Authorization"] = "AWS AKID:c2ln" }, new QueryCollection()).ShouldBeTrue();
        S3RequestReader.IsSigV2(new HeaderDictionary(), new QueryCollection(new Dictionary<string, StringValues> { ["AWSAccessKeyId"] = "AKID", ["Signature"] = "x", ["Expires"] = "1" })).ShouldBeTrue();
        S3RequestReader.IsSigV2(new HeaderDictionary { ["Authorization"] = "AWS4-HMAC-SHA256 Credential=x" }, new QueryCollection()).ShouldBeFalse();
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("my.bucket-1", true)]
    [InlineData("ab", false)]
    [InlineData("UPPER", false)]
    [InlineData("under_score", false)]
    [InlineData("-start", false)]
    [InlineData("double..dot", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("xn--punycode", false)]
    [InlineData("name-s3alias", false)]
    public void BucketNames_FollowS3Rules(string name, bool valid) => S3Names.IsValidBucketName(name).ShouldBe(valid);

    [Theory]
    [InlineData("/src/key.txt", "src", "key.txt")]
    [InlineData("src/dir/a%20b.txt?versionId=3", "src", "dir/a b.txt")]
    [InlineData("nokey", null, null)]
    [InlineData("", null, null)]
    public void CopySource_NamesBucketAndKey(string header, string? bucket, string? key)
    {
        var source = CopySource.Parse(header);

        source?.Bucket.ShouldBe(bucket);
        source?.Key.ShouldBe(key);
        (source is null).ShouldBe(bucket is null);
    }

    [Fact]
    public void ContinuationTokens_RoundTrip_AndGarbageIsRefused()
    {
        ListingEncoding.FromToken(ListingEncoding.Token("dir/é+key")).ShouldBe("dir/é+key");
        ListingEncoding.FromToken("***").ShouldBeNull();
        ListingEncoding.Encode("a b/c+d", url: true).ShouldBe("a%20b/c%2Bd");
    }
}
