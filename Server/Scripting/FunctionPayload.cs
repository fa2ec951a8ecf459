// The FUNCTION DUMP payload: the libraries' code as RDB strings, then the RDB version and a
// CRC64. cf. functionDumpCommand and functionRestoreCommand in functions.c, rdbSaveRawString
// and rdbGenericLoadStringObject in rdb.c, lzf_c.c / lzf_d.c, crc64.c.

namespace EventLoopRedis.Scripting;

internal static class FunctionPayload
{
    private const byte OpcodeFunction2 = 245;      // RDB_OPCODE_FUNCTION2
    private const byte OpcodeFunctionPreGa = 246;  // RDB_OPCODE_FUNCTION_PRE_GA
    private const int RdbVersion = 10;             // Redis 7.0's RDB_VERSION

    /// <summary>Each library as opcode + RDB string, then the 2-byte RDB version and the CRC64 of everything before it.</summary>
    public static byte[] Dump(IEnumerable<FunctionLibrary> libraries)
    {
        var payload = new List<byte>();
        foreach (var library in libraries)
        {
            payload.Add(OpcodeFunction2);
            WriteString(payload, library.Code);
        }
        payload.Add(RdbVersion & 0xff);
        payload.Add(RdbVersion >> 8);
        ulong crc = Crc64(0, payload.ToArray());
        for (int i = 0; i < 8; i++) payload.Add((byte)(crc >> (8 * i)));
        return payload.ToArray();
    }

    /// <summary>
    /// The libraries' codes in <paramref name="payload"/>, or null with Redis's message.
    /// cf. verifyDumpPayload and the loop of functionRestoreCommand.
    /// </summary>
    public static List<byte[]>? Read(ReadOnlySpan<byte> payload, out string error)
    {
        error = "";
        if (payload.Length < 10 || (payload[^10] | payload[^9] << 8) > RdbVersion
            || Crc64(0, payload[..^8]) != BitConverter.ToUInt64(payload[^8..]))
        {
            error = "DUMP payload version or checksum are wrong";
            return null;
        }
        var codes = new List<byte[]>();
        int at = 0;
        while (payload.Length - at > 10)
        {
            byte type = payload[at++];
            if (type == OpcodeFunctionPreGa)
            {
                error = "Pre-GA function format not supported";
                return null;
            }
            if (type != OpcodeFunction2)
            {
                error = "given type is not a function";
                return null;
            }
            var code = ReadString(payload, ref at);
            if (code is null)
            {
                error = "Failed loading library payload";
                return null;
            }
            codes.Add(code);
        }
        return codes;
    }

    // ---- RDB strings -------------------------------------------------------------------------

    /// <summary>cf. rdbSaveRawString: LZF-compressed when longer than 20 bytes and it saves at least 4 bytes.</summary>
    private static void WriteString(List<byte> output, byte[] value)
    {
        if (value.Length > 20)
        {
            var compressed = new byte[value.Length - 4];
            int size = LzfCompress(value, compressed);
            if (size > 0)
            {
                output.Add(0xC3); // RDB_ENCVAL << 6 | RDB_ENC_LZF
                WriteLength(output, size);
                WriteLength(output, value.Length);
                output.AddRange(compressed.AsSpan(0, size));
                return;
            }
        }
        WriteLength(output, value.Length);
        output.AddRange(value);
    }

    /// <summary>cf. rdbSaveLen: 6, 14, 32 or 64 bits, big-endian.</summary>
    private static void WriteLength(List<byte> output, long length)
    {
        if (length < 1 << 6) output.Add((byte)length);
        else if (length < 1 << 14)
        {
            output.Add((byte)(0x40 | (length >> 8)));
            output.Add((byte)length);
        }
        else if (length <= uint.MaxValue)
        {
            output.Add(0x80);
            for (int shift = 24; shift >= 0; shift -= 8) output.Add((byte)(length >> shift));
        }
        else
        {
            output.Add(0x81);
            for (int shift = 56; shift >= 0; shift -= 8) output.Add((byte)(length >> shift));
        }
    }

    /// <summary>Reads a length, or an encoded-value marker (<paramref name="encoded"/>); false when the payload ends early.</summary>
    private static bool ReadLength(ReadOnlySpan<byte> input, ref int at, out long length, out bool encoded)
    {
        length = 0;
        encoded = false;
        if (at >= input.Length) return false;
        byte first = input[at++];
        switch (first >> 6)
        {
            case 0:
                length = first & 0x3f;
                return true;
            case 1:
                if (at >= input.Length) return false;
                length = ((first & 0x3f) << 8) | input[at++];
                return true;
            case 3:
                encoded = true;
                length = first & 0x3f;
                return true;
        }
        int bytes = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
        if (bytes < 0 || at + bytes > input.Length) return false;
        for (int i = 0; i < bytes; i++) length = (length << 8) | input[at++];
        return true;
    }

    private static byte[]? ReadString(ReadOnlySpan<byte> input, ref int at)
    {
        if (!ReadLength(input, ref at, out long length, out bool encoded)) return null;
        if (!encoded)
        {
            if (length > input.Length - at) return null;
            var raw = input.Slice(at, (int)length).ToArray();
            at += (int)length;
            return raw;
        }
        switch (length)
        {
            case 0: // RDB_ENC_INT8, INT16, INT32: an integer written as a string
            case 1:
            case 2:
            {
                int size = 1 << (int)length;
                if (at + size > input.Length) return null;
                long value = 0;
                for (int i = size - 1; i >= 0; i--) value = (value << 8) | input[at + i];
                value = size switch { 1 => (sbyte)value, 2 => (short)value, _ => (int)value };
                at += size;
                return System.Text.Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            case 3: // RDB_ENC_LZF
            {
                if (!ReadLength(input, ref at, out long compressedLength, out _) || !ReadLength(input, ref at, out long fullLength, out _))
                    return null;
                if (compressedLength > input.Length - at || fullLength > int.MaxValue) return null;
                var output = new byte[fullLength];
                bool ok = LzfDecompress(input.Slice(at, (int)compressedLength), output);
                at += (int)compressedLength;
                return ok ? output : null;
            }
        }
        return null;
    }

    // ---- LZF (liblzf 3.6 as Redis builds it: HLOG 16, VERY_FAST) ----------------------------------

    private const int Hlog = 16, Hsize = 1 << Hlog, MaxLit = 1 << 5, MaxOff = 1 << 13, MaxRef = (1 << 8) + (1 << 3);

    /// <summary>Compresses into <paramref name="output"/>; returns the compressed size, or 0 if it does not fit. cf. lzf_compress.</summary>
    private static int LzfCompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length == 0 || output.Length == 0) return 0;
        var table = new int[Hsize]; // offsets into input; 0 never matches (a reference must be past the start)
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

    /// <summary>cf. lzf_decompress: literal runs and back references; false on a corrupt input.</summary>
    private static bool LzfDecompress(ReadOnlySpan<byte> input, Span<byte> output)
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

    // ---- CRC64 (Jones polynomial, reflected, as crc64.c) --------------------------------------

    private static readonly ulong[] CrcTable = BuildCrcTable();

    private static ulong[] BuildCrcTable()
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            ulong crc = i;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x95AC9329AC4BC9B5UL : crc >> 1;
            table[i] = crc;
        }
        return table;
    }

    public static ulong Crc64(ulong crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = CrcTable[(byte)(crc ^ b)] ^ (crc >> 8);
        return crc;
    }
}
