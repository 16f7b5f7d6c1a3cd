using System.Security.Cryptography;
using System.Text;
using CsCheck;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>
/// The verifier hashes the canonical request as it writes it and builds the text only for the
/// SignatureDoesNotMatch error: both routes must give the same bytes for any request, including
/// ones longer than the stack buffer, non-ASCII and invalid UTF-16, dot segments and odd escapes.
/// </summary>
public sealed class CanonicalRequestHashTests
{
    private const string PathChars = "aZ09-_.~/%%/..//.:@!$&'()*+,;=é✓\ud83d\ude00\ud800 ";
    private const string QueryChars = "aZ09-_.~%%+ =&é✓\udfff/?";
    private const string ValueChars = "aZ09 \t\t  \r\n,;:\"é✓\ud83d\ude00\udc00";

    private static readonly Gen<string> Text4K = Gen.Char[PathChars].Array[0, 4000].Select(a => new string(a));

    private static readonly Gen<(string Method, string Target, (string Name, string[] Values)[] Headers, bool S3, bool Normalize, bool Presigned, bool ExcludeToken, byte[] Body)> Requests =
        from method in Gen.OneOf("GET", "PUT", "POST", "M\u00e9THOD")
        from path in Gen.OneOf(Gen.Char[PathChars].Array[0, 40].Select(a => new string(a)), Text4K)
        from query in Gen.Char[QueryChars].Array[0, 120].Select(a => new string(a))
        from withQuery in Gen.Bool
        from headers in Gen.Select(Gen.OneOf("host", "x-amz-date", "x-a", "content-type", "x-amz-security-token"), Gen.Char[ValueChars].Array[0, 30].Select(a => new string(a)).Array[1, 3]).Array[0, 5]
        from s3 in Gen.Bool
        from normalize in Gen.Bool
        from presigned in Gen.Bool
        from excludeToken in Gen.Bool
        from body in Gen.Byte.Array[0, 40]
        select (method, "/" + path + (withQuery ? "?" + query + "&X-Amz-Signature=ab&X-Amz-Security-Token=t" : string.Empty), headers, s3, normalize, presigned, excludeToken, body);

    [Fact]
    public void HashCanonicalRequest_AnyRequest_EqualsTheSha256OfTheCanonicalRequestText()
    {
        Requests.Sample(
            r =>
            {
                var headers = new SigV4Headers();
                foreach (var (name, values) in r.Headers.DistinctBy(h => h.Name))
                {
                    foreach (var value in values)
                    {
                        headers.Add(name, value);
                    }
                }

                var signedHeaders = string.Join(';', r.Headers.Select(h => h.Name).Append("host").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                var request = new SigV4Request(r.Method, r.Target, headers, SigV4Payload.FromBody(r.Body), "service", r.S3) { NormalizePath = r.Normalize };
                AssertSameHash(request, signedHeaders, r.Presigned, r.ExcludeToken, r.S3 ? "UNSIGNED-PAYLOAD" : null);
            },
            iter: 3000,
            threads: 1);
    }

    [Theory]
    [InlineData("/", false, true)]
    [InlineData("//", false, true)]
    [InlineData("/a/./b/../c//d/", false, true)]
    [InlineData("/a/b/", false, true)]
    [InlineData("/..", false, true)]
    [InlineData("/.", false, true)]
    [InlineData("a", false, true)]
    [InlineData("./a", false, true)]
    [InlineData("/a%2Fb%20c%7e%7E%zz%", false, true)]
    [InlineData("/a%2Fb%20c%7e%7E%zz%", true, false)]
    [InlineData("/a%2", true, false)]
    public void HashCanonicalRequest_PathEdgeCases_EqualTheTextRoute(string path, bool s3, bool normalize)
    {
        var headers = new SigV4Headers().Add("Host", "h");
        var request = new SigV4Request("GET", path, headers, SigV4Payload.Empty, "service", s3) { NormalizePath = normalize };

        AssertSameHash(request, "host", presigned: false, excludeToken: false, payloadHash: null);
    }

    [Theory]
    [InlineData(509)]
    [InlineData(510)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(1021)]
    public void HashCanonicalRequest_S3EscapeAcrossTheEncodingPieces_EqualsTheTextRoute(int at)
    {
        // The raw path is encoded in 512-character pieces; an escape must not be cut in two.
        var path = "/" + new string('a', at - 1) + "%7e%2F" + new string('b', 600);
        var request = new SigV4Request("GET", path, new SigV4Headers().Add("Host", "h"), SigV4Payload.Empty, "s3", IsS3: true);

        AssertSameHash(request, "host", presigned: false, excludeToken: false, payloadHash: "UNSIGNED-PAYLOAD");
    }

    private static void AssertSameHash(SigV4Request request, string signedHeaders, bool presigned, bool excludeToken, string? payloadHash)
    {
        var question = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
        var pathLength = question < 0 ? request.RawTarget.Length : question;
        var query = new List<QueryParameter>();
        SigV4Query.TryParse(question < 0 ? [] : request.RawTarget.AsSpan(question + 1), query, out _).ShouldBeTrue();
        var text = SigV4Verifier.BuildCanonicalRequest(
            request, request.RawTarget.AsSpan(0, pathLength), query, presigned, signedHeaders.Split(';'), payloadHash ?? request.Payload.Sha256Hex!, excludeToken);

        var bodyHash = SHA256.HashData(request.Payload.Body.Span);
        var hash = new byte[32];
        SigV4Canonicalizer.HashCanonicalRequest(request, request.RawTarget.AsSpan(0, pathLength), query, presigned, signedHeaders, payloadHash, bodyHash, excludeToken, hash);

        Convert.ToHexStringLower(hash).ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), text.Length > 300 ? text[..300] : text);
    }
}
