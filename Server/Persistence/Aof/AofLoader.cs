// Loading the AOF at start-up: the manifest, then the base and every incr file replayed through a
// socketless client and the same executor as everyone else. cf. loadAppendOnlyFiles and
// loadSingleAppendOnlyFile in aof.c.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Commands;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Persistence.Aof;

/// <summary>What loading found: the files are there and loaded, there is no AOF yet, or it failed (the server must not start).</summary>
internal enum AofLoadResult
{
    Loaded,
    NotExist,
    Failed,
}

internal static class AofLoader
{
    /// <summary>
    /// Loads the AOF named by the configuration into <paramref name="server"/>, logging as Redis logs
    /// (its warnings and refusals word for word). <paramref name="manifest"/> is what was loaded, for
    /// the writer to append to. A file cut short in its last command is dropped back to its last
    /// complete command when aof-load-truncated is yes (the file is truncated there), and refused
    /// otherwise; a file whose bytes are not commands is refused, naming the offset.
    /// </summary>
    public static AofLoadResult Load(RedisServer server, out AofManifest? manifest)
    {
        var config = server.Config;
        string directory = AppendOnlyFile.DirectoryOf(config);
        string manifestPath = Path.Combine(directory, AofManifest.FileName(config.AppendFilename));
        manifest = null;
        if (!File.Exists(manifestPath))
        {
            if (File.Exists(Path.Combine(config.Dir, config.AppendFilename)))
            {
                Log.Warning($"Found an AOF file {config.AppendFilename} from before Redis 7.0 (one file, no manifest): upgrading it is not supported; move it aside to start.");
                return AofLoadResult.Failed;
            }
            return AofLoadResult.NotExist;
        }
        manifest = AofManifest.Parse(File.ReadAllText(manifestPath, Encoding.Latin1), out string error);
        if (manifest is null)
        {
            Log.Warning(error);
            return AofLoadResult.Failed;
        }

        var files = new List<(AofFileInfo Info, bool IsBase)>();
        if (manifest.Base is not null) files.Add((manifest.Base, true));
        foreach (var incr in manifest.Incrs) files.Add((incr, false));
        var client = server.CreateClient(socket: null);
        client.MustObey = true;
        client.Authenticated = true;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < files.Count; i++)
        {
            var (info, isBase) = files[i];
            bool last = i == files.Count - 1;
            long fileStarted = Stopwatch.GetTimestamp();
            var result = LoadFile(server, client, Path.Combine(directory, info.Name), info.Name, last);
            if (result == FileResult.Failed) return AofLoadResult.Failed;
            if (result == FileResult.Truncated && !last)
            {
                Log.Warning("Fatal error: the truncated file is not the last file");
                return AofLoadResult.Failed;
            }
            double seconds = Stopwatch.GetElapsedTime(fileStarted).TotalSeconds;
            Log.Notice($"DB loaded from {(isBase ? "base" : "incr")} file {info.Name}: {seconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} seconds");
        }
        Log.Notice($"DB loaded from append only file: {Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} seconds");
        // What was just read is what the files hold: nothing is unsaved (cf. server.dirty after loading).
        server.Dirty = 0;
        return AofLoadResult.Loaded;
    }

    private enum FileResult { Loaded, Empty, Truncated, Failed }

    private static FileResult LoadFile(RedisServer server, Client client, string path, string name, bool last)
    {
        if (!File.Exists(path))
        {
            Log.Warning($"The AOF file {name} doesn't exist");
            return FileResult.Failed;
        }
        // By its size, as Redis stats it: a device (say /dev/full) counts as empty rather than endless.
        using (var handle = File.OpenHandle(path))
        {
            if (RandomAccess.GetLength(handle) == 0) return FileResult.Empty;
        }
        byte[] data = File.ReadAllBytes(path);
        int at = 0;
        if (data.AsSpan().StartsWith("REDIS"u8))
        {
            // An RDB preamble (aof-use-rdb-preamble yes, Redis's default for base files): the dataset
            // as RDB, then any commands after it (cf. loadSingleAppendOnlyFile).
            Log.Notice("Reading RDB base file on AOF loading...");
            try
            {
                using var stream = new MemoryStream(data, writable: false);
                at = (int)Rdb.RdbLoader.Load(stream, server, Rdb.RdbLoadFlags.AofPreamble).Bytes;
            }
            catch (Rdb.RdbFormatException e)
            {
                Log.Warning($"Error reading the RDB base file {name}, AOF loading aborted: {e.Message} (offset {e.Offset})");
                return FileResult.Failed;
            }
            if (at < data.Length) Log.Notice("Reading the remaining AOF tail...");
        }

        int validUpTo = at, validBeforeMulti = -1;
        bool inMulti = false;
        while (at < data.Length)
        {
            // Redis skips timestamp annotations (#TS:...) and any other line starting with '#'.
            if (data[at] == (byte)'#')
            {
                int end = data.AsSpan(at).IndexOf((byte)'\n');
                if (end < 0) return ShortRead(server, path, name, validUpTo, last);
                at += end + 1;
                validUpTo = at;
                continue;
            }
            var parsed = ParseCommand(data, ref at, client);
            if (parsed == Parse.ShortRead) return ShortRead(server, path, name, inMulti ? validBeforeMulti : validUpTo, last);
            if (parsed == Parse.BadFormat)
            {
                Log.Warning($"Bad file format reading the append only file {name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
                Log.Warning($"The AOF file {name} is not a sequence of commands from offset {validUpTo} on (the last good command ends there).");
                return FileResult.Failed;
            }
            var command = server.Commands.Find(client.Args[0]);
            if (command is null)
            {
                Log.Warning($"Unknown command '{Encoding.Latin1.GetString(client.Args[0])}' reading the append only file {name}");
                return FileResult.Failed;
            }
            bool isMulti = client.Args.Is(0, "MULTI"u8), isExec = client.Args.Is(0, "EXEC"u8);
            if (isMulti)
            {
                inMulti = true;
                validBeforeMulti = validUpTo;
            }
            server.Executor.Execute(client);
            client.Reply.TakeAll(); // a replayed command's reply goes nowhere
            if (isExec) inMulti = false;
            validUpTo = at;
        }
        if (inMulti)
        {
            // A transaction whose EXEC never reached the file: its commands must not count (cf. CLIENT_MULTI at EOF).
            Log.Warning($"Revert incomplete MULTI/EXEC transaction in AOF file {name}");
            TransactionCommands.DiscardTransaction(client);
            return ShortRead(server, path, name, validBeforeMulti, last);
        }
        return FileResult.Loaded;
    }

    // cf. the uxeof label of loadSingleAppendOnlyFile.
    private static FileResult ShortRead(RedisServer server, string path, string name, int validUpTo, bool last)
    {
        if (server.Config.AofLoadTruncated)
        {
            Log.Warning($"!!! Warning: short read while loading the AOF file {name}!!!");
            Log.Warning($"!!! Truncating the AOF {name} at offset {validUpTo} !!!");
            if (!last) return FileResult.Truncated; // refused by the caller: only the last file may end early
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
                RandomAccess.SetLength(handle, validUpTo);
            }
            catch (IOException e)
            {
                Log.Warning($"Error truncating the AOF file {name}: {AppendOnlyFile.StrError(e)}");
                return FileResult.Failed;
            }
            Log.Warning($"AOF {name} loaded anyway because aof-load-truncated is enabled");
            return FileResult.Truncated;
        }
        Log.Warning($"Unexpected end of file reading the append only file {name}. You can: " +
            "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. " +
            "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        return FileResult.Failed;
    }

    private enum Parse { Ok, ShortRead, BadFormat }

    // One "*argc\r\n($len\r\nbytes\r\n)*" command into the client's arguments, as loadSingleAppendOnlyFile reads it.
    private static Parse ParseCommand(byte[] data, ref int at, Client client)
    {
        int position = at;
        if (data[position] != (byte)'*') return Parse.BadFormat;
        var header = ReadLine(data, ref position);
        if (header.Status != Parse.Ok) return header.Status;
        if (header.Number < 1) return Parse.BadFormat;
        var args = client.Args;
        args.Reset(data);
        for (long j = 0; j < header.Number; j++)
        {
            if (position >= data.Length) return Parse.ShortRead;
            if (data[position] != (byte)'$') return Parse.BadFormat;
            var length = ReadLine(data, ref position);
            if (length.Status != Parse.Ok) return length.Status;
            if (length.Number < 0) return Parse.BadFormat;
            if (position + length.Number + 2 > data.Length) return Parse.ShortRead;
            args.Add(position, (int)length.Number);
            position += (int)length.Number + 2;
        }
        at = position;
        return Parse.Ok;
    }

    // "*123\r\n" or "$45\r\n" from position (its first byte already checked); Redis reads the number with atoi.
    private static (Parse Status, long Number) ReadLine(byte[] data, ref int position)
    {
        int end = data.AsSpan(position).IndexOf((byte)'\n');
        if (end < 0) return (Parse.ShortRead, 0);
        var digits = data.AsSpan(position + 1, end - 1);
        if (digits.Length > 0 && digits[^1] == (byte)'\r') digits = digits[..^1];
        position += end + 1;
        if (!Protocol.Numbers.TryParseLong(digits, out long number) || number > int.MaxValue) return (Parse.BadFormat, 0);
        return (Parse.Ok, number);
    }
}
