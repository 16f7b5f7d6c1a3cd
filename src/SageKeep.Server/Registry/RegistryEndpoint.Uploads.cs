using System.Globalization;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry;

internal sealed partial class RegistryEndpoint
{
    /// <summary>end-4a/4b/11: POST starts an upload, finishes a monolithic one (<c>?digest=</c>) or mounts a blob (<c>?mount=&amp;from=</c>).</summary>
    private async Task StartUploadAsync(HttpContext context, RegistryCall call, RegistryRoute route, CancellationToken ct)
    {
        var query = context.Request.Query;
        if (query["mount"].ToString() is { Length: > 0 } mount && query["from"].ToString() is { Length: > 0 } from
            && Digest.IsValid(mount) && RepositoryNames.IsValidName(from)
            && await TryMountAsync(context, call, route.Name, mount, from, ct).ConfigureAwait(false))
        {
            return;
        }

        if (context.Response.HasStarted)
        {
            return;
        }

        if (query["digest"].ToString() is { Length: > 0 } digest)
        {
            // Monolithic upload in the POST itself: it also completes the blob. A refused one leaves no session behind
            // (the client never saw its id), and it is gone before the answer is sent: nothing is started for a
            // malformed digest or a caller who may not complete uploads, and a failed body ends its session first.
            if (!Digest.IsValid(digest))
            {
                await WriteErrorAsync(context, call, RegistryError.DigestInvalid($"a sha256 digest parameter is required, got '{digest}'")).ConfigureAwait(false);
                return;
            }

            if (!await AuthorizeAsync(context, call, "ecr:CompleteLayerUpload", route.Name, ct).ConfigureAwait(false))
            {
                return;
            }

            await FinishAsync(context, call, route.Name, uploads.Start(route.Name), digest, endSessionOnFailure: true, ct).ConfigureAwait(false);
            return;
        }

        var session = uploads.Start(route.Name);
        WriteUploadHeaders(context, route.Name, session.Id, 0);
        context.Response.StatusCode = 202;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// Cross-repository mount: the blob must be in <paramref name="from"/> and the caller allowed to pull it
    /// there. Answers false (the caller starts an ordinary upload, as the spec says) when it cannot mount.
    /// </summary>
    private async Task<bool> TryMountAsync(HttpContext context, RegistryCall call, string name, string digest, string from, CancellationToken ct)
    {
        if (await store.FindBlobAsync(from, digest, ct).ConfigureAwait(false) is not { } size || blobs.Length(digest) is null)
        {
            return false;
        }

        var result = await authorizer.AuthorizeAsync(call.Principal!, context, Protocols.ProtocolKind.Registry, Authorization.AccessRequest.For("ecr:GetDownloadUrlForLayer", RepositoryArn(from)), ct).ConfigureAwait(false);
        if (!result.IsAllowed)
        {
            return false;
        }

        call.EventName = "MountLayer";
        call.Resources.Add(RepositoryArn(from));
        await store.LinkBlobAsync(name, digest, size, ct).ConfigureAwait(false);
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = Location(name, "blobs", digest);
        context.Response.Headers["Docker-Content-Digest"] = digest;
        context.Response.ContentLength = 0;
        return true;
    }

    /// <summary>end-5/6/13: PATCH a chunk, PUT to complete, GET the status, DELETE to cancel.</summary>
    private async Task UploadAsync(HttpContext context, RegistryCall call, RegistryRoute route, CancellationToken ct)
    {
        var session = uploads.Find(route.Reference, route.Name);
        if (session is null)
        {
            await WriteErrorAsync(context, call, RegistryError.BlobUploadUnknown()).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        switch (request.Method)
        {
            case "GET":
                WriteUploadHeaders(context, route.Name, session.Id, session.Size);
                context.Response.StatusCode = 204;
                return;
            case "DELETE":
                uploads.Cancel(session.Id);
                context.Response.StatusCode = 204;
                return;
            case "PATCH":
            {
                long? expectedStart = null;
                long? declared = null;
                if (request.Headers.ContentRange.ToString() is { Length: > 0 } contentRange)
                {
                    if (!TryParseChunkRange(contentRange, out var first, out var last))
                    {
                        // The spec's 416 for an invalid Content-Range, with the upload's current state to resume from.
                        WriteUploadHeaders(context, route.Name, session.Id, session.Size);
                        await WriteErrorAsync(context, call, RegistryError.RangeInvalid($"Content-Range must be <start>-<end>, got '{Logging.LogText.Clean(contentRange)}'")).ConfigureAwait(false);
                        return;
                    }

                    if (last >= RegistryLimits.MaxBlobBytes)
                    {
                        await WriteErrorAsync(context, call, RegistryError.TooLarge($"a blob may be at most {RegistryLimits.MaxBlobBytes} bytes")).ConfigureAwait(false);
                        return;
                    }

                    expectedStart = first;
                    declared = last - first + 1;
                }

                var (size, error) = await UploadSessions.AppendAsync(session, request.Body, expectedStart, declared, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    if (error.Status == 416)
                    {
                        WriteUploadHeaders(context, route.Name, session.Id, size);
                    }

                    await WriteErrorAsync(context, call, error).ConfigureAwait(false);
                    return;
                }

                WriteUploadHeaders(context, route.Name, session.Id, size);
                context.Response.StatusCode = 202;
                context.Response.ContentLength = 0;
                return;
            }

            default:
                await FinishAsync(context, call, route.Name, session, request.Query["digest"].ToString(), endSessionOnFailure: false, ct).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// Appends the last chunk (if any), verifies the digest and commits the blob; a mismatch ends the session, and so
    /// does any other refusal with <paramref name="endSessionOnFailure"/> (always before the answer is written).
    /// </summary>
    private async Task FinishAsync(HttpContext context, RegistryCall call, string name, UploadSession session, string digest, bool endSessionOnFailure, CancellationToken ct)
    {
        if (!Digest.IsValid(digest))
        {
            if (endSessionOnFailure)
            {
                uploads.Cancel(session.Id);
            }

            await WriteErrorAsync(context, call, RegistryError.DigestInvalid($"a sha256 digest parameter is required, got '{digest}'")).ConfigureAwait(false);
            return;
        }

        var (size, error) = await UploadSessions.AppendAsync(session, context.Request.Body, null, null, ct).ConfigureAwait(false);
        if (error is not null)
        {
            if (endSessionOnFailure)
            {
                uploads.Cancel(session.Id);
            }

            await WriteErrorAsync(context, call, error).ConfigureAwait(false);
            return;
        }

        if (!await blobs.CommitFileAsync(session.DataPath, digest, ct).ConfigureAwait(false))
        {
            uploads.Cancel(session.Id);
            await WriteErrorAsync(context, call, RegistryError.DigestInvalid("the uploaded content does not match the digest")).ConfigureAwait(false);
            return;
        }

        uploads.Cancel(session.Id);
        await store.LinkBlobAsync(name, digest, size, ct).ConfigureAwait(false);
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = Location(name, "blobs", digest);
        context.Response.Headers["Docker-Content-Digest"] = digest;
        context.Response.ContentLength = 0;
    }

    private static void WriteUploadHeaders(HttpContext context, string name, string id, long size)
    {
        context.Response.Headers.Location = Location(name, "blobs/uploads", id);
        context.Response.Headers["Docker-Upload-UUID"] = id;
        context.Response.Headers.Range = string.Create(CultureInfo.InvariantCulture, $"0-{Math.Max(0, size - 1)}");
    }

    /// <summary>The chunk's <c>Content-Range: &lt;start&gt;-&lt;end&gt;</c> (the spec's form, no unit).</summary>
    internal static bool TryParseChunkRange(string header, out long first, out long last)
    {
        first = last = 0;
        var text = header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase) ? header[6..] : header;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out last)
            && last >= first;
    }
}
