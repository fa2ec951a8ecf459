// Redis's intset as bytes: encoding (2, 4 or 8), length, then the members in ascending order, all
// little-endian, as RDB's SET_INTSET carries it. cf. intset.h, intsetBlobLen, intsetValidateIntegrity.

using System.Buffers.Binary;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence.Rdb;

internal static class IntsetBlob
{
    private const int HeaderSize = 8;

    /// <summary>Bytes of the blob (cf. intsetBlobLen).</summary>
    public static int Size(Intset intset) => (int)intset.BlobLength;

    /// <summary>Writes the blob of <paramref name="intset"/> (at least <see cref="Size"/> bytes).</summary>
    public static void Write(Intset intset, Span<byte> into)
    {
        int width = intset.Width;
        BinaryPrimitives.WriteUInt32LittleEndian(into, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(into[4..], (uint)intset.Count);
        var members = into[HeaderSize..];
        for (int i = 0; i < intset.Count; i++)
        {
            long value = intset[i];
            var slot = members[(i * width)..];
            switch (width)
            {
                case sizeof(short): BinaryPrimitives.WriteInt16LittleEndian(slot, (short)value); break;
                case sizeof(int): BinaryPrimitives.WriteInt32LittleEndian(slot, (int)value); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(slot, value); break;
            }
        }
    }

    /// <summary>
    /// The members of a blob, checked as intsetValidateIntegrity does with deep checking: a known
    /// encoding, a length that matches the size, and members strictly ascending (so no duplicates).
    /// </summary>
    public static long[] Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize) throw new RdbFormatException("Intset integrity check failed (too short)");
        uint width = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (width is not (2 or 4 or 8)) throw new RdbFormatException($"Intset integrity check failed (encoding {width})");
        if ((ulong)count * width + HeaderSize != (ulong)blob.Length)
            throw new RdbFormatException("Intset integrity check failed (length does not match the size)");
        var members = new long[count];
        var data = blob[HeaderSize..];
        for (int i = 0; i < members.Length; i++)
        {
            var slot = data[(i * (int)width)..];
            members[i] = width switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(slot),
                4 => BinaryPrimitives.ReadInt32LittleEndian(slot),
                _ => BinaryPrimitives.ReadInt64LittleEndian(slot),
            };
            if (i > 0 && members[i] <= members[i - 1])
                throw new RdbFormatException("Intset integrity check failed (members not in ascending order)");
        }
        return members;
    }
}
