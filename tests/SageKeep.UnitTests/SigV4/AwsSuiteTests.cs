using System.Text;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>The AWS Signature Version 4 test suite, header and presigned variants.</summary>
public sealed class AwsSuiteTests
{
    public static TheoryData<string, string> Cases() => SuiteCase.NamesAndVariants();

    [Fact]
    public void Suite_HasAllThirtyEightCases() => SuiteCase.Names().Count().ShouldBe(38);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verify_SuiteSignedRequest_IsAccepted(string name, string variant)
    {
        var suite = SuiteCase.Load(name);
        var result = await suite.Verifier().VerifyAsync(suite.ToSigV4(suite.SignedRequest(variant)), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
        result.Authenticated!.AccessKeyId.ShouldBe(suite.AccessKeyId);
        result.Authenticated.IsPresigned.ShouldBe(variant == "query");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verify_WithWrongSecret_ShowsTheSuitesCanonicalRequestAndStringToSign(string name, string variant)
    {
        var suite = SuiteCase.Load(name);
        var result = await suite.Verifier(secretOverride: "not-the-secret").VerifyAsync(suite.ToSigV4(suite.SignedRequest(variant)), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);
        if (suite.OmitSessionToken && variant == "query")
        {
            // The verifier shows the form with the token signed (what S3 presigners do); the suite
            // signed without it. Removing the token pair must give the suite's canonical request.
            var withoutToken = System.Text.RegularExpressions.Regex.Replace(result.CanonicalRequest!, "&X-Amz-Security-Token=[^&\n]*", string.Empty);
            withoutToken.ShouldBe(suite.Read($"{variant}-canonical-request.txt"));
            return;
        }

        result.CanonicalRequest.ShouldBe(suite.Read($"{variant}-canonical-request.txt"));
        result.StringToSign.ShouldBe(suite.Read($"{variant}-string-to-sign.txt"));
        result.Message.ShouldNotContain(suite.Secret);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_SuiteStringToSign_GivesTheSuitesSignature(string name, string variant)
    {
        var suite = SuiteCase.Load(name);
        var date = suite.Timestamp.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var key = SigV4Signing.DeriveSigningKey(suite.Secret, date, suite.Region, suite.Service);

        var signature = Convert.ToHexStringLower(SigV4Signing.Sign(key, suite.Read($"{variant}-string-to-sign.txt")));

        signature.ShouldBe(suite.Read($"{variant}-signature.txt").Trim());
        var signedRequest = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(suite.Directory, $"{variant}-signed-request.txt")));
        signedRequest.ShouldContain(signature);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verify_WithOneSignedByteChanged_IsRefusedWithSignatureDoesNotMatch(string name, string variant)
    {
        var suite = SuiteCase.Load(name);
        var raw = suite.SignedRequest(variant);
        var verifier = suite.Verifier();
        var mutations = SuiteMutations.Of(raw, variant).ToList();
        mutations.Count.ShouldBeGreaterThan(2);

        foreach (var (description, mutated) in mutations)
        {
            var result = await verifier.VerifyAsync(suite.ToSigV4(mutated), CancellationToken.None);
            // An unsigned token (added after signing) still fails, as an invalid token.
            var expected = suite.OmitSessionToken && description.Contains("X-Amz-Security-Token", StringComparison.Ordinal)
                ? SigV4Failure.InvalidSecurityToken
                : SigV4Failure.SignatureDoesNotMatch;
            result.Failure.ShouldBe(expected, $"{description}: {result.Message}");
        }
    }
}
