using System.Buffers;
using System.Text.Json;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Streams the top-level items of a large JSON file without building its DOM: the elements of a root array,
/// or the properties of a root object, descending into the arrays of chosen properties (NVD's
/// "vulnerabilities"). Each item becomes its own small <see cref="JsonDocument"/>, so memory is bounded by
/// the largest item (<see cref="FeedLimits.MaxRecordBytes"/>), not by the file.
/// </summary>
internal sealed class JsonFeedReader : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _fileName;
    private readonly IReadOnlySet<string> _descend;
    private readonly FeedLimits _limits;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _length;
    private int _consumed;
    private long _bufferStart;
    private bool _final;
    private JsonReaderState _state;
    private Phase _phase = Phase.Start;
    private string? _propertyName;

    public JsonFeedReader(Stream stream, string fileName, IReadOnlySet<string> descend, FeedLimits limits)
    {
        _stream = stream;
        _fileName = fileName;
        _descend = descend;
        _limits = limits;
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = limits.MaxDepth });
    }

    private enum Phase
    {
        Start,
        RootArray,
        RootObject,
        PropertyValue,
        DescendArray,
        Done,
    }

    /// <summary>True when the root value is an array (known after the first <see cref="Next"/>).</summary>
    public bool RootIsArray { get; private set; }

    /// <summary>The absolute byte offset the reader has reached, for error messages.</summary>
    public long Position => _bufferStart + _consumed;

    /// <summary>The next item (property name or null for root array elements, and its value), or null at the end.</summary>
    public (string? Name, JsonDocument Value)? Next()
    {
        try
        {
            while (true)
            {
                var result = Step(out var needMore);
                if (!needMore)
                {
                    return result;
                }

                Fill();
            }
        }
        catch (JsonException e)
        {
            throw new FeedException($"{_fileName}: invalid JSON near byte {Position + (e.BytePositionInLine ?? 0)}: {e.Message}");
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    // Reads tokens from the buffered bytes; sets needMore when an item is not complete yet, leaving
    // _consumed/_state at the last complete token so the next call re-reads it with more data.
    private (string? Name, JsonDocument Value)? Step(out bool needMore)
    {
        needMore = false;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_consumed, _length - _consumed), _final, _state);
        while (true)
        {
            var stateBefore = reader.CurrentState;
            var consumedBefore = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                if (_final)
                {
                    if (_phase != Phase.Done)
                    {
                        throw new FeedException($"{_fileName}: the JSON ends early at byte {Position + consumedBefore}");
                    }

                    return null;
                }

                Commit(consumedBefore, stateBefore);
                needMore = true;
                return null;
            }

            switch (_phase)
            {
                case Phase.Start:
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        RootIsArray = true;
                        _phase = Phase.RootArray;
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _phase = Phase.RootObject;
                    }
                    else
                    {
                        throw new FeedException($"{_fileName}: expected a JSON object or array at byte {Position + consumedBefore}");
                    }

                    break;
                case Phase.RootObject:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.Done;
                        break;
                    }

                    if (reader.ValueSpan.Length > 4096)
                    {
                        throw new FeedException($"{_fileName}: a property name of {reader.ValueSpan.Length} bytes at byte {Position + consumedBefore}");
                    }

                    _propertyName = reader.GetString();
                    _phase = Phase.PropertyValue;
                    break;
                case Phase.PropertyValue:
                    if (reader.TokenType == JsonTokenType.StartArray && _descend.Contains(_propertyName!))
                    {
                        _phase = Phase.DescendArray;
                        break;
                    }

                    return Capture(ref reader, consumedBefore, stateBefore, Phase.RootObject, out needMore);
                case Phase.RootArray or Phase.DescendArray:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = _phase == Phase.RootArray ? Phase.Done : Phase.RootObject;
                        break;
                    }

                    return Capture(ref reader, consumedBefore, stateBefore, _phase, out needMore);
                default:
                    throw new FeedException($"{_fileName}: unexpected data after the JSON value at byte {Position + consumedBefore}");
            }
        }
    }

    private (string? Name, JsonDocument Value)? Capture(ref Utf8JsonReader reader, int consumedBefore, JsonReaderState stateBefore, Phase after, out bool needMore)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            Commit(consumedBefore, stateBefore);
            needMore = true;
            return null;
        }

        needMore = false;
        var end = (int)reader.BytesConsumed;
        var bytes = _buffer.AsSpan(_consumed + start, end - start).ToArray();
        var name = _phase == Phase.RootArray ? null : _propertyName;
        Commit(end, reader.CurrentState);
        _phase = after;
        return (name, JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = _limits.MaxDepth }));
    }

    private void Commit(int consumedInSpan, JsonReaderState state)
    {
        _consumed += consumedInSpan;
        _state = state;
    }

    private void Fill()
    {
        // 1. Drop what is consumed; 2. grow when one item fills the buffer, within the limit; 3. read more.
        var pending = _length - _consumed;
        if (_consumed > 0)
        {
            Buffer.BlockCopy(_buffer, _consumed, _buffer, 0, pending);
            _bufferStart += _consumed;
            _consumed = 0;
            _length = pending;
        }

        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= _limits.MaxRecordBytes)
            {
                throw new FeedException($"{_fileName}: an item at byte {_bufferStart} is larger than {_limits.MaxRecordBytes} bytes");
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _limits.MaxRecordBytes));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        if (read == 0)
        {
            _final = true;
        }

        _length += read;
    }
}
