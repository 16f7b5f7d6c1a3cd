namespace SageKeep.Server.Objects;

/// <summary>
/// An object as the embedded store keeps it: the public facts, the blob file holding its bytes and the
/// headers stored with it (<c>x-amz-meta-*</c>, <c>content-disposition</c>... lower-case names).
/// </summary>
internal sealed record ObjectRecord(StoredObjectInfo Info, string BlobId, IReadOnlyDictionary<string, string> Metadata);
