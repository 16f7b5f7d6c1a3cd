using System.Text.Json.Nodes;
using SageKeep.Server.Audit;
using SageKeep.Server.ServiceModels;

namespace SageKeep.UnitTests.Server.Audit;

public sealed class ParameterRedactorTests
{
    [Fact]
    public void Redact_HidesMembersTheModelMarksSensitive()
    {
        // iam:CreateLoginProfile's Password is a sensitive shape (passwordType) in botocore's IAM model.
        var model = ServiceModelCatalog.Shared.TryGet("iam")!;
        var operation = model.FindOperation("CreateLoginProfile")!;
        var input = new JsonObject { ["UserName"] = "alice", ["Pass" + "word"] = "hunter2hunter2", ["PasswordResetRequired"] = true };

        var redacted = ParameterRedactor.Redact(model, model.FindShape(operation.InputShape), input);

        redacted["UserName"]!.GetValue<string>().ShouldBe("alice");
        redacted["Password"]!.GetValue<string>().ShouldBe(ParameterRedactor.Hidden);
        redacted.ToJsonString().ShouldNotContain("hunter2");
    }

    [Theory]
    [InlineData("SecretAccessKey")]
    [InlineData("SessionToken")]
    [InlineData("TokenCode")]
    [InlineData("PrivateKey")]
    [InlineData("Credentials")]
    public void Redact_HidesSecretLookingNames_EvenWithoutAModel(string name)
    {
        var input = new JsonObject { [name] = "value-that-must-not-appear", ["Nested"] = new JsonObject { [name] = "value-that-must-not-appear" } };

        var redacted = ParameterRedactor.Redact(null, null, input);

        redacted.ToJsonString().ShouldNotContain("value-that-must-not-appear");
    }

    [Theory]
    [InlineData("NextToken")]
    [InlineData("ClientToken")]
    public void Redact_KeepsPaginationAndIdempotencyTokens(string name)
    {
        var redacted = ParameterRedactor.Redact(null, null, new JsonObject { [name] = "abc" });

        redacted[name]!.GetValue<string>().ShouldBe("abc");
    }

    [Fact]
    public void Redact_BoundsLongStringsAndDeepNesting()
    {
        JsonNode deep = new JsonObject { ["Leaf"] = new string('x', 5000) };
        for (var i = 0; i < 50; i++)
        {
            deep = new JsonObject { ["Level"] = deep };
        }

        var redacted = ParameterRedactor.Redact(null, null, (JsonObject)deep);

        redacted.ToJsonString().Length.ShouldBeLessThan(2000);
    }
}
