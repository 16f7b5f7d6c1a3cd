using System.Runtime.Versioning;
using SageKeep.Core;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>ARNs of the inference resources (names lower-cased, as SageMaker writes them) and the errors that name them.</summary>
[SupportedOSPlatform("linux")]
internal static class InferenceArns
{
    public static string Model(AwsAccount account, string name) => Arn(account, "model", name);

    public static string EndpointConfig(AwsAccount account, string name) => Arn(account, "endpoint-config", name);

    public static string Endpoint(AwsAccount account, string name) => Arn(account, "endpoint", name);

    public static string For(AwsAccount account, string kind, string name) => Arn(account, kind, name);

    /// <summary>What SageMaker calls the kind in its messages.</summary>
    public static string Noun(string kind) => kind switch
    {
        InferenceStore.Model => "model",
        InferenceStore.EndpointConfig => "endpoint configuration",
        _ => "endpoint",
    };

    /// <summary>SageMaker's answer for a missing model, endpoint configuration or endpoint (ValidationException, 400).</summary>
    public static AwsError NotFound(AwsAccount account, string kind, string name) =>
        AwsError.Sender("ValidationException", $"Could not find {Noun(kind)} \"{Arn(account, kind, name)}\".");

    /// <summary>SageMaker's answer for a name already taken.</summary>
    public static AwsError AlreadyExists(AwsAccount account, string kind, string name) =>
        AwsError.Sender("ValidationException", $"Cannot create already existing {Noun(kind)} \"{Arn(account, kind, name)}\".");

    private static string Arn(AwsAccount account, string kind, string name) =>
        $"arn:aws:sagemaker:{account.Region}:{account.AccountId}:{kind}/{name.ToLowerInvariant()}";
}
