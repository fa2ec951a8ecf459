// BGSAVE: saving the dataset in the background, on the loop, without fork (Persistence/SnapshotSaver.cs).
// cf. bgsaveCommand in rdb.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class BgsaveCommands
{
    /// <summary>
    /// Format: <c>BGSAVE [SCHEDULE]</c>. Starts a background save and replies at once. Inside EXEC it is
    /// scheduled for the cron instead, as Redis does (server.in_exec); while an AOF rewrite runs it is
    /// refused, or scheduled with SCHEDULE.
    /// </summary>
    public static void Bgsave(Client client)
    {
        var args = client.Args;
        if (args.Count > 1 && !(args.Count == 2 && args.Is(1, "SCHEDULE"u8)))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        var saver = client.Server.Saver;
        bool schedule = args.Count == 2;
        if (saver.InProgress || client.Server.Replicas.SyncInProgress) client.Reply.Error(Errors.BackgroundSaveInProgress);
        else if (client.Server.HasActiveChild && !schedule && !client.Server.InExec) client.Reply.Error(Errors.BgsaveWhileChildActive);
        else if (client.Server.HasActiveChild || client.Server.InExec)
        {
            saver.Scheduled = true;
            client.Reply.Simple("Background saving scheduled"u8);
        }
        else if (saver.Start()) client.Reply.Simple("Background saving started"u8);
        else client.Reply.Error(Errors.SaveFailed);
    }
}
