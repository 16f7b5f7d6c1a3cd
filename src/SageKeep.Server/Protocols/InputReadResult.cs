using System.Text.Json.Nodes;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Protocols;

/// <summary>An input tree read from a request, or the protocol error that explains why it could not be read.</summary>
internal readonly record struct InputReadResult(JsonObject? Input, AwsError? Error)
{
    public static InputReadResult Ok(JsonObject input) => new(input, null);

    public static InputReadResult Fail(AwsError error) => new(null, error);
}
