// The dump file on disk: saving the whole dataset synchronously (SAVE, DEBUG RELOAD) through a
// temporary file renamed into place, and loading it at start-up or on DEBUG RELOAD.
// cf. rdbSave, rdbSaveRio, rdbLoad in rdb.c and loadDataFromDisk in server.c.

using System.Diagnostics;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence.Rdb;

internal static class RdbFile
{
    /// <summary>The path of dir/dbfilename (dir is the working directory, as in Redis).</summary>
    public static string DefaultPath(RedisServer server) => Path.Combine(server.Config.Dir, server.Config.DbFilename);

    /// <summary>
    /// Writes the whole dataset, as rdbSaveRio does: header and aux fields, the function
    /// libraries, each non-empty database (SELECTDB, RESIZEDB, its keys), EOF and checksum.
    /// </summary>
    public static void WriteDataset(RedisServer server, Stream output, bool aofBase)
    {
        var config = server.Config;
        var writer = new RdbWriter(output, config.RdbChecksum, config.RdbCompression);
        writer.WriteHeader(server, aofBase);
        writer.WriteFunctions(server.Scripting.Functions.Current.Libraries);
        foreach (var db in server.Databases)
        {
            if (db.Count == 0) continue;
            writer.BeginDatabase(db.Id, db.Count, db.ExpiresCount);
            foreach (var (key, value) in db) writer.WriteKey(key, value, db.GetExpire(key));
        }
        writer.WriteEnd();
    }

    /// <summary>
    /// SAVE: writes temp-&lt;pid&gt;.rdb in dir, flushes it to disk, and renames it over
    /// <paramref name="path"/> (dir/dbfilename by default), so a crash never leaves a half-written
    /// dump in place. True on success, which updates LASTSAVE; false after logging why, as rdbSave does.
    /// </summary>
    public static bool Save(RedisServer server, string? path = null)
    {
        path ??= DefaultPath(server);
        string temp = Path.Combine(server.Config.Dir, $"temp-{Environment.ProcessId}.rdb");
        FileStream file;
        try
        {
            file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Failed opening the temp RDB file {Path.GetFileName(temp)} (in server root dir {server.Config.Dir}) for saving: {e.Message}");
            return false;
        }
        try
        {
            using (file)
            {
                WriteDataset(server, file, aofBase: false);
                file.Flush(flushToDisk: true);
            }
        }
        catch (IOException e)
        {
            Log.Warning($"Write error saving DB on disk: {e.Message}");
            TryDelete(temp);
            return false;
        }
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Error moving temp DB file {Path.GetFileName(temp)} on the final destination {path} (in server root dir {server.Config.Dir}): {e.Message}");
            TryDelete(temp);
            return false;
        }
        Log.Notice("DB saved on disk");
        server.LastSaveUnixSeconds = Clock.UnixMs / 1000;
        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Could not remove {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> into the server. Null when the file does not exist; throws
    /// <see cref="RdbFormatException"/> when it is not valid (the databases may hold part of it then).
    /// </summary>
    public static RdbLoadResult? Load(RedisServer server, string path, RdbLoadFlags flags = RdbLoadFlags.None)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        using (file) return RdbLoader.Load(file, server, flags);
    }

    /// <summary>
    /// Loads dir/dbfilename before the server accepts clients, as loadDataFromDisk does. No file
    /// is an empty dataset; a file that fails to load is logged with Redis's lines and false is
    /// returned: the server must exit with status 1.
    /// </summary>
    public static bool LoadAtStartup(RedisServer server)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (Load(server, DefaultPath(server)) is null) return true;
        }
        catch (RdbFormatException e)
        {
            ReportLoadFailure(e);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Fatal error loading the DB: {e.Message}. Exiting.");
            return false;
        }
        Log.Notice($"DB loaded from disk: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000} seconds");
        return true;
    }

    /// <summary>Redis's log lines for a file it cannot load: a bad header is "Fatal error loading the DB", the rest an internal error at an offset.</summary>
    public static void ReportLoadFailure(RdbFormatException e)
    {
        if (e.Message.StartsWith("Wrong signature", StringComparison.Ordinal) || e.Message.StartsWith("Can't handle RDB format", StringComparison.Ordinal))
        {
            Log.Warning(e.Message);
            Log.Warning("Fatal error loading the DB: Invalid argument. Exiting.");
            return;
        }
        if (e.Message.StartsWith("Unexpected EOF", StringComparison.Ordinal))
            Log.Warning("Short read or OOM loading DB. Unrecoverable error, aborting now.");
        Log.Warning($"Internal error in RDB reading offset {e.Offset}, function at RdbLoader -> {e.Message}");
        Log.Warning("Terminating server after rdb file reading failure.");
    }
}
