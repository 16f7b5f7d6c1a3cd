using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>Scope, key, token, algorithm and mechanism checks, with the messages AWS sends.</summary>
public sealed class SigV4VerifierTests
{
    private static BotocoreVector Vector(string name) => BotocoreVector.Committed().Single(v => v.Name == name);

    private static string Authorization(BotocoreVector vector) =>
        vector.Headers.Single(h => h[0] == "Authorization")[1];

    [Fact]
    public async Task Verify_CredentialScopedToAnotherRegion_IsRefusedWithAwsWording()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier(region: "eu-west-1").VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidCredentialScope);
        result.Message.ShouldBe("Credential should be scoped to a valid region, not 'us-east-1'. ");
    }

    [Fact]
    public async Task Verify_CredentialScopedToAnotherService_IsRefusedWithAwsWording()
    {
        var vector = Vector("sts-query");
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest() with { Service = "sagemaker" }, CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidCredentialScope);
        result.Message.ShouldBe("Credential should be scoped to correct service: 'sagemaker'. ");
    }

    [Fact]
    public async Task Verify_CredentialWithWrongTerminator_IsRefusedWithAwsWording()
    {
        var vector = Vector("sagemaker-json");
        var request = vector.WithHeader("Authorization", Authorization(vector).Replace("/aws4_request", "/aws5_request", StringComparison.Ordinal));
        var result = await vector.Verifier().VerifyAsync(request, CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidCredentialScope);
        result.Message.ShouldBe("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
    }

    [Fact]
    public async Task Verify_CredentialDateNotTheRequestDay_IsRefused()
    {
        var vector = Vector("sagemaker-json");
        var request = vector.WithHeader("Authorization", Authorization(vector).Replace("/20260101/", "/20260102/", StringComparison.Ordinal));
        var result = await vector.Verifier().VerifyAsync(request, CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidCredentialScope);
        result.Message.ShouldBe("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260102' != '20260101', from '20260101T000000Z'.");
    }

    [Fact]
    public async Task Verify_UnknownKey_IsRefused()
    {
        var vector = Vector("sagemaker-json");
        var empty = new InMemoryCredentialSource();
        var result = await vector.Verifier(empty, empty).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.UnknownAccessKey);
        result.Message.ShouldBe("The security token included in the request is invalid.");
    }

    [Fact]
    public async Task Verify_InactiveKey_IsRefused()
    {
        var vector = Vector("sagemaker-json");
        var store = vector.Store();
        store.SetStatus(vector.AccessKeyId, CredentialStatus.Inactive).ShouldBeTrue();
        var result = await vector.Verifier(store, store).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InactiveAccessKey);
    }

    [Fact]
    public async Task Verify_SessionTokenRequest_ReportsTemporaryPrincipal()
    {
        var vector = Vector("sagemaker-json-session-token");
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Authenticated.ShouldNotBeNull(result.Message);
        result.Authenticated.IsTemporary.ShouldBeTrue();
        result.Authenticated.SessionIssuedAt.ShouldBe(vector.Time.AddMinutes(-1));
        result.Authenticated.Principal.Type.ShouldBe(PrincipalType.AssumedRole);
    }

    [Fact]
    public async Task Verify_ExpiredSessionToken_IsRefusedWithExpiredToken()
    {
        var vector = Vector("sagemaker-json-session-token");
        var store = new InMemoryCredentialSource();
        store.AddTemporary(vector.AccessKeyId, vector.SecretAccessKey, vector.SessionToken!, vector.Principal, vector.Time.AddHours(-2), vector.Time.AddSeconds(-1));
        var result = await vector.Verifier(store, store).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.ExpiredSecurityToken);
        result.Message.ShouldBe("The security token included in the request is expired");
    }

    [Fact]
    public async Task Verify_SessionTokenOfAnotherSession_IsRefusedWithInvalidToken()
    {
        var vector = Vector("sagemaker-json-session-token");
        var store = new InMemoryCredentialSource();
        store.AddTemporary(vector.AccessKeyId, vector.SecretAccessKey, "another-token", vector.Principal, vector.Time.AddHours(-1), vector.Time.AddHours(1));
        var result = await vector.Verifier(store, store).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidSecurityToken);
    }

    [Fact]
    public async Task Verify_SessionTokenWithoutValidator_IsRefusedWithInvalidToken()
    {
        var vector = Vector("sagemaker-json-session-token");
        var result = await vector.Verifier(vector.Store(), tokens: null).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidSecurityToken);
    }

    [Fact]
    public async Task Verify_TemporaryKeyWithoutSessionToken_IsRefusedWithMissingToken()
    {
        var wire = AwsSdkSigner.Sign(new SdkCase("GET", ["x"], [], [], [], false, false, false), accessKeyId: "ASIANOTOKEN");
        var store = new InMemoryCredentialSource();
        store.Add("ASIANOTOKEN", AwsSdkSigner.Secret, new PrincipalInfo("111122223333", "arn:aws:sts::111122223333:assumed-role/r/s", "AROA:s", PrincipalType.AssumedRole, "ASIANOTOKEN"));
        var verifier = new SigV4Verifier(new SigV4Options { Region = AwsSdkSigner.Region }, store, store, new FakeTimeProvider(new DateTimeOffset(AwsSdkSigner.SignedAt)));

        var result = await verifier.VerifyAsync(wire.ToSigV4("sagemaker", false), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.MissingSecurityToken);
    }

    [Theory]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20260101/sagemaker/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045", SigV4Failure.SigV4aNotSupported)]
    [InlineData("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", SigV4Failure.UnsupportedAlgorithm)]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00", SigV4Failure.MalformedAuthorization)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sagemaker, SignedHeaders=host, Signature=00", SigV4Failure.MalformedAuthorization)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=Host;X-Amz-Date, Signature=00", SigV4Failure.MalformedAuthorization)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;x-amz-date, Signature=00", SigV4Failure.HostNotSigned)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz", SigV4Failure.SignatureDoesNotMatch)]
    public async Task Verify_AuthorizationHeaderVariants_AreRefusedWithTheRightKind(string authorization, SigV4Failure expected)
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier().VerifyAsync(vector.WithHeader("Authorization", authorization), CancellationToken.None);

        result.Failure.ShouldBe(expected, result.Message);
    }

    [Fact]
    public async Task Verify_AuthorizationWithoutSignature_NamesTheMissingParameterAsAwsDoes()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier().VerifyAsync(
            vector.WithHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host"),
            CancellationToken.None);

        result.Message.ShouldBe("Authorization header requires 'Signature' parameter.");
    }

    [Fact]
    public async Task Verify_AuthorizationWithExtraSpacesAndNoSpaceAfterCommas_IsAccepted()
    {
        var vector = Vector("sagemaker-json");
        var tolerant = "  " + Authorization(vector).Replace(", ", " ,", StringComparison.Ordinal).Replace("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256   ", StringComparison.Ordinal) + "  ";
        var result = await vector.Verifier().VerifyAsync(vector.WithHeader("Authorization", tolerant), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
    }

    [Fact]
    public async Task Verify_NoAuthentication_IsRefusedWithMissingAuthenticationToken()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier().VerifyAsync(vector.WithHeader("Authorization"), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.MissingAuthentication);
        result.Message.ShouldBe("Missing Authentication Token");
    }

    [Fact]
    public async Task Verify_HeaderAndPresignedTogether_AreRefusedAsAmbiguous()
    {
        var presigned = Vector("presigned-service-get");
        var header = Authorization(Vector("sagemaker-json"));
        var result = await presigned.Verifier().VerifyAsync(presigned.WithHeader("Authorization", header), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.AmbiguousAuthentication);
    }

    [Fact]
    public async Task Verify_WithoutXAmzDateOrDate_IsRefusedWithMissingDate()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier().VerifyAsync(vector.WithHeader("X-Amz-Date"), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.MissingDate);
        result.Message.ShouldBe("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    [Fact]
    public async Task Verify_RequestSignedWithDateHeader_IsAccepted()
    {
        // Canonical request written out by hand: the Date header is signed and stands for X-Amz-Date.
        const string canonical = "GET\n/\n\ndate:Thu, 01 Jan 2026 00:00:00 GMT\nhost:example.amazonaws.com\n\ndate;host\n" + SigV4Payload.EmptySha256Hex;
        const string scope = "20260101/us-east-1/sagemaker/aws4_request";
        var stringToSign = "AWS4-HMAC-SHA256\n20260101T000000Z\n" + scope + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4secret"), "20260101"), "us-east-1"), "sagemaker"), "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        var headers = new SigV4Headers()
            .Add("Host", "example.amazonaws.com")
            .Add("Date", "Thu, 01 Jan 2026 00:00:00 GMT")
            .Add("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDDATE/{scope}, SignedHeaders=date;host, Signature={signature}");
        var store = new InMemoryCredentialSource();
        store.Add("AKIDDATE", "secret", new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/d", "AIDAD", PrincipalType.User, "AKIDDATE"));
        var verifier = new SigV4Verifier(new SigV4Options { Region = "us-east-1" }, store, store, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero)));

        var result = await verifier.VerifyAsync(new SigV4Request("GET", "/", headers, SigV4Payload.Empty, "sagemaker"), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
    }

    [Fact]
    public async Task Verify_SignatureMismatch_NeverShowsTheSecretOrSigningKey()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier(secretOverride: "the-real-secret-value").VerifyAsync(vector.ToRequest(), CancellationToken.None);
        var signingKey = Convert.ToHexStringLower(SigV4Signing.DeriveSigningKey("the-real-secret-value", "20260101", "us-east-1", "sagemaker"));

        result.Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);
        result.Message.ShouldStartWith("The request signature we calculated does not match the signature you provided.");
        result.Message.ShouldContain(result.CanonicalRequest!);
        result.ToString().ShouldNotContain("the-real-secret-value");
        result.Message.ShouldNotContain(signingKey);
    }

    [Fact]
    public async Task Verify_SameKeyTwice_DerivesTheSigningKeyOnce()
    {
        var vector = Vector("sagemaker-json");
        var verifier = vector.Verifier();
        (await verifier.VerifyAsync(vector.ToRequest(), CancellationToken.None)).Succeeded.ShouldBeTrue();
        (await verifier.VerifyAsync(vector.ToRequest(), CancellationToken.None)).Succeeded.ShouldBeTrue();

        verifier.CachedSigningKeys.ShouldBe(1);
    }

    [Fact]
    public async Task Verify_AfterSecretReplaced_UsesTheNewSecret()
    {
        var vector = Vector("sagemaker-json");
        var store = vector.Store(secretOverride: "old-secret");
        var verifier = vector.Verifier(store, store);
        (await verifier.VerifyAsync(vector.ToRequest(), CancellationToken.None)).Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);

        store.Add(vector.AccessKeyId, vector.SecretAccessKey, vector.Principal);

        (await verifier.VerifyAsync(vector.ToRequest(), CancellationToken.None)).Failure.ShouldBeNull();
    }

    [Fact]
    public async Task Verify_ManyKeys_KeepsTheSigningKeyCacheBounded()
    {
        var store = new InMemoryCredentialSource();
        var verifier = new SigV4Verifier(new SigV4Options { Region = AwsSdkSigner.Region, SigningKeyCacheCapacity = 3 }, store, store, new FakeTimeProvider(new DateTimeOffset(AwsSdkSigner.SignedAt)));
        for (var i = 0; i < 10; i++)
        {
            var keyId = $"AKIDCACHE{i}";
            store.Add(keyId, AwsSdkSigner.Secret, new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/c", "AIDAC", PrincipalType.User, keyId));
            var wire = AwsSdkSigner.Sign(new SdkCase("GET", ["k"], [], [], [], false, false, false), keyId);
            (await verifier.VerifyAsync(wire.ToSigV4("sagemaker", false), CancellationToken.None)).Succeeded.ShouldBeTrue();
            verifier.CachedSigningKeys.ShouldBeLessThanOrEqualTo(3);
        }
    }

    [Fact]
    public async Task Verify_S3DeferredBody_ReturnsTheSignedHashForTheServiceToCheck()
    {
        var vector = Vector("s3-put-signed-body");
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest() with { Payload = SigV4Payload.Deferred }, CancellationToken.None);

        result.Authenticated.ShouldNotBeNull(result.Message);
        result.Authenticated.PayloadMode.ShouldBe(PayloadMode.SignedPayload);
        result.Authenticated.ExpectedPayloadSha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(vector.Body))));
    }

    [Fact]
    public async Task Verify_S3DeferredBodyWithoutContentSha256_IsRefused()
    {
        var vector = Vector("s3-put-signed-body");
        var request = vector.WithHeader("X-Amz-Content-SHA256") with { Payload = SigV4Payload.Deferred };
        var result = await vector.Verifier().VerifyAsync(request, CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.InvalidPayloadHash);
        result.Message.ShouldBe("Missing required header for this request: x-amz-content-sha256");
    }

    [Fact]
    public async Task Verify_NonS3WithDeferredBody_IsAProgrammingError()
    {
        var vector = Vector("sagemaker-json");
        await Should.ThrowAsync<ArgumentException>(async () =>
            await vector.Verifier().VerifyAsync(vector.ToRequest() with { Payload = SigV4Payload.Deferred }, CancellationToken.None));
    }

    [Fact]
    public void Secrets_AreNotPrintedByToString()
    {
        var lookup = CredentialLookup.Of("super-secret-key", CredentialStatus.Active, new PrincipalInfo("1", "arn", "u", PrincipalType.Root, "AKID"));
        var context = new SigV4ChunkSigningContext([1, 2, 3, 0xab], "seed", "20260101T000000Z", "scope");

        lookup.ToString().ShouldNotContain("super-secret-key");
        context.ToString().ShouldNotContain("ab");
        context.ToString().ShouldNotContain("System.Byte");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
