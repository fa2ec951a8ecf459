// A client's query buffer: the bytes received and not yet consumed by the parser.
// cf. c->querybuf and c->qb_pos in networking.c.

namespace EventLoopRedis.Protocol;

/// <summary>
/// A growable byte buffer: the event loop appends what <c>Receive</c> returns at
/// <see cref="End"/>, the parser consumes whole commands from <see cref="Start"/>.
/// Compaction moves the unconsumed bytes to the front; it only happens before a
/// receive, never while a parsed command is being executed.
/// </summary>
internal sealed class QueryBuffer
{
    public const int IoBufferSize = 16 * 1024; // PROTO_IOBUF_LEN

    public byte[] Data { get; private set; } = new byte[IoBufferSize];
    public int Start { get; private set; }
    public int End { get; private set; }
    public int Length => End - Start;

    public ReadOnlySpan<byte> Unconsumed => Data.AsSpan(Start, Length);

    /// <summary>
    /// Returns at least <paramref name="minFree"/> writable bytes after <see cref="End"/>,
    /// compacting or growing the buffer; <see cref="Commit"/> then says how many were filled.
    /// </summary>
    public Span<byte> GetFreeSpace(int minFree)
    {
        if (Data.Length - End >= minFree) return Data.AsSpan(End);
        if (Data.Length - Length >= minFree && Start > 0)
        {
            Data.AsSpan(Start, Length).CopyTo(Data);
        }
        else
        {
            long wanted = Math.Max((long)Length + minFree, (long)Data.Length * 2);
            var bigger = new byte[Math.Min(wanted, Array.MaxLength)];
            Data.AsSpan(Start, Length).CopyTo(bigger);
            Data = bigger;
        }
        End = Length;
        Start = 0;
        return Data.AsSpan(End);
    }

    public void Commit(int count) => End += count;

    public void Consume(int count)
    {
        Start += count;
        if (Start == End) Start = End = 0;
    }

    /// <summary>Gives back memory after a big command, as Redis trims an idle query buffer.</summary>
    public void ShrinkIfIdle()
    {
        if (Length == 0 && Data.Length > IoBufferSize * 4) Data = new byte[IoBufferSize];
    }
}
