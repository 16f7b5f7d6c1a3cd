using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Runtime.Serving;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// SageMaker Runtime <c>InvokeEndpoint</c> (<c>POST /endpoints/{EndpointName}/invocations</c>, IAM action
/// <c>sagemaker:InvokeEndpoint</c> on the endpoint ARN, condition key <c>sagemaker:TargetVariant</c>): a variant by
/// TargetVariant or by weight, an instance round robin, <c>POST /invocations</c> through the private path (to each
/// container in turn for a serial inference pipeline, to the one named by TargetContainerHostname in Direct mode) with
/// Content-Type, Accept and CustomAttributes, bounded by the payload limit and the 60 s container timeout. The
/// container's answer comes back with its content type and <c>x-Amzn-Invoked-Production-Variant</c>; its 4xx/5xx as
/// <c>ModelError</c> (424) with OriginalStatusCode, OriginalMessage and LogStreamArn.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class InvokeEndpoint(InferenceStore store, EndpointService service, AwsAccount account, ILogger<InvokeEndpoint> logger) : IOperationHandler
{
    private const int MaxOriginalMessageChars = 4096;

    private static readonly string[] UnsupportedMembers = ["TargetModel", "InferenceComponentName", "SessionId", "EnableExplanations"];

    public string Service => "sagemaker-runtime";

    public string Operation => "InvokeEndpoint";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var access = AccessRequest.For("sagemaker:InvokeEndpoint", InferenceArns.Endpoint(account, InputValues.GetString(context.Input["EndpointName"]) ?? "*"));
        if (InputValues.GetString(context.Input["TargetVariant"]) is { } variant)
        {
            access = access with { ContextKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["sagemaker:TargetVariant"] = [variant] } };
        }

        if (InputValues.GetString(context.Input["TargetContainerHostname"]) is { } hostname)
        {
            access = access with { ContextKeys = new Dictionary<string, IReadOnlyList<string>>(access.ContextKeys ?? new Dictionary<string, IReadOnlyList<string>>(), StringComparer.Ordinal) { ["sagemaker:TargetContainerHostname"] = [hostname] } };
        }

        return ValueTask.FromResult(access);
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var input = context.Input;
        var name = InputValues.GetString(input["EndpointName"])!;
        var body = input["Body"] is JsonValue value && value.TryGetValue(out byte[]? bytes) ? bytes : [];
        if (body.Length > service.MaxPayloadBytes)
        {
            return OperationResult.Fail(Validation(string.Create(CultureInfo.InvariantCulture, $"Request body of {body.Length} bytes exceeds the maximum of {service.MaxPayloadBytes} bytes.")));
        }

        foreach (var unsupported in UnsupportedMembers)
        {
            if (input[unsupported] is not null)
            {
                return OperationResult.Fail(Validation($"{unsupported} is not supported by this server's endpoints."));
            }
        }

        // An update swaps the live deployment; a request that meets a retired variant routes again to the new one.
        LiveVariant? variant = null;
        ServingInstance? instance = null;
        TagList tags = default;
        for (var attempt = 0; instance is null; attempt++)
        {
            var live = service.Find(name);
            if (live is null)
            {
                var document = await store.GetAsync(InferenceStore.Endpoint, name, ct).ConfigureAwait(false);
                return OperationResult.Fail(document is null
                    ? Validation($"Endpoint {name} of account {account.AccountId} not found.")
                    : Validation($"Endpoint {name} of account {account.AccountId} is not in service (status {InferenceInput.Text(document, "EndpointStatus")})."));
            }

            var target = InputValues.GetString(input["TargetVariant"]);
            variant = live.Pick(target);
            if (variant is null)
            {
                return OperationResult.Fail(target is null
                    ? Validation($"Endpoint {name} has no variant with a weight above 0 to route to: give TargetVariant.")
                    : Validation($"The variant \"{target}\" does not exist for endpoint \"{name}\"."));
            }

            if (TargetContainerError(variant, name, InputValues.GetString(input["TargetContainerHostname"])) is { } refusal)
            {
                return OperationResult.Fail(Validation(refusal));
            }

            tags = new TagList { { "EndpointName", name }, { "VariantName", variant.Name } };
            switch (variant.TryEnter())
            {
                case VariantEntry.Retired when attempt < 10:
                    await Task.Yield();
                    continue;
                case VariantEntry.Entered:
                    break;
                default:
                    InvocationMetrics.Invocation5XXErrors.Add(1, tags);
                    return OperationResult.Fail(AwsError.Receiver("ServiceUnavailable", $"Variant {variant.Name} of endpoint {name} holds as many requests as it can queue. Try your call again.", 503));
            }

            instance = variant.NextInstance();
            if (instance is null)
            {
                variant.Leave();
                InvocationMetrics.Invocation5XXErrors.Add(1, tags);
                return OperationResult.Fail(AwsError.Sender("ModelNotReadyException", $"No instance of variant {variant.Name} of endpoint {name} is running: try again once the endpoint has replaced it.", 429));
            }
        }

        InvocationMetrics.Invocations.Add(1, tags);
        var chosen = variant!;

        // Routing among the instance's containers: the one named (Direct), or each in turn (a serial pipeline: an
        // answer and its content type are the next container's request); a one-container model has one.
        IReadOnlyList<ServingContainer> hops = chosen.Direct
            ? [instance.Containers.First(c => c.Hostname == InputValues.GetString(input["TargetContainerHostname"]))]
            : instance.Containers;
        try
        {
            var payload = body;
            var contentType = InputValues.GetString(input["ContentType"]) ?? "application/octet-stream";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(service.InvocationTimeout);
            var modelStarted = Stopwatch.GetTimestamp();
            for (var hop = 0; ; hop++)
            {
                var container = hops[hop];
                using var request = new HttpRequestMessage(HttpMethod.Post, "invocations") { Content = new ByteArrayContent(payload) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
                if (InputValues.GetString(input["Accept"]) is { } accept)
                {
                    request.Headers.TryAddWithoutValidation("Accept", accept);
                }

                if (InputValues.GetString(input["CustomAttributes"]) is { } attributes)
                {
                    request.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Custom-Attributes", attributes);
                }

                if (InputValues.GetString(input["InferenceId"]) is { } inferenceId)
                {
                    request.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Inference-Id", inferenceId);
                }

                HttpResponseMessage response;
                byte[] answer;
                try
                {
                    response = await container.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    answer = await ReadBoundedAsync(response, service.MaxPayloadBytes, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    InvocationMetrics.Invocation5XXErrors.Add(1, tags);
                    return ModelError(name, instance, container, 0, $"Your invocation timed out while waiting for a response from container {container.Name}. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.", null);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    Log.InvocationFailed(logger, ex, name);
                    InvocationMetrics.Invocation5XXErrors.Add(1, tags);
                    return OperationResult.Fail(AwsError.Receiver("ServiceUnavailable", $"The instance of variant {chosen.Name} did not answer. Try your call again.", 503));
                }

                using (response)
                {
                    var last = hop == hops.Count - 1;
                    var failed = answer.Length > service.MaxPayloadBytes || !response.IsSuccessStatusCode;
                    var modelMicros = Stopwatch.GetElapsedTime(modelStarted).TotalMicroseconds;
                    if (last || failed)
                    {
                        InvocationMetrics.ModelLatency.Record(modelMicros, tags);
                    }

                    if (answer.Length > service.MaxPayloadBytes)
                    {
                        InvocationMetrics.Invocation5XXErrors.Add(1, tags);
                        return ModelError(name, instance, container, (int)response.StatusCode, $"The model's response exceeds the maximum of {service.MaxPayloadBytes} bytes.", null);
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        (response.StatusCode >= System.Net.HttpStatusCode.InternalServerError ? InvocationMetrics.Invocation5XXErrors : InvocationMetrics.Invocation4XXErrors).Add(1, tags);
                        return ModelError(name, instance, container, (int)response.StatusCode, null, answer);
                    }

                    if (!last)
                    {
                        payload = answer;
                        contentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
                        continue;
                    }

                    var output = new JsonObject
                    {
                        ["Body"] = JsonValue.Create(answer),
                        ["ContentType"] = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                        ["InvokedProductionVariant"] = chosen.Name,
                    };
                    if (response.Headers.TryGetValues("X-Amzn-SageMaker-Custom-Attributes", out var returned))
                    {
                        output["CustomAttributes"] = string.Join(',', returned);
                    }

                    InvocationMetrics.OverheadLatency.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds - modelMicros, tags);
                    return OperationResult.Ok(output);
                }
            }
        }
        finally
        {
            chosen.Leave(instance);
        }
    }

    /// <summary>
    /// TargetContainerHostname against the variant's model (SageMaker's ValidationErrors): required and known for a
    /// Direct multi-container model, not allowed otherwise. Null when the request may go on.
    /// </summary>
    private static string? TargetContainerError(LiveVariant variant, string endpoint, string? hostname)
    {
        if (variant.Direct)
        {
            if (hostname is null)
            {
                return $"Endpoint {endpoint} is a multi-container endpoint with direct invocation: specify TargetContainerHostname (one of {string.Join(", ", variant.Hostnames)}).";
            }

            return variant.Hostnames.Contains(hostname, StringComparer.Ordinal)
                ? null
                : $"TargetContainerHostname {hostname} does not exist in endpoint {endpoint} (its containers: {string.Join(", ", variant.Hostnames)}).";
        }

        return hostname is null ? null : $"TargetContainerHostname can only be specified for a multi-container endpoint with direct invocation; endpoint {endpoint} is not one.";
    }

    private static AwsError Validation(string message) => AwsError.Sender("ValidationError", message);

    /// <summary>
    /// Reads at most <paramref name="limit"/> + 1 bytes, so an oversized answer is seen without holding all of it: into
    /// one array of the declared Content-Length when the container gives one (the usual case, no copy), else in chunks.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (response.Content.Headers.ContentLength is { } declared && declared <= limit)
            {
                var exact = new byte[declared];
                await stream.ReadExactlyAsync(exact, ct).ConfigureAwait(false);
                return exact;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    break;
                }
            }

            return buffer.ToArray();
        }
    }

    /// <summary>SageMaker Runtime's ModelError (424): the container's status and message, and where its log is.</summary>
    private OperationResult ModelError(string endpoint, ServingInstance instance, ServingContainer container, int status, string? text, byte[]? body)
    {
        var original = text ?? Encoding.UTF8.GetString(body ?? [], 0, Math.Min(body?.Length ?? 0, MaxOriginalMessageChars));
        var kind = status is >= 400 and < 500 ? "client" : "server";
        var group = EndpointService.LogGroup(endpoint);
        var message = string.Create(CultureInfo.InvariantCulture, $"Received {kind} error ({status}) from {container.Name} with message \"{original}\". See https://{account.Region}.console.aws.amazon.com/cloudwatch/home?region={account.Region}#logEventViewer:group={group} in account {account.AccountId} for more information.");
        var error = new JsonObject
        {
            ["__type"] = "ModelError",
            ["Message"] = message,
            ["message"] = message,
            ["OriginalStatusCode"] = status,
            ["OriginalMessage"] = original,
            ["LogStreamArn"] = service.LogStreamArn(endpoint, instance, container),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(error);
        return OperationResult.StreamError("ModelError", async (response, token) =>
        {
            response.StatusCode = StatusCodes.Status424FailedDependency;
            response.ContentType = "application/json";
            response.Headers["x-amzn-ErrorType"] = "ModelError";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, token).ConfigureAwait(false);
        });
    }
}
