// CRC-64 with the Jones polynomial, reflected, as Redis checksums RDB files and DUMP payloads.
// cf. crc64.c (crc64, the "123456789" -> 0xe9c6d914c4b8d9ca check) and crcspeed.c (slice-by-8).

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// The checksum at the end of an RDB file and of a DUMP payload. Eight tables let the loop take
/// eight bytes per step (slice-by-8, as crcspeed does), so checksumming a multi-gigabyte file
/// costs a fraction of writing it.
/// </summary>
internal static class Crc64
{
    private const ulong Polynomial = 0x95AC9329AC4BC9B5UL; // Jones, reflected

    private static readonly ulong[][] Tables = BuildTables();

    private static ulong[][] BuildTables()
    {
        var tables = new ulong[8][];
        for (int t = 0; t < 8; t++) tables[t] = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            ulong crc = i;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            tables[0][i] = crc;
        }
        for (int i = 0; i < 256; i++)
        {
            ulong crc = tables[0][i];
            for (int t = 1; t < 8; t++)
            {
                crc = tables[0][(byte)crc] ^ (crc >> 8);
                tables[t][i] = crc;
            }
        }
        return tables;
    }

    /// <summary>Continues the checksum <paramref name="crc"/> (0 to start) over <paramref name="data"/>.</summary>
    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        var (t0, t1, t2, t3, t4, t5, t6, t7) = (t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            crc = t7[(byte)crc] ^ t6[(byte)(crc >> 8)] ^ t5[(byte)(crc >> 16)] ^ t4[(byte)(crc >> 24)]
                ^ t3[(byte)(crc >> 32)] ^ t2[(byte)(crc >> 40)] ^ t1[(byte)(crc >> 48)] ^ t0[(byte)(crc >> 56)];
        }
        for (; i < data.Length; i++) crc = t0[(byte)(crc ^ data[i])] ^ (crc >> 8);
        return crc;
    }
}
