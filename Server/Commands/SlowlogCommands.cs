// SLOWLOG and its subcommands: read and reset the slow log the executor fills.
// cf. slowlogCommand in slowlog.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class SlowlogCommands
{
    /// <summary>
    /// Format: <c>SLOWLOG GET [count]</c>. The newest <c>count</c> entries (default 10, -1 all), each
    /// <c>[id, unix time, microseconds, [args], peer, client name]</c>.
    /// </summary>
    public static void Get(Client client)
    {
        var args = client.Args;
        var log = client.Server.SlowLog;
        if (args.Count > 3)
        {
            Commands.Help.SubcommandSyntaxError(client);
            return;
        }
        long count = 10;
        if (args.Count == 3)
        {
            if (!Numbers.TryParseLong(args[2], out count) || count < -1)
            {
                client.Reply.Error(Errors.SlowlogCount);
                return;
            }
            if (count == -1) count = log.Count;
        }
        count = Math.Min(count, log.Count);
        client.Reply.ArrayHeader((int)count);
        foreach (var entry in log.Newest)
        {
            if (count-- == 0) break;
            client.Reply.ArrayHeader(6);
            client.Reply.Integer(entry.Id);
            client.Reply.Integer(entry.UnixSeconds);
            client.Reply.Integer(entry.Microseconds);
            client.Reply.ArrayHeader(entry.Args.Length);
            foreach (var arg in entry.Args) client.Reply.Bulk(arg);
            client.Reply.Bulk(entry.Peer);
            client.Reply.Bulk(entry.ClientName);
        }
    }

    /// <summary>Format: <c>SLOWLOG LEN</c></summary>
    public static void Len(Client client) => client.Reply.Integer(client.Server.SlowLog.Count);

    /// <summary>Format: <c>SLOWLOG RESET</c></summary>
    public static void Reset(Client client)
    {
        client.Server.SlowLog.Reset();
        client.Reply.Ok();
    }

    /// <summary>Format: <c>SLOWLOG HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "SLOWLOG",
    [
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
    ]);
}
