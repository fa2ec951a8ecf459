// The server's scripting engine: the shared pseudo-client, the script being run, the checks
// a redis.call passes before dispatch, and what happens when a script runs too long.
// cf. script.c (scriptPrepareForRun, scriptCall, scriptInterrupt, scriptKill).

using System.Diagnostics;
using EventLoopRedis.Commands;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Security;

namespace EventLoopRedis.Scripting;

/// <summary>
/// Scripts run on the loop thread, inside the command that started them (EVAL, FCALL):
/// while one runs, nothing else does, exactly as in Redis. Every <c>redis.call</c> goes
/// through <see cref="PseudoClient"/>, one socketless <see cref="Client"/> shared by all
/// scripts, into the same command table and executor network clients use; the engine then
/// reads the RESP the command wrote into the pseudo-client's reply buffer and turns it into
/// Lua values.
/// </summary>
internal sealed class ScriptEngine : IDisposable
{
    /// <summary>The engine whose script runs on this thread now, for the native callbacks and the hook (null between scripts).</summary>
    [ThreadStatic] private static ScriptEngine? t_active;

    /// <summary>The count hook fires every this many Lua instructions once installed (cf. luaCallFunction).</summary>
    public const int HookInstructionCount = 100_000;

    private readonly RedisServer _server;
    private readonly ScriptRun _run = new();
    private readonly ScriptThreads _threads = new();
    private readonly BusyWatchdog _watchdog;
    private LuaState? _runningState;
    private byte[] _argBuffer = new byte[256];
    private bool _loading;

    /// <summary>Milliseconds FUNCTION LOAD may spend running a library's code (cf. LOAD_TIMEOUT_MS).</summary>
    public const int LoadTimeoutMs = 500;
    private long _rand48 = Rand48Seed;

    public ScriptEngine(RedisServer server)
    {
        _server = server;
        _watchdog = new BusyWatchdog(_threads);
        PseudoClient = server.CreateClient(socket: null);
        Eval = new EvalScripts(this);
        Functions = new FunctionLibraries(this);
    }

    public static ScriptEngine? Active => t_active;

    /// <summary>The socketless client every redis.call runs as (cf. lctx.lua_client). It is not in the clients list.</summary>
    public Client PseudoClient { get; }

    /// <summary>lua_scripts and EVAL (eval.c).</summary>
    public EvalScripts Eval { get; }

    /// <summary>Function libraries and FCALL (functions.c).</summary>
    public FunctionLibraries Functions { get; }

    public RedisServer Server => _server;

    /// <summary>The Lua threads of the running script and their hook.</summary>
    public ScriptThreads Threads => _threads;

    /// <summary>The script being executed, or null.</summary>
    public ScriptRun? Running { get; private set; }

    /// <summary>The state of the last script run (the object is reused), for tests and FUNCTION STATS-like reporting.</summary>
    public ScriptRun LastRun => _run;

    /// <summary>True while a script that ran past busy-reply-threshold lets the loop serve other clients (cf. scriptIsTimedout).</summary>
    public bool IsBusy => Running is { TimedOut: true };

    /// <summary>The event loop, to serve clients while a script is busy; null when there is none (benchmarks, unit tests).</summary>
    public Action<Client>? ProcessEventsWhileBlocked { get; set; }

    // ---- running a script -----------------------------------------------------------------

    /// <summary>
    /// Checks the script's flags against the call (cf. scriptPrepareForRun). On refusal the
    /// caller has its error reply and false is returned.
    /// </summary>
    public bool CanRun(Client caller, ScriptFlags flags, bool readOnlyCommand)
    {
        if ((flags & ScriptFlags.EvalCompatMode) == 0 && (flags & ScriptFlags.NoWrites) == 0 && readOnlyCommand)
        {
            caller.Reply.Error("ERR Can not execute a script with write flag using *_ro command."u8);
            return false;
        }
        // A script that declared its flags and may write does not start without enough good replicas (cf. scriptPrepareForRun).
        if ((flags & (ScriptFlags.EvalCompatMode | ScriptFlags.NoWrites)) == 0 && !_server.Replicas.EnoughGoodReplicas)
        {
            caller.Reply.Error(Errors.NoReplicas);
            return false;
        }
        // A script that declared its flags, none of them allow-oom or no-writes, does not start while
        // memory is over maxmemory (EXEC can get here with one even though EVAL itself was not refused).
        if ((flags & (ScriptFlags.EvalCompatMode | ScriptFlags.AllowOom | ScriptFlags.NoWrites)) == 0
            && PreCommandOutOfMemory && _server.Config.MaxMemory > 0)
        {
            caller.Reply.Error(Errors.ScriptNotAllowOom);
            return false;
        }
        return true;
    }

    /// <summary>lua-heap-limit changed: both Lua states (EVAL's and FUNCTION's) take the new cap.</summary>
    public void ApplyHeapLimit(long bytes)
    {
        Eval.Lua.HeapLimit = bytes;
        Functions.Lua.HeapLimit = bytes;
    }

    /// <summary>Whether memory was still over maxmemory, after eviction, when the current command started (cf. pre_command_oom_state).</summary>
    public bool PreCommandOutOfMemory { get; set; }

    private static readonly HandlerId s_eval = HandlerId.Of(ScriptingCommands.Eval), s_evalRo = HandlerId.Of(ScriptingCommands.EvalRo),
        s_evalSha = HandlerId.Of(ScriptingCommands.EvalSha), s_evalShaRo = HandlerId.Of(ScriptingCommands.EvalShaRo),
        s_fcall = HandlerId.Of(FunctionCommands.Fcall), s_fcallRo = HandlerId.Of(FunctionCommands.FcallRo);

    /// <summary>
    /// The flags <paramref name="command"/> has for this call (cf. getCommandFlags): for EVAL and
    /// FCALL of a script that declared its flags, write and denyoom follow the script's flags
    /// instead of the command's (cf. evalGetCommandFlags, fcallGetCommandFlags, scriptFlagsToCmdFlags).
    /// </summary>
    public CommandFlags CommandFlagsFor(CommandDef command, ArgList args)
    {
        var handler = command.HandlerId;
        ScriptFlags? declared;
        if (handler == s_eval || handler == s_evalRo) declared = Eval.FlagsOf(args[1], bySha: false);
        else if (handler == s_evalSha || handler == s_evalShaRo) declared = Eval.FlagsOf(args[1], bySha: true);
        else if (handler == s_fcall || handler == s_fcallRo) declared = Functions.Current.Function(args[1])?.Flags;
        else return command.Flags;
        if (declared is not { } flags || (flags & ScriptFlags.EvalCompatMode) != 0) return command.Flags;

        var result = command.Flags & ~(CommandFlags.Stale | CommandFlags.DenyOom | CommandFlags.Write | CommandFlags.MayReplicate);
        if ((flags & (ScriptFlags.AllowOom | ScriptFlags.NoWrites)) == 0) result |= CommandFlags.DenyOom; // no-writes implies allow-oom
        if ((flags & ScriptFlags.NoWrites) == 0) result |= CommandFlags.Write;
        if ((flags & ScriptFlags.AllowStale) != 0) result |= CommandFlags.Stale;
        return result;
    }

    /// <summary>
    /// Reads numkeys, the third argument of EVAL and FCALL, and checks it against the
    /// arguments that follow; on failure the client has Redis's error and false is returned.
    /// </summary>
    public static bool TryGetNumKeys(Client client, ReadOnlySpan<byte> notANumber, out int numKeys)
    {
        var args = client.Args;
        numKeys = 0;
        if (!Numbers.TryParseLong(args[2], out long value))
        {
            client.Reply.Error(notANumber);
            return false;
        }
        if (value > args.Count - 3)
        {
            client.Reply.Error("ERR Number of keys can't be greater than number of args"u8);
            return false;
        }
        if (value < 0)
        {
            client.Reply.Error("ERR Number of keys can't be negative"u8);
            return false;
        }
        numKeys = (int)value;
        return true;
    }

    /// <summary>
    /// Runs a compiled function in <paramref name="lua"/>'s coroutine and writes its result
    /// (or error) to the caller. The caller's argv holds the keys from <paramref name="keysAt"/>
    /// on, then the other arguments. In EVAL mode KEYS and ARGV become globals; in function
    /// mode they are the function's two arguments. cf. luaCallFunction.
    /// </summary>
    public void Run(LuaState lua, int functionRef, Client caller, string name, ScriptFlags flags, bool readOnlyCommand,
        int keysAt, int numKeys)
    {
        bool readOnly = readOnlyCommand || ((flags & ScriptFlags.EvalCompatMode) == 0 && (flags & ScriptFlags.NoWrites) != 0);
        var run = _run;
        run.Start(caller, name, lua.Mode == LuaMode.Eval, readOnly);
        run.AllowOom = (flags & ScriptFlags.AllowOom) != 0;
        PseudoClient.Db = caller.Db;
        PseudoClient.User = caller.User; // scripts run with the caller's permissions
        PseudoClient.Protocol = 2; // scripts get RESP2 replies unless they call redis.setresp(3)
        Running = run;
        t_active = this;
        _runningState = lua;
        _threads.Start(lua.Runner);
        _watchdog.ScriptStarted();

        IntPtr L = lua.Main, co = lua.Runner;
        var args = caller.Args;
        LuaApi.lua_rawgeti(co, LuaApi.RegistryIndex, lua.RunRef);
        LuaApi.lua_rawgeti(co, LuaApi.RegistryIndex, functionRef);
        int nargs = 1;
        if (lua.Mode == LuaMode.Eval)
        {
            LuaApi.lua_rawgeti(L, LuaApi.RegistryIndex, lua.GlobalsRef);
            LuaApi.PushBytes(L, "KEYS"u8);
            PushArray(L, args, keysAt, numKeys);
            LuaApi.lua_rawset(L, -3);
            LuaApi.PushBytes(L, "ARGV"u8);
            PushArray(L, args, keysAt + numKeys, args.Count - keysAt - numKeys);
            LuaApi.lua_rawset(L, -3);
            LuaApi.Pop(L, 1);
        }
        else
        {
            PushArray(co, args, keysAt, numKeys);
            PushArray(co, args, keysAt + numKeys, args.Count - keysAt - numKeys);
            nargs = 3;
        }

        long refusedBefore = lua.RefusedAllocations;
        int status = LuaApi.lua_resume(co, L, nargs, out int results);
        // The runner only yields from the count hook, and only to abandon the script (killed); an
        // aborted script (see OnHook) may even have returned, with the abort's memory error as its result.
        bool aborted = _threads.Hook == ScriptHook.Abort;
        if (status == LuaApi.Yield || aborted) ReplyKilled(co, caller, run, aborted);
        else if (status == LuaApi.Ok) ReplyWithResult(co, caller, results, run);
        else caller.Reply.Error($"ERR Error running script {name}, {LuaToResp.ErrorText(co)}");

        _threads.End();
        run.HookInstalled = _threads.Hooked;
        if (aborted) lua.RefuseThreads(false);
        // A finished coroutine is reused as is; one that failed or was abandoned mid-run is replaced.
        if (status == LuaApi.Ok && !aborted) LuaApi.lua_settop(co, 0);
        else lua.ReplaceRunner();
        // A script stopped by lua-heap-limit or killed leaves up to the cap in garbage (with its
        // runner): give it back now, not whenever the collector would next get round to it.
        if (lua.RefusedAllocations != refusedBefore || status != LuaApi.Ok || aborted) LuaApi.lua_gc(L, LuaApi.GcCollect, 0);
        AfterScript(L);
        Running = null;
        _runningState = null;
        t_active = null;
    }

    /// <summary>
    /// Runs a function library's code (FUNCTION LOAD) with a 500 ms budget; see <see cref="FunctionLibraries"/>.
    /// Returns <see cref="LuaApi.Yield"/> when the budget ran out; the caller replaces the runner
    /// after any status but <see cref="LuaApi.Ok"/>.
    /// </summary>
    public int RunLoad(LuaState lua, int chunkRef, out int results)
    {
        IntPtr L = lua.Main, co = lua.Runner;
        _run.Start(PseudoClient, "", isEval: false, readOnly: true);
        _loading = true;
        t_active = this;
        _runningState = lua;
        LuaApi.lua_rawgeti(co, LuaApi.RegistryIndex, lua.LoadRef);
        LuaApi.lua_rawgeti(co, LuaApi.RegistryIndex, chunkRef);
        _threads.Start(co);
        _threads.Set(ScriptHook.Watch);
        int status = LuaApi.lua_resume(co, L, 1, out results);
        bool aborted = _threads.Hook == ScriptHook.Abort;
        _threads.End();
        if (aborted)
        {
            lua.RefuseThreads(false);
            status = LuaApi.Yield;
        }
        _loading = false;
        _runningState = null;
        t_active = null;
        return status;
    }

    private static void PushArray(IntPtr L, ArgList args, int from, int count)
    {
        LuaApi.lua_createtable(L, count, 0);
        for (int i = 0; i < count; i++)
        {
            LuaApi.PushBytes(L, args[from + i]);
            LuaApi.lua_rawseti(L, -2, i + 1);
        }
    }

    /// <summary>The runner returned: (true, value) or (false, error object) from the xpcall in runtime.lua.</summary>
    private void ReplyWithResult(IntPtr co, Client caller, int results, ScriptRun run)
    {
        bool ok = results >= 1 && LuaApi.lua_toboolean(co, 1) != 0;
        if (results < 2) LuaApi.lua_pushnil(co);
        else LuaApi.lua_settop(co, 2);
        if (ok) LuaToResp.WriteReply(co, caller.Reply, PseudoClient.Protocol);
        else LuaToResp.WriteScriptError(co, caller.Reply, run.Name);
    }

    private static void ReplyKilled(IntPtr co, Client caller, ScriptRun run, bool aborted)
    {
        if (run.ShutdownKill) return; // the server is going away; the caller gets no reply, as from Redis
        // An aborted script's stack is unwound: its position was taken as the abort began.
        var (source, line) = aborted ? run.KillPosition : LuaToResp.CurrentPosition(co);
        caller.Reply.Error($"ERR Script killed by user with SCRIPT KILL... script: {run.Name}, on {source}:{line}.");
    }

    private int _scriptsSinceGcStep;

    /// <summary>
    /// After every script: a garbage collector a script stopped is restarted, and every 50
    /// scripts the collector takes a step, so that a full cycle never adds a latency spike
    /// (cf. LUA_GC_CYCLE_PERIOD in luaCallFunction).
    /// </summary>
    private void AfterScript(IntPtr L)
    {
        if (LuaApi.lua_gc(L, LuaApi.GcIsRunning, 0) == 0) LuaApi.lua_gc(L, LuaApi.GcRestart, 0);
        if (++_scriptsSinceGcStep == 50)
        {
            LuaApi.lua_gc(L, LuaApi.GcStep, 50);
            _scriptsSinceGcStep = 0;
        }
    }

    // ---- redis.call -----------------------------------------------------------------------

    /// <summary>Room for the arguments of a redis.call, reused from call to call.</summary>
    public byte[] ArgBuffer(int size)
    {
        if (_argBuffer.Length < size) _argBuffer = new byte[Math.Max(size, _argBuffer.Length * 2)];
        return _argBuffer;
    }

    /// <summary>
    /// Runs the command in <see cref="PseudoClient"/>'s Args, after the checks Redis makes
    /// for scripts; its reply (or the error Redis gives, with its code, as <paramref name="error"/>) is then
    /// in the pseudo-client's reply buffer. cf. scriptCall.
    /// </summary>
    public void Call(out string? error)
    {
        error = null;
        var client = PseudoClient;
        var args = client.Args;
        var command = _server.Commands.Find(args[0]);
        if (command is not null && command.IsContainer && args.Count > 1)
        {
            command = command.FindSubcommand(args[1]);
            if (command is null)
            {
                error = "ERR Unknown Redis command called from script";
                return;
            }
        }
        if (command is null)
        {
            error = "ERR Unknown Redis command called from script";
            return;
        }
        if (!command.AcceptsArgCount(args.Count))
        {
            error = "ERR Wrong number of args calling Redis command from script";
            return;
        }
        if (command.Has(CommandFlags.NoScript))
        {
            error = "ERR This Redis command is not allowed from script";
            return;
        }
        if (!client.User.Unrestricted && DeniedByAcl(client, command) is { } denied)
        {
            error = denied;
            return;
        }
        var run = Running!;
        if (command.Has(CommandFlags.Write))
        {
            if (run.ReadOnly)
            {
                error = "ERR Write commands are not allowed from read-only scripts.";
                return;
            }
            // cf. scriptVerifyWriteCommandAllow: a read-only replica's scripts write only for its primary.
            if (_server.Replication.IsReplica && _server.Config.ReplicaReadOnly && !run.Caller.MustObey)
            {
                error = "READONLY You can't write against a read only replica.";
                return;
            }
            // cf. scriptVerifyWriteCommandAllow: once a script has written it must run to its end;
            // before that, a disk error refuses its writes as processCommand would.
            if (!run.WriteDirty && CommandExecutor.DiskErrorDenyingWrites(_server) is { } diskError)
            {
                error = diskError;
                return;
            }
            // cf. scriptVerifyWriteCommandAllow: min-replicas-to-write holds inside scripts too.
            if (!_server.Replicas.EnoughGoodReplicas)
            {
                error = "NOREPLICAS Not enough good replicas to write.";
                return;
            }
        }
        // cf. scriptVerifyOOM: until its first write, a script may not run a command that grows
        // memory if memory was over maxmemory when it started (it cannot be stopped halfway later).
        if (!run.AllowOom && !run.WriteDirty && PreCommandOutOfMemory && _server.Config.MaxMemory > 0 && command.Has(CommandFlags.DenyOom))
        {
            error = "OOM command not allowed when used memory > 'maxmemory'.";
            return;
        }
        if (command.Has(CommandFlags.Write)) run.WriteDirty = true;
        _server.Executor.Call(client, command);
    }

    /// <summary>The ACL check of redis.call, with the caller's user; the refusal is logged (cf. scriptVerifyACL).</summary>
    private string? DeniedByAcl(Client client, CommandDef command)
    {
        var acl = _server.Acl;
        var denial = acl.Check(client.User, command, client.Args, 0, out int position);
        if (denial == AclDenial.None) return null;
        acl.AddLogEntry(client, denial, AclLogContext.Lua, position, command: command);
        return denial switch
        {
            AclDenial.Command => Errors.ScriptAclCommand,
            AclDenial.Key => Errors.ScriptAclKey,
            _ => Errors.ScriptAclChannel,
        };
    }

    /// <summary>
    /// The same lookup as <see cref="Call"/>, for redis.acl_check_cmd: null when the command does
    /// not exist, else whether the caller's user may run it (nothing is logged).
    /// </summary>
    public bool? CommandPermitted()
    {
        var args = PseudoClient.Args;
        var command = _server.Commands.Find(args[0]);
        if (command is not null && command.IsContainer && args.Count > 1) command = command.FindSubcommand(args[1]);
        if (command is null || !command.AcceptsArgCount(args.Count)) return null;
        return _server.Acl.Check(PseudoClient.User, command, args, 0, out _) == AclDenial.None;
    }

    // ---- busy scripts ---------------------------------------------------------------------

    /// <summary>
    /// Called from the count hook and from redis.call: once the script has run past
    /// busy-reply-threshold, the loop serves other clients (they get BUSY, except for
    /// SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE and the other allow-busy commands).
    /// Returns true when the script must stop. cf. scriptInterrupt.
    /// </summary>
    public bool Interrupt()
    {
        var run = Running;
        if (run is null) return false;
        if (!run.TimedOut)
        {
            long threshold = _server.Config.BusyReplyThreshold;
            if (threshold <= 0 || run.ElapsedMs < threshold) return false;
            Log.Warning($"Slow script detected: still in execution after {run.ElapsedMs} milliseconds. " +
                $"You can try killing the script using the {(run.IsEval ? "SCRIPT KILL" : "FUNCTION KILL")} command.");
            run.TimedOut = true;
        }
        long now = Stopwatch.GetTimestamp();
        if (now - run.LastEventsTimestamp >= Stopwatch.Frequency / 1000)
        {
            run.LastEventsTimestamp = now;
            ProcessEventsWhileBlocked?.Invoke(run.Caller);
            if (_server.ShutdownRequested) run.Killed = run.ShutdownKill = true;
        }
        return run.Killed;
    }

    /// <summary>True when the redis.call path should look at the clock: a threshold is set and has passed.</summary>
    public bool ShouldInterrupt(ScriptRun run)
    {
        if (run.TimedOut) return true;
        long threshold = _server.Config.BusyReplyThreshold;
        return threshold > 0 && Stopwatch.GetTimestamp() - run.StartTimestamp >= threshold * Stopwatch.Frequency / 1000;
    }

    /// <summary>
    /// The count hook, on the loop thread, every <see cref="HookInstructionCount"/>
    /// instructions once installed. It must not raise a Lua error; to stop a script it yields
    /// (legal from a hook, and it returns normally), which hands the runner coroutine back to
    /// <see cref="Run"/>, which abandons it.
    /// </summary>
    public void OnHook(IntPtr L)
    {
        _threads.HookRan();
        if (_loading ? _run.ElapsedMs > LoadTimeoutMs : Interrupt())
        {
            Stop(L);
            return;
        }
        // Called at the next instruction because lua-heap-limit refused an allocation (LuaHeap):
        // back to the watchdog's count if it had installed the hook, else no hook until it does.
        if (LuaApi.lua_gethookcount(L) == 1 && _threads.Hook is ScriptHook.None or ScriptHook.Watch) _threads.Reapply(L);
    }

    /// <summary>
    /// Stops the script, from the hook. Where the thread can yield, it yields (legal from a hook,
    /// which then returns normally) and <see cref="Run"/> drops the runner; every thread of the
    /// script yields at its next instruction, which pcall cannot catch. Where it cannot (Lua runs
    /// message handlers, sort comparators, gsub callbacks and to-be-closed handlers as calls that
    /// may not yield), the script is aborted: a memory error at every instruction of every thread,
    /// raised by native code with no managed frame to cross. A memory error is the one error Lua
    /// raises without calling the message handler (luaG_errormsg is only for runtime errors), so a
    /// handler cannot loop on it; a pcall that catches it loses it again at its next instruction, and
    /// so on out to <see cref="Run"/>, which then throws the runner away. Managed callbacks never
    /// create threads, so only Lua's own C code ever meets the refusal.
    /// </summary>
    private void Stop(IntPtr L)
    {
        if (LuaApi.lua_isyieldable(L) != 0)
        {
            StopSoon(L);
            LuaApi.lua_yieldk(L, 0, 0, 0);
            return;
        }
        if (_threads.Hook == ScriptHook.Abort) return;
        _run.KillPosition = LuaToResp.CurrentPosition(L);
        _runningState!.RefuseThreads(true);
        _threads.Set(ScriptHook.Abort);
        _threads.Reapply(L);
    }

    /// <summary>
    /// Makes the hook fire at every instruction of every thread of the script: the next
    /// instruction stops it (<see cref="Stop"/>). A user coroutine that yields this way returns
    /// to its resumer, which yields in turn. Safe from a C function (it does not yield itself):
    /// redis.call uses it when it sees the kill.
    /// </summary>
    public void StopSoon(IntPtr L)
    {
        if (_threads.Hook == ScriptHook.Abort) return;
        _threads.Set(ScriptHook.StopSoon);
        _threads.Reapply(L);
    }

    public void Kill(Client client, bool isEval)
    {
        var run = Running;
        if (run is null)
        {
            client.Reply.Error("NOTBUSY No scripts in execution right now."u8);
            return;
        }
        if (run.WriteDirty)
        {
            client.Reply.Error("UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."u8);
            return;
        }
        if (isEval != run.IsEval)
        {
            client.Reply.Error(BusyError(run));
            return;
        }
        run.Killed = true;
        client.Reply.Ok();
    }

    /// <summary>The BUSY error for the running script's kind (cf. shared.slowevalerr and shared.slowscripterr).</summary>
    public static ReadOnlySpan<byte> BusyError(ScriptRun run) => run.IsEval
        ? "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."u8
        : "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."u8;

    // ---- math.random ----------------------------------------------------------------------
    // Redis's rand48 (rand.c): one process-wide sequence, the same on every platform.

    private const long Rand48Seed = 0x1234ABCD330E;

    /// <summary>The next value of the 48-bit generator, as the 31-bit number redisLrand48 returns.</summary>
    public long NextRand48()
    {
        _rand48 = (_rand48 * 0x5DEECE66D + 0xB) & 0xFFFF_FFFF_FFFF;
        return _rand48 >> 17;
    }

    public void SeedRand48(long seed) => _rand48 = ((seed & 0xFFFF_FFFF) << 16) | 0x330E;

    public void Dispose()
    {
        _watchdog.Dispose();
        Eval.Dispose();
        Functions.Dispose();
    }
}
