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
    /// <c>DEBUG OBJECT key</c>: identity, refcount, encoding and LRU of a value, and a list's
    /// quicklist shape. Redis's <c>serializedlength</c> (the RDB size) is left out: there is no RDB here.
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
            $"Value at:0x{RuntimeHelpers.GetHashCode(value):x} refcount:{(shared ? int.MaxValue : 1)} encoding:{value.EncodingName} lru:{lru} lru_seconds_idle:{idle}");
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
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
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
    ]);
}
