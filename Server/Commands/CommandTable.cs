// The command table: every command this server knows, declared once. Dispatch, arity
// errors, COMMAND, COMMAND DOCS and (later) the script deny-list all read it.
// cf. redisCommandTable in commands.c, generated in Redis from src/commands/*.json.

using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal sealed class CommandTable
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
    // Names, arities, flags, key specs and docs follow Redis 7.0.15 exactly, because clients
    // (redis-cli, cluster-aware libraries) read them through COMMAND.

    private static KeySpec Spec(string flags, KeySearch begin, KeyFind find, string? notes = null) => new(flags, begin, find, notes);
    private static KeySearch Index(int index) => new(index);
    private static KeySearch Keyword(string keyword, int startFrom) => new(0, keyword, startFrom);
    private static KeyFind Range(int lastKey, int keyStep, int limit) => new(true, lastKey, keyStep, limit);
    private static KeyFind KeyNum(int keyNumIndex, int firstKey, int keyStep) => new(false, keyNumIndex, firstKey, keyStep);

    private static ArgDoc Arg(
        string name, string type, int keySpec = -1, string? token = null, string? summary = null,
        string? since = null, string? deprecatedSince = null, string? flags = null, ArgDoc[]? args = null) =>
        new(name, type, keySpec, token, summary, since, deprecatedSince,
            string.IsNullOrEmpty(flags) ? [] : flags.Split(' '), args ?? []);

    private static CommandDef[] AllCommands() =>
    [
            new("ping", ConnectionCommands.Ping, -1, "fast", "@fast @connection",
                group: "connection", since: "1.0.0", summary: "Ping the server", complexity: "O(1)",
                tips: "request_policy:all_shards response_policy:all_succeeded",
                args:
                [
                    Arg("message", "string", flags: "optional"),
                ]),
            new("echo", ConnectionCommands.Echo, 2, "loading stale fast", "@fast @connection",
                group: "connection", since: "1.0.0", summary: "Echo the given string", complexity: "O(1)",
                args:
                [
                    Arg("message", "string"),
                ]),
            new("quit", ConnectionCommands.Quit, -1, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
                group: "connection", since: "1.0.0", summary: "Close the connection", complexity: "O(1)"),
            new("select", ConnectionCommands.Select, 2, "loading stale fast", "@fast @connection",
                group: "connection", since: "1.0.0", summary: "Change the selected database for the current connection", complexity: "O(1)",
                args:
                [
                    Arg("index", "integer"),
                ]),
            new("hello", ConnectionCommands.Hello, -1, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
                group: "connection", since: "6.0.0", summary: "Handshake with Redis", complexity: "O(1)",
                history: [("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context.")],
                args:
                [
                    Arg("arguments", "block", flags: "optional", args:
                        [
                            Arg("protover", "integer"),
                            Arg("username_password", "block", token: "AUTH", flags: "optional", args:
                                [
                                    Arg("username", "string"),
                                    Arg("password", "string"),
                                ]),
                            Arg("clientname", "string", token: "SETNAME", flags: "optional"),
                        ]),
                ]),
            new("auth", ConnectionCommands.Auth, -2, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
                group: "connection", since: "1.0.0", summary: "Authenticate to the server", complexity: "O(N) where N is the number of passwords defined for the user",
                history: [("6.0.0", "Added ACL style (username and password).")],
                args:
                [
                    Arg("username", "string", since: "6.0.0", flags: "optional"),
                    Arg("password", "string"),
                ]),
            new("reset", ConnectionCommands.Reset, 1, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
                group: "connection", since: "6.2.0", summary: "Reset the connection", complexity: "O(1)"),
            new("client", null, -2, "", "@slow",
                group: "connection", since: "2.4.0", summary: "A container for client connection commands", complexity: "Depends on subcommand.",
                subcommands:
                [
                    new("client|id", ClientCommands.Id, 2, "noscript loading stale", "@slow @connection",
                        group: "connection", since: "5.0.0", summary: "Returns the client ID for the current connection", complexity: "O(1)"),
                    new("client|setname", ClientCommands.SetName, 3, "noscript loading stale", "@slow @connection",
                        group: "connection", since: "2.6.9", summary: "Set the current connection name", complexity: "O(1)",
                        args:
                        [
                            Arg("connection-name", "string"),
                        ]),
                    new("client|getname", ClientCommands.GetName, 2, "noscript loading stale", "@slow @connection",
                        group: "connection", since: "2.6.9", summary: "Get the current connection name", complexity: "O(1)"),
                    new("client|list", ClientCommands.List, -2, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                        group: "connection", since: "2.4.0", summary: "Get the list of client connections", complexity: "O(N) where N is the number of client connections",
                        tips: "nondeterministic_output",
                        history: [("2.8.12", "Added unique client `id` field."), ("5.0.0", "Added optional `TYPE` filter."), ("6.0.0", "Added `user` field."), ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."), ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."), ("7.0.3", "Added `ssub` field.")],
                        args:
                        [
                            Arg("normal_master_replica_pubsub", "oneof", token: "TYPE", since: "5.0.0", flags: "optional", args:
                                [
                                    Arg("normal", "pure-token", token: "NORMAL"),
                                    Arg("master", "pure-token", token: "MASTER"),
                                    Arg("replica", "pure-token", token: "REPLICA"),
                                    Arg("pubsub", "pure-token", token: "PUBSUB"),
                                ]),
                            Arg("id", "block", token: "ID", since: "6.2.0", flags: "optional", args:
                                [
                                    Arg("client-id", "integer", flags: "multiple"),
                                ]),
                        ]),
                    new("client|info", ClientCommands.Info, 2, "noscript loading stale", "@slow @connection",
                        group: "connection", since: "6.2.0", summary: "Returns information about the current client connection.", complexity: "O(1)",
                        tips: "nondeterministic_output"),
                    new("client|kill", ClientCommands.Kill, -3, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                        group: "connection", since: "2.4.0", summary: "Kill the connection of a client", complexity: "O(N) where N is the number of client connections",
                        history: [("2.8.12", "Added new filter format."), ("2.8.12", "`ID` option."), ("3.2.0", "Added `master` type in for `TYPE` option."), ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."), ("6.2.0", "`LADDR` option.")],
                        args:
                        [
                            Arg("filter", "oneof", args:
                                [
                                    Arg("ip:port", "string", deprecatedSince: "2.8.12"),
                                    Arg("new-format", "oneof", flags: "multiple", args:
                                        [
                                            Arg("client-id", "integer", token: "ID", since: "2.8.12", flags: "optional"),
                                            Arg("normal_master_slave_pubsub", "oneof", token: "TYPE", since: "2.8.12", flags: "optional", args:
                                                [
                                                    Arg("normal", "pure-token", token: "NORMAL"),
                                                    Arg("master", "pure-token", token: "MASTER", since: "3.2.0"),
                                                    Arg("slave", "pure-token", token: "SLAVE"),
                                                    Arg("replica", "pure-token", token: "REPLICA", since: "5.0.0"),
                                                    Arg("pubsub", "pure-token", token: "PUBSUB"),
                                                ]),
                                            Arg("username", "string", token: "USER", flags: "optional"),
                                            Arg("ip:port", "string", token: "ADDR", flags: "optional"),
                                            Arg("ip:port", "string", token: "LADDR", since: "6.2.0", flags: "optional"),
                                            Arg("yes/no", "string", token: "SKIPME", flags: "optional"),
                                        ]),
                                ]),
                        ]),
                    new("client|reply", ClientCommands.Reply, 3, "noscript loading stale", "@slow @connection",
                        group: "connection", since: "3.2.0", summary: "Instruct the server whether to reply to commands", complexity: "O(1)",
                        args:
                        [
                            Arg("on_off_skip", "oneof", args:
                                [
                                    Arg("on", "pure-token", token: "ON"),
                                    Arg("off", "pure-token", token: "OFF"),
                                    Arg("skip", "pure-token", token: "SKIP"),
                                ]),
                        ]),
                    new("client|no-evict", ClientCommands.NoEvict, 3, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                        group: "connection", since: "7.0.0", summary: "Set client eviction mode for the current connection", complexity: "O(1)",
                        args:
                        [
                            Arg("enabled", "oneof", args:
                                [
                                    Arg("on", "pure-token", token: "ON"),
                                    Arg("off", "pure-token", token: "OFF"),
                                ]),
                        ]),
                    new("client|help", ClientCommands.Help, 2, "loading stale", "@slow @connection",
                        group: "connection", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                ]),
            new("dbsize", ServerCommands.DbSize, 1, "readonly fast", "@keyspace @read @fast",
                group: "server", since: "1.0.0", summary: "Return the number of keys in the selected database", complexity: "O(1)",
                tips: "request_policy:all_shards response_policy:agg_sum"),
            new("flushdb", ServerCommands.FlushDb, -1, "write", "@keyspace @write @slow @dangerous",
                group: "server", since: "1.0.0", summary: "Remove all keys from the current database", complexity: "O(N) where N is the number of keys in the selected database",
                tips: "request_policy:all_shards response_policy:all_succeeded",
                history: [("4.0.0", "Added the `ASYNC` flushing mode modifier."), ("6.2.0", "Added the `SYNC` flushing mode modifier.")],
                args:
                [
                    Arg("async", "oneof", flags: "optional", args:
                        [
                            Arg("async", "pure-token", token: "ASYNC", since: "4.0.0"),
                            Arg("sync", "pure-token", token: "SYNC", since: "6.2.0"),
                        ]),
                ]),
            new("flushall", ServerCommands.FlushAll, -1, "write", "@keyspace @write @slow @dangerous",
                group: "server", since: "1.0.0", summary: "Remove all keys from all databases", complexity: "O(N) where N is the total number of keys in all databases",
                tips: "request_policy:all_shards response_policy:all_succeeded",
                history: [("4.0.0", "Added the `ASYNC` flushing mode modifier."), ("6.2.0", "Added the `SYNC` flushing mode modifier.")],
                args:
                [
                    Arg("async", "oneof", flags: "optional", args:
                        [
                            Arg("async", "pure-token", token: "ASYNC", since: "4.0.0"),
                            Arg("sync", "pure-token", token: "SYNC", since: "6.2.0"),
                        ]),
                ]),
            new("swapdb", ServerCommands.SwapDb, 3, "write fast", "@keyspace @write @fast @dangerous",
                group: "server", since: "4.0.0", summary: "Swaps two Redis databases", complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.",
                args:
                [
                    Arg("index1", "integer"),
                    Arg("index2", "integer"),
                ]),
            new("time", ServerCommands.Time, 1, "loading stale fast", "@fast",
                group: "server", since: "2.6.0", summary: "Return the current server time", complexity: "O(1)",
                tips: "nondeterministic_output"),
            new("info", ServerCommands.Info, -1, "loading stale", "@slow @dangerous",
                group: "server", since: "1.0.0", summary: "Get information and statistics about the server", complexity: "O(1)",
                tips: "nondeterministic_output request_policy:all_shards response_policy:special",
                history: [("7.0.0", "Added support for taking multiple section arguments.")],
                args:
                [
                    Arg("section", "string", flags: "optional multiple"),
                ]),
            new("config", null, -2, "", "@slow",
                group: "server", since: "2.0.0", summary: "A container for server configuration commands", complexity: "Depends on subcommand.",
                subcommands:
                [
                    new("config|get", ConfigCommands.Get, -3, "admin noscript loading stale", "@admin @slow @dangerous",
                        group: "server", since: "2.0.0", summary: "Get the values of configuration parameters", complexity: "O(N) when N is the number of configuration parameters provided",
                        history: [("7.0.0", "Added the ability to pass multiple pattern parameters in one call")],
                        args:
                        [
                            Arg("parameter", "block", flags: "multiple", args:
                                [
                                    Arg("parameter", "string"),
                                ]),
                        ]),
                    new("config|set", ConfigCommands.Set, -4, "admin noscript loading stale", "@admin @slow @dangerous",
                        group: "server", since: "2.0.0", summary: "Set configuration parameters to the given values", complexity: "O(N) when N is the number of configuration parameters provided",
                        tips: "request_policy:all_nodes response_policy:all_succeeded",
                        history: [("7.0.0", "Added the ability to set multiple parameters in one call.")],
                        args:
                        [
                            Arg("parameter_value", "block", flags: "multiple", args:
                                [
                                    Arg("parameter", "string"),
                                    Arg("value", "string"),
                                ]),
                        ]),
                    new("config|resetstat", ConfigCommands.ResetStat, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                        group: "server", since: "2.0.0", summary: "Reset the stats returned by INFO", complexity: "O(1)"),
                    new("config|help", ConfigCommands.Help, 2, "loading stale", "@slow",
                        group: "server", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                ]),
            new("lastsave", ServerCommands.LastSave, 1, "loading stale fast", "@admin @fast @dangerous",
                group: "server", since: "1.0.0", summary: "Get the UNIX time stamp of the last successful save to disk", complexity: "O(1)",
                tips: "nondeterministic_output"),
            new("shutdown", ServerCommands.Shutdown, -1, "admin noscript loading stale no_multi allow_busy", "@admin @slow @dangerous",
                group: "server", since: "1.0.0", summary: "Synchronously save the dataset to disk and then shut down the server", complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
                history: [("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers.")],
                args:
                [
                    Arg("nosave_save", "oneof", flags: "optional", args:
                        [
                            Arg("nosave", "pure-token", token: "NOSAVE"),
                            Arg("save", "pure-token", token: "SAVE"),
                        ]),
                    Arg("now", "pure-token", token: "NOW", since: "7.0.0", flags: "optional"),
                    Arg("force", "pure-token", token: "FORCE", since: "7.0.0", flags: "optional"),
                    Arg("abort", "pure-token", token: "ABORT", since: "7.0.0", flags: "optional"),
                ]),
            new("command", CommandCommands.Command, -1, "loading stale", "@slow @connection",
                group: "server", since: "2.8.13", summary: "Get array of Redis command details", complexity: "O(N) where N is the total number of Redis commands",
                tips: "nondeterministic_output_order",
                subcommands:
                [
                    new("command|count", CommandCommands.Count, 2, "loading stale", "@slow @connection",
                        group: "server", since: "2.8.13", summary: "Get total number of Redis commands", complexity: "O(1)"),
                    new("command|info", CommandCommands.Info, -2, "loading stale", "@slow @connection",
                        group: "server", since: "2.8.13", summary: "Get array of specific Redis command details, or all when no argument is given.", complexity: "O(N) where N is the number of commands to look up",
                        tips: "nondeterministic_output_order",
                        history: [("7.0.0", "Allowed to be called with no argument to get info on all commands.")],
                        args:
                        [
                            Arg("command-name", "string", flags: "optional multiple"),
                        ]),
                    new("command|docs", CommandCommands.Docs, -2, "loading stale", "@slow @connection",
                        group: "server", since: "7.0.0", summary: "Get array of specific Redis command documentation", complexity: "O(N) where N is the number of commands to look up",
                        tips: "nondeterministic_output_order",
                        args:
                        [
                            Arg("command-name", "string", flags: "optional multiple"),
                        ]),
                    new("command|list", CommandCommands.List, -2, "loading stale", "@slow @connection",
                        group: "server", since: "7.0.0", summary: "Get an array of Redis command names", complexity: "O(N) where N is the total number of Redis commands",
                        tips: "nondeterministic_output_order",
                        args:
                        [
                            Arg("filterby", "oneof", token: "FILTERBY", flags: "optional", args:
                                [
                                    Arg("module-name", "string", token: "MODULE"),
                                    Arg("category", "string", token: "ACLCAT"),
                                    Arg("pattern", "pattern", token: "PATTERN"),
                                ]),
                        ]),
                    new("command|getkeys", CommandCommands.GetKeys, -4, "loading stale", "@slow @connection",
                        group: "server", since: "2.8.13", summary: "Extract keys given a full Redis command", complexity: "O(N) where N is the number of arguments to the command"),
                    new("command|help", CommandCommands.Help, 2, "loading stale", "@slow @connection",
                        group: "server", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                ]),
            new("get", StringCommands.Get, 2, "readonly fast", "@read @string @fast", keys: (1, 1, 1),
                group: "string", since: "1.0.0", summary: "Get the value of a key", complexity: "O(1)",
                specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
                args:
                [
                    Arg("key", "key", keySpec: 0),
                ]),
            new("set", StringCommands.Set, -3, "write denyoom", "@write @string @slow", keys: (1, 1, 1),
                group: "string", since: "1.0.0", summary: "Set the string value of a key", complexity: "O(1)",
                specs: [Spec("RW access update variable_flags", Index(1), Range(0, 1, 0), notes: "RW and ACCESS due to the optional `GET` argument")],
                history: [("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."), ("6.0.0", "Added the `KEEPTTL` option."), ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."), ("7.0.0", "Allowed the `NX` and `GET` options to be used together.")],
                args:
                [
                    Arg("key", "key", keySpec: 0),
                    Arg("value", "string"),
                    Arg("condition", "oneof", since: "2.6.12", flags: "optional", args:
                        [
                            Arg("nx", "pure-token", token: "NX"),
                            Arg("xx", "pure-token", token: "XX"),
                        ]),
                    Arg("get", "pure-token", token: "GET", since: "6.2.0", flags: "optional"),
                    Arg("expiration", "oneof", flags: "optional", args:
                        [
                            Arg("seconds", "integer", token: "EX", since: "2.6.12"),
                            Arg("milliseconds", "integer", token: "PX", since: "2.6.12"),
                            Arg("unix-time-seconds", "unix-time", token: "EXAT", since: "6.2.0"),
                            Arg("unix-time-milliseconds", "unix-time", token: "PXAT", since: "6.2.0"),
                            Arg("keepttl", "pure-token", token: "KEEPTTL", since: "6.0.0"),
                        ]),
                ]),
            new("del", KeyCommands.Del, -2, "write", "@keyspace @write @slow", keys: (1, -1, 1),
                group: "generic", since: "1.0.0", summary: "Delete a key", complexity: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
                tips: "request_policy:multi_shard response_policy:agg_sum",
                specs: [Spec("RM delete", Index(1), Range(-1, 1, 0))],
                args:
                [
                    Arg("key", "key", keySpec: 0, flags: "multiple"),
                ]),
            new("exists", KeyCommands.Exists, -2, "readonly fast", "@keyspace @read @fast", keys: (1, -1, 1),
                group: "generic", since: "1.0.0", summary: "Determine if a key exists", complexity: "O(N) where N is the number of keys to check.",
                tips: "request_policy:multi_shard response_policy:agg_sum",
                specs: [Spec("RO", Index(1), Range(-1, 1, 0))],
                history: [("3.0.3", "Accepts multiple `key` arguments.")],
                args:
                [
                    Arg("key", "key", keySpec: 0, flags: "multiple"),
                ]),
    ];
}
