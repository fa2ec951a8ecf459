// Server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, INFO, LASTSAVE, SHUTDOWN.
// cf. server.c (infoCommand, timeCommand, shutdownCommand) and db.c (flushdbCommand, swapdbCommand).

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class ServerCommands
{
    /// <summary>Format: <c>DBSIZE</c></summary>
    public static void DbSize(Client client) => client.Reply.Integer(client.Db.Count);

    /// <summary>Format: <c>FLUSHDB [ASYNC|SYNC]</c>. Both modes free synchronously here.</summary>
    public static void FlushDb(Client client)
    {
        if (!CheckFlushMode(client)) return;
        client.Server.Propagation.Force(); // even an empty database's flush is propagated
        client.Server.Watches.TouchAllInDb(client.Db, null);
        client.Server.Tracking.KeysFlushed();
        client.Server.Dirty += client.Db.Clear();
        client.Reply.Ok();
    }

    /// <summary>Format: <c>FLUSHALL [ASYNC|SYNC]</c></summary>
    public static void FlushAll(Client client)
    {
        if (!CheckFlushMode(client)) return;
        client.Server.Propagation.Force();
        foreach (var db in client.Server.Databases)
        {
            client.Server.Watches.TouchAllInDb(db, null);
            client.Server.Dirty += db.Clear();
        }
        client.Server.Tracking.KeysFlushed();
        // As flushAllDataAndResetRDB: a background save is abandoned, and with save points the empty
        // dataset is saved at once, so a restart does not bring the old data back.
        var saver = client.Server.Saver;
        saver.Abort();
        if (client.Server.Config.SavePoints.Count > 0) saver.SaveNow();
        client.Reply.Ok();
    }

    private static bool CheckFlushMode(Client client)
    {
        var args = client.Args;
        if (args.Count == 1 || (args.Count == 2 && (args.Is(1, "ASYNC"u8) || args.Is(1, "SYNC"u8)))) return true;
        client.Reply.Error(Errors.Syntax);
        return false;
    }

    /// <summary>Format: <c>SWAPDB index1 index2</c></summary>
    public static void SwapDb(Client client)
    {
        var args = client.Args;
        var databases = client.Server.Databases;
        if (!Numbers.TryParseLong(args[1], out long first))
        {
            client.Reply.Error("ERR invalid first DB index"u8);
            return;
        }
        if (!Numbers.TryParseLong(args[2], out long second))
        {
            client.Reply.Error("ERR invalid second DB index"u8);
            return;
        }
        if (first < 0 || first >= databases.Length || second < 0 || second >= databases.Length)
        {
            client.Reply.Error(Errors.DbIndexOutOfRange);
            return;
        }
        if (first != second)
        {
            // Watchers stay with their database number: its new contents may touch their keys.
            client.Server.Watches.TouchAllInDb(databases[first], databases[second]);
            client.Server.Watches.TouchAllInDb(databases[second], databases[first]);
            databases[first].SwapWith(databases[second]);
            // Blocked clients stay with their database number too: what it now holds may serve them.
            client.Server.Blocking.ScanForReadyKeys(databases[first]);
            client.Server.Blocking.ScanForReadyKeys(databases[second]);
        }
        client.Server.Dirty++; // even for a database swapped with itself, as swapdbCommand
        client.Reply.Ok();
    }

    /// <summary>Format: <c>TIME</c>: seconds and microseconds, as two bulk strings.</summary>
    public static void Time(Client client)
    {
        long micros = Clock.UnixUs;
        client.Reply.ArrayHeader(2);
        client.Reply.BulkLong(micros / 1_000_000);
        client.Reply.BulkLong(micros % 1_000_000);
    }

    /// <summary>Format: <c>LASTSAVE</c>. The Unix time of the last successful save; the start-up time before any, as in Redis.</summary>
    public static void LastSave(Client client) => client.Reply.Integer(client.Server.LastSaveUnixSeconds);

    /// <summary>Format: <c>INFO [section [section ...]]</c></summary>
    public static void Info(Client client)
    {
        var sections = new List<string>();
        for (int i = 1; i < client.Args.Count; i++)
            sections.Add(System.Text.Encoding.Latin1.GetString(client.Args[i]).ToLowerInvariant());
        string text = InfoReport.Build(client.Server, sections);
        client.Reply.Verbatim(System.Text.Encoding.Latin1.GetBytes(text), "txt"u8);
    }

    /// <summary>
    /// Format: <c>SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]</c>
    /// Saves first with SAVE, or when save points exist and not NOSAVE; a failed save keeps the
    /// server running unless FORCE. The caller gets no reply when the server exits, as with Redis.
    /// There are no replicas to wait for, so NOW changes nothing.
    /// </summary>
    public static void Shutdown(Client client)
    {
        var args = client.Args;
        bool save = false, noSave = false, force = false, abort = false;
        for (int i = 1; i < args.Count; i++)
        {
            if (args.Is(i, "NOSAVE"u8)) noSave = true;
            else if (args.Is(i, "SAVE"u8)) save = true;
            else if (args.Is(i, "NOW"u8)) { }
            else if (args.Is(i, "FORCE"u8)) force = true;
            else if (args.Is(i, "ABORT"u8)) abort = true;
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        if ((abort && args.Count > 2) || (save && noSave))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        if (abort)
        {
            client.Reply.Error("ERR No shutdown in progress."u8);
            return;
        }
        if (!noSave && client.Server.Scripting.Running is { TimedOut: true } busy)
        {
            // Past busy-reply-threshold a script can only be ended without saving.
            client.Reply.Error(Scripting.ScriptEngine.BusyError(busy));
            return;
        }
        if (!client.Server.Saver.PrepareForShutdown(save, noSave, force))
        {
            client.Reply.Error("ERR Errors trying to SHUTDOWN. Check logs."u8);
            return;
        }
        client.CloseAfterReply = true;
        client.Server.ShutdownRequested = true;
    }
}
