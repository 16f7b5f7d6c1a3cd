using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Hosting;

/// <summary>
/// Every request gets one id, generated before anything else runs, sent back as
/// <c>x-amzn-RequestId</c> and kept in <see cref="HttpContext.Items"/> under <see cref="ItemKey"/> so
/// error bodies and logs (e.g. the awsQuery <c>RequestId</c> element) reuse the same value.
/// </summary>
public static class RequestIds
{
    /// <summary>The <see cref="HttpContext.Items"/> key holding the request id (a string).</summary>
    public const string ItemKey = "SageKeep.RequestId";

    /// <summary>Response header AWS JSON and query services use for the request id.</summary>
    public const string HeaderName = "x-amzn-RequestId";

    /// <summary>The id assigned to this request; generates one if the middleware did not run (tests).</summary>
    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string id)
        {
            return id;
        }

        id = New();
        context.Items[ItemKey] = id;
        return id;
    }

    /// <summary>A random UUID in AWS's lower-case 8-4-4-4-12 form.</summary>
    public static string New() => Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);
}
