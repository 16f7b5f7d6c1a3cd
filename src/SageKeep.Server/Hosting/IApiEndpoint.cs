using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Hosting;

/// <summary>
/// The seam between hosting and the AWS protocol layer: the host answers TLS, limits and the health
/// check itself, and hands every other request to the one registered <see cref="IApiEndpoint"/>.
/// </summary>
public interface IApiEndpoint
{
    /// <summary>Answers one API request completely (status, headers, body), never throwing for bad input.</summary>
    Task HandleAsync(HttpContext context);
}
