// The base of the streams the RDB writer writes into: a background save's file, a diskless sync's replicas.
// Only writes exist; everything else a Stream offers is refused.

namespace EventLoopRedis.Persistence;

/// <summary>A stream that takes writes only: subclasses implement the span Write and Flush.</summary>
internal abstract class WriteOnlyStream : Stream
{
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
