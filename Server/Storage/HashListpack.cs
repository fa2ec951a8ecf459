// A compact sequence of byte strings in one buffer, kept in insertion order: how a small hash
// is stored. cf. listpack.c (lpAppend, lpReplace, lpDeleteRange, lpFind, lpSeek, lpNext).

using System.Diagnostics;

namespace EventLoopRedis.Storage;

/// <summary>
/// Entries packed back to back in one byte array, each a length prefix (7 bits per byte, low
/// bits first, the top bit set on every byte but the last) followed by the entry's bytes. An
/// entry under 128 bytes costs one byte more than its contents, and the whole sequence costs one
/// array: far less than an object per entry, which is why Redis keeps small collections this
/// way. The price is linear search and insertion, which is why it is only used while small.
/// <para>
/// An entry is addressed by its byte offset: 0 is the first entry and <see cref="ByteLength"/>
/// is past the last. Offsets stay valid until the next change before them.
/// Unlike Redis's listpack, entries carry no back-length, so the walk is forward only (all a
/// hash needs), and integers are stored as their text.
/// </para>
/// </summary>
internal sealed class HashListpack
{
    private byte[] _buffer;
    private int _used;

    public HashListpack() => _buffer = [];

    private HashListpack(byte[] buffer, int used, int count)
    {
        _buffer = buffer;
        _used = used;
        Count = count;
    }

    /// <summary>How many entries it holds.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of encoded entries; also the offset just past the last entry.</summary>
    public int ByteLength => _used;

    /// <summary>Bytes allocated for the buffer (at least <see cref="ByteLength"/>; growth leaves some room).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The entry at <paramref name="offset"/>; <paramref name="next"/> is the offset of the one after it.</summary>
    public ReadOnlySpan<byte> Get(int offset, out int next)
    {
        Debug.Assert(offset < _used);
        int length = ReadLength(_buffer, ref offset);
        next = offset + length;
        return _buffer.AsSpan(offset, length);
    }

    /// <summary>The offset of the entry after the one at <paramref name="offset"/>, cf. lpNext.</summary>
    public int Next(int offset)
    {
        int length = ReadLength(_buffer, ref offset);
        return offset + length;
    }

    /// <summary>The offset of the entry at <paramref name="index"/> (0-based, less than <see cref="Count"/>), cf. lpSeek.</summary>
    public int Seek(int index)
    {
        Debug.Assert(index >= 0 && index < Count);
        int offset = 0;
        for (; index > 0; index--) offset = Next(offset);
        return offset;
    }

    /// <summary>
    /// The offset of the first entry equal to <paramref name="item"/> among entries 0, skip+1,
    /// 2(skip+1)..., or -1, cf. lpFind: a hash searches its fields with skip 1, never its values.
    /// </summary>
    public int Find(ReadOnlySpan<byte> item, int skip)
    {
        int offset = 0;
        while (offset < _used)
        {
            int entry = offset;
            int length = ReadLength(_buffer, ref offset);
            if (length == item.Length && _buffer.AsSpan(offset, length).SequenceEqual(item)) return entry;
            offset += length;
            for (int i = 0; i < skip && offset < _used; i++) offset = Next(offset);
        }
        return -1;
    }

    /// <summary>Adds <paramref name="item"/> after the last entry, cf. lpAppend.</summary>
    public void Append(ReadOnlySpan<byte> item)
    {
        int size = EncodedSize(item.Length);
        EnsureCapacity(_used + size);
        Write(_buffer, _used, item);
        _used += size;
        Count++;
    }

    /// <summary>Replaces the entry at <paramref name="offset"/> with <paramref name="item"/>, moving what follows, cf. lpReplace.</summary>
    public void Replace(int offset, ReadOnlySpan<byte> item)
    {
        int oldEnd = Next(offset);
        int newSize = EncodedSize(item.Length);
        int newEnd = offset + newSize;
        if (newEnd > oldEnd) EnsureCapacity(_used + newEnd - oldEnd);
        _buffer.AsSpan(oldEnd, _used - oldEnd).CopyTo(_buffer.AsSpan(newEnd));
        _used += newEnd - oldEnd;
        Write(_buffer, offset, item);
    }

    /// <summary>Removes <paramref name="entries"/> entries starting at <paramref name="offset"/>, cf. lpDeleteRange.</summary>
    public void Delete(int offset, int entries)
    {
        int end = offset;
        for (int i = 0; i < entries; i++) end = Next(end);
        _buffer.AsSpan(end, _used - end).CopyTo(_buffer.AsSpan(offset));
        _used -= end - offset;
        Count -= entries;
        // Give memory back once the buffer is mostly empty, as Redis reallocates after a delete.
        if (_buffer.Length > 64 && _used < _buffer.Length / 2) _buffer = _buffer.AsSpan(0, _used).ToArray();
    }

    /// <summary>An independent copy, with no spare room.</summary>
    public HashListpack Duplicate() => new(_buffer.AsSpan(0, _used).ToArray(), _used, Count);

    /// <summary>Bytes an entry of <paramref name="length"/> bytes takes: the length prefix and the bytes.</summary>
    public static int EncodedSize(int length)
    {
        int prefix = 1;
        for (uint rest = (uint)length >> 7; rest != 0; rest >>= 7) prefix++;
        return prefix + length;
    }

    // Small buffers grow to the next multiple of 16 bytes, as the small size classes of Redis's
    // allocator (jemalloc) are spaced, so a small hash wastes at most 15 bytes; from 256 bytes on
    // by a quarter at least (jemalloc's larger classes are about 25% apart), so appends cost
    // amortised O(1) copies and waste at most a fifth.
    private const int SmallBuffer = 256;

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length) return;
        long capacity = needed <= SmallBuffer
            ? (needed + 15) & ~15
            : (Math.Max(needed, _buffer.Length + (long)_buffer.Length / 4) + 7) & ~7L;
        var bigger = new byte[Math.Max(needed, Math.Min(capacity, Array.MaxLength))];
        _buffer.AsSpan(0, _used).CopyTo(bigger);
        _buffer = bigger;
    }

    private static void Write(byte[] buffer, int offset, ReadOnlySpan<byte> item)
    {
        uint length = (uint)item.Length;
        while (length >= 0x80)
        {
            buffer[offset++] = (byte)(length | 0x80);
            length >>= 7;
        }
        buffer[offset++] = (byte)length;
        item.CopyTo(buffer.AsSpan(offset));
    }

    private static int ReadLength(byte[] buffer, ref int offset)
    {
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = buffer[offset++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) return length;
        }
    }
}
