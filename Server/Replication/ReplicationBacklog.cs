// The replication backlog: the last repl-backlog-size bytes of the write stream, kept so that a replica
// whose link broke can continue from its offset instead of syncing everything again.
// cf. createReplicationBacklog, feedReplicationBuffer, addReplyReplicationBacklog and resizeReplicationBacklog in replication.c.

namespace EventLoopRedis.Replication;

/// <summary>
/// A circular buffer over the stream's offsets. The stream's byte at offset <c>o</c> (counted from 1,
/// as master_repl_offset counts) lives at <c>(o - 1) % Size</c>; the buffer holds the
/// <see cref="HistoryLength"/> bytes that end at <see cref="EndOffset"/>. Redis 7.0 keeps the same
/// window as a list of blocks shared with the replicas' output buffers; the window, the offsets and
/// what a PSYNC can get from them are the same.
/// </summary>
internal sealed class ReplicationBacklog
{
    private byte[] _buffer;

    /// <param name="size">repl-backlog-size, at least 16 KB as Redis enforces (CONFIG_REPL_BACKLOG_MIN_SIZE).</param>
    /// <param name="startOffset">master_repl_offset when the backlog is created: its first byte will be the next one.</param>
    public ReplicationBacklog(long size, long startOffset)
    {
        _buffer = new byte[Clamp(size)];
        EndOffset = startOffset;
    }

    /// <summary>Redis's minimum backlog (CONFIG_REPL_BACKLOG_MIN_SIZE).</summary>
    public const long MinSize = 16 * 1024;

    public long Size => _buffer.Length;

    /// <summary>Bytes of history held (repl_backlog_histlen).</summary>
    public long HistoryLength { get; private set; }

    /// <summary>The offset of the last byte appended: master_repl_offset.</summary>
    public long EndOffset { get; private set; }

    /// <summary>The offset of the oldest byte held (repl_backlog_first_byte_offset): EndOffset + 1 while empty.</summary>
    public long FirstByteOffset => EndOffset - HistoryLength + 1;

    /// <summary>Appends stream bytes; the oldest fall out once the buffer is full.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        EndOffset += bytes.Length;
        // Only the last Size bytes of a write larger than the buffer can survive it.
        if (bytes.Length > _buffer.Length) bytes = bytes[^_buffer.Length..];
        int at = Position(EndOffset - bytes.Length + 1);
        int first = Math.Min(bytes.Length, _buffer.Length - at);
        bytes[..first].CopyTo(_buffer.AsSpan(at));
        bytes[first..].CopyTo(_buffer);
        HistoryLength = Math.Min(_buffer.Length, HistoryLength + bytes.Length);
    }

    /// <summary>True when a replica that has processed the stream up to <paramref name="offset"/> can continue from here (cf. the range check in masterTryPartialResynchronization).</summary>
    public bool Covers(long offset) => offset >= FirstByteOffset - 1 && offset <= EndOffset;

    /// <summary>
    /// Hands the history after <paramref name="offset"/> (which <see cref="Covers"/>) to
    /// <paramref name="sink"/>, in at most two pieces; returns the bytes handed (cf. addReplyReplicationBacklog).
    /// </summary>
    public long CopyFrom(long offset, Action<ReadOnlySpan<byte>> sink)
    {
        long length = EndOffset - offset;
        if (length <= 0) return 0;
        int at = Position(offset + 1);
        int first = (int)Math.Min(length, _buffer.Length - at);
        sink(_buffer.AsSpan(at, first));
        if (length > first) sink(_buffer.AsSpan(0, (int)(length - first)));
        return length;
    }

    /// <summary>CONFIG SET repl-backlog-size: the newest history that fits is kept.</summary>
    public void Resize(long size)
    {
        size = Clamp(size);
        if (size == _buffer.Length) return;
        var history = new byte[Math.Min(HistoryLength, size)];
        int filled = 0;
        CopyFrom(EndOffset - history.Length, piece =>
        {
            piece.CopyTo(history.AsSpan(filled));
            filled += piece.Length;
        });
        long end = EndOffset;
        _buffer = new byte[size];
        HistoryLength = 0;
        EndOffset = end - history.Length;
        Append(history);
    }

    private int Position(long offset) => (int)((offset - 1) % _buffer.Length);

    private static int Clamp(long size) => (int)Math.Clamp(size, MinSize, Array.MaxLength);
}
