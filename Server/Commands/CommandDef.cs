// One entry of the command table: what a command is, how to call it, and how to document it.
// cf. struct redisCommand in server.h and the JSON files in src/commands/.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

/// <summary>Runs one command for <paramref name="client"/>: reads its Args, writes its Reply.</summary>
internal delegate void CommandHandler(Client client);

/// <summary>Command flags, named as COMMAND INFO prints them (cf. CMD_* in server.h).</summary>
[Flags]
internal enum CommandFlags
{
    None = 0,
    Write = 1 << 0,
    ReadOnly = 1 << 1,
    DenyOom = 1 << 2,
    Admin = 1 << 3,
    PubSub = 1 << 4,
    NoScript = 1 << 5,
    Blocking = 1 << 6,
    Loading = 1 << 7,
    Stale = 1 << 8,
    SkipMonitor = 1 << 9,
    SkipSlowlog = 1 << 10,
    Fast = 1 << 11,
    NoAuth = 1 << 12,
    MayReplicate = 1 << 13,
    NoMandatoryKeys = 1 << 14,
    NoAsyncLoading = 1 << 15,
    NoMulti = 1 << 16,
    AllowBusy = 1 << 17,
    Sentinel = 1 << 18,
    OnlySentinel = 1 << 19,
    Protected = 1 << 20,
    /// <summary>The keys are found by parsing the arguments (EVAL's numkeys), not by the first/last/step triple.</summary>
    MovableKeys = 1 << 21,
}

/// <summary>Where a command's keys are (cf. keySpec in server.h): how to find the first, then the rest.</summary>
internal sealed record KeySpec(string Flags, KeySearch Begin, KeyFind Find, string? Notes = null);

/// <summary>begin_search: a fixed index, or the position after a keyword, or unknown (SORT's STORE: the command's key finder knows).</summary>
internal sealed record KeySearch(int Index, string? Keyword = null, int StartFrom = 0, bool IsUnknown = false);

/// <summary>find_keys: a range (lastkey, keystep, limit) or a count read from an argument (keynumidx, firstkey, keystep).</summary>
internal sealed record KeyFind(bool IsRange, int A, int B, int C, bool IsUnknown = false);

/// <summary>One argument in COMMAND DOCS (cf. redisCommandArg).</summary>
internal sealed record ArgDoc(
    string Name, string Type, int KeySpec, string? Token, string? Summary, string? Since,
    string? DeprecatedSince, string[] Flags, ArgDoc[] Args);

/// <summary>
/// Which method a command handler runs, to tell EXEC, DEBUG or PING apart on the per-command path.
/// Delegate equality cannot do that cheaply: two delegates of different static methods are different
/// objects, and <c>==</c> then asks the runtime to compare their methods (a QCall) on every call.
/// The method's handle, read once, compares as a number.
/// </summary>
internal readonly record struct HandlerId(nint Method)
{
    public static HandlerId Of(CommandHandler? handler) => new(handler?.Method.MethodHandle.Value ?? 0);
}

internal sealed class CommandDef
{
    public CommandDef(
        string name, CommandHandler? handler, int arity, string flags, string acl,
        (int First, int Last, int Step) keys = default,
        string group = "", string since = "", string summary = "", string? complexity = null,
        string? docFlags = null, string? deprecatedSince = null, string? replacedBy = null,
        string? tips = null, KeySpec[]? specs = null, (string Version, string Change)[]? history = null,
        ArgDoc[]? args = null, CommandDef[]? subcommands = null)
    {
        FullName = name;
        Name = name.Contains('|') ? name[(name.IndexOf('|') + 1)..] : name;
        Handler = handler;
        HandlerId = HandlerId.Of(handler);
        Arity = arity;
        FlagNames = Split(flags);
        Flags = FlagNames.Aggregate(CommandFlags.None, (all, f) => all | ParseFlag(f));
        AclCategories = Split(acl);
        FirstKey = keys.First;
        LastKey = keys.Last;
        KeyStep = keys.Step;
        Group = group;
        Since = since;
        Summary = summary;
        Complexity = complexity;
        DocFlags = Split(docFlags);
        DeprecatedSince = deprecatedSince;
        ReplacedBy = replacedBy;
        Tips = Split(tips);
        KeySpecs = specs ?? [];
        History = history ?? [];
        Args = args ?? [];
        Subcommands = subcommands ?? [];
        foreach (var sub in Subcommands)
        {
            sub.Parent = this;
            _subcommandsByName.Add(Encoding.ASCII.GetBytes(sub.Name), sub);
        }
        _subcommandLookup = _subcommandsByName.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public string Name { get; }
    /// <summary>"get", or "config|get" for a subcommand: the name errors and COMMAND use.</summary>
    public string FullName { get; }
    public CommandHandler? Handler { get; }
    /// <summary>The handler's method, for comparisons (see <see cref="Commands.HandlerId"/>).</summary>
    public HandlerId HandlerId { get; }
    /// <summary>Number of arguments including the name; negative means "at least -Arity".</summary>
    public int Arity { get; }
    public CommandFlags Flags { get; }
    public string[] FlagNames { get; }
    public string[] AclCategories { get; }
    public int FirstKey { get; }
    public int LastKey { get; }
    public int KeyStep { get; }
    public string Group { get; }
    public string Since { get; }
    public string Summary { get; }
    public string? Complexity { get; }
    public string[] DocFlags { get; }
    public string? DeprecatedSince { get; }
    public string? ReplacedBy { get; }
    public string[] Tips { get; }
    public KeySpec[] KeySpecs { get; }
    public (string Version, string Change)[] History { get; }
    public ArgDoc[] Args { get; }
    public CommandDef[] Subcommands { get; }
    public CommandDef? Parent { get; private set; }

    // Statistics for INFO commandstats, cf. the calls/microseconds fields of redisCommand.
    public long Calls;
    public long Microseconds;
    public long RejectedCalls;
    public long FailedCalls;
    /// <summary>latency-tracking: this command's durations since CONFIG RESETSTAT, created at its first call.</summary>
    public Diagnostics.HdrHistogram? LatencyHistogram;

    private readonly Dictionary<byte[], CommandDef> _subcommandsByName = new(AsciiNoCaseComparer.Instance);
    private readonly Dictionary<byte[], CommandDef>.AlternateLookup<ReadOnlySpan<byte>> _subcommandLookup;

    public bool IsContainer => Subcommands.Length > 0;

    public CommandDef? FindSubcommand(ReadOnlySpan<byte> name) =>
        _subcommandLookup.TryGetValue(name, out var sub) ? sub : null;

    public bool AcceptsArgCount(int count) => Arity >= 0 ? count == Arity : count >= -Arity;

    public bool Has(CommandFlags flag) => (Flags & flag) != 0;

    private static string[] Split(string? words) =>
        string.IsNullOrEmpty(words) ? [] : words.Split(' ');

    private static CommandFlags ParseFlag(string name) => name switch
    {
        "write" => CommandFlags.Write,
        "readonly" => CommandFlags.ReadOnly,
        "denyoom" => CommandFlags.DenyOom,
        "admin" => CommandFlags.Admin,
        "pubsub" => CommandFlags.PubSub,
        "noscript" => CommandFlags.NoScript,
        "blocking" => CommandFlags.Blocking,
        "loading" => CommandFlags.Loading,
        "stale" => CommandFlags.Stale,
        "skip_monitor" => CommandFlags.SkipMonitor,
        "skip_slowlog" => CommandFlags.SkipSlowlog,
        "fast" => CommandFlags.Fast,
        "no_auth" => CommandFlags.NoAuth,
        "may_replicate" => CommandFlags.MayReplicate,
        "no_mandatory_keys" => CommandFlags.NoMandatoryKeys,
        "no_async_loading" => CommandFlags.NoAsyncLoading,
        "no_multi" => CommandFlags.NoMulti,
        "allow_busy" => CommandFlags.AllowBusy,
        "sentinel" => CommandFlags.Sentinel,
        "only_sentinel" => CommandFlags.OnlySentinel,
        "protected" => CommandFlags.Protected,
        "movablekeys" => CommandFlags.MovableKeys,
        _ => throw new ArgumentException($"unknown command flag '{name}'"),
    };
}
