using SageKeep.Server.ServiceModels;

namespace SageKeep.UnitTests.Server.Protocols;

public sealed class ServiceModelCatalogTests
{
    [Theory]
    [InlineData("sagemaker", "json", "2017-07-24", "sagemaker", "SageMaker", 396)]
    [InlineData("sagemaker-runtime", "rest-json", "2017-05-13", "sagemaker", null, 3)]
    [InlineData("sts", "query", "2011-06-15", "sts", null, 11)]
    [InlineData("iam", "query", "2010-05-08", "iam", null, 176)]
    [InlineData("ecr", "json", "2015-09-21", "ecr", "AmazonEC2ContainerRegistry_V20150921", 58)]
    [InlineData("ec2", "ec2", "2016-11-15", "ec2", null, 765)]
    [InlineData("s3", "rest-xml", "2006-03-01", "s3", null, 111)]
    [InlineData("logs", "json", "2014-03-28", "logs", "Logs_20140328", 113)]
    public void Get_ForEachEmbeddedService_ParsesMetadataAndOperations(string service, string protocol, string version, string signingName, string? targetPrefix, int operations)
    {
        var model = ServiceModelCatalog.Shared.Get(service);

        model.Protocol.ShouldBe(protocol);
        model.ApiVersion.ShouldBe(version);
        model.SigningName.ShouldBe(signingName);
        model.TargetPrefix.ShouldBe(targetPrefix);
        model.Operations.Count.ShouldBe(operations);
    }

    [Fact]
    public void Get_Sts_KeepsXmlNamespaceAndResultWrapper()
    {
        var model = ServiceModelCatalog.Shared.Get("sts");

        model.XmlNamespace.ShouldBe("https://sts.amazonaws.com/doc/2011-06-15/");
        var assumeRole = model.FindOperation("AssumeRole").ShouldNotBeNull();
        assumeRole.ResultWrapper.ShouldBe("AssumeRoleResult");
        assumeRole.InputShape.ShouldBe("AssumeRoleRequest");
    }

    [Fact]
    public void Get_SageMaker_ParsesConstraintsOfTrainingJobName()
    {
        var model = ServiceModelCatalog.Shared.Get("sagemaker");

        var shape = model.FindShape("TrainingJobName").ShouldNotBeNull();
        shape.Kind.ShouldBe(ShapeKind.String);
        shape.Min.ShouldBe(1);
        shape.Max.ShouldBe(63);
        shape.Pattern.ShouldBe("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
        shape.CompiledPattern.ShouldNotBeNull().IsMatch("job-1").ShouldBeTrue();
        shape.CompiledPattern!.IsMatch("job_1").ShouldBeFalse();
    }

    [Fact]
    public void Get_SageMakerRuntime_KeepsRestBindings()
    {
        var model = ServiceModelCatalog.Shared.Get("sagemaker-runtime");

        var invoke = model.FindOperation("InvokeEndpoint").ShouldNotBeNull();
        invoke.HttpMethod.ShouldBe("POST");
        invoke.RequestUri.ShouldBe("/endpoints/{EndpointName}/invocations");
        var input = model.FindShape(invoke.InputShape).ShouldNotBeNull();
        input.Payload.ShouldBe("Body");
        var contentType = input.FindMember("ContentType").ShouldNotBeNull();
        contentType.Location.ShouldBe("header");
        contentType.LocationName.ShouldBe("Content-Type");
    }

    [Theory]
    [InlineData("sagemaker", "AthenaCatalog", "catalog \U0001F600", true)]
    [InlineData("sagemaker", "AthenaCatalog", "bad\u0001", false)]
    [InlineData("sagemaker", "EdgeVersion", "v 1_2.3", true)]
    [InlineData("sagemaker", "EdgeVersion", "v/1", false)]
    [InlineData("sts", "tagKeyType", "Key:é", true)]
    [InlineData("sts", "tagKeyType", "Key#", false)]
    public void Patterns_WithJavaOnlySyntax_AreTranslatedAndChecked(string service, string shapeName, string value, bool matches)
    {
        var shape = ServiceModelCatalog.Shared.Get(service).FindShape(shapeName).ShouldNotBeNull();

        shape.CompiledPattern.ShouldNotBeNull().IsMatch(value).ShouldBe(matches);
    }

    [Fact]
    public void Get_UnknownService_IsNull()
    {
        ServiceModelCatalog.Shared.TryGet("dynamodb").ShouldBeNull();
    }

    /// <summary>
    /// Pins how many model patterns .NET cannot compile (they are not checked). A botocore update that
    /// changes the number must be looked at: translate the new construct or accept it here.
    /// </summary>
    [Fact]
    public void Patterns_ThatDotNetCannotCompile_StayAtTheKnownCount()
    {
        var total = 0;
        var unchecked_ = new List<string>();
        foreach (var service in ServiceModelCatalog.KnownServices)
        {
            var model = ServiceModelCatalog.Shared.Get(service);
            foreach (var shape in model.Shapes.Values.Where(s => s.Pattern is not null))
            {
                total++;
                if (shape.CompiledPattern is null)
                {
                    unchecked_.Add($"{service}:{shape.Name}: {shape.Pattern}");
                }
            }
        }

        total.ShouldBe(597);
        unchecked_.Count.ShouldBe(0, string.Join("\n", unchecked_));
    }
}
