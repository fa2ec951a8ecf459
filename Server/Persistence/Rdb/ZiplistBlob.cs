// Redis's ziplist (the compact encoding before 7.0) as bytes, read only: RDB files from older
// versions carry lists, hashes and sorted sets in it. cf. ziplist.c (the entry layout,
// zipEntrySafe, ziplistValidateIntegrity).

using System.Buffers.Binary;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// <code>zlbytes(u32) zltail(u32) zllen(u16) entry... 0xFF</code>, each entry
/// <code>prevlen(1 byte, or 0xFE + u32) encoding data</code>: strings of 6-, 14- or 32-bit length
/// (the lengths big-endian), integers of 8, 16, 24, 32 or 64 bits (little-endian), or 0..12
/// in the encoding byte itself. Every length is checked against what is left.
/// </summary>
internal static class ZiplistBlob
{
    private const int HeaderSize = 10;
    private const byte End = 0xFF;

    /// <summary>Decodes every entry as bytes (integers formatted as text), checking the whole structure.</summary>
    public static List<byte[]> Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize + 1 || BinaryPrimitives.ReadUInt32LittleEndian(blob) != blob.Length || blob[^1] != End)
            Fail("header", 0);
        uint tail = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        int declared = BinaryPrimitives.ReadUInt16LittleEndian(blob[8..]);
        var entries = new List<byte[]>();
        int at = HeaderSize, previousSize = 0, lastStart = HeaderSize;
        Span<byte> digits = stackalloc byte[20];
        while (blob[at] != End)
        {
            int start = at;
            int prevlen;
            if (blob[at] < 0xFE) prevlen = blob[at++];
            else
            {
                if (blob[at] == End || at + 5 > blob.Length - 1) Fail("prevlen", at);
                prevlen = (int)BinaryPrimitives.ReadUInt32LittleEndian(blob[(at + 1)..]);
                at += 5;
            }
            if (prevlen != previousSize) Fail("prevlen does not match the previous entry", start);
            if (at >= blob.Length - 1) Fail("entry runs past the end", start);
            byte encoding = blob[at];
            long length = -1, integer = 0;
            int headerSize = 1, intSize = 0;
            switch (encoding >> 6)
            {
                case 0: length = encoding & 0x3F; break;
                case 1:
                    Need(blob, at, 2);
                    length = ((encoding & 0x3F) << 8) | blob[at + 1];
                    headerSize = 2;
                    break;
                case 2:
                    if (encoding != 0x80) Fail("bad string encoding", at);
                    Need(blob, at, 5);
                    length = BinaryPrimitives.ReadUInt32BigEndian(blob[(at + 1)..]);
                    headerSize = 5;
                    break;
                default:
                    intSize = encoding switch
                    {
                        0xC0 => 2,
                        0xD0 => 4,
                        0xE0 => 8,
                        0xF0 => 3,
                        0xFE => 1,
                        >= 0xF1 and <= 0xFD => 0,
                        _ => -1,
                    };
                    if (intSize < 0) Fail("bad integer encoding", at);
                    break;
            }
            at += headerSize;
            if (length >= 0)
            {
                if (length > blob.Length - 1 - at) Fail("string runs past the end", start);
                entries.Add(blob.Slice(at, (int)length).ToArray());
                at += (int)length;
            }
            else
            {
                Need(blob, at, intSize);
                var data = blob[at..];
                integer = encoding switch
                {
                    0xC0 => BinaryPrimitives.ReadInt16LittleEndian(data),
                    0xD0 => BinaryPrimitives.ReadInt32LittleEndian(data),
                    0xE0 => BinaryPrimitives.ReadInt64LittleEndian(data),
                    0xF0 => (data[0] | (data[1] << 8) | (data[2] << 16)) << 8 >> 8,
                    0xFE => (sbyte)data[0],
                    _ => (encoding & 0x0F) - 1,
                };
                at += intSize;
                entries.Add(digits[..Protocol.Numbers.FormatLong(integer, digits)].ToArray());
            }
            if (at > blob.Length - 1) Fail("entry runs past the end", start);
            previousSize = at - start;
            lastStart = start;
        }
        if (at != blob.Length - 1) Fail("end marker before the end", at);
        if (tail != (entries.Count == 0 ? HeaderSize : lastStart)) Fail("zltail does not point at the last entry", 4);
        if (declared != 0xFFFF && declared != entries.Count) Fail("zllen does not match the entries", 8);
        return entries;
    }

    private static void Need(ReadOnlySpan<byte> blob, int at, int size)
    {
        if (size > blob.Length - 1 - at) Fail("entry runs past the end", at);
    }

    private static void Fail(string why, int at) =>
        throw new RdbFormatException($"Ziplist integrity check failed ({why} at byte {at})");
}
