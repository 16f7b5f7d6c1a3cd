namespace SageKeep.Server.Registry;

/// <summary>
/// One error of the OCI distribution spec ("Error Codes") with its HTTP status. The message is for
/// people; clients match on the code.
/// </summary>
internal sealed record RegistryError(string Code, string Message, int Status)
{
    public static RegistryError BlobUnknown(string digest) => new("BLOB_UNKNOWN", $"blob unknown to registry: {digest}", 404);

    public static RegistryError BlobUploadUnknown() => new("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404);

    public static RegistryError BlobUploadInvalid(string message) => new("BLOB_UPLOAD_INVALID", message, 400);

    public static RegistryError DigestInvalid(string message) => new("DIGEST_INVALID", message, 400);

    public static RegistryError ManifestUnknown(string reference) => new("MANIFEST_UNKNOWN", $"manifest unknown: {reference}", 404);

    public static RegistryError ManifestInvalid(string message) => new("MANIFEST_INVALID", message, 400);

    public static RegistryError ManifestBlobUnknown(string digest) => new("MANIFEST_BLOB_UNKNOWN", $"blob unknown to registry: {digest}", 400);

    public static RegistryError NameInvalid(string name) => new("NAME_INVALID", $"invalid repository name: {name}", 400);

    /// <summary>ECR's wording: the repository must be created (CreateRepository) before a push.</summary>
    public static RegistryError NameUnknown(string name, string accountId) =>
        new("NAME_UNKNOWN", $"The repository with name '{name}' does not exist in the registry with id '{accountId}'", 404);

    public static RegistryError TagInvalid(string message) => new("TAG_INVALID", message, 400);

    public static RegistryError SizeInvalid(string message) => new("SIZE_INVALID", message, 400);

    /// <summary>416 with distribution's <c>RANGE_INVALID</c>: a chunk that does not continue the upload, or a blob range past its end.</summary>
    public static RegistryError RangeInvalid(string message = "the chunk's Content-Range does not continue the upload") => new("RANGE_INVALID", message, 416);

    public static RegistryError Unauthorized(string message) => new("UNAUTHORIZED", message, 401);

    public static RegistryError Denied(string message) => new("DENIED", message, 403);

    public static RegistryError Unsupported(string message) => new("UNSUPPORTED", message, 405);

    public static RegistryError TooLarge(string message) => new("SIZE_INVALID", message, 413);
}
