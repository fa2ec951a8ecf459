// A set of 64-bit integers kept as one sorted array whose element width grows with the values.
// cf. src/intset.c (intsetAdd, intsetUpgradeAndAdd, intsetSearch, intsetRemove, intsetRandom).

using System.Runtime.InteropServices;

namespace EventLoopRedis.Storage;

/// <summary>
/// Redis's intset: the members in ascending order in one contiguous array of 16-, 32- or 64-bit
/// integers. The width is the smallest that holds every value ever added: adding a value that does
/// not fit upgrades the whole array (and, as in Redis, removing it never downgrades it again).
/// Lookups are a binary search; adding and removing shift the tail, so both are O(n), which is why
/// a set stays an intset only up to set-max-intset-entries members.
/// </summary>
internal sealed class Intset
{
    private const int MinCapacityBytes = 16;

    // The elements, each Width bytes in the machine's byte order, then spare room for growth.
    private byte[] _contents = [];

    /// <summary>The bytes per element: 2, 4 or 8 (INTSET_ENC_INT16, INT32, INT64).</summary>
    public int Width { get; private set; } = sizeof(short);

    public int Count { get; private set; }

    /// <summary>What Redis's intset occupies: an 8-byte header and the elements (intsetBlobLen).</summary>
    public long BlobLength => 8 + (long)Count * Width;

    /// <summary>The width a value needs (cf. _intsetValueEncoding).</summary>
    public static int WidthOf(long value) =>
        value is < int.MinValue or > int.MaxValue ? sizeof(long)
        : value is < short.MinValue or > short.MaxValue ? sizeof(int)
        : sizeof(short);

    /// <summary>The element at <paramref name="index"/> (0 is the smallest), cf. intsetGet.</summary>
    public long this[int index] => Width switch
    {
        sizeof(short) => Elements<short>()[index],
        sizeof(int) => Elements<int>()[index],
        _ => Elements<long>()[index],
    };

    public bool Contains(long value) => WidthOf(value) <= Width && Search(value) >= 0;

    /// <summary>Adds <paramref name="value"/>; false when it was already there (cf. intsetAdd).</summary>
    public bool Add(long value)
    {
        if (WidthOf(value) > Width)
        {
            UpgradeAndAdd(value);
            return true;
        }
        int found = Search(value);
        if (found >= 0) return false;
        int at = ~found;
        EnsureCapacity(Count + 1);
        var bytes = _contents.AsSpan();
        bytes.Slice(at * Width, (Count - at) * Width).CopyTo(bytes[((at + 1) * Width)..]);
        Count++;
        Set(at, value);
        return true;
    }

    /// <summary>Removes <paramref name="value"/>; false when it was not there (cf. intsetRemove).</summary>
    public bool Remove(long value)
    {
        if (WidthOf(value) > Width) return false;
        int at = Search(value);
        if (at < 0) return false;
        var bytes = _contents.AsSpan();
        bytes.Slice((at + 1) * Width, (Count - at - 1) * Width).CopyTo(bytes[(at * Width)..]);
        Count--;
        // Give memory back once three quarters of the array is unused, as Redis reallocs on every removal.
        if (_contents.Length > MinCapacityBytes && Count * Width < _contents.Length / 4)
            Array.Resize(ref _contents, Math.Max(MinCapacityBytes, _contents.Length / 2));
        return true;
    }

    /// <summary>A uniformly random element of a non-empty intset (cf. intsetRandom).</summary>
    public long Random() => this[System.Random.Shared.Next(Count)];

    /// <summary>An independent copy with the same width and elements (cf. the memcpy in setTypeDup).</summary>
    public Intset Clone() => new() { _contents = _contents.AsSpan(0, Count * Width).ToArray(), Width = Width, Count = Count };

    /// <summary>Redis's intsetUpgradeAndAdd: widen every element, then put the new value at an end, where it must go.</summary>
    private void UpgradeAndAdd(long value)
    {
        int oldWidth = Width;
        var old = _contents;
        int count = Count;
        Width = WidthOf(value);
        _contents = new byte[Math.Max(MinCapacityBytes, (count + 1) * Width * 2)];
        // A value too wide for the old encoding is either below or above every element there.
        int offset = value < 0 ? 1 : 0;
        for (int i = 0; i < count; i++) Set(i + offset, Read(old, oldWidth, i));
        Count = count + 1;
        Set(value < 0 ? 0 : count, value);
    }

    private static long Read(byte[] contents, int width, int index) => width switch
    {
        sizeof(short) => MemoryMarshal.Cast<byte, short>(contents)[index],
        sizeof(int) => MemoryMarshal.Cast<byte, int>(contents)[index],
        _ => MemoryMarshal.Cast<byte, long>(contents)[index],
    };

    private void Set(int index, long value)
    {
        switch (Width)
        {
            case sizeof(short): MemoryMarshal.Cast<byte, short>(_contents.AsSpan())[index] = (short)value; break;
            case sizeof(int): MemoryMarshal.Cast<byte, int>(_contents.AsSpan())[index] = (int)value; break;
            default: MemoryMarshal.Cast<byte, long>(_contents.AsSpan())[index] = value; break;
        }
    }

    // The index of value, or the bitwise complement of where it would go (as Array.BinarySearch).
    // The caller has checked that value fits the width.
    private int Search(long value) => Width switch
    {
        sizeof(short) => Elements<short>().BinarySearch((short)value),
        sizeof(int) => Elements<int>().BinarySearch((int)value),
        _ => Elements<long>().BinarySearch(value),
    };

    private ReadOnlySpan<T> Elements<T>() where T : struct =>
        MemoryMarshal.Cast<byte, T>(_contents.AsSpan(0, Count * Width));

    private void EnsureCapacity(int count)
    {
        int needed = count * Width;
        if (needed <= _contents.Length) return;
        Array.Resize(ref _contents, Math.Max(MinCapacityBytes, Math.Max(needed, _contents.Length * 2)));
    }
}
