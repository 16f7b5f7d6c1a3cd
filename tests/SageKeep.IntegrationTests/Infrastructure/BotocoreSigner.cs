using System.Diagnostics;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Infrastructure;

/// <summary>
/// Signs a request with botocore's own SigV4 signer (python3 + the installed botocore) and returns the
/// headers to send: the real client's signature, for requests the aws CLI cannot make (unknown
/// operations, oversized bodies).
/// </summary>
internal static class BotocoreSigner
{
    private const string Script = """
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        a = json.load(sys.stdin)
        body = bytes.fromhex(a["bodyHex"])
        req = AWSRequest(method=a["method"], url=a["url"], data=body, headers=a["headers"])
        SigV4Auth(Credentials(a["key"], a["secret"]), a["service"], a["region"]).add_auth(req)
        json.dump(dict(req.headers.items()), sys.stdout)
        """;

    public static async Task<IReadOnlyDictionary<string, string>> SignAsync(
        string method, string url, IReadOnlyDictionary<string, string> headers, byte[] body,
        string service, string region, string accessKeyId, string secretAccessKey)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        var input = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["method"] = method,
            ["url"] = url,
            ["headers"] = headers,
            ["bodyHex"] = Convert.ToHexString(body),
            ["service"] = service,
            ["region"] = region,
            ["key"] = accessKeyId,
            ["secret"] = secretAccessKey,
        });
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore signer failed: {stderr}");
        }

        return JsonSerializer.Deserialize<Dictionary<string, string>>(stdout)!;
    }
}
