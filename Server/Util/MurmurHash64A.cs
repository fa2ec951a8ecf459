// MurmurHash2, 64-bit version (Austin Appleby's MurmurHash64A), endian-neutral as Redis uses it.
// cf. MurmurHash64A in hyperloglog.c: HyperLogLog hashes every element with it, seed 0xadc83b19.

using System.Buffers.Binary;

namespace EventLoopRedis.Util;

internal static class MurmurHash64A
{
    private const ulong M = 0xc6a4a7935bd1e995;
    private const int R = 47;

    /// <summary>The 64-bit hash of <paramref name="data"/>; blocks are read little-endian whatever the machine.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, uint seed)
    {
        // Redis multiplies the length as a C int by the 64-bit constant: the int is sign-extended.
        ulong h = seed ^ unchecked((ulong)(long)data.Length * M);
        int blocks = data.Length & ~7;
        for (int i = 0; i < blocks; i += 8)
        {
            ulong k = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i, 8));
            k *= M;
            k ^= k >> R;
            k *= M;
            h ^= k;
            h *= M;
        }

        var tail = data[blocks..];
        if (tail.Length > 0)
        {
            // The fall-through switch of the C code: byte j of the tail goes to bits 8*j.
            for (int j = tail.Length - 1; j >= 0; j--) h ^= (ulong)tail[j] << (8 * j);
            h *= M;
        }

        h ^= h >> R;
        h *= M;
        h ^= h >> R;
        return h;
    }
}
