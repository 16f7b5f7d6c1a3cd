using System.Text;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.UnitTests.Server.Services.SageMaker;

public sealed class ChannelManifestTests
{
    [Theory]
    [InlineData("[{\"prefix\": \"s3://bucket/some/prefix/\"}, \"a.txt\", \"b/c.txt\"]")]
    [InlineData("{\"prefix\": \"s3://bucket/some/prefix/\"}\n\"a.txt\"\n\n\"b/c.txt\"\n")]
    public void Parse_ArrayOrJsonLines_GivesBucketPrefixAndKeys(string text)
    {
        var manifest = ChannelManifest.Parse("train", Encoding.UTF8.GetBytes(text));

        manifest.Bucket.ShouldBe("bucket");
        manifest.Prefix.ShouldBe("some/prefix/");
        manifest.Keys.ShouldBe(["a.txt", "b/c.txt"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[\"a.txt\"]")]
    [InlineData("[{\"prefix\": \"http://bucket/\"}, \"a\"]")]
    [InlineData("[{\"prefix\": \"s3://bucket/\"}]")]
    [InlineData("[{\"prefix\": \"s3://bucket/\"}, 42]")]
    [InlineData("[{\"prefix\": \"s3://bucket/\"}, \"\"]")]
    public void Parse_Malformed_IsRefusedNamingTheChannel(string text)
    {
        Should.Throw<InvalidDataException>(() => ChannelManifest.Parse("train", Encoding.UTF8.GetBytes(text))).Message.ShouldStartWith("channel train:");
    }
}
