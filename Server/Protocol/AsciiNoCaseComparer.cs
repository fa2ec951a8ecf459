// Compares byte strings ignoring ASCII case, and looks up byte[] keys by span without allocating.
// cf. dictSdsKeyCaseCompare / dictSdsCaseHash in server.c (the command table's dict type).

using System.Text;

namespace EventLoopRedis.Protocol;

internal sealed class AsciiNoCaseComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly AsciiNoCaseComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && Ascii.EqualsIgnoreCase(x, y);

    public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => Ascii.EqualsIgnoreCase(alternate, other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        // FNV-1a over the lower-cased bytes: names are short, so this is cheap and good enough.
        uint hash = 2166136261;
        foreach (byte b in alternate)
        {
            hash ^= (uint)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b);
            hash *= 16777619;
        }
        return (int)hash;
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
