// A stream entry ID: milliseconds and a sequence number, ordered as one 128-bit number.
// cf. streamID, streamCompareID, streamIncrID/streamDecrID and streamGenericParseIDOrReply in t_stream.c.

namespace EventLoopRedis.Storage;

/// <summary>An entry ID, <c>ms-seq</c>; IDs compare by milliseconds first, then by sequence.</summary>
internal readonly record struct StreamId(ulong Ms, ulong Seq) : IComparable<StreamId>
{
    /// <summary>The longest formatted ID: two 20-digit numbers and the dash.</summary>
    public const int MaxFormattedLength = 41;

    public static StreamId Min => default;
    public static StreamId Max => new(ulong.MaxValue, ulong.MaxValue);

    public bool IsZero => Ms == 0 && Seq == 0;

    public int CompareTo(StreamId other) =>
        Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    public static bool operator <(StreamId a, StreamId b) => a.CompareTo(b) < 0;
    public static bool operator >(StreamId a, StreamId b) => a.CompareTo(b) > 0;
    public static bool operator <=(StreamId a, StreamId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(StreamId a, StreamId b) => a.CompareTo(b) >= 0;

    /// <summary>The next ID (the sequence overflows into the milliseconds); false at <see cref="Max"/>, cf. streamIncrID.</summary>
    public bool TryIncrement(out StreamId next)
    {
        if (Seq != ulong.MaxValue) next = new(Ms, Seq + 1);
        else if (Ms != ulong.MaxValue) next = new(Ms + 1, 0);
        else
        {
            next = this;
            return false;
        }
        return true;
    }

    /// <summary>The previous ID; false at <see cref="Min"/>, cf. streamDecrID.</summary>
    public bool TryDecrement(out StreamId previous)
    {
        if (Seq != 0) previous = new(Ms, Seq - 1);
        else if (Ms != 0) previous = new(Ms - 1, ulong.MaxValue);
        else
        {
            previous = this;
            return false;
        }
        return true;
    }

    /// <summary>Writes <c>ms-seq</c> into <paramref name="destination"/> (at least <see cref="MaxFormattedLength"/> bytes) and returns its length.</summary>
    public int Format(Span<byte> destination)
    {
        Ms.TryFormat(destination, out int length);
        destination[length++] = (byte)'-';
        Seq.TryFormat(destination[length..], out int seqLength);
        return length + seqLength;
    }

    /// <summary>The ID as a new byte array, for replies kept beyond one call.</summary>
    public byte[] ToBytes()
    {
        Span<byte> text = stackalloc byte[MaxFormattedLength];
        return text[..Format(text)].ToArray();
    }

    public override string ToString() => $"{Ms}-{Seq}";

    /// <summary>
    /// Parses an ID argument as streamGenericParseIDOrReply does: <c>-</c> and <c>+</c> are
    /// the smallest and largest IDs (unless <paramref name="strict"/>), <c>ms</c> alone takes
    /// <paramref name="missingSeq"/> as its sequence, and when <paramref name="allowAutoSeq"/>
    /// <c>ms-*</c> is accepted with <paramref name="seqGiven"/> false. Numbers are read as C's
    /// strtoull reads them (the argument ends at its first NUL byte, as a C string would).
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> text, ulong missingSeq, bool strict, bool allowAutoSeq, out StreamId id, out bool seqGiven)
    {
        id = default;
        seqGiven = true;
        if (text.Length > 127) return false;
        int nul = text.IndexOf((byte)0);
        if (nul >= 0) text = text[..nul];
        if (text.Length == 1 && text[0] is (byte)'-' or (byte)'+')
        {
            if (strict) return false;
            id = text[0] == '-' ? Min : Max;
            return true;
        }
        int dash = text.IndexOf((byte)'-');
        if (!TryParseUnsigned(dash < 0 ? text : text[..dash], out ulong ms)) return false;
        ulong seq = missingSeq;
        if (dash >= 0)
        {
            var seqText = text[(dash + 1)..];
            if (allowAutoSeq && seqText.Length == 1 && seqText[0] == '*')
            {
                seq = 0;
                seqGiven = false;
            }
            else if (!TryParseUnsigned(seqText, out seq)) return false;
        }
        id = new StreamId(ms, seq);
        return true;
    }

    /// <summary>
    /// An unsigned 64-bit number as Redis's string2ull reads one: a canonical integer, or else
    /// what strtoull accepts whole (leading white space, a sign, and a minus that wraps around).
    /// </summary>
    public static bool TryParseUnsigned(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        int i = 0;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r') i++;
        bool negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == '-';
            i++;
        }
        if (i == text.Length) return false;
        ulong result = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            if (result > (ulong.MaxValue - digit) / 10) return false; // strtoull's ERANGE
            result = result * 10 + digit;
        }
        // string2ll first: a canonical negative number is rejected; strtoull's "-n" wraps.
        if (negative && text[0] == '-' && result != 0 && Protocol.Numbers.TryParseLong(text, out _)) return false;
        value = negative ? unchecked(0 - result) : result;
        return true;
    }
}
