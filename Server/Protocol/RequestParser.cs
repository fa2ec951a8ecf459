// Parses one command from a query buffer: RESP multibulk or inline (telnet) form.
// cf. processMultibulkBuffer and processInlineBuffer in networking.c.

namespace EventLoopRedis.Protocol;

internal enum ParseStatus
{
    /// <summary>A whole command is in the ArgList; <c>Consumed</c> bytes belong to it.</summary>
    Complete,
    /// <summary>The buffer ends inside a command: wait for more bytes.</summary>
    Incomplete,
    /// <summary>A protocol error: reply with <c>Error</c> and close the client.</summary>
    Error,
}

/// <summary>
/// Per-client parser state. A multibulk command may arrive in many pieces, so the parser
/// remembers how far it got (bulks still expected, the length of the bulk being read) and
/// never rescans what it has already understood: a 500 MB value arriving 16 KB at a time
/// costs one pass, not thousands.
/// </summary>
internal sealed class RequestParser
{
    public const int InlineMaxSize = 64 * 1024; // PROTO_INLINE_MAX_SIZE
    private const int BigArg = 32 * 1024;       // PROTO_MBULK_BIG_ARG

    private int _multibulkLen;   // bulks still to read; 0 = between commands
    private long _bulkLen = -1;  // length of the bulk being read; -1 = its header is next
    private int _pos;            // parse position, relative to the buffer's Start

    /// <summary>Bytes of the command just parsed (valid after <see cref="ParseStatus.Complete"/>).</summary>
    public int Consumed { get; private set; }

    /// <summary>The error text, without the leading '-' (valid after <see cref="ParseStatus.Error"/>).</summary>
    public string Error { get; private set; } = "";

    /// <summary>
    /// How many bytes the big bulk being read still needs, so the receiver can make room
    /// for it in one step (Redis's PROTO_MBULK_BIG_ARG optimisation); 0 otherwise.
    /// </summary>
    public long MissingBigBulkBytes(QueryBuffer query) =>
        _bulkLen >= BigArg ? Math.Max(0, _pos + _bulkLen + 2 - query.Length) : 0;

    /// <summary>
    /// Tries to parse one command. Empty commands (a blank inline line, <c>*0</c>) are
    /// skipped as Redis does. <paramref name="authRequired"/> turns on the limits Redis
    /// applies to unauthenticated clients; <paramref name="maxBulkLen"/> is proto-max-bulk-len.
    /// </summary>
    public ParseStatus Parse(QueryBuffer query, ArgList args, bool authRequired, long maxBulkLen)
    {
        while (query.Length > 0)
        {
            if (_multibulkLen == 0 && _pos == 0)
                args.Reset(query.Data);
            var status = query.Data[query.Start] == (byte)'*'
                ? ParseMultibulk(query, args, authRequired, maxBulkLen)
                : ParseInline(query, args);
            if (status != ParseStatus.Complete) return status;
            if (args.Count > 0) return status;
            query.Consume(Consumed); // an empty command: skip it and look at what follows
        }
        return ParseStatus.Incomplete;
    }

    private ParseStatus ParseInline(QueryBuffer query, ArgList args)
    {
        var buffer = query.Unconsumed;
        // Redis finds the line's end with strchr, which stops at a NUL byte: a newline after a NUL
        // is never seen, and the request waits until it passes the inline limit.
        int newline = buffer.IndexOfAny((byte)'\n', (byte)0);
        if (newline >= 0 && buffer[newline] == 0) newline = -1;
        if (newline < 0)
        {
            return buffer.Length > InlineMaxSize
                ? Fail("ERR Protocol error: too big inline request")
                : ParseStatus.Incomplete;
        }
        int lineEnd = newline > 0 && buffer[newline - 1] == (byte)'\r' ? newline - 1 : newline;
        var line = query.Data.AsSpan(query.Start, lineEnd);
        if (!InlineSplitter.Split(line, query.Start, args))
            return Fail("ERR Protocol error: unbalanced quotes in request");
        args.Shift(query.Data, 0);
        Consumed = newline + 1;
        return ParseStatus.Complete;
    }

    private ParseStatus ParseMultibulk(QueryBuffer query, ArgList args, bool authRequired, long maxBulkLen)
    {
        var data = query.Data;
        int start = query.Start;
        int end = query.End;

        if (_multibulkLen == 0)
        {
            if (!TryReadLine(data, end, start, out int lineEnd))
            {
                return end - start > InlineMaxSize
                    ? Fail("ERR Protocol error: too big mbulk count string")
                    : ParseStatus.Incomplete;
            }
            if (!Numbers.TryParseLong(data.AsSpan(start + 1, lineEnd - start - 1), out long count) || count > int.MaxValue)
                return Fail("ERR Protocol error: invalid multibulk length");
            if (count > 10 && authRequired)
                return Fail("ERR Protocol error: unauthenticated multibulk length");
            _pos = lineEnd + 2 - start;
            if (count <= 0)
            {
                Consumed = _pos;
                _pos = 0;
                return ParseStatus.Complete; // an empty command, skipped by the caller
            }
            _multibulkLen = (int)count;
            args.EnsureCapacity(Math.Min(_multibulkLen, 1024));
        }

        while (_multibulkLen > 0)
        {
            int at = start + _pos;
            if (_bulkLen == -1)
            {
                if (!TryReadLine(data, end, at, out int lineEnd))
                {
                    return end - at > InlineMaxSize
                        ? Fail("ERR Protocol error: too big bulk count string")
                        : ParseStatus.Incomplete;
                }
                if (data[at] != (byte)'$')
                    return Fail($"ERR Protocol error: expected '$', got '{(char)data[at]}'");
                if (!Numbers.TryParseLong(data.AsSpan(at + 1, lineEnd - at - 1), out long length)
                    || length < 0 || length > maxBulkLen)
                    return Fail("ERR Protocol error: invalid bulk length");
                if (length > 16384 && authRequired)
                    return Fail("ERR Protocol error: unauthenticated bulk length");
                _pos = lineEnd + 2 - start;
                _bulkLen = length;
                at = start + _pos;
            }
            if (end - at < _bulkLen + 2) return ParseStatus.Incomplete;
            args.Add(_pos, (int)_bulkLen); // relative to Start until the command is complete
            _pos += (int)_bulkLen + 2;     // Redis does not check the CRLF after a bulk either
            _bulkLen = -1;
            _multibulkLen--;
        }

        args.Shift(data, start);
        Consumed = _pos;
        _pos = 0;
        return ParseStatus.Complete;
    }

    /// <summary>
    /// Finds the "\r\n" that ends a header line starting at <paramref name="from"/>. Redis looks
    /// for the CR with strchr, which stops at a NUL byte: a CR after a NUL is never seen, and the
    /// header waits until it passes the inline limit, as the inline reader does.
    /// </summary>
    private static bool TryReadLine(byte[] data, int end, int from, out int lineEnd)
    {
        int cr = data.AsSpan(from, end - from).IndexOfAny((byte)'\r', (byte)0);
        if (cr >= 0 && data[from + cr] == 0) cr = -1;
        lineEnd = from + cr;
        return cr >= 0 && lineEnd + 1 < end;
    }

    private ParseStatus Fail(string message)
    {
        Error = message;
        return ParseStatus.Error;
    }
}
