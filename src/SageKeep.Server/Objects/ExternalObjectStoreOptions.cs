namespace SageKeep.Server.Objects;

/// <summary>
/// An external S3-compatible endpoint (AWS S3, MinIO, Ceph): its URL, the credentials to sign with, the
/// region to sign for and, for a private CA, the PEM file its certificate must chain to (exact match).
/// </summary>
public sealed record ExternalObjectStoreOptions(string EndpointUrl, string AccessKeyId, string SecretAccessKey, string Region)
{
    public string? CaCertificatePath { get; init; }

    public override string ToString() => $"ExternalObjectStoreOptions {{ EndpointUrl = {EndpointUrl}, AccessKeyId = {AccessKeyId}, Region = {Region}, SecretAccessKey = *** }}";
}
