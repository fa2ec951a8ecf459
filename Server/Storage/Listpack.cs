// A listpack: a sequence of byte strings packed into one byte array, the node of a quicklist and
// a small hash's field, value, field, value... cf. listpack.c (lpInsert, lpDelete, lpNext, lpPrev,
// lpSeek, lpGet, lpCompare, lpFind) and its entry layout: encoding, data, then backlen.

using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Storage;

/// <summary>
/// Entries laid end to end in one byte array, addressed by their byte offset. Each entry is
/// <c>encoding | data | backlen</c>, as in Redis's listpack:
/// <list type="bullet">
/// <item>A value that is a canonical 64-bit integer is stored as the number: 0..127 in the
/// encoding byte itself (<c>0xxxxxxx</c>), -4096..4095 in 13 bits (<c>110xxxxx</c> + 1 byte),
/// otherwise 16, 24, 32 or 64 bits after <c>F1</c>..<c>F4</c>.</item>
/// <item>Any other value is stored as its bytes after its length: up to 63 bytes in 6 bits
/// (<c>10xxxxxx</c>), up to 4095 in 12 bits (<c>1110xxxx</c> + 1 byte), otherwise a 32-bit length after <c>F0</c>.</item>
/// <item>backlen is the size of encoding + data in 1 to 5 bytes, 7 bits per byte, read from its
/// last byte leftwards (the high bit says "one more byte to the left"), so the list can be
/// walked backwards from any entry.</item>
/// </list>
/// A short element therefore costs its length plus two bytes, against a byte[] object of at
/// least 24 bytes plus a reference in a linked list or array. Redis's 6-byte header (total
/// bytes, count) and end marker live here as the fields <see cref="Bytes"/> and <see cref="Count"/>.
/// Offsets are valid until the next change; a change returns or documents where things moved.
/// </summary>
internal sealed class Listpack
{
    private const int MinCapacity = 16;

    private byte[] _buffer;

    public Listpack(int capacity = MinCapacity) => _buffer = new byte[CapacityFor(capacity)];

    private Listpack(byte[] buffer, int bytes, int count)
    {
        _buffer = buffer;
        Bytes = bytes;
        Count = count;
    }

    /// <summary>Bytes in use (the entries); the array behind them may be larger.</summary>
    public int Bytes { get; private set; }

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes allocated for entries, for memory accounting.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The entries as Redis lays them out (what follows a listpack's 6-byte header), for RDB and DUMP.</summary>
    public ReadOnlySpan<byte> EntryBytes => _buffer.AsSpan(0, Bytes);

    // ---- walking -----------------------------------------------------------------------

    /// <summary>Offset of the first entry, or -1 when empty (cf. lpFirst).</summary>
    public int First => Count == 0 ? -1 : 0;

    /// <summary>Offset of the last entry, or -1 when empty (cf. lpLast).</summary>
    public int Last => Count == 0 ? -1 : Bytes - ReadBacklen(Bytes, out int backlenSize) - backlenSize;

    /// <summary>Offset of the entry after the one at <paramref name="offset"/>, or -1 (cf. lpNext).</summary>
    public int Next(int offset)
    {
        int next = offset + EntrySize(offset);
        return next < Bytes ? next : -1;
    }

    /// <summary>Offset of the entry before the one at <paramref name="offset"/>, or -1 (cf. lpPrev).</summary>
    public int Prev(int offset) => offset == 0 ? -1 : offset - ReadBacklen(offset, out int backlenSize) - backlenSize;

    /// <summary>
    /// Offset of the entry at <paramref name="index"/> (negative counts from the end), walking
    /// from the nearer end; -1 when out of range (cf. lpSeek).
    /// </summary>
    public int Seek(long index)
    {
        if (index < 0) index += Count;
        if (index < 0 || index >= Count) return -1;
        if (index <= Count / 2)
        {
            int offset = 0;
            for (long i = 0; i < index; i++) offset += EntrySize(offset);
            return offset;
        }
        int back = Last;
        for (long i = Count - 1; i > index; i--) back = Prev(back);
        return back;
    }

    /// <summary>Room for any integer entry's text (<see cref="long.MinValue"/> has 20 characters): the size of a <c>digits</c> buffer.</summary>
    public const int DigitsLength = 20;

    /// <summary>
    /// The entry at <paramref name="offset"/> as bytes; an integer entry is formatted into
    /// <paramref name="digits"/> (at least <see cref="DigitsLength"/> bytes), cf. lpGet. Valid until the next change.
    /// </summary>
    public ReadOnlySpan<byte> Get(int offset, Span<byte> digits)
    {
        if (TryReadString(offset, out int dataAt, out int length)) return _buffer.AsSpan(dataAt, length);
        return digits[..Numbers.FormatLong(ReadInteger(offset), digits)];
    }

    /// <summary>Whether the entry at <paramref name="offset"/> equals <paramref name="value"/>, without formatting integers (cf. lpCompare).</summary>
    public bool Matches(int offset, in Element value)
    {
        if (TryReadString(offset, out int dataAt, out int length))
            return !value.IsInteger && _buffer.AsSpan(dataAt, length).SequenceEqual(value.Bytes);
        return value.IsInteger && ReadInteger(offset) == value.Integer;
    }

    /// <summary>
    /// Offset of the first entry equal to <paramref name="value"/> among the entries at
    /// <paramref name="from"/>, then every (<paramref name="skip"/> + 1)th after it, or -1
    /// (cf. lpFind): a hash of field, value, field, value... searches its fields with skip 1.
    /// </summary>
    public int Find(in Element value, int skip, int from = 0)
    {
        for (int offset = from; offset < Bytes;)
        {
            if (Matches(offset, value)) return offset;
            offset += EntrySize(offset);
            for (int i = 0; i < skip && offset < Bytes; i++) offset += EntrySize(offset);
        }
        return -1;
    }

    /// <summary>
    /// A value as an entry would store it, parsed once: whether it is a canonical integer, and
    /// the entry's size. What inserts take and comparisons match against (cf. lpEncodeGetType).
    /// </summary>
    public readonly ref struct Element
    {
        public Element(ReadOnlySpan<byte> bytes)
        {
            Bytes = bytes;
            IsInteger = Numbers.TryParseLong(bytes, out long integer);
            Integer = integer;
            DataSize = IsInteger ? IntegerSize(integer) : StringHeaderSize(bytes.Length) + bytes.Length;
            Size = DataSize + BacklenSize(DataSize);
        }

        public ReadOnlySpan<byte> Bytes { get; }
        public bool IsInteger { get; }
        public long Integer { get; }

        /// <summary>Bytes of encoding and data, what backlen records.</summary>
        public int DataSize { get; }

        /// <summary>Bytes the whole entry takes: what an insert adds.</summary>
        public int Size { get; }
    }

    /// <summary>The whole size of the entry at <paramref name="offset"/>: encoding, data and backlen.</summary>
    public int EntrySize(int offset)
    {
        int size = EncodingAndDataSize(offset);
        return size + BacklenSize(size);
    }

    // ---- changing ----------------------------------------------------------------------

    /// <summary>How many bytes <paramref name="value"/> takes as an entry (what an insert adds).</summary>
    public static int EncodedSize(ReadOnlySpan<byte> value) => new Element(value).Size;

    /// <summary>How many bytes the integer <paramref name="value"/> takes as an entry (cf. lpAppendInteger in t_stream.c).</summary>
    public static int EncodedIntegerSize(long value)
    {
        int size = IntegerSize(value);
        return size + BacklenSize(size);
    }

    /// <summary>Adds <paramref name="value"/> after the last entry.</summary>
    public void Append(in Element value) => Insert(Bytes, value);

    /// <summary>Adds <paramref name="value"/> before the first entry.</summary>
    public void Prepend(in Element value) => Insert(0, value);

    /// <summary>
    /// Inserts <paramref name="value"/> so that it starts at <paramref name="offset"/> (the
    /// entry there and all after it move right; <see cref="Bytes"/> appends). cf. lpInsert.
    /// </summary>
    public void Insert(int offset, in Element value)
    {
        Debug.Assert(offset >= 0 && offset <= Bytes);
        int total = value.Size;
        EnsureCapacity(Bytes + total);
        _buffer.AsSpan(offset, Bytes - offset).CopyTo(_buffer.AsSpan(offset + total));
        WriteEntry(_buffer.AsSpan(offset, total), value);
        Bytes += total;
        Count++;
    }

    /// <summary>Replaces the entry at <paramref name="offset"/> with <paramref name="value"/>; the entries after it move (cf. lpReplace).</summary>
    public void Replace(int offset, in Element value)
    {
        int oldEnd = offset + EntrySize(offset);
        int newEnd = offset + value.Size;
        if (newEnd != oldEnd)
        {
            EnsureCapacity(Bytes + newEnd - oldEnd);
            _buffer.AsSpan(oldEnd, Bytes - oldEnd).CopyTo(_buffer.AsSpan(newEnd));
            Bytes += newEnd - oldEnd;
        }
        WriteEntry(_buffer.AsSpan(offset, value.Size), value);
        if (newEnd < oldEnd) ShrinkIfSparse();
    }

    /// <summary>Removes the entry at <paramref name="offset"/>; the next one now starts there (cf. lpDelete).</summary>
    public void Delete(int offset) => DeleteRange(offset, 1);

    /// <summary>Removes <paramref name="count"/> entries starting at <paramref name="offset"/> (cf. lpDeleteRange).</summary>
    public void DeleteRange(int offset, int count)
    {
        int end = offset;
        for (int i = 0; i < count; i++) end += EntrySize(end);
        _buffer.AsSpan(end, Bytes - end).CopyTo(_buffer.AsSpan(offset));
        Bytes -= end - offset;
        Count -= count;
        ShrinkIfSparse();
    }

    /// <summary>
    /// Moves the entries from <paramref name="offset"/> on into a new listpack, which it
    /// returns; this one keeps the entries before (cf. _quicklistSplitNode).
    /// </summary>
    public Listpack SplitAt(int offset)
    {
        int moved = 0;
        for (int at = offset; at < Bytes; at += EntrySize(at)) moved++;
        var tail = new byte[CapacityFor(Bytes - offset)];
        _buffer.AsSpan(offset, Bytes - offset).CopyTo(tail);
        var result = new Listpack(tail, Bytes - offset, moved);
        Bytes = offset;
        Count -= moved;
        ShrinkIfSparse();
        return result;
    }

    /// <summary>Appends every entry of <paramref name="other"/> (cf. lpMerge).</summary>
    public void AppendAll(Listpack other)
    {
        EnsureCapacity(Bytes + other.Bytes);
        other._buffer.AsSpan(0, other.Bytes).CopyTo(_buffer.AsSpan(Bytes));
        Bytes += other.Bytes;
        Count += other.Count;
    }

    /// <summary>An independent copy with exactly the room its entries need.</summary>
    public Listpack Duplicate() => new(_buffer.AsSpan(0, Math.Max(Bytes, MinCapacity)).ToArray(), Bytes, Count);

    private void EnsureCapacity(int needed)
    {
        if (needed > _buffer.Length) Array.Resize(ref _buffer, CapacityFor(needed));
    }

    /// <summary>
    /// The array size for <paramref name="needed"/> bytes. Up to 256 bytes, the next multiple of
    /// 8 (the granularity of a .NET array anyway), so a small listpack, a small hash's or a short
    /// list's, wastes at most 7 bytes. Beyond, jemalloc's size classes, four per doubling (320,
    /// 384, 448, 512, 640...), as Redis's allocator would round it: growth is by 12.5 to 25%, so
    /// appends stay amortised O(1), at most a fifth is spare, and a full quicklist node's array
    /// is exactly its limit (4 to 64 KB, all powers of two, which are classes). A lone element
    /// over 64 KB gets what it needs.
    /// </summary>
    private static int CapacityFor(int needed)
    {
        if (needed <= SmallCapacity) return Math.Max((needed + 7) & ~7, MinCapacity);
        if (needed > 1 << 16) return needed;
        int step = (int)BitOperations.RoundUpToPowerOf2((uint)needed) >> 3; // a quarter of the lower power of two
        return (needed + step - 1) / step * step;
    }

    private const int SmallCapacity = 256;

    // An array of up to 128 bytes is kept whatever it holds, so popping and pushing a long
    // element in a short list (LMOVE l l) does not reallocate each time.
    private const int NeverShrunk = 128;

    /// <summary>Gives memory back once a quarter or less is used, keeping room to double.</summary>
    private void ShrinkIfSparse()
    {
        if (_buffer.Length > NeverShrunk && Bytes < _buffer.Length / 4)
            Array.Resize(ref _buffer, CapacityFor(Bytes * 2));
    }

    // ---- the entry encoding ------------------------------------------------------------

    private const byte Str32 = 0xF0, Int16 = 0xF1, Int24 = 0xF2, Int32 = 0xF3, Int64 = 0xF4;

    private static int IntegerSize(long value) => value switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -(1 << 23) and < 1 << 23 => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    private static int StringHeaderSize(int length) => length < 64 ? 1 : length < 4096 ? 2 : 5;

    private static int BacklenSize(int size) => size < 1 << 7 ? 1 : size < 1 << 14 ? 2 : size < 1 << 21 ? 3 : size < 1 << 28 ? 4 : 5;

    private static void WriteEntry(Span<byte> entry, in Element value)
    {
        int size = value.DataSize;
        if (value.IsInteger) WriteInteger(entry, value.Integer, size);
        else
        {
            int length = value.Bytes.Length;
            int header = StringHeaderSize(length);
            if (header == 1) entry[0] = (byte)(0x80 | length);
            else if (header == 2)
            {
                entry[0] = (byte)(0xE0 | (length >> 8));
                entry[1] = (byte)length;
            }
            else
            {
                entry[0] = Str32;
                BinaryPrimitives.WriteInt32LittleEndian(entry[1..], length);
            }
            value.Bytes.CopyTo(entry[header..]);
        }
        // backlen: the lowest 7 bits in the last byte; each byte but the leftmost has the high bit set.
        int backlenSize = entry.Length - size;
        for (int i = 0; i < backlenSize; i++)
            entry[^(i + 1)] = (byte)(((size >> (7 * i)) & 0x7F) | (i < backlenSize - 1 ? 0x80 : 0));
    }

    private static void WriteInteger(Span<byte> entry, long value, int size)
    {
        switch (size)
        {
            case 1:
                entry[0] = (byte)value;
                break;
            case 2:
                entry[0] = (byte)(0xC0 | ((value >> 8) & 0x1F));
                entry[1] = (byte)value;
                break;
            case 3:
                entry[0] = Int16;
                BinaryPrimitives.WriteInt16LittleEndian(entry[1..], (short)value);
                break;
            case 4:
                entry[0] = Int24;
                entry[1] = (byte)value;
                entry[2] = (byte)(value >> 8);
                entry[3] = (byte)(value >> 16);
                break;
            case 5:
                entry[0] = Int32;
                BinaryPrimitives.WriteInt32LittleEndian(entry[1..], (int)value);
                break;
            default:
                entry[0] = Int64;
                BinaryPrimitives.WriteInt64LittleEndian(entry[1..], value);
                break;
        }
    }

    /// <summary>Size of the encoding and data of the entry at <paramref name="offset"/>, from its first byte.</summary>
    private int EncodingAndDataSize(int offset)
    {
        byte first = _buffer[offset];
        if (first < 0x80) return 1;
        if ((first & 0xC0) == 0x80) return 1 + (first & 0x3F);
        if ((first & 0xE0) == 0xC0) return 2;
        if ((first & 0xF0) == 0xE0) return 2 + (((first & 0x0F) << 8) | _buffer[offset + 1]);
        return first switch
        {
            Str32 => 5 + BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset + 1)),
            Int16 => 3,
            Int24 => 4,
            Int32 => 5,
            _ => 9,
        };
    }

    /// <summary>Where a string entry's bytes are; false for an integer entry.</summary>
    private bool TryReadString(int offset, out int dataAt, out int length)
    {
        byte first = _buffer[offset];
        (dataAt, length) = first switch
        {
            < 0x80 => (-1, 0),
            _ when (first & 0xC0) == 0x80 => (offset + 1, first & 0x3F),
            _ when (first & 0xF0) == 0xE0 => (offset + 2, ((first & 0x0F) << 8) | _buffer[offset + 1]),
            Str32 => (offset + 5, BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset + 1))),
            _ => (-1, 0),
        };
        return dataAt >= 0;
    }

    private long ReadInteger(int offset)
    {
        byte first = _buffer[offset];
        var data = _buffer.AsSpan(offset + 1);
        if (first < 0x80) return first;
        if ((first & 0xE0) == 0xC0)
        {
            int raw = ((first & 0x1F) << 8) | data[0];
            return raw >= 4096 ? raw - 8192 : raw;
        }
        return first switch
        {
            Int16 => BinaryPrimitives.ReadInt16LittleEndian(data),
            Int24 => (data[0] | (data[1] << 8) | (data[2] << 16)) << 8 >> 8,
            Int32 => BinaryPrimitives.ReadInt32LittleEndian(data),
            _ => BinaryPrimitives.ReadInt64LittleEndian(data),
        };
    }

    /// <summary>Reads the backlen that ends just before <paramref name="end"/>: the size of the entry's encoding and data.</summary>
    private int ReadBacklen(int end, out int backlenSize)
    {
        int value = 0;
        backlenSize = 0;
        byte b;
        do
        {
            b = _buffer[end - 1 - backlenSize];
            value |= (b & 0x7F) << (7 * backlenSize);
            backlenSize++;
        }
        while ((b & 0x80) != 0);
        return value;
    }
}
