// The DUMP payload: a value as RDB writes it, then the RDB version (2 bytes) and a CRC64 (8 bytes),
// both little-endian. cf. createDumpPayload and verifyDumpPayload in cluster.c.

using System.Buffers;
using System.Buffers.Binary;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence.Rdb;

internal static class DumpPayload
{
    private const int FooterSize = 10;

    /// <summary>The payload DUMP replies with for <paramref name="value"/>.</summary>
    public static byte[] Create(RedisObject value, bool compress)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        RdbWriter.SerializeValue(buffer, value, compress);
        AppendFooter(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the RDB version and the CRC64 of everything before it.</summary>
    public static void AppendFooter(ArrayBufferWriter<byte> buffer)
    {
        var version = buffer.GetSpan(2);
        BinaryPrimitives.WriteUInt16LittleEndian(version, RdbFormat.Version);
        buffer.Advance(2);
        ulong crc = Crc64.Update(0, buffer.WrittenSpan);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), crc);
        buffer.Advance(8);
    }

    /// <summary>
    /// Whether the footer is sound: at least 10 bytes, a version this server reads, and a CRC64
    /// matching the rest (cf. verifyDumpPayload). <paramref name="body"/> is what precedes the footer.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (payload.Length < FooterSize) return false;
        var footer = payload[^FooterSize..];
        if (BinaryPrimitives.ReadUInt16LittleEndian(footer) > RdbFormat.Version) return false;
        if (Crc64.Update(0, payload[..^8]) != BinaryPrimitives.ReadUInt64LittleEndian(footer[2..])) return false;
        body = payload[..^FooterSize];
        return true;
    }
}
