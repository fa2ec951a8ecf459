// The full-sync payload a primary sends its replica: an RDB file, as a bulk of known length or streamed
// (diskless) up to a 40-byte EOF mark, kept in a temporary file until it is loaded.
// cf. readSyncBulkPayload in replication.c (the disk-based branch, repl-diskless-load disabled).

using System.Text;

namespace EventLoopRedis.Replication;

/// <summary>
/// Receives the payload in the pieces the loop reads (one read per cycle, so no cycle waits for the
/// whole file) and writes each to dir/temp-&lt;unixtime&gt;.&lt;pid&gt;.rdb. Knows when it is complete: after
/// <c>$&lt;length&gt;</c>, once that many bytes came (what follows belongs to the command stream); after
/// <c>$EOF:&lt;mark&gt;</c>, once the last 40 bytes received are the mark, which is then cut from the file.
/// </summary>
internal sealed class MasterLinkPayload : IDisposable
{
    /// <summary>The length of the EOF mark of a diskless transfer (cf. RDB_EOF_MARK_SIZE).</summary>
    public const int EofMarkSize = 40;

    private readonly FileStream _file;
    private readonly byte[]? _eofMark;
    private readonly byte[] _tail = new byte[EofMarkSize];
    private readonly long _length;

    private MasterLinkPayload(string path, byte[]? eofMark, long length)
    {
        Path = path;
        _eofMark = eofMark;
        _length = length;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
    }

    /// <summary>The temporary file.</summary>
    public string Path { get; }

    /// <summary>Bytes received so far (the EOF mark included while it is being received).</summary>
    public long Received { get; private set; }

    /// <summary>The size announced by <c>$&lt;length&gt;</c>, or -1 for an EOF-marked transfer.</summary>
    public long Length => _eofMark is null ? _length : -1;

    /// <summary>True for a diskless transfer ended by a mark (the primary then waits for our first ACK).</summary>
    public bool UsesEofMark => _eofMark is not null;

    /// <summary>True once the whole payload is in the file.</summary>
    public bool Complete { get; private set; }

    /// <summary>
    /// Reads the header line (<c>$123</c> or <c>$EOF:&lt;40 bytes&gt;</c>, without CRLF) and opens the temporary
    /// file in <paramref name="dir"/>; null with <paramref name="error"/> set when the line is not a header.
    /// </summary>
    public static MasterLinkPayload? Open(string header, string dir, out string error)
    {
        error = "";
        if (header.StartsWith("$EOF:", StringComparison.Ordinal) && header.Length >= 5 + EofMarkSize)
            return new MasterLinkPayload(TempPath(dir), Encoding.Latin1.GetBytes(header.Substring(5, EofMarkSize)), -1);
        if (header.Length > 1 && long.TryParse(header.AsSpan(1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out long length))
            return new MasterLinkPayload(TempPath(dir), null, length);
        error = $"Bad protocol from MASTER, the first byte is not '$' (we received '{header}'), are you sure the host and port are right?";
        return null;
    }

    private static string TempPath(string dir) =>
        System.IO.Path.Combine(dir, $"temp-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.ProcessId}.rdb");

    /// <summary>
    /// Writes what <paramref name="data"/> holds of the payload; returns how many bytes it took (the rest, after
    /// a length-announced payload, is the start of the command stream).
    /// </summary>
    public int Append(ReadOnlySpan<byte> data)
    {
        if (Complete) return 0;
        if (_eofMark is null)
        {
            int take = (int)Math.Min(data.Length, _length - Received);
            _file.Write(data[..take]);
            Received += take;
            if (Received == _length) Finish(0);
            return take;
        }
        _file.Write(data);
        Received += data.Length;
        // Keep the last 40 bytes seen: the transfer is over when they are the mark (cf. the memcmp in readSyncBulkPayload).
        if (data.Length >= EofMarkSize) data[^EofMarkSize..].CopyTo(_tail);
        else
        {
            _tail.AsSpan(data.Length).CopyTo(_tail);
            data.CopyTo(_tail.AsSpan(EofMarkSize - data.Length));
        }
        if (Received >= EofMarkSize && _tail.AsSpan().SequenceEqual(_eofMark)) Finish(EofMarkSize);
        return data.Length;
    }

    private void Finish(int markBytes)
    {
        if (markBytes > 0) _file.SetLength(Received - markBytes);
        _file.Flush(flushToDisk: false);
        _file.Dispose();
        Complete = true;
    }

    /// <summary>Closes and deletes the temporary file.</summary>
    public void Dispose()
    {
        _file.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Already gone, or the directory was removed: nothing is left to clean.
        }
    }
}
