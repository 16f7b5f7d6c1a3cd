using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Protocols;

/// <summary>
/// What an authenticator sees of a request: everything SigV4 needs to rebuild the canonical request.
/// </summary>
/// <param name="Method">The HTTP method (<c>POST</c>).</param>
/// <param name="RawTarget">The request target exactly as sent (IHttpRequestFeature.RawTarget), path and query undecoded.</param>
/// <param name="Headers">The request headers (including <c>Authorization</c>; never log them).</param>
/// <param name="Body">The buffered body; empty for S3, whose body streams (S3 clients send <c>x-amz-content-sha256</c>).</param>
/// <param name="Service">The service the request was routed to (<c>sagemaker</c>, <c>sts</c>...); the credential scope should name it (e.g. <c>sagemaker</c> for both SageMaker and SageMaker Runtime).</param>
/// <param name="SigningName">The signing name the credential scope must carry for this service.</param>
/// <param name="Protocol">The protocol the request arrived in, which decides the error shape.</param>
public sealed record ApiRequest(
    string Method,
    string RawTarget,
    IHeaderDictionary Headers,
    ReadOnlyMemory<byte> Body,
    string Service,
    string SigningName,
    ProtocolKind Protocol);
