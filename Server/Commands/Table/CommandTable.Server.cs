// The command table, part: server and introspection commands.
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ServerGroup() =>
    [
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
                new("config|rewrite", ConfigCommands.Rewrite, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.8.0", summary: "Rewrite the configuration file with the in memory configuration", complexity: "O(1)"),
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
                new("command|getkeysandflags", CommandCommands.GetKeysAndFlags, -4, "loading stale", "@slow @connection",
                    group: "server", since: "7.0.0", summary: "Extract keys and access flags given a full Redis command", complexity: "O(N) where N is the number of arguments to the command"),
                new("command|help", CommandCommands.Help, 2, "loading stale", "@slow @connection",
                    group: "server", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
        new("slowlog", null, -2, "", "@slow",
            group: "server", since: "2.2.12", summary: "A container for slow log commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("slowlog|get", SlowlogCommands.Get, -2, "admin loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.2.12", summary: "Get the slow log's entries", complexity: "O(N) where N is the number of entries returned",
                    tips: "request_policy:all_nodes nondeterministic_output",
                    history: [("4.0.0", "Added client IP address, port and name to the reply.")],
                    args:
                    [
                        Arg("count", "integer", flags: "optional"),
                    ]),
                new("slowlog|help", SlowlogCommands.Help, 2, "loading stale", "@slow",
                    group: "server", since: "6.2.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                new("slowlog|len", SlowlogCommands.Len, 2, "admin loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.2.12", summary: "Get the slow log's length", complexity: "O(1)",
                    tips: "request_policy:all_nodes response_policy:agg_sum nondeterministic_output"),
                new("slowlog|reset", SlowlogCommands.Reset, 2, "admin loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.2.12", summary: "Clear all entries from the slow log", complexity: "O(N) where N is the number of entries in the slowlog",
                    tips: "request_policy:all_nodes response_policy:all_succeeded"),
            ]),
        new("latency", null, -2, "", "@slow",
            group: "server", since: "2.8.13", summary: "A container for latency diagnostics commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("latency|history", LatencyCommands.History, 3, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.8.13", summary: "Return timestamp-latency samples for the event.", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
                    args:
                    [
                        Arg("event", "string"),
                    ]),
                new("latency|histogram", LatencyCommands.Histogram, -2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "7.0.0", summary: "Return the cumulative distribution of latencies of a subset of commands or all.", complexity: "O(N) where N is the number of commands with latency information being retrieved.",
                    tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
                    args:
                    [
                        Arg("command", "string", flags: "optional multiple"),
                    ]),
                new("latency|help", LatencyCommands.Help, 2, "loading stale", "@slow",
                    group: "server", since: "2.8.13", summary: "Show helpful text about the different subcommands.", complexity: "O(1)"),
                new("latency|reset", LatencyCommands.Reset, -2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.8.13", summary: "Reset latency data for one or more events.", complexity: "O(1)",
                    tips: "request_policy:all_nodes response_policy:all_succeeded",
                    args:
                    [
                        Arg("event", "string", flags: "optional multiple"),
                    ]),
                new("latency|doctor", LatencyCommands.Doctor, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.8.13", summary: "Return a human readable latency analysis report.", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_nodes response_policy:special"),
                new("latency|latest", LatencyCommands.Latest, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.8.13", summary: "Return the latest latency samples for all events.", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_nodes response_policy:special"),
                new("latency|graph", LatencyCommands.Graph, 3, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "2.8.13", summary: "Return a latency graph for the event.", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
                    args:
                    [
                        Arg("event", "string"),
                    ]),
            ]),
        new("memory", null, -2, "", "@slow",
            group: "server", since: "4.0.0", summary: "A container for memory diagnostics commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("memory|malloc-stats", MemoryCommands.MallocStats, 2, "", "@slow",
                    group: "server", since: "4.0.0", summary: "Show allocator internal stats", complexity: "Depends on how much memory is allocated, could be slow",
                    tips: "nondeterministic_output request_policy:all_shards response_policy:special"),
                new("memory|doctor", MemoryCommands.Doctor, 2, "", "@slow",
                    group: "server", since: "4.0.0", summary: "Outputs memory problems report", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_shards response_policy:special"),
                new("memory|help", MemoryCommands.Help, 2, "loading stale", "@slow",
                    group: "server", since: "4.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                new("memory|purge", MemoryCommands.Purge, 2, "", "@slow",
                    group: "server", since: "4.0.0", summary: "Ask the allocator to release memory", complexity: "Depends on how much memory is allocated, could be slow",
                    tips: "request_policy:all_shards response_policy:all_succeeded"),
                new("memory|stats", MemoryCommands.Stats, 2, "", "@slow",
                    group: "server", since: "4.0.0", summary: "Show memory usage details", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_shards response_policy:special"),
                new("memory|usage", MemoryCommands.Usage, -3, "readonly", "@read @slow", keys: (2, 2, 1),
                    group: "server", since: "4.0.0", summary: "Estimate the memory usage of a key", complexity: "O(N) where N is the number of samples.",
                    specs: [Spec("RO", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("count", "integer", token: "SAMPLES", flags: "optional"),
                    ]),
            ]),
        new("debug", DebugCommands.Debug, -2, "admin noscript loading stale", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "A container for debugging commands", complexity: "Depends on subcommand.",
            docFlags: "syscmd"),
        new("lolwut", LolwutCommands.Lolwut, -1, "readonly fast", "@read @fast",
            group: "server", since: "5.0.0", summary: "Display some computer art and the Redis version",
            args:
            [
                Arg("version", "integer", token: "VERSION", flags: "optional"),
            ]),
        new("monitor", Monitors.Monitor, 1, "admin noscript loading stale", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "Listen for all requests received by the server in real time"),
    ];
}
