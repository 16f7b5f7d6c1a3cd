namespace SageKeep.Server.Credentials;

/// <summary>A root access key generated at first start, to be shown once on the console.</summary>
internal sealed record RootKey(string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"RootKey {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = *** }}";
}
