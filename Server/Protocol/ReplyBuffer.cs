// A client's reply buffer and the RESP2/RESP3 encoder that fills it.
// cf. the addReply* family in networking.c (c->buf, c->bufpos, c->sentlen).

using System.Runtime.CompilerServices;

namespace EventLoopRedis.Protocol;

/// <summary>
/// Replies are appended here by commands and sent by the event loop once per cycle.
/// Bytes in [<see cref="_sent"/>, <see cref="_end"/>) are pending output. Each method
/// writes one RESP value, choosing the RESP2 or RESP3 form from <see cref="Protocol"/>,
/// so command code never asks which protocol the client speaks.
/// </summary>
internal sealed class ReplyBuffer
{
    private const int InitialSize = 16 * 1024; // PROTO_REPLY_CHUNK_BYTES

    private byte[] _buffer = new byte[InitialSize];
    private int _sent;
    private int _end;

    /// <summary>2 or 3, set by HELLO.</summary>
    public int Protocol { get; set; } = 2;

    /// <summary>Called with the text of every error reply (without '-'), for INFO errorstats.</summary>
    public Action<ReadOnlySpan<byte>>? OnError { get; set; }

    /// <summary>Error replies written so far; the executor compares it to tell failed calls.</summary>
    public long ErrorCount { get; private set; }

    public int PendingBytes => _end - _sent;
    public int Capacity => _buffer.Length;
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_sent, _end - _sent);

    /// <summary>The whole pending output as a new array (for the pseudo-client and tests).</summary>
    public byte[] TakeAll()
    {
        var bytes = Pending.ToArray();
        _sent = _end = 0;
        return bytes;
    }

    /// <summary>Marks <paramref name="count"/> pending bytes as sent.</summary>
    public void Advance(int count)
    {
        _sent += count;
        if (_sent == _end)
        {
            _sent = _end = 0;
            if (_buffer.Length > InitialSize * 64) _buffer = new byte[InitialSize];
        }
    }

    // ---- RESP values -------------------------------------------------------------

    public void Ok() => Raw("+OK\r\n"u8);

    /// <summary>A status reply: <c>+text\r\n</c>. The text must not hold CR or LF.</summary>
    public void Simple(ReadOnlySpan<byte> text)
    {
        var span = Reserve(text.Length + 3);
        span[0] = (byte)'+';
        text.CopyTo(span[1..]);
        "\r\n"u8.CopyTo(span[(1 + text.Length)..]);
        _end += text.Length + 3;
    }

    /// <summary>
    /// An error reply, given without the leading '-' (e.g. <c>"ERR syntax error"u8</c>).
    /// Like addReplyErrorLength, CR and LF inside the text become spaces so a message
    /// built from user input can never break the protocol.
    /// </summary>
    public void Error(ReadOnlySpan<byte> text)
    {
        ErrorCount++;
        OnError?.Invoke(text);
        var span = Reserve(text.Length + 3);
        span[0] = (byte)'-';
        for (int i = 0; i < text.Length; i++)
            span[1 + i] = text[i] is (byte)'\r' or (byte)'\n' ? (byte)' ' : text[i];
        "\r\n"u8.CopyTo(span[(1 + text.Length)..]);
        _end += text.Length + 3;
    }

    /// <summary>
    /// An error built from text, for messages that carry arguments (never on the hot path).
    /// Strings that hold Redis bytes are Latin-1 throughout: one char per byte, so a
    /// client's binary argument comes back byte for byte.
    /// </summary>
    public void Error(string text) => Error(System.Text.Encoding.Latin1.GetBytes(text));

    public void Integer(long value) => Header((byte)':', value);

    public void Bulk(ReadOnlySpan<byte> value)
    {
        var span = Reserve(value.Length + 24 + 2);
        span[0] = (byte)'$';
        int n = 1 + Numbers.FormatLong(value.Length, span[1..]);
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        value.CopyTo(span[n..]);
        n += value.Length;
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        _end += n;
    }

    /// <summary>A bulk string from Latin-1 text (one char per byte, as <see cref="Error(string)"/>).</summary>
    public void Bulk(string value) => Bulk(System.Text.Encoding.Latin1.GetBytes(value));

    /// <summary>An integer sent as a bulk string (e.g. INCRBYFLOAT-style results, CONFIG GET values).</summary>
    public void BulkLong(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Bulk(digits[..Numbers.FormatLong(value, digits)]);
    }

    /// <summary>The null bulk string: <c>$-1</c> in RESP2, <c>_</c> in RESP3.</summary>
    public void NullBulk() => Raw(Protocol == 3 ? "_\r\n"u8 : "$-1\r\n"u8);

    public void ArrayHeader(long count) => Header((byte)'*', count);

    /// <summary>The null array: <c>*-1</c> in RESP2, <c>_</c> in RESP3 (cf. addReplyNullArray).</summary>
    public void NullArray() => Raw(Protocol == 3 ? "_\r\n"u8 : "*-1\r\n"u8);

    /// <summary>
    /// Starts an array whose length is known only after its elements are written (cf.
    /// addReplyDeferredLen): write them, then pass the mark to <see cref="SetDeferredArrayLength"/>.
    /// </summary>
    public int DeferArrayLength() => _end - _sent;

    /// <summary>Puts the header of an array of <paramref name="count"/> elements before what was written since <paramref name="mark"/> (cf. setDeferredArrayLen).</summary>
    public void SetDeferredArrayLength(int mark, long count) => SetDeferredLength(mark, (byte)'*', count);

    /// <summary>
    /// Like <see cref="SetDeferredArrayLength"/> for a map of <paramref name="pairs"/> pairs: <c>%n</c>
    /// in RESP3, an array of 2n in RESP2 (cf. setDeferredMapLen).
    /// </summary>
    public void SetDeferredMapLength(int mark, long pairs)
    {
        if (Protocol == 3) SetDeferredLength(mark, (byte)'%', pairs);
        else SetDeferredLength(mark, (byte)'*', 2 * pairs);
    }

    private void SetDeferredLength(int mark, byte prefix, long count)
    {
        Span<byte> header = stackalloc byte[24];
        header[0] = prefix;
        int n = 1 + Numbers.FormatLong(count, header[1..]);
        header[n++] = (byte)'\r';
        header[n++] = (byte)'\n';
        InsertAt(mark, header[..n]);
    }

    /// <summary>A bulk string of at most 64 bytes put at a mark taken with <see cref="DeferArrayLength"/> (cf. setDeferredReplyBulk).</summary>
    public void InsertBulkAt(int mark, ReadOnlySpan<byte> value)
    {
        Span<byte> bulk = stackalloc byte[value.Length + 26];
        bulk[0] = (byte)'$';
        int n = 1 + Numbers.FormatLong(value.Length, bulk[1..]);
        bulk[n++] = (byte)'\r';
        bulk[n++] = (byte)'\n';
        value.CopyTo(bulk[n..]);
        n += value.Length;
        bulk[n++] = (byte)'\r';
        bulk[n++] = (byte)'\n';
        InsertAt(mark, bulk[..n]);
    }

    private void InsertAt(int mark, ReadOnlySpan<byte> bytes)
    {
        int n = bytes.Length;
        Reserve(n);
        int start = _sent + mark;
        _buffer.AsSpan(start, _end - start).CopyTo(_buffer.AsSpan(start + n));
        bytes.CopyTo(_buffer.AsSpan(start));
        _end += n;
    }

    /// <summary>An out-of-band push (pub/sub messages): <c>&gt;n</c> in RESP3, an array in RESP2.</summary>
    public void PushHeader(long count) => Header(Protocol == 3 ? (byte)'>' : (byte)'*', count);

    /// <summary>A map of <paramref name="pairs"/> pairs: <c>%n</c> in RESP3, a flat array of 2n in RESP2.</summary>
    public void MapHeader(long pairs)
    {
        if (Protocol == 3) Header((byte)'%', pairs);
        else Header((byte)'*', pairs * 2);
    }

    /// <summary>A set: <c>~n</c> in RESP3, an array in RESP2.</summary>
    public void SetHeader(long count) => Header(Protocol == 3 ? (byte)'~' : (byte)'*', count);

    /// <summary>A boolean: <c>#t</c>/<c>#f</c> in RESP3, <c>:1</c>/<c>:0</c> in RESP2.</summary>
    public void Bool(bool value)
    {
        if (Protocol == 3) Raw(value ? "#t\r\n"u8 : "#f\r\n"u8);
        else Raw(value ? ":1\r\n"u8 : ":0\r\n"u8);
    }

    /// <summary>
    /// A double, given already formatted as Redis formats it (%.17g, "inf", "-inf"):
    /// <c>,text</c> in RESP3, a bulk string in RESP2.
    /// </summary>
    public void Double(ReadOnlySpan<byte> formatted)
    {
        if (Protocol != 3)
        {
            Bulk(formatted);
            return;
        }
        var span = Reserve(formatted.Length + 3);
        span[0] = (byte)',';
        formatted.CopyTo(span[1..]);
        "\r\n"u8.CopyTo(span[(1 + formatted.Length)..]);
        _end += formatted.Length + 3;
    }

    /// <summary>A verbatim string (<c>=len\r\ntxt:...</c>) in RESP3, a bulk string in RESP2: INFO's reply.</summary>
    public void Verbatim(ReadOnlySpan<byte> text, ReadOnlySpan<byte> format)
    {
        if (Protocol != 3)
        {
            Bulk(text);
            return;
        }
        Header((byte)'=', text.Length + 4);
        var span = Reserve(text.Length + 6);
        format[..3].CopyTo(span);
        span[3] = (byte)':';
        text.CopyTo(span[4..]);
        "\r\n"u8.CopyTo(span[(4 + text.Length)..]);
        _end += text.Length + 6;
    }

    /// <summary>Bytes that are already RESP (shared replies, a script's converted result).</summary>
    public void Raw(ReadOnlySpan<byte> resp)
    {
        resp.CopyTo(Reserve(resp.Length));
        _end += resp.Length;
    }

    // ---- helpers --------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Header(byte prefix, long value)
    {
        var span = Reserve(24);
        span[0] = prefix;
        int n = 1 + Numbers.FormatLong(value, span[1..]);
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        _end += n;
    }

    /// <summary>Returns room for <paramref name="size"/> bytes at the end.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _end < size) Grow(size);
        return _buffer.AsSpan(_end);
    }

    /// <summary>
    /// Drops everything written after <paramref name="pendingMark"/> (a <see cref="PendingBytes"/>
    /// value taken earlier): how CLIENT REPLY OFF and SKIP silence a command.
    /// </summary>
    public void TruncatePending(int pendingMark) => _end = _sent + pendingMark;

    private void Grow(int size)
    {
        if (_sent > 0 && _buffer.Length - (_end - _sent) >= size)
        {
            _buffer.AsSpan(_sent, _end - _sent).CopyTo(_buffer);
        }
        else
        {
            long wanted = Math.Max((long)_buffer.Length * 2, (long)(_end - _sent) + size);
            var bigger = new byte[Math.Min(wanted, Array.MaxLength)];
            _buffer.AsSpan(_sent, _end - _sent).CopyTo(bigger);
            _buffer = bigger;
        }
        _end -= _sent;
        _sent = 0;
    }
}
