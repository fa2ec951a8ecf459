// Buffered reading of RDB primitives from a stream, with the byte offset for error messages and
// a running CRC64. cf. rioRead, rdbLoadType, rdbLoadLen, rdbLoadLenByRef, rdbGenericLoadStringObject,
// rdbLoadIntegerObject, rdbLoadLzfStringObject, rdbLoadMillisecondTime, rdbLoadDoubleValue in rdb.c.

using System.Buffers.Binary;
using EventLoopRedis.Util;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// Every read checks what is left: a length larger than the rest of the input is refused before
/// anything is allocated for it, and running out of input throws an <see cref="RdbFormatException"/>
/// that says so, so a truncated or corrupt file never crashes the server or makes it allocate wildly.
/// </summary>
internal sealed class RdbInput
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position, _length;
    private long _bufferStart;   // offset in the input of _buffer[0]
    private int _crcFrom;        // bytes of the buffer before this are in _crc already
    private ulong _crc;
    private readonly long _total; // bytes in the input, or long.MaxValue when unknown

    public RdbInput(Stream stream)
    {
        _stream = stream;
        _total = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
    }

    /// <summary>Bytes read so far: where an error was found.</summary>
    public long Offset => _bufferStart + _position;

    /// <summary>Bytes left in the input (long.MaxValue when the stream cannot tell).</summary>
    public long Remaining => _total == long.MaxValue ? long.MaxValue : _total - Offset;

    /// <summary>The CRC64 of everything read so far.</summary>
    public ulong Checksum
    {
        get
        {
            _crc = Crc64.Update(_crc, _buffer.AsSpan(_crcFrom, _position - _crcFrom));
            _crcFrom = _position;
            return _crc;
        }
    }

    private bool Fill()
    {
        _crc = Crc64.Update(_crc, _buffer.AsSpan(_crcFrom, _position - _crcFrom));
        int kept = _length - _position;
        Array.Copy(_buffer, _position, _buffer, 0, kept);
        _bufferStart += _position;
        _position = 0;
        _crcFrom = 0;
        _length = kept;
        int read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        _length += read;
        return read > 0;
    }

    public byte ReadByte()
    {
        if (_position == _length && !Fill()) throw Eof();
        return _buffer[_position++];
    }

    public void ReadExactly(Span<byte> into)
    {
        while (into.Length > 0)
        {
            if (_position == _length && !Fill()) throw Eof();
            int take = Math.Min(into.Length, _length - _position);
            _buffer.AsSpan(_position, take).CopyTo(into);
            _position += take;
            into = into[take..];
        }
    }

    /// <summary><paramref name="count"/> bytes as a new array, refused when the input cannot hold that many.</summary>
    public byte[] ReadBytes(long count)
    {
        if (count < 0 || count > Remaining || count > Array.MaxLength) throw Eof();
        var bytes = new byte[count];
        ReadExactly(bytes);
        return bytes;
    }

    public static RdbFormatException Eof() => new("Unexpected EOF reading RDB file");

    /// <summary>A length (6, 14, 32 or 64 bits), or with <paramref name="encoded"/> the kind of a specially encoded string (cf. rdbLoadLenByRef).</summary>
    public ulong ReadLength(out bool encoded)
    {
        encoded = false;
        byte first = ReadByte();
        switch (first >> 6)
        {
            case 0:
                return (ulong)(first & 0x3F);
            case 1:
                return (ulong)(((first & 0x3F) << 8) | ReadByte());
            case 3:
                encoded = true;
                return (ulong)(first & 0x3F);
        }
        Span<byte> bytes = stackalloc byte[8];
        if (first == 0x80)
        {
            ReadExactly(bytes[..4]);
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        if (first == 0x81)
        {
            ReadExactly(bytes);
            return BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        throw new RdbFormatException($"Unknown length encoding {first} in rdbLoadLen()");
    }

    /// <summary>A length that must not be a special encoding.</summary>
    public ulong ReadLength()
    {
        ulong length = ReadLength(out bool encoded);
        if (encoded) throw new RdbFormatException("Unexpected encoded length");
        return length;
    }

    /// <summary>A count of things that follow: each takes at least one byte, so it cannot pass what is left.</summary>
    public long ReadCount(string what)
    {
        ulong count = ReadLength();
        if (count > (ulong)Math.Min(Remaining, int.MaxValue)) throw new RdbFormatException($"{what} count {count} is larger than the input");
        return (long)count;
    }

    /// <summary>A string: plain, an integer (8, 16 or 32 bits, returned as its text) or LZF-compressed (cf. rdbGenericLoadStringObject).</summary>
    public byte[] ReadString()
    {
        ulong length = ReadLength(out bool encoded);
        if (!encoded) return ReadBytes((long)Math.Min(length, long.MaxValue));
        Span<byte> bytes = stackalloc byte[4];
        switch ((int)length)
        {
            case RdbFormat.EncodingInt8:
                return FormatInteger((sbyte)ReadByte());
            case RdbFormat.EncodingInt16:
                ReadExactly(bytes[..2]);
                return FormatInteger(BinaryPrimitives.ReadInt16LittleEndian(bytes));
            case RdbFormat.EncodingInt32:
                ReadExactly(bytes);
                return FormatInteger(BinaryPrimitives.ReadInt32LittleEndian(bytes));
            case RdbFormat.EncodingLzf:
                return ReadLzf();
            default:
                throw new RdbFormatException($"Unknown RDB string encoding type {length}");
        }
    }

    private static byte[] FormatInteger(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        return digits[..Protocol.Numbers.FormatLong(value, digits)].ToArray();
    }

    /// <summary>cf. rdbLoadLzfStringObject: compressed length, full length, data; the data must decompress to exactly the full length.</summary>
    private byte[] ReadLzf()
    {
        ulong compressedLength = ReadLength();
        ulong fullLength = ReadLength();
        if (compressedLength > (ulong)Math.Min(Remaining, Array.MaxLength)) throw Eof();
        // A back reference of 3 bytes yields at most 264, so nothing honest expands more than ~100 times.
        if (compressedLength == 0 || fullLength == 0 || fullLength > Math.Min(compressedLength * 100 + 64, (ulong)Array.MaxLength))
            throw new RdbFormatException("Invalid LZF compressed string");
        var compressed = ReadBytes((long)compressedLength);
        var output = new byte[fullLength];
        if (!Lzf.Decompress(compressed, output)) throw new RdbFormatException("Invalid LZF compressed string");
        return output;
    }

    /// <summary>8 bytes little-endian (cf. rdbLoadMillisecondTime).</summary>
    public long ReadMilliseconds()
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    /// <summary>4 bytes little-endian seconds (cf. rdbLoadTime).</summary>
    public int ReadSeconds()
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    /// <summary>An IEEE 754 double, little-endian (cf. rdbLoadBinaryDoubleValue).</summary>
    public double ReadBinaryDouble()
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    /// <summary>The old text double: a length byte (253 nan, 254 +inf, 255 -inf) and "%.17g" text (cf. rdbLoadDoubleValue).</summary>
    public double ReadTextDouble()
    {
        byte length = ReadByte();
        switch (length)
        {
            case 255: return double.NegativeInfinity;
            case 254: return double.PositiveInfinity;
            case 253: return double.NaN;
        }
        Span<byte> text = stackalloc byte[length];
        ReadExactly(text);
        int used = Doubles.Strtod(text, out double value, out _);
        if (used == 0) throw new RdbFormatException("Invalid double value");
        return value;
    }
}
