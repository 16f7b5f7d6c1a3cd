using System.Globalization;
using System.Xml;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>S3 response bodies: XML in S3's namespace (S3 API reference, each operation's "Response Syntax"), and empty answers.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>An XML answer; <paramref name="write"/> writes the root element and its children.</summary>
    public static OperationResult Xml(Action<XmlWriter> write, int status = 200, params KeyValuePair<string, string>[] headers)
    {
        var body = ErrorResponseWriter.Xml(write);
        return OperationResult.Stream(async (response, ct) =>
        {
            response.StatusCode = status;
            response.ContentType = "application/xml";
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(response.HttpContext.Request.Method))
            {
                await response.Body.WriteAsync(body, ct).ConfigureAwait(false);
            }
        });
    }

    /// <summary>A body-less answer (204 for deletes, 200 with headers for PUTs).</summary>
    public static OperationResult Empty(int status = 200, params KeyValuePair<string, string>[] headers) =>
        OperationResult.Stream((response, _) =>
        {
            response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            if (status != 204 && status != 304)
            {
                response.ContentLength = 0;
            }

            return Task.CompletedTask;
        });

    public static void Element(this XmlWriter writer, string name, string value) =>
        writer.WriteElementString(name, Protocols.XmlText.Clean(value));

    public static void Element(this XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter writer, string name, bool value) =>
        writer.WriteElementString(name, value ? "true" : "false");

    /// <summary>S3's XML timestamps: ISO 8601 with milliseconds (<c>2009-10-12T17:50:30.000Z</c>).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>HTTP dates (RFC 7231 IMF-fixdate) for Last-Modified.</summary>
    public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static void StartRoot(this XmlWriter writer, string name) => writer.WriteStartElement(name, Namespace);
}
