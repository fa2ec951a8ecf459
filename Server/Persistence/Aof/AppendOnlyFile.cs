// The append-only file: the write stream appended to the current incr file, written before any
// reply of the loop cycle leaves, fsynced by appendfsync's policy. cf. feedAppendOnlyFile,
// flushAppendOnlyFile, aofOpenIfNeededOnServerStart, startAppendOnly and stopAppendOnly in aof.c.

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using Microsoft.Win32.SafeHandles;

namespace EventLoopRedis.Persistence.Aof;

/// <summary>
/// Subscribed to <see cref="Propagation"/> while appendonly is yes. Commands collect in
/// <see cref="_buffer"/> (cf. server.aof_buf); <see cref="Flush"/>, run by the loop before it sends
/// replies, writes them: with <c>always</c> it also fsyncs, so a reply never leaves before its write
/// is on disk, and one fsync serves every client of the cycle; with <c>everysec</c> a background
/// thread fsyncs once a second and the loop never waits for it; with <c>no</c> the kernel decides.
/// A failed write turns writes away with MISCONF until a later write succeeds.
/// </summary>
internal sealed class AppendOnlyFile : IPropagationTarget, IDisposable
{
    private readonly ServerConfig _config;
    private SafeFileHandle _incr;
    private long _incrSize;      // bytes known to be in the incr file (cf. aof_last_incr_size)
    private long _baseSize;
    private long _earlierIncrsSize; // incr files before the current one, still part of the AOF
    private byte[] _buffer = new byte[64 * 1024];
    private int _bufferLength;
    private int _selectedDb = -1; // cf. aof_selected_db: SELECT goes in when the stream changes database

    // everysec: the fsync thread, and what it and the loop share.
    private readonly Thread? _fsyncThread;
    private readonly SemaphoreSlim _fsyncRequested = new(0);
    private volatile bool _fsyncInProgress;
    private volatile bool _stopping;
    private long _lastFsyncMs;
    private long _flushPostponedSinceMs;
    private long _writtenSinceFsync;

    private AppendOnlyFile(ServerConfig config, AofManifest manifest, SafeFileHandle incr, long incrSize, long baseSize)
    {
        _config = config;
        Manifest = manifest;
        _incr = incr;
        _incrSize = incrSize;
        _baseSize = baseSize;
        RewriteBaseSize = baseSize;
        _lastFsyncMs = Storage.Clock.UnixMs;
        _fsyncThread = new Thread(FsyncLoop) { IsBackground = true, Name = "aof-fsync" };
        _fsyncThread.Start();
    }

    /// <summary>The directory of the files: <c>dir/appenddirname</c>.</summary>
    public static string DirectoryOf(ServerConfig config) => Path.Combine(config.Dir, config.AppendDirName);

    /// <summary>"ok", or the reason the last write failed (strerror's words, as Redis's MISCONF shows).</summary>
    public string? LastWriteError { get; private set; }

    /// <summary>Writes postponed because a background fsync took too long (INFO's aof_delayed_fsync).</summary>
    public long DelayedFsyncs { get; private set; }

    /// <summary>The files that make up the AOF (cf. server.aof_manifest); the last incr file is the one appended to.</summary>
    public AofManifest Manifest { get; private set; }

    /// <summary>aof_current_size: the base and the incr files written since the last rewrite.</summary>
    public long CurrentSize => _baseSize + _earlierIncrsSize + _incrSize;

    /// <summary>
    /// aof_base_size (cf. aof_rewrite_base_size): the AOF's size when the last rewrite ended, or its base
    /// file's at start-up; automatic rewrites measure growth against it.
    /// </summary>
    public long RewriteBaseSize { get; private set; }
    public int BufferLength => _bufferLength;
    public bool FsyncPending => _fsyncInProgress;

    // ---- opening ------------------------------------------------------------------------------

    /// <summary>
    /// Opens the AOF after loading at start-up: the last incr file of
    /// <paramref name="manifest"/> is appended to; with no manifest a new base (the empty dataset, in
    /// RDB preamble or command form, as aof-use-rdb-preamble says) and a first incr file are created, as Redis
    /// does on a server start without an AOF.
    /// Returns null with the reason when a file cannot be created.
    /// </summary>
    public static AppendOnlyFile? Open(RedisServer server, AofManifest? manifest, out string error)
    {
        error = "";
        var config = server.Config;
        string directory = DirectoryOf(config);
        try
        {
            Directory.CreateDirectory(directory);
            long baseSize = 0;
            bool persistManifest = false;
            if (manifest is null)
            {
                manifest = new AofManifest { BaseSeq = 1 };
                var name = AofManifest.BaseName(config.AppendFilename, 1, config.AofUseRdbPreamble);
                WriteEmptyBase(server, Path.Combine(directory, name));
                manifest.Base = new AofFileInfo(name, 1, AofFileType.Base);
                Log.Notice($"Creating AOF base file {name} on server start");
                persistManifest = true;
            }
            else if (manifest.Base is not null)
            {
                var basePath = Path.Combine(directory, manifest.Base.Name);
                if (File.Exists(basePath)) baseSize = new FileInfo(basePath).Length;
            }
            if (manifest.Incrs.Count == 0)
            {
                manifest.IncrSeq++;
                var name = AofManifest.IncrName(config.AppendFilename, manifest.IncrSeq);
                manifest.Incrs.Add(new AofFileInfo(name, manifest.IncrSeq, AofFileType.Incr));
                Log.Notice($"Creating AOF incr file {name} on server start");
                persistManifest = true;
            }
            var incrPath = Path.Combine(directory, manifest.Incrs[^1].Name);
            var handle = File.OpenHandle(incrPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            long incrSize = RandomAccess.GetLength(handle);
            long earlierIncrs = 0;
            for (int i = 0; i < manifest.Incrs.Count - 1; i++)
            {
                var path = Path.Combine(directory, manifest.Incrs[i].Name);
                if (File.Exists(path)) earlierIncrs += new FileInfo(path).Length;
            }
            if (persistManifest) WriteManifest(directory, config.AppendFilename, manifest);
            return new AppendOnlyFile(config, manifest, handle, incrSize, baseSize) { _earlierIncrsSize = earlierIncrs };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = StrError(e);
            return null;
        }
    }

    /// <summary>
    /// CONFIG SET appendonly yes (AOF_WAIT_REWRITE): the commands of the rewrite that makes the first
    /// base go to <c>temp-appendonly.aof.incr</c>, outside the manifest until the rewrite succeeds
    /// (cf. the temp incr file in openNewIncrAofForAppend). Returns null with the reason on failure.
    /// </summary>
    public static AppendOnlyFile? OpenTemporary(ServerConfig config, AofManifest manifest, out string error)
    {
        error = "";
        try
        {
            string directory = DirectoryOf(config);
            Directory.CreateDirectory(directory);
            var handle = File.OpenHandle(Path.Combine(directory, TempIncrName(config)), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            return new AppendOnlyFile(config, manifest, handle, 0, 0) { IsTemporary = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = StrError(e);
            return null;
        }
    }

    /// <summary>The incr file a rewrite that turns the AOF on writes to: <c>temp-appendonly.aof.incr</c> (cf. getTempIncrAofName).</summary>
    public static string TempIncrName(ServerConfig config) => "temp-" + config.AppendFilename + ".incr";

    /// <summary>True while this file is the temporary incr file of a rewrite that turns the AOF on.</summary>
    public bool IsTemporary { get; private set; }

    /// <summary>
    /// At the start of a rewrite (cf. openNewIncrAofForAppend): what is buffered is written, a new incr
    /// file is created and named in the manifest on disk, and from now on commands go to it; the old one
    /// is fsynced and closed. Whatever happens to the rewrite, the AOF stays complete: the new file
    /// follows the old ones in the manifest. False with the reason if the file or manifest cannot be made.
    /// </summary>
    public bool StartNewIncr(out string error)
    {
        error = "";
        Flush(force: true);
        if (IsTemporary) return true;
        string directory = DirectoryOf(_config);
        var next = Manifest.Clone();
        next.IncrSeq++;
        var name = AofManifest.IncrName(_config.AppendFilename, next.IncrSeq);
        next.Incrs.Add(new AofFileInfo(name, next.IncrSeq, AofFileType.Incr));
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(Path.Combine(directory, name), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = StrError(e);
            Log.Warning($"Can't open the append-only file {name}: {error}");
            return false;
        }
        if (!TryWriteManifest(directory, _config.AppendFilename, next))
        {
            handle.Dispose();
            return false;
        }
        Log.Notice($"Creating AOF incr file {name} on background rewrite");
        var old = _incr;
        WaitForBackgroundFsync();
        try
        {
            RandomAccess.FlushToDisk(old);
        }
        catch (IOException)
        {
            // The new incr file is in the manifest; the old one's last bytes were written already.
        }
        old.Dispose();
        _incr = handle;
        _earlierIncrsSize += _incrSize;
        _incrSize = 0;
        _writtenSinceFsync = 0;
        _selectedDb = -1;
        Manifest = next;
        return true;
    }

    /// <summary>
    /// The rewrite succeeded and <paramref name="manifest"/>, already on disk, names the new base and this
    /// file as its incr file: sizes restart from the new base, and SELECT is written again (cf. the end of
    /// backgroundRewriteDoneHandler).
    /// </summary>
    public void RewriteDone(AofManifest manifest, long baseSize)
    {
        Manifest = manifest;
        IsTemporary = false;
        _baseSize = baseSize;
        _earlierIncrsSize = 0;
        RewriteBaseSize = CurrentSize;
        _selectedDb = -1;
    }

    // Waits for an everysec fsync in progress on the current handle before it is closed.
    private void WaitForBackgroundFsync()
    {
        while (_fsyncInProgress) Thread.Sleep(1);
    }

    /// <summary>Writes the manifest as <see cref="WriteManifest"/>, logging Redis's warning instead of throwing.</summary>
    public static bool TryWriteManifest(string directory, string appendFilename, AofManifest manifest)
    {
        try
        {
            WriteManifest(directory, appendFilename, manifest);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Can't open the AOF manifest file temp-{AofManifest.FileName(appendFilename)}: {StrError(e)}");
            return false;
        }
    }

    /// <summary>Writes the manifest to a temporary file, fsyncs it and renames it over the old one (cf. writeAofManifestFile).</summary>
    private static void WriteManifest(string directory, string appendFilename, AofManifest manifest)
    {
        var path = Path.Combine(directory, AofManifest.FileName(appendFilename));
        var temp = Path.Combine(directory, "temp-" + AofManifest.FileName(appendFilename));
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(Encoding.Latin1.GetBytes(manifest.Format()));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        FsyncDirectory(directory);
    }

    // The base of a server that starts with an empty dataset, as its rewrite would write it: an RDB
    // with only the header and the end (aof-use-rdb-preamble yes) or no commands at all.
    private static void WriteEmptyBase(RedisServer server, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        if (server.Config.AofUseRdbPreamble)
        {
            var writer = new Rdb.RdbWriter(stream, server.Config.RdbChecksum, server.Config.RdbCompression);
            writer.WriteHeader(server, aofBase: true);
            writer.WriteFunctions(server.Scripting.Functions.Current.Libraries);
            writer.WriteEnd();
        }
        stream.Flush(flushToDisk: true);
    }

    // A rename is durable once the directory is synced (cf. fsyncFileDir).
    private static void FsyncDirectory(string directory)
    {
        try
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Some file systems do not sync directories; the rename is still atomic.
        }
    }

    // ---- feeding (cf. feedAppendOnlyFile) ---------------------------------------------------------

    public void Feed(int db, ReadOnlySpan<byte> command)
    {
        if (db != _selectedDb)
        {
            Span<byte> digits = stackalloc byte[20];
            int length = Protocol.Numbers.FormatLong(db, digits);
            Append("*2\r\n$6\r\nSELECT\r\n$"u8);
            Span<byte> lengthDigits = stackalloc byte[20];
            Append(lengthDigits[..Protocol.Numbers.FormatLong(length, lengthDigits)]);
            Append("\r\n"u8);
            Append(digits[..length]);
            Append("\r\n"u8);
            _selectedDb = db;
        }
        Append(command);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_bufferLength + bytes.Length > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferLength + bytes.Length));
        bytes.CopyTo(_buffer.AsSpan(_bufferLength));
        _bufferLength += bytes.Length;
    }

    // ---- flushing (cf. flushAppendOnlyFile) ---------------------------------------------------------

    /// <summary>
    /// Writes the buffer to the incr file, and fsyncs as appendfsync says. The loop runs it before it
    /// sends the replies of a cycle (cf. beforeSleep), and the cron runs it to retry after an error or
    /// to hand a due fsync to the background thread. <paramref name="force"/> writes even while an
    /// everysec fsync is in progress (at shutdown).
    /// </summary>
    public void Flush(bool force = false)
    {
        string policy = _config.AppendFsync;
        long now = Storage.Clock.UnixMs;
        if (_bufferLength == 0)
        {
            // Nothing new, but an everysec fsync may be due for what was written earlier.
            if (policy == "everysec" && _writtenSinceFsync > 0 && now - _lastFsyncMs >= 1000 && !_fsyncInProgress) StartBackgroundFsync(now);
            return;
        }
        if (policy == "everysec" && !force && _fsyncInProgress)
        {
            // A write while the disk is busy with an fsync would block the loop in write(2):
            // postpone it, for up to two seconds (cf. aof_flush_postponed_start).
            if (_flushPostponedSinceMs == 0)
            {
                _flushPostponedSinceMs = now;
                return;
            }
            if (now - _flushPostponedSinceMs < 2000) return;
            DelayedFsyncs++;
            Log.Notice("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.");
        }
        _flushPostponedSinceMs = 0;

        if (!TryWrite())
        {
            if (policy == "always")
            {
                // Replies already promised durability: the only safe thing left is to stop (as Redis does).
                Log.Warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                Environment.Exit(1);
            }
            return;
        }
        if (policy == "always")
        {
            try
            {
                RandomAccess.FlushToDisk(_incr);
                _lastFsyncMs = now;
                _writtenSinceFsync = 0;
            }
            catch (IOException e)
            {
                Log.Warning($"Can't persist AOF for fsync error when the AOF fsync policy is 'always': {StrError(e)}. Exiting...");
                Environment.Exit(1);
            }
        }
        else if (policy == "everysec" && now - _lastFsyncMs >= 1000 && !_fsyncInProgress)
        {
            StartBackgroundFsync(now);
        }
    }

    // Writes the whole buffer; on failure the bytes that did reach the file are cut off again, so
    // the file ends at a command boundary, and the buffer is kept for the next attempt.
    private bool TryWrite()
    {
        try
        {
            RandomAccess.Write(_incr, _buffer.AsSpan(0, _bufferLength), _incrSize);
        }
        catch (IOException e)
        {
            string reason = StrError(e);
            if (LastWriteError is null) Log.Warning($"Error writing to the AOF file: {reason}");
            LastWriteError = reason;
            try
            {
                RandomAccess.SetLength(_incr, _incrSize);
            }
            catch (IOException)
            {
                // The next write starts at the last good size regardless.
            }
            return false;
        }
        _incrSize += _bufferLength;
        _writtenSinceFsync += _bufferLength;
        _bufferLength = 0;
        if (_buffer.Length > 4 * 1024 * 1024) _buffer = new byte[64 * 1024]; // do not keep a burst's buffer
        if (LastWriteError is not null)
        {
            Log.Notice("AOF write error looks solved, Redis can write again.");
            LastWriteError = null;
        }
        return true;
    }

    private void StartBackgroundFsync(long now)
    {
        _lastFsyncMs = now;
        _writtenSinceFsync = 0;
        _fsyncInProgress = true;
        _fsyncRequested.Release();
    }

    // The everysec thread (cf. the BIO_AOF_FSYNC job): fsyncs when the loop asks, never the other way round.
    private void FsyncLoop()
    {
        while (true)
        {
            _fsyncRequested.Wait();
            if (_stopping) return;
            try
            {
                RandomAccess.FlushToDisk(_incr);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Log.Warning($"Error fsyncing the AOF file in the background: {e.Message}");
            }
            _fsyncInProgress = false;
        }
    }

    /// <summary>Writes and fsyncs what is left, then closes the file (SHUTDOWN, CONFIG SET appendonly no).</summary>
    public void Dispose()
    {
        Flush(force: true);
        _stopping = true;
        _fsyncRequested.Release();
        _fsyncThread?.Join(5000);
        try
        {
            RandomAccess.FlushToDisk(_incr);
        }
        catch (IOException)
        {
            // Closing anyway.
        }
        _incr.Dispose();
    }

    /// <summary>The C library's words for an I/O error (.NET appends the path after " : ").</summary>
    internal static string StrError(Exception e)
    {
        string message = e.Message;
        int path = message.IndexOf(" : '", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }
}
