using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.Protocols.Query;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.ServiceModels;

namespace SageKeep.UnitTests.Server.Protocols;

public sealed class RequestReaderTests
{
    private const string SyntheticModel = """
        {
          "metadata": { "protocol": "query", "apiVersion": "2020-01-01", "xmlNamespace": "urn:test" },
          "operations": { "Put": { "name": "Put", "http": { "method": "POST", "requestUri": "/" }, "input": { "shape": "PutInput" } } },
          "shapes": {
            "PutInput": { "type": "structure", "members": {
              "Attributes": { "shape": "AttributeMap" },
              "Flat": { "shape": "FlatList" },
              "Nested": { "shape": "Inner" },
              "Enabled": { "shape": "Flag" } } },
            "AttributeMap": { "type": "map", "key": { "shape": "Text", "locationName": "Name" }, "value": { "shape": "Text", "locationName": "Value" } },
            "FlatList": { "type": "list", "member": { "shape": "Text" }, "flattened": true },
            "Inner": { "type": "structure", "members": { "Deep": { "shape": "Inner2" } } },
            "Inner2": { "type": "structure", "members": { "Leaf": { "shape": "Text" } } },
            "Text": { "type": "string" },
            "Flag": { "type": "boolean" }
          }
        }
        """;

    [Theory]
    [InlineData("{\"TrainingJobName\": ")]
    [InlineData("{\"TrainingJobName\": \"a\",}")]
    [InlineData("not json")]
    [InlineData("{\"a\": \"\\uZZZZ\"}")]
    public void JsonReader_WithMalformedJson_AnswersSerializationException(string body)
    {
        var result = JsonRequestReader.Read(Encoding.UTF8.GetBytes(body), 64, ProtocolKind.AwsJson);

        var error = result.Error.ShouldNotBeNull();
        error.Code.ShouldBe("SerializationException");
        error.HttpStatus.ShouldBe(400);
        error.Message.ShouldStartWith("The request body is not valid JSON: ");
    }

    [Fact]
    public void JsonReader_WithDepthBomb_IsRefusedNamingTheDepth()
    {
        var body = new string('[', 100_000) + new string(']', 100_000);

        var error = JsonRequestReader.Read(Encoding.UTF8.GetBytes("{\"a\":" + body + "}"), 64, ProtocolKind.AwsJson).Error.ShouldNotBeNull();

        error.Code.ShouldBe("SerializationException");
        error.Message.ShouldContain("64");
    }

    [Fact]
    public void JsonReader_WithInvalidUtf8_AnswersSerializationException()
    {
        byte[] body = [.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\"}"u8];

        JsonRequestReader.Read(body, 64, ProtocolKind.AwsJson).Error.ShouldNotBeNull().Code.ShouldBe("SerializationException");
    }

    [Theory]
    [InlineData("{\"a\":\"\\uD800\"}")]
    [InlineData("{\"\\uDC00x\":\"b\"}")]
    public void JsonReader_WithLoneSurrogateEscape_AnswersSerializationException(string body)
    {
        JsonRequestReader.Read(Encoding.UTF8.GetBytes(body), 64, ProtocolKind.AwsJson).Error.ShouldNotBeNull().Code.ShouldBe("SerializationException");
    }

    [Fact]
    public void JsonReader_WithValidEscapes_ReadsThem()
    {
        var input = JsonRequestReader.Read("{\"a\":\"\\u00e9\\uD83D\\uDE00\"}"u8.ToArray(), 64, ProtocolKind.AwsJson).Input.ShouldNotBeNull();

        input["a"]!.GetValue<string>().ShouldBe("é\U0001F600");
    }

    [Fact]
    public void JsonReader_WithDuplicateMember_IsRefused()
    {
        var error = JsonRequestReader.Read("{\"a\":1,\"a\":2}"u8.ToArray(), 64, ProtocolKind.AwsJson).Error.ShouldNotBeNull();

        error.Code.ShouldBe("SerializationException");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void JsonReader_WithNonObjectBody_IsRefused(string body)
    {
        var error = JsonRequestReader.Read(Encoding.UTF8.GetBytes(body), 64, ProtocolKind.AwsJson).Error.ShouldNotBeNull();

        error.Message.ShouldBe("The request body must be a JSON object.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("{}")]
    public void JsonReader_WithEmptyInput_ReadsAnEmptyObject(string body)
    {
        var result = JsonRequestReader.Read(Encoding.UTF8.GetBytes(body), 64, ProtocolKind.AwsJson);

        result.Error.ShouldBeNull();
        result.Input!.Count.ShouldBe(0);
    }

    [Fact]
    public void FormParser_DecodesPlusPercentAndUtf8_AndKeepsTheFirstOfRepeatedNames()
    {
        var parameters = FormParser.TryParse("A=x+y%2Bz&B=%C3%A9t%C3%A9&A=second&C&D=", 10, out var error).ShouldNotBeNull();

        error.ShouldBeNull();
        parameters["A"].ShouldBe("x y+z");
        parameters["B"].ShouldBe("été");
        parameters["C"].ShouldBe(string.Empty);
        parameters["D"].ShouldBe(string.Empty);
    }

    [Fact]
    public void FormParser_WithTooManyParameters_IsRefused()
    {
        var text = string.Join('&', Enumerable.Range(0, 11).Select(i => $"p{i}=1"));

        FormParser.TryParse(text, 10, out var error).ShouldBeNull();
        error.ShouldBe("The request has more than 10 parameters.");
    }

    [Fact]
    public void QueryNode_WithTooDeepName_IsRefused()
    {
        var parameters = new Dictionary<string, string> { [string.Join('.', Enumerable.Repeat("a", 40))] = "x" };

        QueryNode.Build(parameters, 32).ShouldBeNull();
    }

    [Fact]
    public void QueryReader_BindsMapsFlattenedListsNestedStructuresAndBooleans()
    {
        var input = BindSynthetic(
            "Attributes.entry.1.Name=color&Attributes.entry.1.Value=red&Attributes.entry.2.Name=size&Attributes.entry.2.Value=L"
            + "&Flat.2=second&Flat.1=first&Nested.Deep.Leaf=leaf&Enabled=true&Ignored.member.1=x",
            out var report);

        report.IsValid.ShouldBeTrue();
        input.ToJsonString().ShouldBe(
            "{\"Attributes\":{\"color\":\"red\",\"size\":\"L\"},\"Flat\":[\"first\",\"second\"],\"Nested\":{\"Deep\":{\"Leaf\":\"leaf\"}},\"Enabled\":true}");
    }

    [Fact]
    public void QueryReader_WithBadBoolean_ReportsTheMember()
    {
        BindSynthetic("Enabled=yes", out var report);

        report.Message.ShouldBe("1 validation error detected: Value 'yes' at 'enabled' failed to satisfy constraint: Member must be a boolean (true or false)");
    }

    [Theory]
    [InlineData("iam", "CreateUser", "{\"UserName\": \"alice\", \"Path\": \"/team/\", \"Tags\": [{\"Key\": \"k1\", \"Value\": \"v1\"}, {\"Key\": \"k2\", \"Value\": \"v 2+\"}]}")]
    [InlineData("iam", "ListUsers", "{}")]
    [InlineData("sts", "AssumeRole", "{\"RoleArn\": \"arn:aws:iam::123456789012:role/r\", \"RoleSessionName\": \"s1\", \"DurationSeconds\": 3600, \"PolicyArns\": [{\"arn\": \"arn:aws:iam::aws:policy/A\"}], \"TransitiveTagKeys\": []}")]
    [InlineData("ec2", "CreateVpc", "{\"CidrBlock\": \"10.0.0.0/16\", \"AmazonProvidedIpv6CidrBlock\": false, \"TagSpecifications\": [{\"ResourceType\": \"vpc\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"main\"}]}]}")]
    [InlineData("ec2", "DescribeVpcs", "{\"VpcIds\": [\"vpc-1\", \"vpc-2\"], \"Filters\": [{\"Name\": \"state\", \"Values\": [\"available\"]}], \"MaxResults\": 5}")]
    public void QueryReader_ReadsWhatBotocoreSends_BackIntoTheSameParameters(string service, string operation, string parameters)
    {
        var form = BotocoreOracle.Serialize(service, operation, parameters);

        ProtocolTestInputs.BindQuery(service, operation, form, out var input).ShouldBeNull();

        JsonNode.DeepEquals(input, JsonNode.Parse(parameters)).ShouldBeTrue($"bound {input!.ToJsonString()} from {form}");
    }

    private static JsonObject BindSynthetic(string form, out ValidationReport report)
    {
        using var document = JsonDocument.Parse(SyntheticModel);
        var model = ServiceModelParser.Parse("synthetic", document.RootElement);
        var tree = QueryNode.Build(FormParser.TryParse(form, 100, out _)!, 32)!;
        report = new ValidationReport();
        return QueryRequestReader.Bind(model, model.FindShape("PutInput")!, tree, ProtocolKind.AwsQuery, report);
    }
}
