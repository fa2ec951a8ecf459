// Redis's zipmap (small hashes before 2.6) as bytes, read only: very old RDB files carry hashes
// in it. cf. zipmap.c (the layout, zipmapValidateIntegrity).

using System.Buffers.Binary;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// <code>zmlen(1) (len key len free value free-bytes)... 0xFF</code>: a length is one byte below
/// 254, or 254 and a 32-bit little-endian number; "free" is one byte of unused room after the value.
/// </summary>
internal static class ZipmapBlob
{
    private const byte End = 0xFF;
    private const byte BigLength = 254;

    /// <summary>The fields and values, interleaved, checking the structure (and that no field repeats).</summary>
    public static List<byte[]> Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[^1] != End) Fail("header or end marker", 0);
        int declared = blob[0];
        int at = 1;
        var pairs = new List<byte[]>();
        var fields = new HashSet<string>(StringComparer.Ordinal);
        while (blob[at] != End)
        {
            var field = ReadItem(blob, ref at, hasFree: false);
            var value = ReadItem(blob, ref at, hasFree: true);
            if (!fields.Add(Convert.ToBase64String(field))) Fail("duplicate field", at);
            pairs.Add(field);
            pairs.Add(value);
        }
        if (at != blob.Length - 1) Fail("end marker before the end", at);
        if (declared < BigLength && declared != pairs.Count / 2) Fail("zmlen does not match the entries", 0);
        return pairs;
    }

    private static byte[] ReadItem(ReadOnlySpan<byte> blob, ref int at, bool hasFree)
    {
        int start = at;
        long length = blob[at++];
        if (length == BigLength)
        {
            if (at + 4 > blob.Length - 1) Fail("length runs past the end", start);
            length = BinaryPrimitives.ReadUInt32LittleEndian(blob[at..]);
            at += 4;
        }
        else if (length > BigLength) Fail("bad length", start);
        int free = 0;
        if (hasFree)
        {
            if (at >= blob.Length - 1) Fail("free byte past the end", start);
            free = blob[at++];
        }
        if (length + free > blob.Length - 1 - at) Fail("item runs past the end", start);
        var item = blob.Slice(at, (int)length).ToArray();
        at += (int)length + free;
        return item;
    }

    private static void Fail(string why, int at) =>
        throw new RdbFormatException($"Zipmap integrity check failed ({why} at byte {at})");
}
