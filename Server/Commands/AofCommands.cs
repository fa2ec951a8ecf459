// BGREWRITEAOF: rewriting the append-only file in the background, on the loop, without fork
// (Persistence/AofRewriter.cs). cf. bgrewriteaofCommand in aof.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class AofCommands
{
    /// <summary>
    /// Format: <c>BGREWRITEAOF</c>. Starts a rewrite and replies at once; while a background save runs
    /// (or inside EXEC) the rewrite is scheduled for the cron instead. Works with appendonly no too: the
    /// AOF directory then gets a base and a manifest, as in Redis.
    /// </summary>
    public static void BgRewriteAof(Client client)
    {
        var server = client.Server;
        var rewriter = server.AofRewriter;
        if (rewriter.InProgress) client.Reply.Error(Errors.AofRewriteInProgress);
        else if (server.HasActiveChild || server.InExec)
        {
            rewriter.ScheduleByCommand();
            client.Reply.Simple("Background append only file rewriting scheduled"u8);
        }
        else if (rewriter.Start()) client.Reply.Simple("Background append only file rewriting started"u8);
        else client.Reply.Error(Errors.AofRewriteFailed);
    }
}
