using System.Text;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.Benchmarks.SigV4;

/// <summary>Builds correctly signed requests for the benchmarks (signature taken from the verifier's mismatch report).</summary>
internal static class SignedRequests
{
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static InMemoryCredentialSource Store(params string[] keyIds)
    {
        var store = new InMemoryCredentialSource();
        foreach (var keyId in keyIds)
        {
            store.Add(keyId, Secret, new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/bench", "AIDABENCH", PrincipalType.User, keyId));
        }

        return store;
    }

    public static SigV4Verifier Verifier(InMemoryCredentialSource store, int cacheCapacity = 4096) =>
        new(new SigV4Options { Region = "us-east-1", SigningKeyCacheCapacity = cacheCapacity }, store, store, new FixedTimeProvider(Now));

    /// <summary>A SageMaker awsJson request (as botocore sends it) with a body of <paramref name="bodyLength"/> bytes.</summary>
    public static (SigV4Request Request, string StringToSign) Json(string keyId, int bodyLength)
    {
        var body = Encoding.ASCII.GetBytes("{\"TrainingJobName\":\"" + new string('x', Math.Max(0, bodyLength - 24)) + "\"}");
        var headers = new SigV4Headers()
            .Add("Host", "api.sagekeep.test")
            .Add("Content-Type", "application/x-amz-json-1.1")
            .Add("X-Amz-Target", "SageMaker.CreateTrainingJob")
            .Add("X-Amz-Date", "20260101T000000Z")
            .Add("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var unsigned = new SigV4Request("POST", "/", headers.With("Authorization", Authorization(keyId, new string('0', 64))), SigV4Payload.FromBody(body), "sagemaker");
        var report = Verifier(Store(keyId)).VerifyAsync(unsigned, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var key = SigV4Signing.DeriveSigningKey(Secret, "20260101", "us-east-1", "sagemaker");
        var signature = Convert.ToHexStringLower(SigV4Signing.Sign(key, report.StringToSign!));
        return (unsigned with { Headers = headers.With("Authorization", Authorization(keyId, signature)) }, report.StringToSign!);
    }

    /// <summary>UTF-8 length of the canonical request of <see cref="Json"/>'s request.</summary>
    public static int CanonicalRequestLength(string keyId, int bodyLength)
    {
        var (request, _) = Json(keyId, bodyLength);
        var report = Verifier(Store(keyId)).VerifyAsync(request with { Headers = request.Headers.With("Authorization", Authorization(keyId, new string('0', 64))) }, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return Encoding.UTF8.GetByteCount(report.CanonicalRequest!);
    }

    private static string Authorization(string keyId, string signature) =>
        $"AWS4-HMAC-SHA256 Credential={keyId}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-target, Signature={signature}";
}
