// LZF compression as Redis uses it for RDB strings: liblzf 3.6 built with HLOG 16 and VERY_FAST,
// so compressing the same bytes gives the same output as Redis. cf. lzf_c.c and lzf_d.c.

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// The output is a sequence of literal runs (a control byte 0..31 = run length - 1, then the
/// bytes) and back references (3 bits of length and 13 bits of offset, one more length byte when
/// the length field is 7). Strings whose compressed form is not smaller are stored as they are.
/// </summary>
internal static class Lzf
{
    private const int Hlog = 16, Hsize = 1 << Hlog, MaxLit = 1 << 5, MaxOff = 1 << 13, MaxRef = (1 << 8) + (1 << 3);

    // The hash table of recent positions, reused: compressing happens on the loop thread or a
    // saver thread, never both on one table.
    [ThreadStatic] private static int[]? _table;

    /// <summary>Compresses into <paramref name="output"/>; returns the compressed size, or 0 if it does not fit. cf. lzf_compress.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < 2 || output.Length == 0) return 0;
        var table = _table ??= new int[Hsize];
        Array.Clear(table); // offsets into input; 0 never matches (a reference must be past the start)
        int ip = 0, op = 0, inEnd = input.Length, outEnd = output.Length;
        int literals = 0;
        op++; // start a literal run
        uint hval = (uint)((input[0] << 8) | input[1]);
        while (ip < inEnd - 2)
        {
            hval = (hval << 8) | input[ip + 2];
            int slot = Index(hval);
            int reference = table[slot];
            table[slot] = ip;
            int off = ip - reference - 1;
            if (reference > 0 && reference < ip && off < MaxOff
                && input[reference + 2] == input[ip + 2] && input[reference] == input[ip] && input[reference + 1] == input[ip + 1])
            {
                int length = 2;
                int maxLength = Math.Min(inEnd - ip - length, MaxRef);
                if (op + 3 + 1 >= outEnd && op - (literals == 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
                output[op - literals - 1] = (byte)(literals - 1); // close the literal run
                if (literals == 0) op--;
                // liblzf first compares 16 bytes unconditionally when more than 16 may match,
                // then goes on while under maxLength: the same match lengths, byte for byte.
                bool mismatch = false;
                if (maxLength > 16)
                {
                    for (int k = 0; k < 16 && !mismatch; k++)
                    {
                        length++;
                        mismatch = input[reference + length] != input[ip + length];
                    }
                }
                if (!mismatch)
                {
                    do length++;
                    while (length < maxLength && input[reference + length] == input[ip + length]);
                }
                length -= 2;
                ip++;
                if (length < 7) output[op++] = (byte)((off >> 8) + (length << 5));
                else
                {
                    output[op++] = (byte)((off >> 8) + (7 << 5));
                    output[op++] = (byte)(length - 7);
                }
                output[op++] = (byte)off;
                literals = 0;
                op++; // start a literal run
                ip += length + 1;
                if (ip >= inEnd - 2) break;
                ip -= 2;
                hval = (uint)((input[ip] << 8) | input[ip + 1]);
                hval = (hval << 8) | input[ip + 2];
                table[Index(hval)] = ip;
                ip++;
                hval = (hval << 8) | input[ip + 2];
                table[Index(hval)] = ip;
                ip++;
            }
            else
            {
                if (op >= outEnd) return 0;
                CopyLiteral(input, output, ref ip, ref op, ref literals);
            }
        }
        if (op + 3 > outEnd) return 0;
        while (ip < inEnd) CopyLiteral(input, output, ref ip, ref op, ref literals);
        output[op - literals - 1] = (byte)(literals - 1);
        if (literals == 0) op--;
        return op;
    }

    /// <summary>One more byte in the current literal run; a full run (32 bytes) is closed and a new one started.</summary>
    private static void CopyLiteral(ReadOnlySpan<byte> input, Span<byte> output, ref int ip, ref int op, ref int literals)
    {
        literals++;
        output[op++] = input[ip++];
        if (literals == MaxLit)
        {
            output[op - literals - 1] = (byte)(literals - 1);
            literals = 0;
            op++;
        }
    }

    private static int Index(uint h) => (int)(((h >> (3 * 8 - Hlog)) - h * 5) & (Hsize - 1));

    /// <summary>
    /// cf. lzf_decompress: literal runs and back references. True only when the input decodes
    /// exactly to <paramref name="output"/>'s length; a corrupt input is refused, never read past.
    /// </summary>
    public static bool Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int control = input[ip++];
            if (control < 1 << 5)
            {
                int run = control + 1;
                if (op + run > output.Length || ip + run > input.Length) return false;
                input.Slice(ip, run).CopyTo(output[op..]);
                ip += run;
                op += run;
                continue;
            }
            int length = control >> 5;
            if (length == 7)
            {
                if (ip >= input.Length) return false;
                length += input[ip++];
            }
            if (ip >= input.Length) return false;
            int reference = op - ((control & 0x1f) << 8) - 1 - input[ip++];
            length += 2;
            if (reference < 0 || op + length > output.Length) return false;
            for (int i = 0; i < length; i++) output[op++] = output[reference++];
        }
        return op == output.Length;
    }
}
