using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>
/// Temporary (ASIA) keys whose secret travels in the session token: the verifier takes the secret and
/// identity from the validator, not from the key store, and checks the token before the signature.
/// </summary>
public sealed class SigV4VerifierSessionCredentialTests
{
    private static readonly DateTimeOffset Now = new(AwsSdkSigner.SignedAt);
    private static readonly PrincipalInfo Root = new("111122223333", "arn:aws:iam::111122223333:root", "111122223333", PrincipalType.Root, AwsSdkSigner.TemporaryAccessKeyId);

    private static SigV4Request SignedWithToken(bool presigned = false) =>
        AwsSdkSigner.Sign(new SdkCase("GET", ["x"], [], [], [], presigned, WithToken: true, S3: false)).ToSigV4("sagemaker", false);

    private static SigV4Verifier Verifier(SessionTokenValidation answer, out RecordingValidator validator)
    {
        validator = new RecordingValidator(answer);
        return new SigV4Verifier(new SigV4Options { Region = AwsSdkSigner.Region }, new InMemoryCredentialSource(), validator, new FakeTimeProvider(Now));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Verify_TemporaryKeyUnknownToTheStore_IsAuthenticatedWithTheTokensCredential(bool presigned)
    {
        var issuedAt = Now.AddMinutes(-3);
        var verifier = Verifier(SessionTokenValidation.Valid(issuedAt, true, new SessionCredential(AwsSdkSigner.Secret, Root, "AKIAROOT")), out var validator);

        var result = await verifier.VerifyAsync(SignedWithToken(presigned), CancellationToken.None);

        result.Authenticated.ShouldNotBeNull(result.Message);
        result.Authenticated.Principal.ShouldBe(Root);
        result.Authenticated.AccessKeyId.ShouldBe(AwsSdkSigner.TemporaryAccessKeyId);
        result.Authenticated.IsTemporary.ShouldBeTrue();
        result.Authenticated.SessionIssuedAt.ShouldBe(issuedAt);
        result.Authenticated.MultiFactorAuthPresent.ShouldBeTrue();
        validator.Calls.ShouldBe([(AwsSdkSigner.TemporaryAccessKeyId, AwsSdkSigner.Token, Now)]);
    }

    [Fact]
    public async Task Verify_TokenCredentialWithAnotherSecret_IsRefusedWithSignatureDoesNotMatch()
    {
        var verifier = Verifier(SessionTokenValidation.Valid(Now, false, new SessionCredential(new string('x', 40), Root, "AKIAROOT")), out _);

        var result = await verifier.VerifyAsync(SignedWithToken(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);
    }

    [Theory]
    [InlineData(SessionTokenStatus.Invalid, SigV4Failure.InvalidSecurityToken)]
    [InlineData(SessionTokenStatus.Expired, SigV4Failure.ExpiredSecurityToken)]
    public async Task Verify_TemporaryKeyWithABadToken_IsRefusedBeforeAnySecretIsNeeded(SessionTokenStatus status, SigV4Failure expected)
    {
        var verifier = Verifier(status == SessionTokenStatus.Expired ? SessionTokenValidation.Expired : SessionTokenValidation.Invalid, out _);

        var result = await verifier.VerifyAsync(SignedWithToken(), CancellationToken.None);

        result.Failure.ShouldBe(expected);
    }

    [Fact]
    public async Task Verify_ValidTokenWithoutCredential_FallsBackToTheStoreAndFailsClosedWhenAbsent()
    {
        var verifier = Verifier(SessionTokenValidation.Valid(Now, false), out _);

        var result = await verifier.VerifyAsync(SignedWithToken(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.UnknownAccessKey);
    }

    private sealed class RecordingValidator(SessionTokenValidation answer) : ISessionTokenValidator
    {
        public List<(string AccessKeyId, string Token, DateTimeOffset Now)> Calls { get; } = [];

        public ValueTask<SessionTokenValidation> ValidateAsync(string accessKeyId, string sessionToken, DateTimeOffset now, CancellationToken ct)
        {
            Calls.Add((accessKeyId, sessionToken, now));
            return ValueTask.FromResult(answer);
        }
    }
}
