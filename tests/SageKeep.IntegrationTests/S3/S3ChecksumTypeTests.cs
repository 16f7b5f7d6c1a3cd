using System.Text.Json;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// Multipart checksums with boto3: COMPOSITE for CRC32, CRC32C, SHA-1 and SHA-256 (the algorithm over the
/// concatenated binary part checksums, base64, "-N"), FULL_OBJECT for CRC32, each compared with a value the test
/// computes itself (zlib, hashlib and a table CRC-32C in Python, not the server's code), and the combinations S3
/// refuses.
/// </summary>
public sealed class S3ChecksumTypeTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private const string Script = """
        import base64, boto3, hashlib, json, os, sys, zlib
        from botocore.exceptions import ClientError
        s3 = boto3.client("s3", endpoint_url=os.environ["SAGEKEEP_TEST_ENDPOINT"], region_name="us-east-1", verify=os.environ["AWS_CA_BUNDLE"])

        def crc32c_table():
            table = []
            for n in range(256):
                c = n
                for _ in range(8):
                    c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
                table.append(c)
            return table
        TABLE = crc32c_table()
        def crc32c(data):
            crc = 0xFFFFFFFF
            for b in data:
                crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
            return crc ^ 0xFFFFFFFF

        def raw(algorithm, data):
            if algorithm == "CRC32": return zlib.crc32(data).to_bytes(4, "big")
            if algorithm == "CRC32C": return crc32c(data).to_bytes(4, "big")
            if algorithm == "SHA1": return hashlib.sha1(data).digest()
            return hashlib.sha256(data).digest()
        def b64(value): return base64.b64encode(value).decode()

        bucket = sys.argv[1]
        s3.create_bucket(Bucket=bucket)
        parts_data = [os.urandom(5 * 1024 * 1024), os.urandom(1000)]
        whole = b"".join(parts_data)
        result = {}
        for algorithm, kind in (("CRC32", "COMPOSITE"), ("CRC32C", "COMPOSITE"), ("SHA1", "COMPOSITE"), ("SHA256", "COMPOSITE"), ("CRC32", "FULL_OBJECT")):
            key = algorithm + "-" + kind
            created = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm=algorithm, ChecksumType=kind)
            upload = created["UploadId"]
            parts = []
            for number, data in enumerate(parts_data, start=1):
                checksum = b64(raw(algorithm, data))
                answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=number, Body=data, **{"Checksum" + algorithm: checksum})
                parts.append({"PartNumber": number, "ETag": answer["ETag"], "Checksum" + algorithm: checksum})
            done = s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload, MultipartUpload={"Parts": parts}, ChecksumType=kind)
            head = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
            got = s3.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
            body = got["Body"].read()
            if kind == "COMPOSITE":
                expected = b64(raw(algorithm, b"".join(raw(algorithm, d) for d in parts_data))) + "-" + str(len(parts_data))
            else:
                expected = b64(raw(algorithm, whole))
            result[key] = {"expected": expected, "created": created.get("ChecksumType"), "complete": done.get("Checksum" + algorithm), "completeType": done.get("ChecksumType"),
                           "head": head.get("Checksum" + algorithm), "headType": head.get("ChecksumType"), "get": got.get("Checksum" + algorithm), "same": body == whole}

        refused = {}
        for algorithm, kind in (("SHA256", "FULL_OBJECT"), ("SHA1", "FULL_OBJECT")):
            try:
                s3.create_multipart_upload(Bucket=bucket, Key="refused", ChecksumAlgorithm=algorithm, ChecksumType=kind)
                refused[algorithm] = "accepted"
            except ClientError as e:
                refused[algorithm] = e.response["Error"]["Code"]

        # A part checksum in CompleteMultipartUpload that differs from the uploaded part's is refused.
        upload = s3.create_multipart_upload(Bucket=bucket, Key="wrong", ChecksumAlgorithm="SHA256", ChecksumType="COMPOSITE")["UploadId"]
        answer = s3.upload_part(Bucket=bucket, Key="wrong", UploadId=upload, PartNumber=1, Body=b"x", ChecksumSHA256=b64(hashlib.sha256(b"x").digest()))
        try:
            s3.complete_multipart_upload(Bucket=bucket, Key="wrong", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": answer["ETag"], "ChecksumSHA256": b64(hashlib.sha256(b"y").digest())}]})
            refused["wrongPart"] = "accepted"
        except ClientError as e:
            refused["wrongPart"] = e.response["Error"]["Code"]
        result["refused"] = refused
        print(json.dumps(result))
        """;

    [Fact]
    public async Task MultipartChecksums_CompositeAndFullObject_MatchAnIndependentComputation()
    {
        var bucket = S3ServerFixture.NewBucket("cksum");

        var (code, stdout, stderr) = await fixture.Python(Script, bucket);

        code.ShouldBe(0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        foreach (var key in new[] { "CRC32-COMPOSITE", "CRC32C-COMPOSITE", "SHA1-COMPOSITE", "SHA256-COMPOSITE", "CRC32-FULL_OBJECT" })
        {
            var item = root.GetProperty(key);
            var expected = item.GetProperty("expected").GetString()!;
            var type = key[(key.IndexOf('-') + 1)..];
            expected.EndsWith("-2", StringComparison.Ordinal).ShouldBe(type == "COMPOSITE", key);
            item.GetProperty("created").GetString().ShouldBe(type, key);
            item.GetProperty("complete").GetString().ShouldBe(expected, key);
            item.GetProperty("completeType").GetString().ShouldBe(type, key);
            item.GetProperty("head").GetString().ShouldBe(expected, key);
            item.GetProperty("headType").GetString().ShouldBe(type, key);
            item.GetProperty("get").GetString().ShouldBe(expected, key);
            item.GetProperty("same").GetBoolean().ShouldBeTrue(key);
        }

        var refused = root.GetProperty("refused");
        refused.GetProperty("SHA256").GetString().ShouldBe("InvalidRequest");
        refused.GetProperty("SHA1").GetString().ShouldBe("InvalidRequest");
        refused.GetProperty("wrongPart").GetString().ShouldBe("InvalidPart");
    }
}
