// DEBUG: the subcommands Redis's own tooling and tests lean on, behind enable-debug-command.
// cf. debugCommand and computeDatasetDigest in debug.c. Subcommands that crash or restart the
// server on purpose (SEGFAULT, PANIC, ASSERT, OOM, RESTART ...) and those of features this server
// lacks (LOADAOF, CHANGE-REPL-ID ...) answer as unknown subcommands. RELOAD is in SaveCommands.cs.

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using EventLoopRedis.Diagnostics;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Commands;

internal static class DebugCommands
{
    /// <summary>Format: <c>DEBUG subcommand [argument ...]</c></summary>
    public static void Debug(Client client)
    {
        var args = client.Args;
        int count = args.Count;
        if (args.Is(1, "HELP"u8) && count == 2) Help(client);
        else if (args.Is(1, "SLEEP"u8) && count == 3) Sleep(client);
        else if (args.Is(1, "OBJECT"u8) && count == 3) Object(client);
        else if (args.Is(1, "SET-ACTIVE-EXPIRE"u8) && count == 3) SetActiveExpire(client);
        else if (args.Is(1, "DIGEST"u8) && count == 2) Digest(client);
        else if (args.Is(1, "DIGEST-VALUE"u8) && count >= 2) DigestValue(client);
        else if (args.Is(1, "PROTOCOL"u8) && count == 3) Protocol(client);
        else if (args.Is(1, "ERROR"u8) && count == 3) client.Reply.Error(args[2]);
        else if (args.Is(1, "LOG"u8) && count == 3) LogMessage(client);
        else if (args.Is(1, "RELOAD"u8)) SaveCommands.DebugReload(client);
        else if (args.Is(1, "POPULATE"u8) && count is >= 3 and <= 5) Populate(client);
        else if (args.Is(1, "LISTPACK"u8) && count == 3) ListpackRepr(client);
        else if (args.Is(1, "QUICKLIST"u8) && count is 3 or 4) QuicklistRepr(client);
        else if (args.Is(1, "STRINGMATCH-TEST"u8) && count == 2) StringMatchTest(client);
        else if (args.Is(1, "PAUSE-CRON"u8) && count == 3) PauseCron(client);
        else if (args.Is(1, "HTSTATS"u8) && count == 3) HashTableStats(client);
        else if (args.Is(1, "HTSTATS-KEY"u8) && count == 3) KeyHashTableStats(client);
        else Commands.Help.SubcommandSyntaxError(client);
    }

    /// <summary><c>DEBUG SLEEP seconds</c>: stops the whole server, decimals allowed (strtod's reading: junk is 0).</summary>
    private static void Sleep(Client client)
    {
        Doubles.Strtod(client.Args[2], out double seconds, out _);
        long micros = (long)(seconds * 1_000_000);
        if (micros > 0) Thread.Sleep(TimeSpan.FromMicroseconds(micros));
        client.Reply.Ok();
    }

    /// <summary>
    /// <c>DEBUG OBJECT key</c>: identity, refcount, encoding, the value's size in an RDB file (as
    /// rdbSavedObjectLen: the serialised value without its type byte), LRU, and a list's quicklist shape.
    /// </summary>
    private static void Object(Client client)
    {
        if (client.Db.PeekRaw(client.Args[2]) is not { } value)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        // Redis shares the integers 0..9999 (OBJ_SHARED_INTEGERS), which report the shared refcount.
        bool shared = value.Encoding == ObjectEncoding.Int && value.Integer is >= 0 and < 10000;
        long lru = value.LastAccessMs / 1000 & ((1 << 24) - 1);
        long idle = Math.Max(0, Clock.CoarseUnixMs / 1000 - value.LastAccessMs / 1000);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Value at:0x{RuntimeHelpers.GetHashCode(value):x} refcount:{(shared ? int.MaxValue : 1)} encoding:{value.EncodingName} serializedlength:{SerializedLength(client, value)} lru:{lru} lru_seconds_idle:{idle}");
        if (value.Value is Quicklist list)
        {
            long nodes = 0, bytes = 0;
            foreach (var (_, size, _) in list.NodeShapes())
            {
                nodes++;
                bytes += size;
            }
            double average = nodes == 0 ? 0 : (double)list.Count / nodes;
            text.Append(CultureInfo.InvariantCulture,
                $" ql_nodes:{nodes} ql_avg_node:{average:F2} ql_listpack_max:{client.Server.Config.ListMaxListpackSize} ql_compressed:0 ql_uncompressed_size:{bytes}");
        }
        client.Reply.Simple(Encoding.Latin1.GetBytes(text.ToString()));
    }

    private static long SerializedLength(Client client, RedisObject value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Persistence.Rdb.RdbWriter.SerializeValue(buffer, value, client.Server.Config.RdbCompression);
        return buffer.WrittenCount - 1;
    }

    /// <summary><c>DEBUG SET-ACTIVE-EXPIRE 0|1</c>: turns the cron's active expiry off or on (atoi's reading).</summary>
    private static void SetActiveExpire(Client client)
    {
        Doubles.Strtod(client.Args[2], out double flag, out _);
        client.Server.ActiveExpireEnabled = (long)flag != 0;
        client.Reply.Ok();
    }

    /// <summary><c>DEBUG DIGEST</c>: the data set's digest in hex, forty zeros when empty.</summary>
    private static void Digest(Client client) =>
        client.Reply.Simple(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(DatasetDigest.OfDataset(client.Server.Databases))));

    /// <summary><c>DEBUG DIGEST-VALUE [key ...]</c>: each value's digest (zeros for a missing key).</summary>
    private static void DigestValue(Client client)
    {
        var args = client.Args;
        client.Reply.ArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            var value = client.Db.LookupNoTouch(args[i]);
            bool hasExpire = value is not null && client.Db.GetExpire(args[i]) != -1;
            client.Reply.Simple(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(DatasetDigest.OfValue(value, hasExpire))));
        }
    }

    /// <summary><c>DEBUG PROTOCOL type</c>: a sample reply of each RESP3 type, for client tests.</summary>
    private static void Protocol(Client client)
    {
        var reply = client.Reply;
        string type = Encoding.Latin1.GetString(client.Args[2]).ToLowerInvariant();
        bool Is(string name) => type == name;
        if (Is("string")) reply.Bulk("Hello World"u8);
        else if (Is("integer")) reply.Integer(12345);
        else if (Is("double")) reply.Double("3.141"u8);
        else if (Is("bignum"))
        {
            if (reply.Protocol == 3) reply.Raw("(1234567999999999999999999999999999999\r\n"u8);
            else reply.Bulk("1234567999999999999999999999999999999"u8);
        }
        else if (Is("null")) reply.NullBulk();
        else if (Is("array") || Is("set"))
        {
            if (Is("array")) reply.ArrayHeader(3);
            else reply.SetHeader(3);
            for (int j = 0; j < 3; j++) reply.Integer(j);
        }
        else if (Is("map"))
        {
            reply.MapHeader(3);
            for (int j = 0; j < 3; j++)
            {
                reply.Integer(j);
                reply.Bool(j == 1);
            }
        }
        else if (Is("attrib"))
        {
            if (reply.Protocol == 3)
            {
                reply.Raw("|1\r\n"u8);
                reply.Bulk("key-popularity"u8);
                reply.ArrayHeader(2);
                reply.Bulk("key:123"u8);
                reply.Integer(90);
            }
            reply.Bulk("Some real reply following the attribute"u8);
        }
        else if (Is("push"))
        {
            if (reply.Protocol < 3)
            {
                reply.Error("ERR RESP2 is not supported by this command"u8);
                return;
            }
            reply.PushHeader(2);
            reply.Bulk("server-cpu-usage"u8);
            reply.Integer(42);
            reply.Bulk("Some real reply following the push reply"u8);
        }
        else if (Is("verbatim")) reply.Verbatim("This is a verbatim\nstring"u8, "txt"u8);
        else if (Is("true")) reply.Bool(true);
        else if (Is("false")) reply.Bool(false);
        else reply.Error("ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"u8);
    }

    /// <summary>
    /// <c>DEBUG POPULATE count [prefix] [size]</c>: adds string keys <c>prefix:N</c> (prefix <c>key</c>)
    /// holding <c>value:N</c>, cut or padded with zero bytes to <c>size</c> when one is given; keys that
    /// exist are left alone. As Redis formats the key into a 128-byte C buffer, the prefix ends at
    /// its first NUL and the key at 127 bytes.
    /// </summary>
    private static void Populate(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[2], out long keys) || keys < 0)
        {
            client.Reply.Error(Errors.MustBePositive);
            return;
        }
        long size = 0;
        if (args.Count == 5 && (!Numbers.TryParseLong(args[4], out size) || size < 0))
        {
            client.Reply.Error(Errors.MustBePositive);
            return;
        }
        ReadOnlySpan<byte> prefix = args.Count == 3 ? "key"u8 : args[3];
        int nul = prefix.IndexOf((byte)0);
        if (nul >= 0) prefix = prefix[..nul];

        const int KeyBufferLimit = 127;
        Span<byte> key = stackalloc byte[KeyBufferLimit + 21];
        Span<byte> number = stackalloc byte[20];
        var db = client.Db;
        for (long j = 0; j < keys; j++)
        {
            int digits = Numbers.FormatLong(j, number);
            int length = Math.Min(prefix.Length, KeyBufferLimit);
            prefix[..length].CopyTo(key);
            key[length++] = (byte)':';
            number[..digits].CopyTo(key[length..]);
            length = Math.Min(length + digits, KeyBufferLimit);
            if (db.LookupQuiet(key[..length]) is not null) continue;

            byte[] value = new byte[size == 0 ? 6 + digits : size];
            int copied = (int)Math.Min(value.Length, 6);
            "value:"u8[..copied].CopyTo(value);
            if (value.Length > 6) number[..(int)Math.Min(digits, value.Length - 6)].CopyTo(value.AsSpan(6));
            db.Set(key[..length], RedisObject.String(value));
            db.SignalModified(key[..length]);
        }
        client.Reply.Ok();
    }

    /// <summary>
    /// <c>DEBUG LISTPACK key</c>: writes the entries of a listpack-encoded value (a small hash or
    /// sorted set) to the log, where Redis prints them on stdout (lpRepr).
    /// </summary>
    private static void ListpackRepr(Client client)
    {
        if (client.Db.LookupNoTouch(client.Args[2]) is not { } value)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        if (value.Encoding != ObjectEncoding.Listpack)
        {
            client.Reply.Error("ERR Not a listpack encoded object."u8);
            return;
        }
        var text = new StringBuilder();
        Span<byte> digits = stackalloc byte[2 * Listpack.DigitsLength];
        int index = 0;
        if (value.Value is RedisHash hash)
        {
            foreach (var pair in hash.Pairs(digits))
            {
                AppendEntry(text, index++, pair.Field);
                AppendEntry(text, index++, pair.Value);
            }
        }
        else if (value.Value is SortedSet zset)
        {
            var cursor = zset.IterateFrom(0, reverse: false);
            Span<byte> score = stackalloc byte[Doubles.MaxFormattedLength];
            while (cursor.MoveNext())
            {
                AppendEntry(text, index++, cursor.Member);
                AppendEntry(text, index++, score[..Doubles.Format(cursor.Score, score)]);
            }
        }
        Log.Notice($"DEBUG LISTPACK {Printable(client.Args[2])}: {{num entries {index}}}\n{text}");
        client.Reply.Simple("Listpack structure printed on stdout"u8);
    }

    /// <summary>
    /// <c>DEBUG QUICKLIST key [0|1]</c>: writes a list's quicklist (its nodes, and with 1 each node's
    /// entries) to the log, where Redis prints it on stdout (quicklistRepr).
    /// </summary>
    private static void QuicklistRepr(Client client)
    {
        if (client.Db.LookupNoTouch(client.Args[2]) is not { } value)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        bool full = false;
        if (client.Args.Count == 4)
        {
            Doubles.Strtod(client.Args[3], out double level, out _); // atoi's reading
            full = (long)level != 0;
        }
        if (value.Value is not Quicklist list)
        {
            client.Reply.Error("ERR Not a quicklist encoded object."u8);
            return;
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{{count : {list.Count}}}\n{{len : {list.NodeCount}}}\n{{fill : {client.Server.Config.ListMaxListpackSize}}}\n{{compress : 0}}\n");
        Span<byte> digits = stackalloc byte[Listpack.DigitsLength];
        var iterator = list.IterateFrom(0, forward: true);
        int node = 0;
        foreach (var (count, bytes, capacity) in list.NodeShapes())
        {
            text.Append(CultureInfo.InvariantCulture, $"{{node {node++}: count {count}, sz {bytes}, capacity {capacity}, container PACKED}}\n");
            for (int i = 0; i < count && iterator.MoveNext(); i++)
                if (full) AppendEntry(text, i, iterator.Current(digits));
        }
        Log.Notice($"DEBUG QUICKLIST {Printable(client.Args[2])}:\n{text}");
        client.Reply.Simple("Quicklist structure printed on stdout"u8);
    }

    private static void AppendEntry(StringBuilder text, int index, ReadOnlySpan<byte> entry) =>
        text.Append(CultureInfo.InvariantCulture, $"  {{index {index}, {entry.Length} bytes: {Printable(entry)}}}\n");

    private static string Printable(ReadOnlySpan<byte> bytes) => CommandExecutor.Printable(bytes, 128);

    /// <summary>
    /// <c>DEBUG STRINGMATCH-TEST</c>: matches random patterns against random strings, as
    /// stringmatchlen_fuzz_test does: the test is that the matcher neither throws nor runs away.
    /// </summary>
    private static void StringMatchTest(Client client)
    {
        const string Alphabet = "*?[]^-\\ab";
        var random = new Random(0);
        Span<byte> pattern = stackalloc byte[32];
        Span<byte> text = stackalloc byte[32];
        for (int i = 0; i < 1_000_000; i++)
        {
            int patternLength = random.Next(pattern.Length + 1), textLength = random.Next(text.Length + 1);
            for (int j = 0; j < patternLength; j++) pattern[j] = (byte)Alphabet[random.Next(Alphabet.Length)];
            for (int j = 0; j < textLength; j++) text[j] = (byte)random.Next(256);
            Glob.Match(pattern[..patternLength], text[..textLength], noCase: random.Next(2) == 0);
        }
        client.Reply.Simple("Apparently Redis did not crash: test passed"u8);
    }

    /// <summary><c>DEBUG PAUSE-CRON 0|1</c>: stops or restarts the periodic cron (atoi's reading).</summary>
    private static void PauseCron(Client client)
    {
        Doubles.Strtod(client.Args[2], out double flag, out _);
        client.Server.CronPaused = (long)flag != 0;
        client.Reply.Ok();
    }

    /// <summary><c>DEBUG HTSTATS dbid</c>: the shape of a database's keyspace and expires tables (cf. dictGetStats).</summary>
    private static void HashTableStats(Client client)
    {
        if (!Numbers.TryParseLong(client.Args[2], out long id))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (id < 0 || id >= client.Server.Databases.Length)
        {
            client.Reply.Error("ERR Out of range database"u8);
            return;
        }
        var (keys, expires) = client.Server.Databases[id].Tables;
        var text = new StringBuilder("[Dictionary HT]\n");
        AppendStats(text, keys);
        text.Append("[Expires HT]\n");
        AppendStats(text, expires);
        client.Reply.Verbatim(Encoding.ASCII.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary><c>DEBUG HTSTATS-KEY key</c>: the same for the hash table of a hash, set or sorted set.</summary>
    private static void KeyHashTableStats(Client client)
    {
        if (client.Db.LookupNoTouch(client.Args[2]) is not { } value)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        var text = new StringBuilder();
        switch (value.Value)
        {
            case RedisSet { HashTable: { } set }: AppendStats(text, set); break;
            case RedisHash { HashTable: { } hash }: AppendStats(text, hash); break;
            case SortedSet { HashTable: { } zset }: AppendStats(text, zset); break;
            default:
                client.Reply.Error("ERR The value stored at the specified key is not represented using an hash table"u8);
                return;
        }
        client.Reply.Verbatim(Encoding.ASCII.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>Both tables of <paramref name="dict"/> (the second only while rehashing), as _dictGetStatsHt prints them.</summary>
    private static void AppendStats<T>(StringBuilder text, Dict<T> dict)
    {
        const int Lengths = 50; // DICT_STATS_VECTLEN
        for (int which = 0; which < (dict.IsRehashing ? 2 : 1); which++)
        {
            var inv = CultureInfo.InvariantCulture;
            text.Append(inv, $"Hash table {which} stats ({(which == 0 ? "main hash table" : "rehashing target")}):\n");
            if (dict.TableStats(which, Lengths) is not { } stats)
            {
                text.Append("No stats available for empty dictionaries\n");
                continue;
            }
            text.Append(inv, $" table size: {stats.Size}\n number of elements: {stats.Used}\n different slots: {stats.Slots}\n");
            text.Append(inv, $" max chain length: {stats.MaxChain}\n");
            text.Append(inv, $" avg chain length (counted): {(double)((float)stats.TotalChain / stats.Slots):F2}\n");
            text.Append(inv, $" avg chain length (computed): {(double)((float)stats.Used / stats.Slots):F2}\n");
            text.Append(" Chain length distribution:\n");
            for (int i = 0; i < Lengths - 1; i++)
            {
                if (stats.ChainLengths[i] == 0) continue;
                text.Append(inv, $"   {i}: {stats.ChainLengths[i]} ({(double)((float)stats.ChainLengths[i] / stats.Size * 100):F2}%)\n");
            }
        }
    }

    /// <summary><c>DEBUG LOG message</c>: writes the message to the server log as a warning.</summary>
    private static void LogMessage(Client client)
    {
        Log.Warning("DEBUG LOG: " + Encoding.Latin1.GetString(client.Args[2]));
        client.Reply.Ok();
    }

    private static void Help(Client client) => Commands.Help.Reply(client, "DEBUG",
    [
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
    ]);
}
