using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Registry.Manifests;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry;

internal sealed partial class RegistryEndpoint
{
    /// <summary>end-3/7/9: GET/HEAD, PUT and DELETE a manifest by tag or digest.</summary>
    private async Task ManifestAsync(HttpContext context, RegistryCall call, RegistryRoute route, RepositoryInfo repository, CancellationToken ct)
    {
        var reference = route.Reference;
        var isDigest = Digest.IsValid(reference);
        if (!isDigest && !RepositoryNames.IsValidTag(reference))
        {
            await WriteErrorAsync(context, call, reference.Contains(':', StringComparison.Ordinal)
                ? RegistryError.DigestInvalid($"invalid digest: {reference}")
                : RegistryError.TagInvalid($"invalid tag: {reference}")).ConfigureAwait(false);
            return;
        }

        switch (context.Request.Method)
        {
            case "PUT":
                await PutManifestAsync(context, call, route.Name, reference, isDigest, repository, ct).ConfigureAwait(false);
                return;
            case "DELETE":
                var deleted = isDigest
                    ? await store.DeleteManifestAsync(route.Name, reference, ct).ConfigureAwait(false)
                    : await store.DeleteTagAsync(route.Name, reference, ct).ConfigureAwait(false);
                if (!deleted)
                {
                    await WriteErrorAsync(context, call, RegistryError.ManifestUnknown(reference)).ConfigureAwait(false);
                    return;
                }

                context.Response.StatusCode = 202;
                context.Response.ContentLength = 0;
                return;
        }

        var manifest = await store.ResolveAsync(route.Name, reference, ct).ConfigureAwait(false);
        if (manifest is null || blobs.Length(manifest.Digest) is null)
        {
            await WriteErrorAsync(context, call, RegistryError.ManifestUnknown(reference)).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Size;
        response.Headers["Docker-Content-Digest"] = manifest.Digest;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var file = blobs.OpenRead(manifest.Digest);
        await using (file.ConfigureAwait(false))
        {
            await file.CopyToAsync(response.Body, ct).ConfigureAwait(false);
        }
    }

    private async Task PutManifestAsync(HttpContext context, RegistryCall call, string name, string reference, bool isDigest, RepositoryInfo repository, CancellationToken ct)
    {
        // Step 1: the body, bounded (4 MiB).
        var body = await ReadBoundedAsync(context.Request, RegistryLimits.MaxManifestBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            await WriteErrorAsync(context, call, RegistryError.TooLarge($"a manifest may be at most {RegistryLimits.MaxManifestBytes} bytes")).ConfigureAwait(false);
            return;
        }

        // Step 2: its digest, which a digest reference must equal.
        var digest = Digest.Of(body);
        if (isDigest && !string.Equals(digest, reference, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, call, RegistryError.DigestInvalid($"the manifest's digest is {digest}, not {reference}")).ConfigureAwait(false);
            return;
        }

        // Step 3: parse and check what it references.
        var (parsed, error) = ManifestParser.Parse(body, context.Request.ContentType);
        if (parsed is null)
        {
            await WriteErrorAsync(context, call, error!).ConfigureAwait(false);
            return;
        }

        // Step 4: everything it references must be in this repository; checked before any byte is written so a
        // refused manifest leaves nothing behind (the transaction below checks again).
        if (await FirstMissingAsync(name, parsed, ct).ConfigureAwait(false) is { } absent)
        {
            await WriteErrorAsync(context, call, MissingReference(parsed, absent)).ConfigureAwait(false);
            return;
        }

        // Step 5: bytes first (content-addressed, harmless if the row never comes), then the rows in one transaction.
        await blobs.PutAsync(digest, body, ct).ConfigureAwait(false);
        var record = new ManifestRecord(name, digest, parsed.MediaType, body.Length, parsed.ArtifactType, parsed.SubjectDigest, parsed.ImageSize, time.GetUtcNow());
        var tag = isDigest ? null : reference;
        switch (await store.PutManifestAsync(record, parsed.References, tag, ct).ConfigureAwait(false))
        {
            case PutManifestOutcome.RepositoryUnknown:
                await WriteErrorAsync(context, call, RegistryError.NameUnknown(name, account.AccountId)).ConfigureAwait(false);
                return;
            case PutManifestOutcome.ReferenceUnknown:
                var missing = await FirstMissingAsync(name, parsed, ct).ConfigureAwait(false);
                await WriteErrorAsync(context, call, MissingReference(parsed, missing ?? "?")).ConfigureAwait(false);
                return;
            case PutManifestOutcome.TagImmutable:
                await WriteErrorAsync(context, call, RegistryError.TagInvalid(
                    $"The image tag '{tag}' already exists in the '{name}' repository and cannot be overwritten because the repository is immutable.")).ConfigureAwait(false);
                return;
        }

        Log.ManifestStored(logger, name, digest, tag ?? "-");
        if (repository.ScanOnPush && ManifestMediaTypes.IsImage(parsed.MediaType) && parsed.ArtifactType is null)
        {
            await scans.EnqueueAsync(name, digest, ct).ConfigureAwait(false);
        }

        var response = context.Response;
        response.StatusCode = 201;
        response.Headers.Location = Location(name, "manifests", digest);
        response.Headers["Docker-Content-Digest"] = digest;
        if (parsed.SubjectDigest is { } subject)
        {
            response.Headers["OCI-Subject"] = subject;
        }

        response.ContentLength = 0;
    }

    /// <summary>MANIFEST_BLOB_UNKNOWN (as distribution answers for a missing layer, config or index child) with what is missing.</summary>
    private static RegistryError MissingReference(ParsedManifest parsed, string missing) =>
        parsed.References.FirstOrDefault(r => r.Digest == missing)?.IsManifest == true
            ? new("MANIFEST_BLOB_UNKNOWN", $"the index references manifest {missing}, which is not in this repository", 400)
            : RegistryError.ManifestBlobUnknown(missing);

    private async Task<string?> FirstMissingAsync(string name, ParsedManifest parsed, CancellationToken ct)
    {
        foreach (var reference in parsed.References)
        {
            var present = reference.IsManifest
                ? await store.GetManifestAsync(name, reference.Digest, ct).ConfigureAwait(false) is not null
                : await store.FindBlobAsync(name, reference.Digest, ct).ConfigureAwait(false) is not null;
            if (!present)
            {
                return reference.Digest;
            }
        }

        return null;
    }

    /// <summary>end-8a/8b: tags in lexical order, <c>n</c> per page after <c>last</c>, a Link header to the next page (RFC 8288).</summary>
    private async Task TagsAsync(HttpContext context, RegistryCall call, RegistryRoute route, CancellationToken ct)
    {
        var query = context.Request.Query;
        var limit = RegistryLimits.MaxTagPage;
        if (query["n"].ToString() is { Length: > 0 } n
            && (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > RegistryLimits.MaxTagPage))
        {
            await WriteErrorAsync(context, call, new RegistryError("PAGINATION_NUMBER_INVALID", $"n must be an integer from 0 to {RegistryLimits.MaxTagPage}", 400)).ConfigureAwait(false);
            return;
        }

        var last = query["last"].ToString() is { Length: > 0 } l ? l : null;
        // One tag more than the page holds tells whether a next page exists: Link only then.
        var tags = limit == 0 ? [] : await store.ListTagsAsync(route.Name, last, limit + 1, ct).ConfigureAwait(false);
        if (tags.Count > limit)
        {
            tags.RemoveAt(limit);
            context.Response.Headers.Link = $"</v2/{route.Name}/tags/list?n={limit.ToString(CultureInfo.InvariantCulture)}&last={Uri.EscapeDataString(tags[^1])}>; rel=\"next\"";
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", route.Name);
            writer.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await WriteJsonAsync(context, 200, buffer.ToArray()).ConfigureAwait(false);
    }

    /// <summary>end-12a/12b: the manifests whose subject is the digest, as an OCI index; <c>artifactType</c> filters.</summary>
    private async Task ReferrersAsync(HttpContext context, RegistryCall call, RegistryRoute route, CancellationToken ct)
    {
        if (!Digest.IsValid(route.Reference))
        {
            await WriteErrorAsync(context, call, RegistryError.DigestInvalid($"invalid digest: {route.Reference}")).ConfigureAwait(false);
            return;
        }

        // The spec: an image manifest without artifactType is listed with its config's media type.
        var referrers = new List<ManifestRecord>();
        foreach (var referrer in await store.ListReferrersAsync(route.Name, route.Reference, ct).ConfigureAwait(false))
        {
            referrers.Add(referrer.ArtifactType is null && ManifestMediaTypes.IsImage(referrer.MediaType)
                ? referrer with { ArtifactType = await ConfigMediaTypeAsync(referrer.Digest, ct).ConfigureAwait(false) }
                : referrer);
        }

        if (context.Request.Query["artifactType"].ToString() is { Length: > 0 } filter)
        {
            referrers = [.. referrers.Where(r => r.ArtifactType == filter)];
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", ManifestMediaTypes.OciIndex);
            writer.WriteStartArray("manifests");
            foreach (var referrer in referrers)
            {
                writer.WriteStartObject();
                writer.WriteString("mediaType", referrer.MediaType);
                writer.WriteString("digest", referrer.Digest);
                writer.WriteNumber("size", referrer.Size);
                if (referrer.ArtifactType is { } type)
                {
                    writer.WriteString("artifactType", type);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await WriteJsonAsync(context, 200, buffer.ToArray(), ManifestMediaTypes.OciIndex).ConfigureAwait(false);
    }

    /// <summary>The <c>config.mediaType</c> of a stored image manifest (at most 4 MiB, written by this registry), or null.</summary>
    private async Task<string?> ConfigMediaTypeAsync(string digest, CancellationToken ct)
    {
        if (blobs.Length(digest) is not { } length || length > RegistryLimits.MaxManifestBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(blobs.PathOf(digest), ct).ConfigureAwait(false));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                && config.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
