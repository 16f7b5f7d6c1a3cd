using System.Globalization;
using System.Text;

namespace SageKeep.Runtime.Jobs;

/// <summary>
/// Follows one output file of the container and cuts it into lines. The read offset is saved next to the file after
/// every batch, so a restarted server resumes where the last one stopped instead of repeating or losing lines.
/// Lines longer than <see cref="MaxLineBytes"/> are split (CloudWatch Logs caps an event at 256 KiB).
/// </summary>
internal sealed class LogTailer(string path, bool fromStderr, TimeProvider time)
{
    public const int MaxLineBytes = 256 * 1024;
    private readonly string _offsetPath = path + ".offset";
    private readonly List<byte> _partial = [];
    private long _offset = ReadOffset(path + ".offset");

    public async Task<IReadOnlyList<TrainingLogEvent>> ReadAsync(bool final, CancellationToken cancellationToken)
    {
        var events = new List<TrainingLogEvent>();
        if (File.Exists(path))
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 65536, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                stream.Position = Math.Min(_offset, stream.Length);
                var buffer = new byte[65536];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    for (var i = 0; i < read; i++)
                    {
                        if (buffer[i] == (byte)'\n' || _partial.Count >= MaxLineBytes)
                        {
                            Emit(events);
                            if (buffer[i] == (byte)'\n')
                            {
                                continue;
                            }
                        }

                        _partial.Add(buffer[i]);
                    }

                    _offset += read;
                }
            }
        }

        if (final && _partial.Count > 0)
        {
            Emit(events);
        }

        if (events.Count > 0)
        {
            // Saved after whole lines only: a partial line is read again by a restarted server.
            var saved = _offset - _partial.Count;
            await File.WriteAllTextAsync(_offsetPath, saved.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    private void Emit(List<TrainingLogEvent> events)
    {
        var text = Encoding.UTF8.GetString([.. _partial]).TrimEnd('\r');
        _partial.Clear();
        events.Add(new TrainingLogEvent(time.GetUtcNow(), text, fromStderr));
    }

    private static long ReadOffset(string offsetPath) =>
        File.Exists(offsetPath) && long.TryParse(File.ReadAllText(offsetPath).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
}
