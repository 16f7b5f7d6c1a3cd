using System.Text;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>A request in the suite's text form: request line, headers (folded lines kept), blank line, body.</summary>
public sealed record RawHttpRequest(string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public static RawHttpRequest Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text.TrimEnd('\n') : text[..headerEnd];
        var body = headerEnd < 0 ? string.Empty : text[(headerEnd + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var lastSpace = requestLine.LastIndexOf(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                // obs-fold continuation: keep the line break, the canonicaliser collapses it.
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new RawHttpRequest(
            requestLine[..firstSpace],
            requestLine[(firstSpace + 1)..lastSpace],
            headers,
            Encoding.UTF8.GetBytes(body));
    }

    public SigV4Headers ToHeaders()
    {
        var headers = new SigV4Headers();
        foreach (var (name, value) in Headers)
        {
            headers.Add(name, value);
        }

        return headers;
    }

    public SigV4Request ToSigV4(string service, bool isS3 = false, bool normalize = true) =>
        new(Method, Target, ToHeaders(), SigV4Payload.FromBody(Body), service, isS3) { NormalizePath = normalize };
}
