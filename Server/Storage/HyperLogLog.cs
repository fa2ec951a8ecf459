// HyperLogLog: a cardinality estimator kept inside a plain string, byte for byte as Redis 7.0 lays it
// out (the HYLL header, the sparse ZERO/XZERO/VAL opcodes, the dense 6-bit registers), so values move
// between Redis and this server with GET and SET. cf. hyperloglog.c (hllhdr, hllSparseSet, hllCount).

using System.Buffers.Binary;
using EventLoopRedis.Util;

namespace EventLoopRedis.Storage;

/// <summary>
/// The bytes of a HyperLogLog string being edited: <see cref="Length"/> bytes of <see cref="Bytes"/>
/// are the string, the rest of the array is spare room kept at zero (the sds of Redis's code).
/// </summary>
internal struct HllBuffer(byte[] bytes, int length)
{
    public byte[] Bytes = bytes;
    public int Length = length;

    public readonly Span<byte> Span => Bytes.AsSpan(0, Length);
}

/// <summary>
/// The HyperLogLog of Redis 7.0: 16384 registers (P = 14), each the longest run of zeros (plus one)
/// seen in the hashes routed to it. A 16-byte header ("HYLL", the encoding, three unused bytes and a
/// little-endian cached cardinality whose top bit marks it stale) is followed either by the dense
/// registers (6 bits each, 12288 bytes) or by the sparse run-length opcodes:
/// <list type="bullet">
/// <item>ZERO <c>00xxxxxx</c>: 1 to 64 registers at zero;</item>
/// <item>XZERO <c>01xxxxxx yyyyyyyy</c>: 1 to 16384 registers at zero;</item>
/// <item>VAL <c>1vvvvvxx</c>: 1 to 4 registers at the value 1 to 32.</item>
/// </list>
/// A new HLL is sparse; it turns dense when a register needs a value above 32 or when the sparse
/// form would grow past hll-sparse-max-bytes, which the caller passes in.
/// </summary>
internal static class HyperLogLog
{
    public const int P = 14;
    public const int RegisterCount = 1 << P;
    /// <summary>Bits of the hash left after the register index: runs are at most Q + 1 long.</summary>
    private const int Q = 64 - P;
    private const int RegisterMax = 63;
    public const int HeaderSize = 16;
    public const int DenseSize = HeaderSize + (RegisterCount * 6 + 7) / 8;
    public const byte DenseEncoding = 0;
    public const byte SparseEncoding = 1;
    private const int EncodingOffset = 4;
    private const int CardinalityOffset = 8;

    private const int SparseValMaxValue = 32;
    private const int SparseValMaxLen = 4;
    private const int SparseZeroMaxLen = 64;
    private const int SparseXZeroMaxLen = 16384;

    /// <summary>The hash seed Redis 7.0 uses for HyperLogLog elements.</summary>
    public const uint HashSeed = 0xadc83b19;

    /// <summary>0.5 / ln 2, the limit of the bias-correcting constant alpha for large m.</summary>
    private const double AlphaInf = 0.721347520444481703680;

    // ---- the header ----------------------------------------------------------------

    /// <summary>
    /// True when <paramref name="value"/> has the shape of an HLL: long enough for the header,
    /// "HYLL", a known encoding, and exactly the dense size when dense (cf. isHLLObjectOrReply).
    /// The sparse opcodes are only checked as they are read.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length < HeaderSize || !value.StartsWith("HYLL"u8)) return false;
        byte encoding = value[EncodingOffset];
        if (encoding > SparseEncoding) return false;
        return encoding != DenseEncoding || value.Length == DenseSize;
    }

    public static bool IsSparse(ReadOnlySpan<byte> hll) => hll[EncodingOffset] == SparseEncoding;

    /// <summary>An empty HLL: sparse, one XZERO opcode covering all the registers (cf. createHLLObject).</summary>
    public static byte[] CreateEmpty()
    {
        var bytes = new byte[HeaderSize + 2];
        "HYLL"u8.CopyTo(bytes);
        bytes[EncodingOffset] = SparseEncoding;
        SetXZero(bytes.AsSpan(HeaderSize), RegisterCount);
        return bytes;
    }

    /// <summary>The cached cardinality, if it is still valid (its top bit clear).</summary>
    public static bool TryGetCachedCount(ReadOnlySpan<byte> hll, out long count)
    {
        count = (long)BinaryPrimitives.ReadUInt64LittleEndian(hll.Slice(CardinalityOffset, 8));
        return (hll[CardinalityOffset + 7] & 0x80) == 0;
    }

    public static void SetCachedCount(Span<byte> hll, ulong count) =>
        BinaryPrimitives.WriteUInt64LittleEndian(hll.Slice(CardinalityOffset, 8), count);

    /// <summary>Marks the cached cardinality stale (cf. HLL_INVALIDATE_CACHE).</summary>
    public static void InvalidateCache(Span<byte> hll) => hll[CardinalityOffset + 7] |= 0x80;

    // ---- hashing an element --------------------------------------------------------

    /// <summary>
    /// The register an element goes to (the low P bits of its hash) and the length of the
    /// "00..1" pattern in the remaining bits, counting the final 1 (cf. hllPatLen).
    /// </summary>
    public static int PatternLength(ReadOnlySpan<byte> element, out int index)
    {
        ulong hash = MurmurHash64A.Hash(element, HashSeed);
        index = (int)(hash & (RegisterCount - 1));
        hash >>= P;
        hash |= 1UL << Q; // the loop ends, with a count of at most Q + 1
        return System.Numerics.BitOperations.TrailingZeroCount(hash) + 1;
    }

    // ---- adding ----------------------------------------------------------------------

    /// <summary>
    /// Adds an element (cf. hllAdd): 1 if a register grew, 0 if not, -1 if the sparse opcodes
    /// are corrupt. The caller invalidates the cached cardinality when any add returned 1.
    /// </summary>
    public static int Add(ref HllBuffer hll, ReadOnlySpan<byte> element, long sparseMaxBytes)
    {
        int count = PatternLength(element, out int index);
        return Set(ref hll, index, count, sparseMaxBytes);
    }

    /// <summary>Raises register <paramref name="index"/> to <paramref name="count"/> if it is lower; see <see cref="Add"/>.</summary>
    public static int Set(ref HllBuffer hll, int index, int count, long sparseMaxBytes) =>
        hll.Bytes[EncodingOffset] switch
        {
            DenseEncoding => DenseSet(hll.Span[HeaderSize..], index, count) ? 1 : 0,
            SparseEncoding => SparseSet(ref hll, index, count, sparseMaxBytes),
            _ => -1,
        };

    // ---- the dense registers ---------------------------------------------------------

    /// <summary>
    /// Register <paramref name="index"/> of 6-bit registers packed from the low bit of each byte
    /// up (cf. HLL_DENSE_GET_REGISTER). The last register's second byte lies past the array
    /// (Redis reads the sds terminator there); its bits would be masked off anyway.
    /// </summary>
    public static int GetRegister(ReadOnlySpan<byte> registers, int index)
    {
        int bit = index * 6;
        int b = bit >> 3, shift = bit & 7;
        int b0 = registers[b];
        int b1 = b + 1 < registers.Length ? registers[b + 1] : 0;
        return ((b0 >> shift) | (b1 << (8 - shift))) & RegisterMax;
    }

    /// <summary>Sets register <paramref name="index"/> to <paramref name="value"/> (0..63), cf. HLL_DENSE_SET_REGISTER.</summary>
    public static void SetRegister(Span<byte> registers, int index, int value)
    {
        int bit = index * 6;
        int b = bit >> 3, shift = bit & 7;
        registers[b] = (byte)((registers[b] & ~(RegisterMax << shift)) | (value << shift));
        if (shift > 2) // only then does the register reach into the next byte
            registers[b + 1] = (byte)((registers[b + 1] & ~(RegisterMax >> (8 - shift))) | (value >> (8 - shift)));
    }

    private static bool DenseSet(Span<byte> registers, int index, int count)
    {
        if (count <= GetRegister(registers, index)) return false;
        SetRegister(registers, index, count);
        return true;
    }

    // ---- the sparse opcodes ----------------------------------------------------------

    private static bool IsZero(byte op) => (op & 0xc0) == 0;
    private static bool IsXZero(byte op) => (op & 0xc0) == 0x40;
    private static bool IsVal(byte op) => (op & 0x80) != 0;
    private static int ZeroLength(byte op) => (op & 0x3f) + 1;
    private static int ValValue(byte op) => ((op >> 2) & 0x1f) + 1;
    private static int ValLength(byte op) => (op & 0x3) + 1;

    /// <summary>An XZERO's run; its second byte may lie past a corrupt string's end, read as the sds terminator (0).</summary>
    private static int XZeroLength(ReadOnlySpan<byte> bytes, int p) =>
        (((bytes[p] & 0x3f) << 8) | (p + 1 < bytes.Length ? bytes[p + 1] : 0)) + 1;

    private static byte Val(int value, int length) => (byte)(((value - 1) << 2) | (length - 1) | 0x80);

    private static void SetXZero(Span<byte> at, int length)
    {
        at[0] = (byte)(((length - 1) >> 8) | 0x40);
        at[1] = (byte)((length - 1) & 0xff);
    }

    /// <summary>Writes a run of zeros as ZERO or, above 64, XZERO; returns the bytes written.</summary>
    private static int WriteZeros(Span<byte> at, int length)
    {
        if (length > SparseZeroMaxLen)
        {
            SetXZero(at, length);
            return 2;
        }
        at[0] = (byte)(length - 1);
        return 1;
    }

    /// <summary>
    /// cf. hllSparseSet: finds the opcode covering the register and rewrites it in place (a VAL
    /// raised, a ZERO of one turned VAL, or a run split into up to three opcodes), merges adjacent
    /// equal VALs, and turns the HLL dense when the count does not fit a VAL or the string would
    /// pass <paramref name="sparseMaxBytes"/>.
    /// </summary>
    private static int SparseSet(ref HllBuffer hll, int index, int count, long sparseMaxBytes)
    {
        if (count > SparseValMaxValue) return Promote(ref hll, index, count);

        // A split grows the string by at most 3 bytes: make room first, as sdsMakeRoomFor does.
        if (hll.Bytes.Length < hll.Length + 3)
        {
            var grown = new byte[Math.Max(hll.Length + 3, Math.Min(2 * hll.Length, hll.Length + 300))];
            hll.Span.CopyTo(grown);
            hll.Bytes = grown;
        }
        var b = hll.Bytes;
        int end = hll.Length;

        // Step 1: the opcode at p covers registers first .. first + span - 1, index among them.
        int p = HeaderSize, prev = -1;
        long first = 0, span = 0;
        while (p < end)
        {
            int opLength = 1;
            byte op = b[p];
            if (IsZero(op)) span = ZeroLength(op);
            else if (IsVal(op)) span = ValLength(op);
            else
            {
                span = XZeroLength(b.AsSpan(0, end), p);
                opLength = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            p += opLength;
            first += span;
        }
        if (span == 0 || p >= end) return -1;
        int next = IsXZero(b[p]) ? p + 2 : p + 1;
        if (next >= end) next = -1;

        byte current = b[p];
        bool isXZero = IsXZero(current), isZero = IsZero(current), isVal = IsVal(current);
        long runLength = isZero ? ZeroLength(current) : isXZero ? XZeroLength(b.AsSpan(0, end), p) : ValLength(current);

        // Step 2: the cases that change the opcode in place.
        if (isVal)
        {
            if (ValValue(current) >= count) return 0;
            if (runLength == 1)
            {
                b[p] = Val(count, 1);
                return MergeAdjacentVals(ref hll, prev, end);
            }
        }
        if (isZero && runLength == 1)
        {
            b[p] = Val(count, 1);
            return MergeAdjacentVals(ref hll, prev, end);
        }

        // The general case: split the run into (before, our register, after).
        Span<byte> sequence = stackalloc byte[5];
        int n = 0;
        long last = first + span - 1;
        if (isZero || isXZero)
        {
            if (index != first) n += WriteZeros(sequence[n..], (int)(index - first));
            sequence[n++] = Val(count, 1);
            if (index != last) n += WriteZeros(sequence[n..], (int)(last - index));
        }
        else
        {
            int value = ValValue(current);
            if (index != first) sequence[n++] = Val(value, (int)(index - first));
            sequence[n++] = Val(count, 1);
            if (index != last) sequence[n++] = Val(value, (int)(last - index));
        }

        // Step 3: put the sequence in place of the opcode, moving the rest as needed.
        int oldLength = isXZero ? 2 : 1;
        int delta = n - oldLength;
        if (delta > 0 && hll.Length + delta > sparseMaxBytes) return Promote(ref hll, index, count);
        if (delta != 0 && next >= 0) b.AsSpan(next, end - next).CopyTo(b.AsSpan(next + delta));
        if (delta < 0) b.AsSpan(end + delta, -delta).Clear();
        sequence[..n].CopyTo(b.AsSpan(p));
        end += delta;
        hll.Length = end;
        return MergeAdjacentVals(ref hll, prev, end);
    }

    /// <summary>
    /// Step 4 of hllSparseSet: merges adjacent VALs of the same value whose runs fit one VAL,
    /// scanning at most five opcodes from the one before the change; invalidates the cache; 1.
    /// </summary>
    private static int MergeAdjacentVals(ref HllBuffer hll, int prev, int end)
    {
        var b = hll.Bytes;
        int p = prev >= 0 ? prev : HeaderSize;
        int scan = 5;
        while (p < end && scan-- != 0)
        {
            byte op = b[p];
            if (IsXZero(op))
            {
                p += 2;
                continue;
            }
            if (IsZero(op))
            {
                p++;
                continue;
            }
            if (p + 1 < end && IsVal(b[p + 1]))
            {
                int value = ValValue(op);
                int length = ValLength(op) + ValLength(b[p + 1]);
                if (value == ValValue(b[p + 1]) && length <= SparseValMaxLen)
                {
                    b[p + 1] = Val(value, length);
                    b.AsSpan(p + 1, end - p - 1).CopyTo(b.AsSpan(p));
                    end--;
                    b[end] = 0;
                    hll.Length = end;
                    continue; // the merged VAL may merge with the next one too
                }
            }
            p++;
        }
        InvalidateCache(hll.Span);
        return 1;
    }

    /// <summary>The promote path of hllSparseSet: to dense, then the register is set there (always a change).</summary>
    private static int Promote(ref HllBuffer hll, int index, int count)
    {
        if (!TryToDense(ref hll)) return -1;
        DenseSet(hll.Span[HeaderSize..], index, count);
        return 1;
    }

    /// <summary>
    /// Rewrites a sparse HLL as dense, keeping the header (magic, unused bytes, cached count);
    /// false, leaving it as it was, when the opcodes do not cover exactly the 16384 registers
    /// (cf. hllSparseToDense, with the same checks as <see cref="TryMergeInto"/>). A dense HLL is left alone.
    /// </summary>
    public static bool TryToDense(ref HllBuffer hll)
    {
        var sparse = hll.Span;
        if (sparse[EncodingOffset] == DenseEncoding) return true;
        // The sparse runs read into one byte per register, with the same checks as a merge.
        Span<byte> values = stackalloc byte[RegisterCount];
        values.Clear();
        if (!TryMergeInto(values, sparse)) return false;
        var dense = new byte[DenseSize];
        sparse[..HeaderSize].CopyTo(dense);
        dense[EncodingOffset] = DenseEncoding;
        var registers = dense.AsSpan(HeaderSize);
        for (int i = 0; i < RegisterCount; i++)
            if (values[i] != 0) SetRegister(registers, i, values[i]);
        hll = new HllBuffer(dense, DenseSize);
        return true;
    }

    // ---- counting ----------------------------------------------------------------------

    /// <summary>
    /// The estimated cardinality (cf. hllCount), or false for a sparse HLL whose opcodes do not
    /// cover exactly the 16384 registers.
    /// </summary>
    public static bool TryCount(ReadOnlySpan<byte> hll, out ulong count)
    {
        Span<int> histogram = stackalloc int[64];
        histogram.Clear();
        bool valid = true;
        if (hll[EncodingOffset] == DenseEncoding) DenseHistogram(hll[HeaderSize..], histogram);
        else valid = SparseHistogram(hll[HeaderSize..], histogram);
        count = Estimate(histogram);
        return valid;
    }

    /// <summary>The cardinality of 16384 registers held one per byte (the merged registers of PFCOUNT with several keys).</summary>
    public static ulong CountRaw(ReadOnlySpan<byte> registers)
    {
        Span<int> histogram = stackalloc int[64];
        histogram.Clear();
        foreach (byte r in registers) histogram[r]++;
        return Estimate(histogram);
    }

    private static void DenseHistogram(ReadOnlySpan<byte> registers, Span<int> histogram)
    {
        // Four registers in every three bytes.
        for (int i = 0; i + 2 < registers.Length; i += 3)
        {
            int b0 = registers[i], b1 = registers[i + 1], b2 = registers[i + 2];
            histogram[b0 & 63]++;
            histogram[((b0 >> 6) | (b1 << 2)) & 63]++;
            histogram[((b1 >> 4) | (b2 << 4)) & 63]++;
            histogram[b2 >> 2]++;
        }
    }

    private static bool SparseHistogram(ReadOnlySpan<byte> opcodes, Span<int> histogram)
    {
        long index = 0;
        int p = 0;
        while (p < opcodes.Length)
        {
            byte op = opcodes[p];
            if (IsZero(op))
            {
                int runLength = ZeroLength(op);
                index += runLength;
                histogram[0] += runLength;
                p++;
            }
            else if (IsXZero(op))
            {
                int runLength = XZeroLength(opcodes, p);
                index += runLength;
                histogram[0] += runLength;
                p += 2;
            }
            else
            {
                int runLength = ValLength(op);
                index += runLength;
                histogram[ValValue(op)] += runLength;
                p++;
            }
        }
        return index == RegisterCount;
    }

    /// <summary>
    /// Ertl's improved raw estimator over the register histogram ("New cardinality estimation
    /// algorithms for HyperLogLog sketches", arXiv:1702.01284), as Redis 7.0 computes it.
    /// </summary>
    private static ulong Estimate(ReadOnlySpan<int> histogram)
    {
        const double m = RegisterCount;
        double z = m * Tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; j--)
        {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * Sigma(histogram[0] / m);
        // llroundl: halves away from zero; out of range (z of 0 from registers all at Q + 1) it gives
        // LLONG_MIN on x86-64, as Redis then replies.
        double estimate = Math.Round(AlphaInf * m * m / z, MidpointRounding.AwayFromZero);
        return estimate < 9.2233720368547758e18 ? (ulong)estimate : 0x8000000000000000UL;
    }

    private static double Sigma(double x)
    {
        if (x == 1.0) return double.PositiveInfinity;
        double zPrime, y = 1, z = x;
        do
        {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0.0 || x == 1.0) return 0.0;
        double zPrime, y = 1.0, z = 1 - x;
        do
        {
            x = Math.Sqrt(x);
            zPrime = z;
            y *= 0.5;
            z -= Math.Pow(1 - x, 2) * y;
        } while (zPrime != z);
        return z / 3;
    }

    // ---- merging -----------------------------------------------------------------------

    /// <summary>
    /// Raises each of the 16384 one-byte registers in <paramref name="max"/> to this HLL's
    /// register (cf. hllMerge); false for corrupt sparse opcodes: any run reaching past the last
    /// register (as the fix of CVE-2025-32023 in the oracle checks), or runs that cover fewer.
    /// </summary>
    public static bool TryMergeInto(Span<byte> max, ReadOnlySpan<byte> hll)
    {
        var data = hll[HeaderSize..];
        if (hll[EncodingOffset] == DenseEncoding)
        {
            for (int i = 0; i < RegisterCount; i++)
            {
                byte value = (byte)GetRegister(data, i);
                if (value > max[i]) max[i] = value;
            }
            return true;
        }
        int index = 0, p = 0;
        while (p < data.Length)
        {
            byte op = data[p];
            int runLength = IsZero(op) ? ZeroLength(op) : IsXZero(op) ? XZeroLength(data, p) : ValLength(op);
            if (index + runLength > RegisterCount) return false;
            if (IsVal(op))
            {
                byte value = (byte)ValValue(op);
                for (int i = 0; i < runLength; i++, index++)
                    if (value > max[index]) max[index] = value;
            }
            else index += runLength;
            p += IsXZero(op) ? 2 : 1;
        }
        return index == RegisterCount;
    }

    /// <summary>
    /// Raises the registers of <paramref name="hll"/> to the one-byte registers of
    /// <paramref name="max"/> and invalidates its cache (the end of pfmergeCommand): turned dense
    /// first when <paramref name="toDense"/> (a source was dense), else register by register in
    /// the sparse form, which may turn dense on the way. False if it was corrupt sparse and
    /// could not turn dense.
    /// </summary>
    public static bool TryStoreRegisters(ref HllBuffer hll, ReadOnlySpan<byte> max, bool toDense, long sparseMaxBytes)
    {
        if (toDense && !TryToDense(ref hll)) return false;
        for (int i = 0; i < RegisterCount; i++)
            if (max[i] != 0) Set(ref hll, i, max[i], sparseMaxBytes);
        InvalidateCache(hll.Span);
        return true;
    }

    // ---- debugging (PFDEBUG) -------------------------------------------------------------

    /// <summary>
    /// The sparse opcodes as text, "Z:16384" for XZERO, "z:n" for ZERO, "v:value,n" for VAL,
    /// separated by spaces (cf. PFDEBUG DECODE).
    /// </summary>
    public static string DecodeSparse(ReadOnlySpan<byte> hll)
    {
        var text = new System.Text.StringBuilder();
        var data = hll[HeaderSize..];
        int p = 0;
        while (p < data.Length)
        {
            byte op = data[p];
            if (text.Length > 0) text.Append(' ');
            if (IsZero(op))
            {
                text.Append("z:").Append(ZeroLength(op));
                p++;
            }
            else if (IsXZero(op))
            {
                text.Append("Z:").Append(XZeroLength(data, p));
                p += 2;
            }
            else
            {
                text.Append("v:").Append(ValValue(op)).Append(',').Append(ValLength(op));
                p++;
            }
        }
        return text.ToString();
    }
}
