using System.Runtime.Versioning;
using SageKeep.Runtime.Jobs;
using SageKeep.Scanning.Images;
using SageKeep.Server.Objects;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>From an accepted CreateTrainingJob to the runner: image, channel data, start.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobService
{
    private string InputDirectory(string name) => Path.Combine(Root, "input", name);

    private string OutputDirectory(string name) => Path.Combine(Root, "output", name);

    private async Task LaunchAsync(TrainingJobLaunch launch, CancellationTokenSource cancel)
    {
        var input = InputDirectory(launch.Name);
        try
        {
            var ct = cancel.Token;
            EnsureRunner();
            var runner = _runner ?? throw new InvalidOperationException(_unavailable);
            await OnTransitionAsync(new TrainingJobTransition(launch.Name, string.Empty, TrainingJobState.Downloading, "Downloading input data", time.GetUtcNow()), ct).ConfigureAwait(false);
            var layout = await images.ExportLayoutAsync(launch.Image, ct).ConfigureAwait(false)
                ?? throw new InvalidDataException($"image {launch.Image.Repository}@{launch.Image.Digest} is no longer in the registry");
            Runtime.Images.CachedRootfs rootfs;
            try
            {
                rootfs = await _rootfs!.GetAsync(new ImageSource(layout), ct).ConfigureAwait(false);
            }
            finally
            {
                Directory.Delete(layout, recursive: true);
            }

            var channels = new List<TrainingChannel>();
            using (var agent = await OpenDataAgentAsync(launch.Name, create: true, ct).ConfigureAwait(false))
            {
                foreach (var channel in launch.Channels)
                {
                    var directory = Path.Combine(input, channel.Name);
                    await DownloadAsync(agent ?? objects, channel, directory, ct).ConfigureAwait(false);
                    channels.Add(new TrainingChannel(channel.Name, directory, channel.ContentType, channel.Distribution));
                }
            }

            ct.ThrowIfCancellationRequested();
            var vpcNamespace = launch.InstanceCount > 1 ? null : await PrepareVpcAsync(launch, ct).ConfigureAwait(false);
            var cluster = launch.InstanceCount > 1 ? await PrepareClusterAsync(launch, ct).ConfigureAwait(false) : [];
            var start = runner.Start(new TrainingJobDefinition
            {
                Name = launch.Name,
                Arn = launch.Arn,
                Image = rootfs,
                HyperParameters = launch.HyperParameters,
                Channels = channels,
                Environment = launch.Environment,
                InstanceType = launch.InstanceType,
                MaxRuntime = launch.MaxRuntime,
                EnableNetworkIsolation = launch.EnableNetworkIsolation,
                VpcNamespacePath = vpcNamespace,
                ClusterHosts = cluster,
                OutputDirectory = OutputDirectory(launch.Name),
            });
            if (start.Handle is not { } handle)
            {
                await FailAsync(launch.Name, start.Error!.Code + ": " + start.Error.Message, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            await store.UpdateAsync(launch.Name, d => { d[RunIdMember] = handle.RunId; return true; }, CancellationToken.None).ConfigureAwait(false);
            _launching.TryRemove(launch.Name, out _);
            cancel.Dispose();
            await handle.Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await OnTransitionAsync(new TrainingJobTransition(launch.Name, string.Empty, TrainingJobState.Stopped, "Training job stopped", time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.LaunchFailed(logger, ex, launch.Name);
            var reason = ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                ? "ClientError: " + ex.Message
                : "InternalServerError: the platform could not start the training job";
            await FailAsync(launch.Name, reason, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (_launching.TryRemove(new KeyValuePair<string, CancellationTokenSource>(launch.Name, cancel)))
            {
                cancel.Dispose();
            }

            if (Directory.Exists(input))
            {
                Directory.Delete(input, recursive: true);
            }
        }
    }

    /// <summary>
    /// Copies the channel's objects into its directory: every object under the S3Prefix, keyed by the rest of its key,
    /// or every key a ManifestFile lists, relative to the manifest's prefix. From the object store, or for a job with
    /// a data agent from S3 through the VPC's gateway endpoint.
    /// </summary>
    private static async Task DownloadAsync(IObjectStore objects, TrainingJobChannelSource channel, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        if (!await objects.BucketExistsAsync(channel.Bucket, ct).ConfigureAwait(false))
        {
            throw new InvalidDataException($"channel {channel.Name}: bucket {channel.Bucket} does not exist");
        }

        if (channel.DataType == TrainingJobChannelSource.ManifestFile)
        {
            var manifest = ChannelManifest.Parse(channel.Name, await ReadManifestAsync(objects, channel, ct).ConfigureAwait(false));
            foreach (var key in manifest.Keys)
            {
                await CopyAsync(objects, channel, manifest.Bucket, manifest.Prefix + key, key, root, ct).ConfigureAwait(false);
            }

            return;
        }

        var count = 0;
        await foreach (var info in objects.ListAsync(channel.Bucket, channel.Prefix, ct).ConfigureAwait(false))
        {
            var relative = info.Key[channel.Prefix.Length..].TrimStart('/');
            if (relative.Length == 0)
            {
                relative = info.Key[(info.Key.LastIndexOf('/') + 1)..];
            }

            await CopyAsync(objects, channel, channel.Bucket, info.Key, relative, root, ct).ConfigureAwait(false);
            count++;
        }

        if (count == 0)
        {
            throw new InvalidDataException($"channel {channel.Name}: no objects under s3://{channel.Bucket}/{channel.Prefix}");
        }
    }

    private static async Task<byte[]> ReadManifestAsync(IObjectStore objects, TrainingJobChannelSource channel, CancellationToken ct)
    {
        var stored = await objects.OpenReadAsync(channel.Bucket, channel.Prefix, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"channel {channel.Name}: manifest s3://{channel.Bucket}/{channel.Prefix} does not exist");
        await using (stored.ConfigureAwait(false))
        {
            if (stored.Info.Size > ChannelManifest.MaxBytes)
            {
                throw new InvalidDataException($"channel {channel.Name}: the manifest is larger than {ChannelManifest.MaxBytes} bytes");
            }

            using var buffer = new MemoryStream();
            await stored.Content.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return buffer.Length > ChannelManifest.MaxBytes
                ? throw new InvalidDataException($"channel {channel.Name}: the manifest is larger than {ChannelManifest.MaxBytes} bytes")
                : buffer.ToArray();
        }
    }

    /// <summary>Copies one object to <paramref name="relative"/> under the channel directory <paramref name="root"/>.</summary>
    private static async Task CopyAsync(IObjectStore objects, TrainingJobChannelSource channel, string bucket, string key, string relative, string root, CancellationToken ct)
    {
        // Keys are caller-controlled: a key that would land outside the channel directory is refused.
        var target = Path.GetFullPath(Path.Combine(root, relative));
        if (relative.Length == 0 || relative.EndsWith('/') || Path.IsPathRooted(relative) || !target.StartsWith(root, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"channel {channel.Name}: object key {key} cannot be placed in the channel directory");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var stored = await objects.OpenReadAsync(bucket, key, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"channel {channel.Name}: object s3://{bucket}/{key} does not exist");
        await using (stored.ConfigureAwait(false))
        {
            var file = File.Create(target);
            await using (file.ConfigureAwait(false))
            {
                await stored.Content.CopyToAsync(file, ct).ConfigureAwait(false);
            }
        }
    }
}
