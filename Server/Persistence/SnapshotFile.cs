// The file side of a background save: the loop hands the RDB's bytes over in chunks, and a thread of
// its own checksums them, writes them to a temporary file, fsyncs it and renames it over dbfilename.
// cf. the child process's rdbSave in rdb.c (temp file, fflush, fsync, rename), which runs outside the parent's loop too.

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using EventLoopRedis.Persistence.Rdb;

namespace EventLoopRedis.Persistence;

/// <summary>
/// A write-only stream whose writes only copy into a chunk: full chunks go to the thread
/// <c>bgsave-writer</c>, so no disk write, fsync or checksum ever runs on the loop (the CRC64 of a
/// 1 MB buffer costs about a millisecond: on the loop it doubled a slice). The thread touches nothing
/// but the chunks and the file. The loop asks <see cref="CanTakeMore"/> before serialising more, so a
/// slow disk slows the save instead of filling memory, and polls <see cref="IsFinished"/> and
/// <see cref="Error"/> for the outcome.
/// </summary>
internal sealed class SnapshotFile : WriteOnlyStream, IChecksummingOutput
{
    private const int ChunkSize = 256 * 1024;

    /// <summary>Chunks waiting for the disk beyond this many bytes hold the save back.</summary>
    private const long MaxQueuedBytes = 32L * 1024 * 1024;

    /// <summary>With incremental fsync, the file is synced every this many bytes (REDIS_AUTOSYNC_BYTES), so the final fsync stays short.</summary>
    private const long AutoSyncBytes = 4L * 1024 * 1024;

    private readonly BlockingCollection<(byte[] Buffer, int Length)> _chunks = new();
    private readonly Thread _thread;
    private readonly bool _incrementalFsync;
    private byte[] _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int _used;
    private long _queuedBytes;
    private volatile bool _aborted;
    private volatile bool _finished;
    private volatile string? _error;
    private volatile bool _checksum;

    /// <summary>Starts the writer thread; it creates <paramref name="tempPath"/> and, once complete, renames it to <paramref name="finalPath"/>.</summary>
    public SnapshotFile(string tempPath, string finalPath, bool incrementalFsync)
    {
        TempPath = tempPath;
        FinalPath = finalPath;
        _incrementalFsync = incrementalFsync;
        _thread = new Thread(WriteFile) { IsBackground = true, Name = "bgsave-writer" };
        _thread.Start();
    }

    public string TempPath { get; }
    public string FinalPath { get; }

    /// <summary>True while the disk keeps up: the loop may serialise more.</summary>
    public bool CanTakeMore => Interlocked.Read(ref _queuedBytes) < MaxQueuedBytes;

    /// <summary>The thread is done: the file was renamed into place, or <see cref="Error"/> says why not.</summary>
    public bool IsFinished => _finished;

    /// <summary>What went wrong (Redis's log text), null if nothing did.</summary>
    public string? Error => _error;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int n = Math.Min(buffer.Length, ChunkSize - _used);
            buffer[..n].CopyTo(_chunk.AsSpan(_used));
            _used += n;
            buffer = buffer[n..];
            if (_used == ChunkSize) HandOver();
        }
    }

    /// <summary>Called by the RDB writer's last step: nothing to do, the chunk goes at <see cref="Complete"/>.</summary>
    public override void Flush() { }

    /// <summary>All bytes are written: the thread writes what is left, fsyncs and renames.</summary>
    public void Complete()
    {
        if (_used > 0) HandOver();
        _chunks.CompleteAdding();
    }

    /// <summary>Abandons the file: the thread stops and deletes it. Returns at once; the thread ends soon after.</summary>
    public void Abort()
    {
        _aborted = true;
        if (!_chunks.IsAddingCompleted) _chunks.CompleteAdding();
    }

    /// <summary>The RDB writer's request: the thread checksums every chunk and appends the CRC64 after the last.</summary>
    public void ChecksumAndAppendCrc64()
    {
        if (_used > 0 || Interlocked.Read(ref _queuedBytes) > 0 || _chunks.Count > 0)
            throw new InvalidOperationException("the checksum must start with the file's first byte");
        _checksum = true;
    }

    /// <summary>Waits for the thread (a synchronous save waits for its file).</summary>
    public void WaitUntilFinished() => _thread.Join();

    private void HandOver()
    {
        Interlocked.Add(ref _queuedBytes, _used);
        _chunks.Add((_chunk, _used));
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _used = 0;
    }

    private void WriteFile()
    {
        FileStream? file = null;
        try
        {
            try
            {
                file = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _error = $"Failed opening the temp RDB file {Path.GetFileName(TempPath)} (in server root dir " +
                    $"{Path.GetDirectoryName(Path.GetFullPath(TempPath))}) for saving: {Describe(e)}";
                return;
            }
            long sinceSync = 0;
            ulong crc = 0;
            foreach (var (buffer, length) in _chunks.GetConsumingEnumerable())
            {
                if (_checksum && !_aborted) crc = Crc64.Update(crc, buffer.AsSpan(0, length));
                if (!_aborted) file.Write(buffer, 0, length);
                Interlocked.Add(ref _queuedBytes, -length);
                ArrayPool<byte>.Shared.Return(buffer);
                sinceSync += length;
                if (_incrementalFsync && sinceSync >= AutoSyncBytes && !_aborted)
                {
                    file.Flush(flushToDisk: true);
                    sinceSync = 0;
                }
            }
            if (_aborted)
            {
                file.Dispose();
                File.Delete(TempPath);
                return;
            }
            if (_checksum)
            {
                Span<byte> trailer = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(trailer, crc);
                file.Write(trailer);
            }
            file.Flush(flushToDisk: true);
            file.Dispose();
            file = null;
            try
            {
                File.Move(TempPath, FinalPath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _error = $"Error moving temp DB file {Path.GetFileName(TempPath)} on the final destination " +
                    $"{Path.GetFileName(FinalPath)} (in server root dir {Path.GetDirectoryName(Path.GetFullPath(FinalPath))}): {Describe(e)}";
                File.Delete(TempPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _error = $"Write error saving DB on disk: {Describe(e)}";
            file?.Dispose();
            file = null;
            try { File.Delete(TempPath); } catch (IOException) { }
        }
        finally
        {
            file?.Dispose();
            // Chunks the thread did not take (it failed early) go back to the pool too.
            while (_chunks.TryTake(out var left)) ArrayPool<byte>.Shared.Return(left.Buffer);
            _finished = true;
        }
    }

    // strerror's words for the usual causes, as Redis's log lines end with them.
    private static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => "Permission denied",
        DirectoryNotFoundException or FileNotFoundException => "No such file or directory",
        _ => e.Message,
    };
}
