using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>Small handlers the endpoint tests dispatch to; each answers from its input so binding is visible.</summary>
internal static class TestOperationHandlers
{
    public static void Register(IServiceCollection services)
    {
        EndpointHarness.AcceptAll(services);
        services.AddOperation<DescribeTrainingJobHandler>();
        services.AddOperation<ThrowingHandler>();
        services.AddOperation<FailingHandler>();
        services.AddOperation<AssumeRoleHandler>();
        services.AddOperation<CreateVpcHandler>();
        services.AddOperation<InvokeEndpointHandler>();
    }

    private sealed class DescribeTrainingJobHandler : IOperationHandler
    {
        public string Service => "sagemaker";

        public string Operation => "DescribeTrainingJob";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            ValueTask.FromResult(OperationResult.Ok(new JsonObject
            {
                ["TrainingJobName"] = context.Input["TrainingJobName"]!.DeepClone(),
                ["TrainingJobStatus"] = "InProgress",
                ["CreationTime"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
                ["HyperParameters"] = new JsonObject { ["epochs"] = "10" },
                ["ResourceConfig"] = new JsonObject { ["InstanceCount"] = 2, ["InstanceType"] = "ml.m5.large" },
                ["Internal"] = "not in the model",
            }));
    }

    private sealed class ThrowingHandler : IOperationHandler
    {
        public string Service => "sagemaker";

        public string Operation => "StopTrainingJob";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            throw new InvalidOperationException("do not show this to clients");
    }

    private sealed class FailingHandler : IOperationHandler
    {
        public string Service => "sagemaker";

        public string Operation => "DeleteModel";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            ValueTask.FromResult(OperationResult.Fail(AwsError.Sender("ResourceNotFound", $"Could not find model \"{context.Input["ModelName"]}\".")));
    }

    private sealed class AssumeRoleHandler : IOperationHandler
    {
        public string Service => "sts";

        public string Operation => "AssumeRole";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            ValueTask.FromResult(OperationResult.Ok(new JsonObject
            {
                ["Credentials"] = new JsonObject
                {
                    ["AccessKeyId"] = "ASIAEXAMPLEEXAMPLE12",
                    ["SecretAccessKey"] = "secret",
                    ["SessionToken"] = "token",
                    ["Expiration"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                },
                ["AssumedRoleUser"] = new JsonObject
                {
                    ["AssumedRoleId"] = "AROAEXAMPLE:s1",
                    ["Arn"] = $"arn:aws:sts::123456789012:assumed-role/r/{context.Input["RoleSessionName"]}",
                },
                ["PackedPolicySize"] = 6,
            }));
    }

    private sealed class CreateVpcHandler : IOperationHandler
    {
        public string Service => "ec2";

        public string Operation => "CreateVpc";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
            ValueTask.FromResult(OperationResult.Ok(new JsonObject
            {
                ["Vpc"] = new JsonObject
                {
                    ["VpcId"] = "vpc-0123",
                    ["CidrBlock"] = context.Input["CidrBlock"]!.DeepClone(),
                    ["State"] = "available",
                    ["IsDefault"] = false,
                    ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "Name", ["Value"] = "main" }),
                },
            }));
    }

    private sealed class InvokeEndpointHandler : IOperationHandler
    {
        public string Service => "sagemaker-runtime";

        public string Operation => "InvokeEndpoint";

        public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
        {
            var body = context.Input["Body"]!.GetValue<byte[]>();
            var text = $"{context.Input["EndpointName"]}|{context.Input["ContentType"]}|{context.Input["Accept"]}|{Encoding.UTF8.GetString(body)}";
            return ValueTask.FromResult(OperationResult.Ok(new JsonObject
            {
                ["Body"] = JsonValue.Create(Encoding.UTF8.GetBytes(text)),
                ["ContentType"] = "text/plain",
                ["InvokedProductionVariant"] = "AllTraffic",
            }));
        }
    }
}
