// Redis's listpack as bytes: the 6-byte header (total bytes, element count), the entries and the
// 0xFF end marker, as RDB files and DUMP payloads carry it. Reading validates every entry.
// cf. listpack.c (lpNew, lpBytes, lpValidateIntegrity, lpValidateNext, lpGet, LP_HDR_NUMELE_UNKNOWN).

using System.Buffers.Binary;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// Our <see cref="Listpack"/> keeps Redis's entry layout without the header and end marker, so a
/// blob is those entries framed. A blob read from a file is walked entry by entry with every
/// length checked against what is left, so a corrupt one is refused instead of read past.
/// </summary>
internal static class ListpackBlob
{
    public const int HeaderSize = 6;
    private const byte End = 0xFF;
    private const int UnknownCount = 65535; // LP_HDR_NUMELE_UNKNOWN

    /// <summary>Bytes of the blob for <paramref name="entries"/> (what lpBytes says).</summary>
    public static int Size(Listpack entries) => HeaderSize + entries.Bytes + 1;

    /// <summary>Writes the blob of <paramref name="entries"/> into <paramref name="into"/> (at least <see cref="Size"/> bytes).</summary>
    public static void Write(Listpack entries, Span<byte> into)
    {
        int total = Size(entries);
        BinaryPrimitives.WriteUInt32LittleEndian(into, (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(into[4..], (ushort)Math.Min(entries.Count, UnknownCount));
        entries.EntryBytes.CopyTo(into[HeaderSize..]);
        into[total - 1] = End;
    }

    /// <summary>The blob of <paramref name="entries"/> as a new array.</summary>
    public static byte[] ToArray(Listpack entries)
    {
        var blob = new byte[Size(entries)];
        Write(entries, blob);
        return blob;
    }

    /// <summary>
    /// A reader over a blob, after checking its header: total bytes equal to the blob's length,
    /// an end marker, and (walking) entries that end exactly at the marker, each with a backlen
    /// that matches, and the header's count when it is not "unknown". Throws <see cref="RdbFormatException"/>.
    /// </summary>
    public static Reader Open(ReadOnlySpan<byte> blob, string what)
    {
        if (blob.Length < HeaderSize + 1 || BinaryPrimitives.ReadUInt32LittleEndian(blob) != blob.Length || blob[^1] != End)
            throw new RdbFormatException($"{what}: listpack integrity check failed (header)");
        int declared = BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]);
        var reader = new Reader(blob, what);
        int count = 0;
        var walker = reader;
        while (walker.Next(out _, out _, out _)) count++;
        if (declared != UnknownCount && declared != count)
            throw new RdbFormatException($"{what}: listpack integrity check failed (count {declared} in header, {count} entries)");
        reader.Count = count;
        return reader;
    }

    /// <summary>Walks the entries of a blob: each is a string (its bytes) or an integer.</summary>
    public ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _blob;
        private readonly string _what;
        private int _at;

        internal Reader(ReadOnlySpan<byte> blob, string what)
        {
            _blob = blob;
            _what = what;
            _at = HeaderSize;
        }

        /// <summary>How many entries the blob holds.</summary>
        public int Count { get; internal set; }

        /// <summary>
        /// The next entry: a string in <paramref name="bytes"/>, or an integer in <paramref name="integer"/>
        /// (<paramref name="isInteger"/>); false at the end marker.
        /// </summary>
        public bool Next(out ReadOnlySpan<byte> bytes, out long integer, out bool isInteger)
        {
            bytes = default;
            integer = 0;
            isInteger = false;
            int left = _blob.Length - 1 - _at;
            if (left == 0) return false;
            var p = _blob[_at..^1];
            byte first = p[0];
            int size;
            if (first < 0x80)
            {
                isInteger = true;
                integer = first;
                size = 1;
            }
            else if ((first & 0xC0) == 0x80)
            {
                int length = first & 0x3F;
                size = 1 + length;
                Need(size, left);
                bytes = p.Slice(1, length);
            }
            else if ((first & 0xE0) == 0xC0)
            {
                Need(2, left);
                int raw = ((first & 0x1F) << 8) | p[1];
                isInteger = true;
                integer = raw >= 4096 ? raw - 8192 : raw;
                size = 2;
            }
            else if ((first & 0xF0) == 0xE0)
            {
                Need(2, left);
                int length = ((first & 0x0F) << 8) | p[1];
                size = 2 + length;
                Need(size, left);
                bytes = p.Slice(2, length);
            }
            else
            {
                switch (first)
                {
                    case 0xF0:
                        Need(5, left);
                        uint length = BinaryPrimitives.ReadUInt32LittleEndian(p[1..]);
                        if (length > (uint)(left - 5)) Fail("string entry runs past the end");
                        size = 5 + (int)length;
                        bytes = p.Slice(5, (int)length);
                        break;
                    case 0xF1:
                        Need(3, left);
                        integer = BinaryPrimitives.ReadInt16LittleEndian(p[1..]);
                        size = 3;
                        break;
                    case 0xF2:
                        Need(4, left);
                        integer = (p[1] | (p[2] << 8) | (p[3] << 16)) << 8 >> 8;
                        size = 4;
                        break;
                    case 0xF3:
                        Need(5, left);
                        integer = BinaryPrimitives.ReadInt32LittleEndian(p[1..]);
                        size = 5;
                        break;
                    case 0xF4:
                        Need(9, left);
                        integer = BinaryPrimitives.ReadInt64LittleEndian(p[1..]);
                        size = 9;
                        break;
                    default:
                        Fail($"invalid entry encoding 0x{first:x2}");
                        size = 0;
                        break;
                }
                isInteger = first != 0xF0;
            }
            // backlen: the size of encoding + data, 7 bits per byte, read right to left.
            int backlenSize = size < 1 << 7 ? 1 : size < 1 << 14 ? 2 : size < 1 << 21 ? 3 : size < 1 << 28 ? 4 : 5;
            Need(size + backlenSize, left);
            int value = 0;
            for (int i = 0; i < backlenSize; i++)
            {
                byte b = p[size + backlenSize - 1 - i];
                bool more = i < backlenSize - 1;
                if (((b & 0x80) != 0) != more) Fail("bad backlen");
                value |= (b & 0x7F) << (7 * i);
            }
            if (value != size) Fail("backlen does not match the entry");
            _at += size + backlenSize;
            return true;
        }

        /// <summary>The next entry as a new array (an integer formatted as text); fails at the end.</summary>
        public byte[] NextArray()
        {
            if (!Next(out var bytes, out long integer, out bool isInteger)) Fail("fewer entries than expected");
            if (!isInteger) return bytes.ToArray();
            Span<byte> digits = stackalloc byte[20];
            return digits[..Protocol.Numbers.FormatLong(integer, digits)].ToArray();
        }

        /// <summary>The next entry as an integer (a string entry must hold one); fails at the end.</summary>
        public long NextInteger()
        {
            if (!Next(out var bytes, out long integer, out bool isInteger)) Fail("fewer entries than expected");
            if (!isInteger && !Protocol.Numbers.TryParseLong(bytes, out integer)) Fail("an integer entry was expected");
            return integer;
        }

        private readonly void Need(int size, int left)
        {
            if (size > left) Fail("entry runs past the end");
        }

        private readonly void Fail(string why) =>
            throw new RdbFormatException($"{_what}: listpack integrity check failed ({why} at byte {_at})");
    }
}
