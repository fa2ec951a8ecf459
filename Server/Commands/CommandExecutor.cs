// Looks a parsed command up in the table, checks it, runs it and accounts for it.
// cf. processCommand and call() in server.c. Network clients and the Lua pseudo-client
// both come through here.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Security;

namespace EventLoopRedis.Commands;

internal sealed class CommandExecutor(RedisServer server)
{
    // The handlers this class tells apart, compared as CommandDef.HandlerId (a delegate comparison costs a runtime call).
    private static readonly HandlerId s_debug = HandlerId.Of(DebugCommands.Debug);
    private static readonly HandlerId s_exec = HandlerId.Of(TransactionCommands.Exec);
    private static readonly HandlerId s_ping = HandlerId.Of(ConnectionCommands.Ping);
    private static readonly HandlerId s_discard = HandlerId.Of(TransactionCommands.Discard);
    private static readonly HandlerId s_quit = HandlerId.Of(ConnectionCommands.Quit);
    private static readonly HandlerId s_reset = HandlerId.Of(ConnectionCommands.Reset);

    /// <summary>A write command, or an EXEC whose queue holds one (cf. is_write_command in processCommand).</summary>
    private static bool IsWrite(Client client, CommandDef command)
    {
        // A script's own flags count: EVAL of a "#!lua" script without no-writes is a write (cf. getCommandFlags).
        var scripting = client.Server.Scripting;
        if ((scripting.CommandFlagsFor(command, client.Args) & CommandFlags.Write) != 0) return true;
        if (command.HandlerId != s_exec || client.Multi is null) return false;
        foreach (var queued in client.Multi)
        {
            if ((scripting.CommandFlagsFor(queued.Command, queued.Args) & CommandFlags.Write) != 0) return true;
        }
        return false;
    }

    /// <summary>A write for a read-only replica: as <see cref="IsWrite"/>, and EVAL or FCALL of a script whose flags allow writes (cf. getCommandFlags).</summary>
    private bool IsReplicaWrite(Client client, CommandDef command) =>
        IsWrite(client, command) || (server.Scripting.CommandFlagsFor(command, client.Args) & CommandFlags.Write) != 0;

    /// <summary>Not flagged stale, or an EXEC whose queue holds a command that is not (cf. is_denystale_command).</summary>
    private static bool DeniedWhenStale(Client client, CommandDef command)
    {
        if (!command.Has(CommandFlags.Stale)) return true;
        if (command.HandlerId != s_exec || client.Multi is null) return false;
        foreach (var queued in client.Multi)
        {
            if (!queued.Command.Has(CommandFlags.Stale)) return true;
        }
        return false;
    }

    /// <summary>
    /// Why writes are refused because the disk failed, or null when they are not: the last background save
    /// failed (stop-writes-on-bgsave-error) or the last AOF write did (cf. writeCommandsDeniedByDiskError
    /// and writeCommandsGetDiskErrorMessage). Scripts check it too, before their first write.
    /// </summary>
    internal static string? DiskErrorDenyingWrites(RedisServer server) =>
        server.Saver.DeniesWrites ? System.Text.Encoding.ASCII.GetString(Errors.WritesDeniedAfterBgsaveError)
        : server.Aof?.LastWriteError is { } reason ? Errors.AofWriteError(reason) : null;

    /// <summary>
    /// Executes the command in <c>client.Args</c> and leaves its reply (or Redis's error)
    /// in <c>client.Reply</c>. Never throws for bad input: every refusal is a reply.
    /// </summary>
    public void Execute(Client client)
    {
        var tracking = server.Tracking;
        var previous = tracking.Enter(client);
        try
        {
            Process(client);
        }
        finally
        {
            tracking.Leave(previous); // even past a command that threw, so later invalidations are not held forever
        }
        // CLIENT CACHING holds for one command, or for a whole transaction (cf. resetClient).
        if (client.Tracking is { Caching: true } state && client.Multi is null && !TrackingCommands.IsClientCommand(client.LastCommand))
            state.Caching = false;
    }

    /// <summary>
    /// The client whose command runs now, innermost first: the Lua pseudo-client while a script's
    /// redis.call runs (cf. the client a command passes to signalModifiedKey). Null between commands.
    /// </summary>
    public Client? ExecutingClient { get; private set; }

    /// <summary>Marks <paramref name="client"/> as running a command (a blocked command being served); returns the previous one.</summary>
    internal Client? SetExecuting(Client? client)
    {
        var previous = ExecutingClient;
        ExecutingClient = client;
        return previous;
    }

    private void Process(Client client)
    {
        var args = client.Args;
        var command = server.Commands.Find(args[0]);
        if (command is null)
        {
            client.LastCommand = null; // CLIENT LIST shows cmd=NULL, as c->lastcmd is set by the lookup
            Reject(client, null, UnknownCommandError(client));
            return;
        }
        // A container named alone is itself the command (bare COMMAND runs; bare CONFIG fails its arity).
        if (command.IsContainer && args.Count > 1)
        {
            var sub = command.FindSubcommand(args[1]);
            if (sub is null)
            {
                client.LastCommand = null;
                Reject(client, command,
                    $"ERR unknown subcommand '{Printable(args[1], 128)}'. Try {command.Name.ToUpperInvariant()} HELP.");
                return;
            }
            command = sub;
        }
        client.LastCommand = command; // even if refused or queued below (cf. c->lastcmd in processCommand)
        if (!command.AcceptsArgCount(args.Count) || command.Handler is null)
        {
            RejectArity(client, command);
            return;
        }
        if (client.AuthRequired && !command.Has(CommandFlags.NoAuth))
        {
            Reject(client, command, Errors.NoAuth);
            return;
        }
        // DEBUG is protected: enable-debug-command says who may run it (cf. allowProtectedAction).
        if (command.HandlerId == s_debug && !ConfigCommands.AllowsProtected(client, server.Config.EnableDebugCommand))
        {
            Reject(client, command, Errors.DebugNotAllowed);
            return;
        }
        if (client.Multi is not null && command.Has(CommandFlags.NoMulti))
        {
            Reject(client, command, Errors.NotAllowedInMulti);
            return;
        }
        // ACL: the user's selectors must allow the command, its keys and its channels (cf. ACLCheckAllPerm
        // in processCommand). The default user, allowed everything, costs this one field read.
        if (!client.User.Unrestricted && !client.MustObey && !PassesAcl(client, command)) return;
        // maxmemory: evict first; a command that may grow memory is refused if that was not enough.
        if (server.Config.MaxMemory > 0 && !server.Scripting.IsBusy && !client.MustObey && RefusedForMemory(client, command))
        {
            Reject(client, command, Errors.Oom);
            return;
        }
        // Client-side caching keeps its key table within tracking-table-max-keys (cf. processCommand).
        if (server.Tracking.ClientCount > 0) server.Tracking.LimitUsedSlots();
        // The last background save or AOF write failed: refuse writes (and PING) rather than acknowledge
        // what the disk cannot keep (cf. writeCommandsDeniedByDiskError in processCommand).
        if ((server.Saver.DeniesWrites || server.Aof?.LastWriteError is not null) && (command.HandlerId == s_ping || IsWrite(client, command)))
        {
            if (server.Saver.DeniesWrites) Reject(client, command, Errors.WritesDeniedAfterBgsaveError);
            else Reject(client, command, Errors.AofWriteError(server.Aof!.LastWriteError!));
            return;
        }
        // min-replicas-to-write: too few replicas acknowledged lately, so writes are refused (cf. checkGoodReplicasStatus).
        if (!server.Replicas.EnoughGoodReplicas && IsWrite(client, command))
        {
            Reject(client, command, Errors.NoReplicas);
            return;
        }
        // A read-only replica takes writes from its primary only (cf. the repl_slave_ro check in processCommand).
        if (server.Replication.IsReplica && server.Config.ReplicaReadOnly && !client.MustObey && IsReplicaWrite(client, command))
        {
            Reject(client, command, Errors.ReadOnlyReplica);
            return;
        }
        // A replica (and a MONITOR client, which counts as one) may not read or write keys (nor run what may replicate).
        if ((client.IsMonitor || client.Replica is { IsReplica: true }) && Monitors.TouchesKeyspace(command))
        {
            Reject(client, command, Errors.ReplicaKeyspace);
            return;
        }
        // A RESP2 subscriber's connection carries pushes: only the commands that manage them may run.
        if (client.IsSubscribed && client.Protocol == 2 && !PubSubCommands.AllowedWhileSubscribed(command))
        {
            Reject(client, command, Errors.SubscribedContext(command.FullName));
            return;
        }
        // replica-serve-stale-data no: while the link to the primary is down, only the commands flagged
        // stale run (cf. is_denystale_command in processCommand).
        if (server.Replication.IsReplica && server.Replication.LinkState != Replication.ReplicaLinkState.Connected
            && !server.Config.ReplicaServeStaleData && DeniedWhenStale(client, command))
        {
            Reject(client, command, Errors.MasterDown);
            return;
        }
        // A script past busy-reply-threshold is running, and the loop is serving clients from
        // inside it: only the commands that can end it (or must work regardless) may run.
        if (server.Scripting.Running is { TimedOut: true } busy && !command.Has(CommandFlags.AllowBusy))
        {
            Reject(client, command, Scripting.ScriptEngine.BusyError(busy));
            return;
        }
        // CLIENT PAUSE: the command waits, unrun, until the pause ends (cf. blockPostponeClient).
        if (server.Blocking.Pause != PauseMode.Off && server.Blocking.HoldsCommand(client, command))
        {
            client.LastCommand = command; // CLIENT LIST shows the command that waits
            server.Blocking.Postpone(client);
            return;
        }
        // Inside MULTI, everything but the transaction commands themselves waits for EXEC.
        if (client.Multi is not null && !TransactionCommands.RunsInsideMulti(command))
        {
            TransactionCommands.Queue(client, command);
            return;
        }
        long offsetBefore = server.Replication.MasterReplOffset;
        Call(client, command);
        // WAIT waits for the offset right after the client's last write that reached the stream (cf. c->woff in call()).
        if (server.Replication.MasterReplOffset != offsetBefore) client.WriteOffset = server.Replication.MasterReplOffset;
        server.Tracking.FlushPending();
        // The command, transaction or script is over: serve the clients blocked on the keys it
        // pushed to, not before (cf. handleClientsBlockedOnKeys after call() in processCommand).
        if (server.Blocking.HasReadyKeys && server.Scripting.Running is null) server.Blocking.HandleClientsBlockedOnKeys();
    }

    /// <summary>
    /// Runs an already-checked command, timing it and honouring CLIENT REPLY. cf. call().
    /// Scripts call it directly for redis.call, after their own checks (cf. scriptCall).
    /// </summary>
    internal void Call(Client client, CommandDef command)
    {
        if (client.ReplyMode == ReplyMode.SkipNext) client.ReplyMode = ReplyMode.Skip;
        int replyMark = client.Reply.PendingBytes;
        long errorsBefore = client.Reply.ErrorCount;

        client.LastCommand = command; // set first, so CLIENT LIST shows the command that runs it
        if (client.Db.KeyChanging is not null && command.Has(CommandFlags.Write | CommandFlags.MayReplicate))
            AnnounceKeyChanges(client, command);
        long started = Stopwatch.GetTimestamp();
        // The call is an execution unit of the write stream: what it changed is propagated once
        // the outermost call ends (cf. the dirty check and alsoPropagate in call()).
        var propagation = server.Propagation;
        long dirtyBefore = server.Dirty;
        int outerFlags = propagation.BeginCall();
        var outer = ExecutingClient;
        ExecutingClient = client;
        try
        {
            command.Handler!(client);
        }
        finally
        {
            ExecutingClient = outer;
            propagation.EndCall(client.Db.Id, client.Args, server.Dirty - dirtyBefore, command.HandlerId == s_exec, outerFlags);
        }
        long elapsedTicks = Stopwatch.GetTimestamp() - started;
        // Client-side caching remembers the keys a tracking client read (cf. call()).
        if (server.Tracking.ClientCount > 0 && command.Has(CommandFlags.ReadOnly)) server.Tracking.AfterReadOnlyCommand(client, command);

        long microseconds = elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        var loop = server.LoopStats; // INFO eventloop's longest resume, whose time is its command's
        if (elapsedTicks > loop.LongestResumeTicks)
        {
            loop.LongestResumeTicks = elapsedTicks;
            loop.LongestResumeCommand = command.FullName;
        }
        // A command that blocked is counted once it is unblocked, with the time it ran now (cf.
        // CLIENT_BLOCKED in call() and updateStatsOnUnblock); monitors see it now, as in Redis.
        if (client.BlockType != BlockType.None)
        {
            client.Block.CallMicroseconds = microseconds;
            client.Block.ErrorsBefore = errorsBefore;
        }
        else CountCall(client, command, microseconds, errorsBefore);
        // After the command, so the line shows its arguments redacted and the db it left selected.
        if (server.Monitors.Count > 0 && !command.Has(CommandFlags.SkipMonitor | CommandFlags.Admin))
            server.Monitors.Feed(client);
        if (client.RedactedArgs.Count > 0) client.RedactedArgs.Clear();

        // As in Redis, the mode is read when the reply is written: CLIENT REPLY ON answers even when skipped.
        if (client.ReplyMode is ReplyMode.Off or ReplyMode.Skip) client.Reply.TruncatePending(replyMark);
        if (client.ReplyMode == ReplyMode.Skip) client.ReplyMode = ReplyMode.On;
    }


    // Reused by AnnounceKeyChanges: a command's keys.
    private readonly List<KeyReference> _changingKeys = new();

    /// <summary>
    /// While a snapshot runs (BGSAVE), tells the database of every key a write command names before the
    /// command changes it in place, so that the key's old value can be saved first (Persistence/Snapshot.cs).
    /// The keys are the ones COMMAND GETKEYS finds; scripts' redis.call and EXEC's commands come through here
    /// one by one, and PFCOUNT (may-replicate: it rewrites its cached count) too.
    /// </summary>
    private void AnnounceKeyChanges(Client client, CommandDef command)
    {
        _changingKeys.Clear();
        KeyFinder.Find(command, client.Args, 0, _changingKeys);
        foreach (var key in _changingKeys) client.Db.AboutToChange(client.Args[key.Position]);
    }

    /// <summary>
    /// Counts one call of <paramref name="command"/> that took <paramref name="microseconds"/>: its
    /// calls, time, latency histogram, failure, the latency monitor and the slow log. Run by
    /// <see cref="Call"/>, and for a blocked command when it is unblocked.
    /// </summary>
    internal void CountCall(Client client, CommandDef command, long microseconds, long errorsBefore)
    {
        command.Calls++;
        command.Microseconds += microseconds;
        if (server.Config.LatencyTracking) (command.LatencyHistogram ??= new()).Record(microseconds * 1000);
        // An error counts once, for the innermost command that replied it: EXEC does not fail
        // because a command inside it did (cf. prev_err_count in call()).
        long errors = client.Reply.ErrorCount;
        if (errors > Math.Max(errorsBefore, client.ErrorsAccounted))
        {
            command.FailedCalls++;
            client.ErrorsAccounted = errors;
        }
        server.Stats.CommandsProcessed++;
        if (!command.Has(CommandFlags.SkipSlowlog))
        {
            var config = server.Config;
            server.Latency.AddSampleIfNeeded(command.Has(CommandFlags.Fast) ? "fast-command" : "command",
                microseconds / 1000, config.LatencyMonitorThreshold);
            server.SlowLog.PushIfNeeded(client.Args, client.RedactedArgs, microseconds,
                config.SlowlogLogSlowerThan, config.SlowlogMaxLen, client.Address, client.Name);
        }
    }


    /// <summary>
    /// Runs the eviction and decides whether <paramref name="command"/> must be refused because memory
    /// is still over maxmemory (cf. the maxmemory part of processCommand): a denyoom command (for
    /// EVAL and FCALL, as their script's flags make it), an EXEC whose transaction holds one, and any
    /// command queued inside MULTI, since the queue itself grows memory.
    /// </summary>
    private bool RefusedForMemory(Client client, CommandDef command)
    {
        bool outOfMemory = server.Evictor.PerformEvictions() == Memory.EvictionResult.Fail;
        // Scripts remember the state at their start: their first write is checked against it (cf. pre_command_oom_state).
        server.Scripting.PreCommandOutOfMemory = outOfMemory;
        if (!outOfMemory) return false;
        var handler = command.HandlerId;
        if (client.Multi is not null && handler != s_exec && handler != s_discard && handler != s_quit && handler != s_reset)
            return true;
        if ((server.Scripting.CommandFlagsFor(command, client.Args) & CommandFlags.DenyOom) != 0) return true;
        if (handler == s_exec && client.Multi is not null)
        {
            // cf. mstate.cmd_flags: the flags of the queued commands, scripts' as their flags make them.
            foreach (var queued in client.Multi)
                if ((server.Scripting.CommandFlagsFor(queued.Command, queued.Args) & CommandFlags.DenyOom) != 0) return true;
        }
        return false;
    }

    /// <summary>The ACL check of <see cref="Execute"/>: on a refusal, logs it and replies NOPERM.</summary>
    private bool PassesAcl(Client client, CommandDef command)
    {
        var acl = server.Acl;
        var denial = acl.Check(client.User, command, client.Args, 0, out int position);
        if (denial == AclDenial.None) return true;
        acl.AddLogEntry(client, denial, client.Multi is not null ? AclLogContext.Multi : AclLogContext.TopLevel, position, command: command);
        if (denial == AclDenial.Command) Reject(client, command, Errors.NoPermCommand(command.FullName));
        else Reject(client, command, denial == AclDenial.Key ? Errors.NoPermKey : Errors.NoPermChannel);
        return false;
    }

    private static void RejectArity(Client client, CommandDef command) =>
        Reject(client, command, Errors.WrongArgCount(command.FullName));

    /// <summary>
    /// Refuses a command before it runs (cf. rejectCommand): the error, a rejected call in its
    /// statistics, and inside MULTI a doomed transaction (EXEC will answer EXECABORT). A refused
    /// EXEC ends the transaction at once, naming the reason (cf. execCommandAbort).
    /// </summary>
    private static void Reject(Client client, CommandDef? command, ReadOnlySpan<byte> error)
    {
        if (command is not null) command.RejectedCalls++;
        TransactionCommands.FlagTransaction(client);
        if (command is not null && command.HandlerId == s_exec)
        {
            TransactionCommands.DiscardTransaction(client);
            // Redis builds most refusals without their "ERR " code; the others keep theirs (BUSY, NOAUTH).
            if (error.StartsWith("ERR "u8)) error = error[4..];
            client.Reply.Error(System.Text.Encoding.Latin1.GetBytes(
                "EXECABORT Transaction discarded because of: " + System.Text.Encoding.Latin1.GetString(error)));
        }
        else client.Reply.Error(error);
        client.ErrorsAccounted = client.Reply.ErrorCount;
    }

    private static void Reject(Client client, CommandDef? command, string error) =>
        Reject(client, command, System.Text.Encoding.Latin1.GetBytes(error));

    /// <summary>Redis's text: the name and the first arguments, each quoted, the list cut near 128 bytes.</summary>
    private static string UnknownCommandError(Client client)
    {
        var args = client.Args;
        var text = new StringBuilder();
        text.Append("ERR unknown command '").Append(Printable(args[0], 128)).Append("', with args beginning with: ");
        var list = new StringBuilder();
        for (int i = 1; i < args.Count && list.Length < 128; i++)
        {
            int room = 128 - list.Length;
            list.Append('\'').Append(Printable(args[i], room)).Append("' ");
        }
        return text.Append(list).ToString();
    }

    /// <summary>
    /// An argument as C's "%.*s" would print it: cut at the first NUL byte and at
    /// <paramref name="max"/> bytes. (Error replies turn CR and LF into spaces later.)
    /// </summary>
    internal static string Printable(ReadOnlySpan<byte> arg, int max)
    {
        int nul = arg.IndexOf((byte)0);
        if (nul >= 0) arg = arg[..nul];
        if (arg.Length > max) arg = arg[..max];
        return Encoding.Latin1.GetString(arg);
    }
}
