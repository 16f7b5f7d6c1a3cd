using System.Text.Json;
using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>
/// One run's directory on the host: bundle/, input/config, input/data/&lt;channel&gt;, model, output, logs. The
/// directories the container sees are owned by its mapped root (the user namespace's host id), since host-owned
/// files would be "nobody" inside and unwritable.
/// </summary>
internal sealed class JobWorkspace(string root)
{
    public string Root { get; } = root;

    public string Bundle => Path.Combine(Root, "bundle");

    public string Config => Path.Combine(Root, "input", "config");

    public string Data => Path.Combine(Root, "input", "data");

    public string Model => Path.Combine(Root, "model");

    public string Output => Path.Combine(Root, "output");

    public string Stdout => Path.Combine(Root, "logs", "stdout");

    public string Stderr => Path.Combine(Root, "logs", "stderr");

    public string ExitCode => Path.Combine(Root, "logs", "exit-code");

    public string RecordPath => Path.Combine(Root, "run.json");

    /// <summary>A distributed run's /etc/hosts for this instance (read-only bind mount).</summary>
    public string HostsFile => Path.Combine(Root, "etc-hosts");

    public void Create()
    {
        foreach (var directory in new[] { Root, Bundle, Config, Data, Model, Output, Path.Combine(Root, "logs") })
        {
            Directory.CreateDirectory(directory);
        }

        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>
    /// Writes the three config files of the SageMaker training contract and copies the channels in. For instance
    /// <paramref name="hostIndex"/> of a distributed job: resourceconfig.json names it and every host, /etc/hosts
    /// gives every host's ENI address, and a ShardedByS3Key channel holds every N-th object (in key order) only.
    /// </summary>
    public async Task StageInputsAsync(TrainingJobDefinition job, UserNamespaceMapping mapping, CancellationToken cancellationToken, int hostIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        var hosts = job.ClusterHosts.Count > 0 ? job.ClusterHosts.Select(h => h.Name).ToArray() : ["algo-1"];
        var current = hosts[hostIndex];
        await WriteJsonAsync(Path.Combine(Config, "hyperparameters.json"), job.HyperParameters, cancellationToken).ConfigureAwait(false);
        var channels = job.Channels.ToDictionary(
            c => c.Name,
            c => new Dictionary<string, string?>
            {
                ["ContentType"] = c.ContentType,
                ["TrainingInputMode"] = "File",
                ["S3DistributionType"] = c.S3DistributionType,
                ["RecordWrapperType"] = c.RecordWrapperType,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
            StringComparer.Ordinal);
        await WriteJsonAsync(Path.Combine(Config, "inputdataconfig.json"), channels, cancellationToken).ConfigureAwait(false);
        var resources = new Dictionary<string, object>
        {
            ["current_host"] = current,
            ["current_instance_type"] = job.InstanceType,
            ["current_group_name"] = "homogeneousCluster",
            ["hosts"] = hosts,
            ["instance_groups"] = new[] { new Dictionary<string, object> { ["instance_group_name"] = "homogeneousCluster", ["instance_type"] = job.InstanceType, ["hosts"] = hosts } },
            ["network_interface_name"] = "eth0",
        };
        await WriteJsonAsync(Path.Combine(Config, "resourceconfig.json"), resources, cancellationToken).ConfigureAwait(false);
        foreach (var channel in job.Channels)
        {
            if (channel.S3DistributionType == TrainingChannel.ShardedByS3Key && hosts.Length > 1)
            {
                CopyShard(channel.LocalDirectory, Path.Combine(Data, channel.Name), hostIndex, hosts.Length, cancellationToken);
            }
            else
            {
                CopyTree(channel.LocalDirectory, Path.Combine(Data, channel.Name), cancellationToken);
            }
        }

        if (job.ClusterHosts.Count > 0)
        {
            var lines = new List<string> { "127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback" };
            lines.AddRange(job.ClusterHosts.Select(h => h.Address + "\t" + h.Name));
            await File.WriteAllTextAsync(HostsFile, string.Join('\n', lines) + "\n", cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(HostsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        foreach (var directory in new[] { Config, Data, Model, Output })
        {
            ChownTree(directory, mapping.HostId);
        }

        Native.LChown(Path.Combine(Root, "input"), mapping.HostId, mapping.HostId);

        // Only the container's mapped root (the owner) and host root may enter what the container sees.
        foreach (var directory in new[] { Path.Combine(Root, "input"), Config, Data, Model, Output })
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public async Task WriteRecordAsync(RunRecord record, CancellationToken cancellationToken) =>
        await WriteJsonAsync(RecordPath, record, cancellationToken).ConfigureAwait(false);

    public RunRecord? ReadRecord()
    {
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllBytes(RecordPath));
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// First 1024 characters of /opt/ml/output/failure, or null when the container wrote none. The container made
    /// that path: it is read only when find(1) says it is a regular file (a FIFO would block the open, a link could
    /// point at a host file).
    /// </summary>
    public async Task<string?> ReadFailureAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Output, "failure");
        var kind = await HostCommand.RunAsync("find", [path, "-maxdepth", "0", "-type", "f"], cancellationToken).ConfigureAwait(false);
        if (!kind.Succeeded || kind.Stdout.Trim() != path)
        {
            return null;
        }

        using var reader = new StreamReader(new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read }));
        var buffer = new char[1024];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
        var text = new string(buffer, 0, read).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Removes the workspace; another remover finishing first (e.g. reconciliation racing a run's own end) is fine.</summary>
    public void Delete()
    {
        // A concurrent remover makes a recursive delete stop at whichever entry the other removed first: retry
        // until the root itself is gone.
        for (var attempt = 0; Directory.Exists(Root); attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
            }
        }
    }

    private static async Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, value, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies directories and regular files; links and special files in the source are not followed or copied.</summary>
    private static void CopyTree(string source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.Combine(target, Path.GetFileName(entry));
            if (new FileInfo(entry).LinkTarget is not null)
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                CopyTree(entry, destination, cancellationToken);
            }
            else if (File.Exists(entry))
            {
                File.Copy(entry, destination);
            }
        }
    }

    /// <summary>
    /// ShardedByS3Key: the regular files under <paramref name="source"/> in key (relative path) order, every
    /// <paramref name="count"/>-th from <paramref name="index"/>; links and special files are skipped as in CopyTree.
    /// </summary>
    private static void CopyShard(string source, string target, int index, int count, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var files = new List<string>();
        Collect(source, string.Empty, files);
        files.Sort(StringComparer.Ordinal);
        for (var i = index; i < files.Count; i += count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.Combine(target, files[i]);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(source, files[i]), destination);
        }

        static void Collect(string directory, string relative, List<string> into)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = relative.Length == 0 ? Path.GetFileName(entry) : relative + "/" + Path.GetFileName(entry);
                if (new FileInfo(entry).LinkTarget is not null)
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    Collect(entry, name, into);
                }
                else if (File.Exists(entry))
                {
                    into.Add(name);
                }
            }
        }
    }

    private static void ChownTree(string directory, int id)
    {
        Native.LChown(directory, id, id);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Native.LChown(entry, id, id);
        }
    }
}
