// SAVE and DEBUG RELOAD: the synchronous ways to write the dataset to dbfilename and read it back.
// cf. saveCommand in rdb.c and the "reload" branch of debugCommand in debug.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class SaveCommands
{
    /// <summary>Format: <c>SAVE</c>. Writes dir/dbfilename before replying; the loop serves nobody meanwhile, as in Redis.</summary>
    public static void Save(Client client)
    {
        if (client.Server.Saver.InProgress) client.Reply.Error(Errors.BackgroundSaveInProgress);
        else if (client.Server.Saver.SaveNow()) client.Reply.Ok();
        else client.Reply.Error(Errors.SaveFailed);
    }

    /// <summary>
    /// <c>DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]</c>: saves (unless NOSAVE), empties the dataset and
    /// the function libraries (unless NOFLUSH), and loads dbfilename back; MERGE lets loaded keys
    /// and libraries replace existing ones. A file that fails to load is an error reply here, where
    /// Redis would exit.
    /// </summary>
    public static void DebugReload(Client client)
    {
        var args = client.Args;
        bool flush = true, save = true;
        var flags = RdbLoadFlags.None;
        for (int j = 2; j < args.Count; j++)
        {
            if (args.Is(j, "MERGE"u8)) flags |= RdbLoadFlags.AllowDuplicates;
            else if (args.Is(j, "NOFLUSH"u8)) flush = false;
            else if (args.Is(j, "NOSAVE"u8)) save = false;
            else
            {
                client.Reply.Error(Errors.DebugReloadOptions);
                return;
            }
        }
        var server = client.Server;
        if (save && !RdbFile.Save(server))
        {
            client.Reply.Error(Errors.SaveFailed);
            return;
        }
        if (flush)
        {
            foreach (var db in server.Databases)
            {
                server.Watches.TouchAllInDb(db, null);
                db.Clear();
            }
            server.Scripting.Functions.Flush();
        }
        try
        {
            if (RdbFile.Load(server, RdbFile.DefaultPath(server), flags) is null)
            {
                client.Reply.Error(Errors.DebugReloadFailed);
                return;
            }
        }
        catch (Exception e) when (e is RdbFormatException or IOException or UnauthorizedAccessException)
        {
            if (e is RdbFormatException format) RdbFile.ReportLoadFailure(format);
            client.Reply.Error(Errors.DebugReloadFailed);
            return;
        }
        Log.Warning("DB reloaded by DEBUG RELOAD");
        client.Reply.Ok();
    }
}
