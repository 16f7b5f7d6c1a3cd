using System.Text;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>
/// Mutated and random inputs through the whole endpoint (authenticated, so they reach the readers and
/// the validator): every answer is a client error in the protocol's shape, never a 5xx or a crash.
/// Seeded, so a failure reproduces.
/// </summary>
public sealed class AwsApiEndpointRobustnessTests
{
    private const int Iterations = 150;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Json_MutatedCreateTrainingJobBodies_NeverAnswer5xx(int seed)
    {
        var random = new Random(seed);
        var original = Encoding.UTF8.GetBytes(ProtocolTestInputs.CreateTrainingJobBody);
        for (var i = 0; i < Iterations; i++)
        {
            var body = Mutate(original, random);

            var headers = new Dictionary<string, string> { ["X-Amz-Target"] = "SageMaker.CreateTrainingJob", ["Authorization"] = EndpointHarness.SignedJson };
            var response = await EndpointHarness.SendAsync("POST", "/", headers, body, EndpointHarness.AcceptAll);

            response.Status.ShouldBeLessThan(500, $"body: {Convert.ToBase64String(body)}");
            response.Header("x-amzn-ErrorType").ShouldNotBeEmpty();
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Query_MutatedAssumeRoleForms_NeverAnswer5xx(int seed)
    {
        var random = new Random(seed);
        var original = Encoding.UTF8.GetBytes(
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1"
            + "&DurationSeconds=900&Tags.member.1.Key=a&Tags.member.1.Value=b&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FA");
        for (var i = 0; i < Iterations; i++)
        {
            var body = Mutate(original, random);

            var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = EndpointHarness.Signed("sts") };
            var response = await EndpointHarness.SendAsync("POST", "/", headers, body, EndpointHarness.AcceptAll);

            response.Status.ShouldBeLessThan(500, $"body: {Convert.ToBase64String(body)}");
            response.Text.ShouldContain("<ErrorResponse");
        }
    }

    /// <summary>Flips, inserts, deletes or duplicates a few bytes, sometimes with JSON/form punctuation.</summary>
    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var edits = random.Next(1, 6);
        ReadOnlySpan<byte> punctuation = "{}[]\":,.&=%\\u0123456789-eE"u8;
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            var value = random.Next(3) == 0 ? (byte)random.Next(256) : punctuation[random.Next(punctuation.Length)];
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }
}
