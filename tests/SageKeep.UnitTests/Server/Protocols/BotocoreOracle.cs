using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>
/// Runs the installed botocore (the library under the aws CLI and boto3) over our bytes: its response
/// parsers are the oracle for "the AWS clients read this", its request serializers produce the exact
/// parameters clients send. Requires python3 with botocore; a missing botocore fails the test loudly.
/// </summary>
internal static class BotocoreOracle
{
    private const string ParseScript = """
        import base64, json, sys
        import botocore.session
        from botocore.awsrequest import HeadersDict
        from botocore.parsers import create_parser
        session = botocore.session.get_session()
        def parse(req):
            model = session.get_service_model(req['service'])
            op = model.operation_model(req['operation']) if req.get('operation') else None
            shape = op.output_shape if (op is not None and req['status'] < 300) else None
            response = {'status_code': req['status'], 'headers': HeadersDict(req['headers']), 'body': base64.b64decode(req['body'])}
            parsed = create_parser(model.metadata['protocol']).parse(response, shape)
            if 'Body' in parsed and hasattr(parsed['Body'], 'read'):
                parsed['Body'] = parsed['Body'].read().decode('utf-8', 'replace')
            return parsed
        req = json.load(sys.stdin)
        result = [parse(r) for r in req] if isinstance(req, list) else parse(req)
        print(json.dumps(result, default=str, sort_keys=True))
        """;

    private const string SerializeScript = """
        import json, sys
        from urllib.parse import urlencode
        import botocore.session
        from botocore.serialize import create_serializer
        req = json.load(sys.stdin)
        model = botocore.session.get_session().get_service_model(req['service'])
        op = model.operation_model(req['operation'])
        serialized = create_serializer(model.metadata['protocol']).serialize_to_request(json.loads(req['params']), op)
        body = serialized['body']
        print(urlencode(body) if isinstance(body, dict) else body.decode('utf-8') if isinstance(body, bytes) else body)
        """;

    /// <summary>What botocore's parser makes of a response (as JSON: <c>Error.Code</c>, result members...).</summary>
    public static JsonNode Parse(string service, string? operation, int status, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body) =>
        JsonNode.Parse(Run(ParseScript, Request(service, operation, status, headers, body).ToJsonString()))!;

    /// <summary>Parses many responses in one python run (each item as <see cref="Parse"/>).</summary>
    public static JsonArray ParseMany(IEnumerable<(string Service, int Status, IEnumerable<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body)> responses)
    {
        var requests = new JsonArray([.. responses.Select(r => (JsonNode)Request(r.Service, null, r.Status, r.Headers, r.Body))]);
        return JsonNode.Parse(Run(ParseScript, requests.ToJsonString()))!.AsArray();
    }

    private static JsonObject Request(string service, string? operation, int status, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body) =>
        new()
        {
            ["service"] = service,
            ["operation"] = operation,
            ["status"] = status,
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["body"] = Convert.ToBase64String(body.Span),
        };

    /// <summary>The request body botocore sends for <paramref name="parametersJson"/> (form text for query protocols).</summary>
    public static string Serialize(string service, string operation, string parametersJson)
    {
        var request = new JsonObject { ["service"] = service, ["operation"] = operation, ["params"] = parametersJson };
        return Run(SerializeScript, request.ToJsonString()).TrimEnd('\n');
    }

    private static string Run(string script, string input)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started.");
        try
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("botocore did not answer within 60 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"botocore failed (python3 with botocore is required): {error.Result}");
            }

            return output.Result;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
