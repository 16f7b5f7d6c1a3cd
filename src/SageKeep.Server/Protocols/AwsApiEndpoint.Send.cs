using Microsoft.AspNetCore.Http;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.Protocols.Query;
using SageKeep.Server.Protocols.Rest;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

internal sealed partial class AwsApiEndpoint
{
    private Task SendErrorAsync(RequestState state, AwsError error)
    {
        Log.Refused(logger, state.RequestId, state.Protocol, error.Code, error.HttpStatus);
        state.ErrorCode = error.Code;
        var response = ErrorResponseWriter.Write(state.Protocol, error, state.RequestId, state.XmlNamespace, state.Resource);
        if (state.Protocol == ProtocolKind.Registry)
        {
            response = response with { Headers = [.. response.Headers, KeyValuePair.Create("Docker-Distribution-API-Version", "registry/2.0")] };
        }

        return SendAsync(state, response);
    }

    private async Task SendResultAsync(RequestState state, ServiceModel model, OperationModel operation, OperationResult result, CancellationToken ct)
    {
        if (result.Error is not null)
        {
            await SendErrorAsync(state, result.Error).ConfigureAwait(false);
            return;
        }

        if (result.Writer is not null)
        {
            state.ErrorCode = result.StreamedErrorCode;
            SetRequestIdHeaders(state);
            await result.Writer(state.Context.Response, ct).ConfigureAwait(false);
            return;
        }

        var outputShape = model.FindShape(operation.OutputShape);
        var response = state.Protocol switch
        {
            ProtocolKind.AwsJson => ProtocolResponse.Create(200, ErrorResponseWriter.JsonContentType, JsonResponseWriter.Write(model, outputShape, result.Output)),
            ProtocolKind.AwsQuery => ProtocolResponse.Create(200, "text/xml", QueryResponseWriter.Write(model, operation, result.Output, state.RequestId, state.Protocol)),
            ProtocolKind.Ec2Query => ProtocolResponse.Create(200, "text/xml;charset=UTF-8", QueryResponseWriter.Write(model, operation, result.Output, state.RequestId, state.Protocol)),
            ProtocolKind.RestJson => RestJsonResponseWriter.Write(model, outputShape, result.Output),
            _ => ProtocolResponse.Create(200, null, ReadOnlyMemory<byte>.Empty),
        };
        await SendAsync(state, response).ConfigureAwait(false);
    }

    private static async Task SendAsync(RequestState state, ProtocolResponse answer)
    {
        var response = state.Context.Response;
        response.StatusCode = answer.Status;
        SetRequestIdHeaders(state);
        if (answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType;
        }

        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = answer.Body.Length;
        if (!answer.Body.IsEmpty && !HttpMethods.IsHead(state.Context.Request.Method))
        {
            await response.Body.WriteAsync(answer.Body, state.Context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void SetRequestIdHeaders(RequestState state)
    {
        var headers = state.Context.Response.Headers;
        if (state.Protocol == ProtocolKind.RestXml)
        {
            // S3 names the request twice: x-amz-request-id and the extended x-amz-id-2.
            headers["x-amz-request-id"] = state.RequestId;
            headers["x-amz-id-2"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(state.RequestId));
        }
        else
        {
            headers["x-amzn-RequestId"] = state.RequestId;
        }
    }
}
