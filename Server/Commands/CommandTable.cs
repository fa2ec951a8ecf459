// The command table: every command this server knows, declared once. Dispatch, arity
// errors, COMMAND, COMMAND DOCS and (later) the script deny-list all read it.
// cf. redisCommandTable in commands.c, generated in Redis from src/commands/*.json.

using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private readonly Dictionary<byte[], CommandDef> _byName = new(AsciiNoCaseComparer.Instance);
    private readonly Dictionary<byte[], CommandDef>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public CommandTable() : this(AllCommands()) { }

    public CommandTable(IEnumerable<CommandDef> commands)
    {
        foreach (var command in commands) _byName.Add(Encoding.ASCII.GetBytes(command.Name), command);
        _lookup = _byName.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _byName.Count;

    public IEnumerable<CommandDef> Commands => _byName.Values;

    /// <summary>Finds a top-level command by name, ignoring case, without allocating.</summary>
    public CommandDef? Find(ReadOnlySpan<byte> name) => _lookup.TryGetValue(name, out var command) ? command : null;

    /// <summary>Finds "get" or "config|get" (COMMAND INFO and DOCS accept both forms).</summary>
    public CommandDef? FindByFullName(ReadOnlySpan<byte> name)
    {
        int bar = name.IndexOf((byte)'|');
        if (bar < 0) return Find(name);
        return Find(name[..bar])?.FindSubcommand(name[(bar + 1)..]);
    }

    // ---- the table ---------------------------------------------------------------------
    // One table, written in parts by command group (Commands/Table/CommandTable.*.cs).
    // Names, arities, flags, key specs and docs follow Redis 7.0.15 exactly, because clients
    // (redis-cli, cluster-aware libraries) read them through COMMAND.

    private static CommandDef[] AllCommands() =>
    [
        .. ConnectionGroup(),
        .. ServerGroup(),
        .. StringGroup(),
        .. BitmapGroup(),
        .. KeysGroup(),
        .. ScriptingGroup(),
        .. ListGroup(),
        .. HashGroup(),
        .. SetGroup(),
        .. SortedSetGroup(),
        .. SortGroup(),
        .. TransactionsGroup(),
        .. PubSubGroup(),
        .. BlockingGroup(),
        .. StreamGroup(),
        .. HyperLogLogGroup(),
        .. GeoGroup(),
        .. RdbGroup(),
        .. BgsaveGroup(),
        .. AofGroup(),
        .. AclGroup(),
        .. ReplicationGroup(),
        .. ReplicaOfGroup(),
    ];

    private static KeySpec Spec(string flags, KeySearch begin, KeyFind find, string? notes = null) => new(flags, begin, find, notes);
    private static KeySearch Index(int index) => new(index);
    private static KeyFind Range(int lastKey, int keyStep, int limit) => new(true, lastKey, keyStep, limit);
    private static KeySearch UnknownSearch() => new(0, IsUnknown: true);
    private static KeyFind UnknownFind() => new(false, 0, 0, 0, IsUnknown: true);
    private static KeyFind KeyNum(int keyNumIndex, int firstKey, int keyStep) => new(false, keyNumIndex, firstKey, keyStep);

    private static ArgDoc Arg(
        string name, string type, int keySpec = -1, string? token = null, string? summary = null,
        string? since = null, string? deprecatedSince = null, string? flags = null, ArgDoc[]? args = null) =>
        new(name, type, keySpec, token, summary, since, deprecatedSince,
            string.IsNullOrEmpty(flags) ? [] : flags.Split(' '), args ?? []);
}
