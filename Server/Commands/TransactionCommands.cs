// Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
// cf. multi.c (multiCommand, execCommand, discardCommand, watchCommand, unwatchCommand).

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

/// <summary>A command queued between MULTI and EXEC, with its own copy of the arguments (cf. multiCmd).</summary>
internal sealed record QueuedCommand(CommandDef Command, ArgList Args);

/// <summary>
/// MULTI is a mode of the client, not a new way for its coroutine to wait: between MULTI and
/// EXEC the executor queues each command (<see cref="Queue"/>) and answers +QUEUED, and EXEC
/// runs the queue inside one command, so no other client can run in between.
/// </summary>
internal static class TransactionCommands
{
    /// <summary>Format: <c>MULTI</c>. Starts queuing commands.</summary>
    public static void Multi(Client client)
    {
        if (client.Multi is not null)
        {
            client.Reply.Error(Errors.MultiNested);
            return;
        }
        client.Multi = new List<QueuedCommand>();
        client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>EXEC</c>. Runs the queued commands and replies their replies as one array;
    /// the null array when a watched key changed, EXECABORT when a command was refused while
    /// queuing. An error inside one command does not stop the others.
    /// </summary>
    public static void Exec(Client client)
    {
        var queued = client.Multi;
        if (queued is null)
        {
            client.Reply.Error(Errors.ExecWithoutMulti);
            return;
        }
        if (WatchedKeys.AnyExpiredSinceWatch(client)) client.DirtyCas = true;
        if (client.DirtyCas || client.DirtyExec)
        {
            if (client.DirtyExec) client.Reply.Error(Errors.ExecAbort);
            else client.Reply.NullArray();
            DiscardTransaction(client);
            return;
        }

        // Unwatched first: the transaction's own writes must not mark it dirty.
        client.Server.Watches.UnwatchAll(client);
        var execArgs = client.Args;
        var exec = client.LastCommand;
        client.Reply.ArrayHeader(queued.Count);
        bool denyBlocking = client.DenyBlocking;
        client.DenyBlocking = true; // a transaction cannot wait halfway through
        client.Server.InExec = true;
        foreach (var command in queued)
        {
            client.Args = command.Args;
            if (!client.User.Unrestricted && DeniedSinceQueued(client, command.Command, exec)) continue;
            client.Server.Executor.Call(client, command.Command);
        }
        client.Server.InExec = false;
        client.DenyBlocking = denyBlocking;
        client.Args = execArgs;
        client.LastCommand = exec;
        DiscardTransaction(client);
    }

    /// <summary>
    /// The user's rules may have changed since the command was queued: it is checked again, and a
    /// refusal becomes its reply (cf. the ACLCheckAllPerm call in execCommand).
    /// </summary>
    private static bool DeniedSinceQueued(Client client, CommandDef command, CommandDef? exec)
    {
        var acl = client.Server.Acl;
        client.LastCommand = exec; // the log's client info names EXEC, as Redis's c->lastcmd does
        var denial = acl.Check(client.User, command, client.Args, 0, out int position);
        if (denial == Security.AclDenial.None) return false;
        acl.AddLogEntry(client, denial, Security.AclLogContext.Multi, position, command: command);
        client.Reply.Error(denial switch
        {
            Security.AclDenial.Command => Errors.AclChangedCommand,
            Security.AclDenial.Key => Errors.AclChangedKey,
            _ => Errors.AclChangedChannel,
        });
        return true;
    }

    /// <summary>Format: <c>DISCARD</c>. Drops the queue and the watches.</summary>
    public static void Discard(Client client)
    {
        if (client.Multi is null)
        {
            client.Reply.Error(Errors.DiscardWithoutMulti);
            return;
        }
        DiscardTransaction(client);
        client.Reply.Ok();
    }

    /// <summary>Format: <c>WATCH key [key ...]</c>. EXEC will fail if any of the keys changes first.</summary>
    public static void Watch(Client client)
    {
        if (client.Multi is not null)
        {
            client.Reply.Error(Errors.WatchInsideMulti);
            return;
        }
        // A client already dirty will fail its EXEC anyway: no point in watching more.
        if (!client.DirtyCas)
        {
            var args = client.Args;
            for (int i = 1; i < args.Count; i++) client.Server.Watches.Watch(client, args[i]);
        }
        client.Reply.Ok();
    }

    /// <summary>Format: <c>UNWATCH</c></summary>
    public static void Unwatch(Client client)
    {
        client.Server.Watches.UnwatchAll(client);
        client.DirtyCas = false;
        client.Reply.Ok();
    }

    // ---- the executor's side --------------------------------------------------------------

    private static readonly HandlerId s_exec = HandlerId.Of(Exec), s_discard = HandlerId.Of(Discard), s_multi = HandlerId.Of(Multi),
        s_watch = HandlerId.Of(Watch), s_quit = HandlerId.Of(ConnectionCommands.Quit), s_reset = HandlerId.Of(ConnectionCommands.Reset);

    /// <summary>Whether <paramref name="command"/> is EXEC.</summary>
    public static bool IsExec(CommandDef command) => command.HandlerId == s_exec;

    /// <summary>True for the commands that run at once inside MULTI instead of being queued.</summary>
    public static bool RunsInsideMulti(CommandDef command)
    {
        var handler = command.HandlerId;
        return handler == s_exec || handler == s_discard || handler == s_multi || handler == s_watch
            || handler == s_quit || handler == s_reset;
    }

    /// <summary>
    /// Queues the command in <c>client.Args</c> and replies +QUEUED (cf. queueMultiCommand). A
    /// transaction already doomed keeps answering +QUEUED but stores nothing.
    /// </summary>
    public static void Queue(Client client, CommandDef command)
    {
        if (!client.DirtyCas && !client.DirtyExec)
        {
            var args = client.Args.Clone();
            client.Multi!.Add(new QueuedCommand(command, args));
            client.MultiArgBytes += Memory.ClientMemory.QueuedArgBytes(args);
        }
        client.Reply.Raw("+QUEUED\r\n"u8);
    }

    /// <summary>A command was refused while queuing: EXEC will answer EXECABORT (cf. flagTransaction).</summary>
    public static void FlagTransaction(Client client)
    {
        if (client.Multi is not null) client.DirtyExec = true;
    }

    /// <summary>Leaves MULTI, forgetting the queue, the dirty flags and the watches (cf. discardTransaction).</summary>
    public static void DiscardTransaction(Client client)
    {
        client.Multi = null;
        client.MultiArgBytes = 0;
        client.DirtyCas = client.DirtyExec = false;
        client.Server.Watches.UnwatchAll(client);
    }
}
