// Builds RDB files and legacy blobs byte by byte from their documented layouts, for tests of
// encodings Redis 7.0 no longer writes (ziplist, zipmap, quicklist version 1, text scores).
// cf. ziplist.c, zipmap.c and rdb.c's rdbSaveLen, rdbSaveDoubleValue.

using System.Buffers.Binary;
using System.Text;
using EventLoopRedis.Persistence.Rdb;

namespace EventLoopRedis.Tests.Persistence;

internal static class RdbTestFiles
{
    /// <summary>A ziplist of strings and longs, each in the encoding ziplist.c would pick.</summary>
    public static byte[] Ziplist(IEnumerable<object> entries)
    {
        var body = new List<byte>();
        int previousSize = 0, lastStart = 10, count = 0;
        foreach (var entry in entries)
        {
            int start = 10 + body.Count;
            var item = new List<byte>();
            if (previousSize < 254) item.Add((byte)previousSize);
            else
            {
                item.Add(0xFE);
                item.AddRange(BitConverter.GetBytes(previousSize));
            }
            if (entry is string text)
            {
                var bytes = Encoding.Latin1.GetBytes(text);
                if (bytes.Length < 64) item.Add((byte)bytes.Length);
                else if (bytes.Length < 16384)
                {
                    item.Add((byte)(0x40 | (bytes.Length >> 8)));
                    item.Add((byte)bytes.Length);
                }
                else
                {
                    item.Add(0x80);
                    var length = new byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
                    item.AddRange(length);
                }
                item.AddRange(bytes);
            }
            else
            {
                long value = (long)entry;
                if (value is >= 0 and <= 12) item.Add((byte)(0xF1 + value));
                else if (value is >= sbyte.MinValue and <= sbyte.MaxValue) item.AddRange([0xFE, (byte)value]);
                else if (value is >= short.MinValue and <= short.MaxValue) item.AddRange([0xC0, .. BitConverter.GetBytes((short)value)]);
                else if (value is >= -(1 << 23) and < 1 << 23) item.AddRange([0xF0, (byte)value, (byte)(value >> 8), (byte)(value >> 16)]);
                else if (value is >= int.MinValue and <= int.MaxValue) item.AddRange([0xD0, .. BitConverter.GetBytes((int)value)]);
                else item.AddRange([0xE0, .. BitConverter.GetBytes(value)]);
            }
            body.AddRange(item);
            previousSize = item.Count;
            lastStart = start;
            count++;
        }
        var blob = new byte[10 + body.Count + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)lastStart);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(8), (ushort)count);
        body.CopyTo(blob, 10);
        blob[^1] = 0xFF;
        return blob;
    }

    /// <summary>A zipmap of field-value pairs, each value followed by one free byte.</summary>
    public static byte[] Zipmap(params (string Field, string Value)[] pairs)
    {
        var blob = new List<byte> { (byte)pairs.Length };
        void Length(int length)
        {
            if (length < 254) blob.Add((byte)length);
            else
            {
                blob.Add(254);
                blob.AddRange(BitConverter.GetBytes(length));
            }
        }
        foreach (var (field, value) in pairs)
        {
            Length(field.Length);
            blob.AddRange(Encoding.Latin1.GetBytes(field));
            Length(value.Length);
            blob.Add(1);
            blob.AddRange(Encoding.Latin1.GetBytes(value));
            blob.Add(0);
        }
        blob.Add(0xFF);
        return blob.ToArray();
    }
}

/// <summary>An RDB file assembled record by record: header, opcodes, typed keys, EOF and checksum.</summary>
internal sealed class RdbFileBuilder
{
    private readonly List<byte> _bytes = new();

    public RdbFileBuilder(int version) => _bytes.AddRange(Encoding.ASCII.GetBytes($"REDIS{version:D4}"));

    public RdbFileBuilder Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public RdbFileBuilder Raw(byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public RdbFileBuilder Length(long length)
    {
        if (length < 64) _bytes.Add((byte)length);
        else if (length < 16384) _bytes.AddRange([(byte)(0x40 | (length >> 8)), (byte)length]);
        else
        {
            _bytes.Add(0x80);
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)length);
            _bytes.AddRange(bytes);
        }
        return this;
    }

    public RdbFileBuilder String(byte[] value) => Length(value.Length).Raw(value);

    public RdbFileBuilder String(string value) => String(Encoding.Latin1.GetBytes(value));

    /// <summary>The type byte and the key; the value follows with the other methods.</summary>
    public RdbFileBuilder Key(byte type, string key) => Byte(type).String(key);

    /// <summary>An old-style text score: length byte and "%.17g" text.</summary>
    public RdbFileBuilder TextDouble(string text)
    {
        _bytes.Add((byte)text.Length);
        _bytes.AddRange(Encoding.ASCII.GetBytes(text));
        return this;
    }

    /// <summary>The EOF opcode and the CRC64 of the file (versions 5 and later).</summary>
    public byte[] Finish()
    {
        _bytes.Add(RdbFormat.OpcodeEof);
        ulong crc = Crc64.Update(0, _bytes.ToArray());
        _bytes.AddRange(BitConverter.GetBytes(crc));
        return _bytes.ToArray();
    }
}
