// The propagated write stream: every call that changed the dataset, as the commands that redo it,
// fed to each target (the AOF now; replicas later). cf. call(), alsoPropagate, propagatePendingCommands
// and propagateNow in server.c, propagateDeletion in db.c.

using EventLoopRedis.Protocol;

namespace EventLoopRedis.Persistence;

/// <summary>A consumer of the write stream: the AOF, or (issue 13) a replica link.</summary>
internal interface IPropagationTarget
{
    /// <summary>
    /// One command, RESP-encoded, to apply in database <paramref name="db"/>. Each target keeps
    /// the database it last saw and emits SELECT itself when that changes, as the AOF and every
    /// replica link do in Redis (aof_selected_db, slaveseldb).
    /// </summary>
    void Feed(int db, ReadOnlySpan<byte> command);
}

/// <summary>
/// How a write reaches the stream. <see cref="CommandExecutor.Call"/> opens an execution unit
/// around each command; when the command raised <see cref="RedisServer.Dirty"/> it is appended
/// as the client sent it, unless the command rewrote its own form (<see cref="Rewrite"/>: relative
/// expiries become PXAT/PEXPIREAT, SPOP becomes SREM...) or prevented it (<see cref="Prevent"/>:
/// scripts, whose effects are propagated one by one, and XREADGROUP, propagated as XCLAIMs).
/// Commands run inside the unit (EXEC's queue, a script's redis.call) append their own forms;
/// when the outermost call ends the unit is fed to the targets, wrapped in MULTI/EXEC when it
/// holds more than one command. A deletion of an expired key joins the unit that found it.
/// </summary>
internal sealed class Propagation
{
    private readonly List<IPropagationTarget> _targets = new();

    // The unit's commands (cf. server.also_propagate), encoded back to back in one buffer.
    private byte[] _unit = new byte[4096];
    private int _unitLength;
    private readonly List<(int Db, int Start, int Length)> _ops = new();
    private int _depth;

    // The current call's requests (cf. CLIENT_PREVENT_PROP and CLIENT_FORCE_AOF in c->flags);
    // saved and restored around nested calls, as call() does with c->flags.
    private const int PreventFlag = 1, ForceFlag = 2;
    private int _callFlags;

    // The op being built by BeginOp/Arg: where its array header goes, and how many arguments came.
    private int _opStart, _opArgc, _opDb;

    /// <summary>True when someone listens; with no target every method here returns at once.</summary>
    public bool HasTargets => _targets.Count > 0;

    public void Subscribe(IPropagationTarget target) => _targets.Add(target);

    public void Unsubscribe(IPropagationTarget target) => _targets.Remove(target);

    // ---- the execution unit, driven by CommandExecutor.Call ----------------------------------

    /// <summary>A call starts: returns the outer call's flags, for <see cref="EndCall"/> to restore.</summary>
    public int BeginCall()
    {
        _depth++;
        int outer = _callFlags;
        _callFlags = 0;
        return outer;
    }

    /// <summary>
    /// A call ended having added <paramref name="dirty"/> to the server's changes: appends the
    /// command unless it was prevented or changed nothing (and was not forced); EXEC is never
    /// appended itself (its commands were). The outermost call then feeds the unit.
    /// </summary>
    public void EndCall(int db, ArgList args, long dirty, bool isExec, int outerFlags)
    {
        if (HasTargets && !isExec && (_callFlags & PreventFlag) == 0 && (dirty > 0 || (_callFlags & ForceFlag) != 0))
        {
            BeginOp(db, args.Count);
            for (int i = 0; i < args.Count; i++) Arg(args[i]);
            EndOp();
        }
        _callFlags = outerFlags;
        if (--_depth == 0) FeedUnit();
    }

    /// <summary>The running command is not propagated as itself (cf. preventCommandPropagation).</summary>
    public void Prevent() => _callFlags |= PreventFlag;

    /// <summary>The running command is propagated even if it changed nothing (cf. forceCommandPropagation): FLUSHDB, FLUSHALL.</summary>
    public void Force() => _callFlags |= ForceFlag;

    // ---- building commands --------------------------------------------------------------------

    /// <summary>
    /// Starts a command of <paramref name="argc"/> arguments for database <paramref name="db"/>,
    /// appended to the unit by <see cref="EndOp"/> (cf. alsoPropagate). Its arguments follow with
    /// <see cref="Arg(ReadOnlySpan{byte})"/>. Nothing is kept when there is no target.
    /// </summary>
    public void BeginOp(int db, int argc)
    {
        _opStart = _unitLength;
        _opArgc = argc;
        _opDb = db;
        Append("*"u8);
        AppendNumber(argc);
        Append("\r\n"u8);
    }

    public void Arg(ReadOnlySpan<byte> value)
    {
        _opArgc--;
        Append("$"u8);
        AppendNumber(value.Length);
        Append("\r\n"u8);
        Append(value);
        Append("\r\n"u8);
    }

    public void Arg(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Arg(digits[..Numbers.FormatLong(value, digits)]);
    }

    /// <summary>Ends the command begun by <see cref="BeginOp"/>; outside any call it is fed at once.</summary>
    public void EndOp()
    {
        if (_opArgc != 0) throw new InvalidOperationException("a propagated command got fewer or more arguments than announced");
        _ops.Add((_opDb, _opStart, _unitLength - _opStart));
        if (_depth == 0) FeedUnit();
    }

    /// <summary>
    /// The running command is propagated as the command built next (BeginOp, Arg..., EndOp)
    /// instead of as itself (cf. rewriteClientCommandVector). Returns false, building nothing,
    /// when no one listens.
    /// </summary>
    public bool Rewrite(int db, int argc)
    {
        if (!HasTargets) return false;
        Prevent();
        BeginOp(db, argc);
        return true;
    }

    /// <summary>
    /// The running command goes to the stream as <c>name key</c>, or <c>name key count</c> when
    /// <paramref name="count"/> is not negative: the pops that BLPOP, LMPOP, BZMPOP... are propagated as.
    /// </summary>
    public void RewriteAs(int db, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key, long count = -1)
    {
        if (!Rewrite(db, count < 0 ? 2 : 3)) return;
        Arg(name);
        Arg(key);
        if (count >= 0) Arg(count);
        EndOp();
    }

    /// <summary>
    /// An expired key was deleted: DEL joins the unit of the command that found it (so a write to an
    /// expired key is MULTI, DEL, the write, EXEC), or is fed alone when the cron's active expiry
    /// deleted it (cf. propagateDeletion).
    /// </summary>
    public void ExpiredKeyDeleted(int db, ReadOnlySpan<byte> key)
    {
        if (!HasTargets) return;
        BeginOp(db, 2);
        Arg("DEL"u8);
        Arg(key);
        EndOp();
    }

    // ---- feeding ------------------------------------------------------------------------------

    private void FeedUnit()
    {
        int count = _ops.Count;
        if (count == 0) return;
        if (HasTargets)
        {
            // A single command is atomic already; more are wrapped, MULTI taking the first one's database.
            if (count > 1) FeedAll(_ops[0].Db, "*1\r\n$5\r\nMULTI\r\n"u8);
            foreach (var (db, start, length) in _ops) FeedAll(db, _unit.AsSpan(start, length));
            if (count > 1) FeedAll(_ops[count - 1].Db, "*1\r\n$4\r\nEXEC\r\n"u8);
        }
        _ops.Clear();
        _unitLength = 0;
        if (_unit.Length > 1 << 20) _unit = new byte[4096]; // do not keep a huge unit's buffer
    }

    private void FeedAll(int db, ReadOnlySpan<byte> command)
    {
        foreach (var target in _targets) target.Feed(db, command);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_unitLength + bytes.Length > _unit.Length)
            Array.Resize(ref _unit, Math.Max(_unit.Length * 2, _unitLength + bytes.Length));
        bytes.CopyTo(_unit.AsSpan(_unitLength));
        _unitLength += bytes.Length;
    }

    private void AppendNumber(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Append(digits[..Numbers.FormatLong(value, digits)]);
    }
}
