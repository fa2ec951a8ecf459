// The command table, part: generic key commands.
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] KeysGroup() =>
    [
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
        new("unlink", KeyCommands.Unlink, -2, "write fast", "@keyspace @write @fast", keys: (1, -1, 1),
            group: "generic", since: "4.0.0", summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", complexity: "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
            tips: "request_policy:multi_shard response_policy:agg_sum",
            specs: [Spec("RM delete", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("type", KeyCommands.Type, 2, "readonly fast", "@keyspace @read @fast", keys: (1, 1, 1),
            group: "generic", since: "1.0.0", summary: "Determine the type stored at key", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("keys", KeyCommands.Keys, 2, "readonly", "@keyspace @read @slow @dangerous",
            group: "generic", since: "1.0.0", summary: "Find all keys matching the given pattern", complexity: "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
            tips: "request_policy:all_shards nondeterministic_output_order",
            args:
            [
                Arg("pattern", "pattern"),
            ]),
        new("scan", ScanCommands.Scan, -2, "readonly", "@keyspace @read @slow",
            group: "generic", since: "2.8.0", summary: "Incrementally iterate the keys space", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
            tips: "nondeterministic_output request_policy:special",
            history: [("6.0.0", "Added the `TYPE` subcommand.")],
            args:
            [
                Arg("cursor", "integer"),
                Arg("pattern", "pattern", token: "MATCH", flags: "optional"),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
                Arg("type", "string", token: "TYPE", since: "6.0.0", flags: "optional"),
            ]),
        new("randomkey", KeyCommands.RandomKey, 1, "readonly", "@keyspace @read @slow",
            group: "generic", since: "1.0.0", summary: "Return a random key from the keyspace", complexity: "O(1)",
            tips: "request_policy:all_shards nondeterministic_output"),
        new("rename", KeyCommands.Rename, 3, "write", "@keyspace @write @slow", keys: (1, 2, 1),
            group: "generic", since: "1.0.0", summary: "Rename a key", complexity: "O(1)",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0)), Spec("OW update", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("newkey", "key", keySpec: 1),
            ]),
        new("renamenx", KeyCommands.RenameNx, 3, "write fast", "@keyspace @write @fast", keys: (1, 2, 1),
            group: "generic", since: "1.0.0", summary: "Rename a key, only if the new key does not exist", complexity: "O(1)",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0)), Spec("OW insert", Index(2), Range(0, 1, 0))],
            history: [("3.2.0", "The command no longer returns an error when source and destination names are the same.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("newkey", "key", keySpec: 1),
            ]),
        new("move", KeyCommands.Move, 3, "write fast", "@keyspace @write @fast", keys: (1, 1, 1),
            group: "generic", since: "1.0.0", summary: "Move a key to another database", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("db", "integer"),
            ]),
        new("copy", KeyCommands.Copy, -3, "write denyoom", "@keyspace @write @slow", keys: (1, 2, 1),
            group: "generic", since: "6.2.0", summary: "Copy a key", complexity: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0)), Spec("OW update", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("source", "key", keySpec: 0),
                Arg("destination", "key", keySpec: 1),
                Arg("destination-db", "integer", token: "DB", flags: "optional"),
                Arg("replace", "pure-token", token: "REPLACE", flags: "optional"),
            ]),
        new("touch", KeyCommands.Touch, -2, "readonly fast", "@keyspace @read @fast", keys: (1, -1, 1),
            group: "generic", since: "3.2.1", summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.", complexity: "O(N) where N is the number of keys that will be touched.",
            tips: "request_policy:multi_shard response_policy:agg_sum",
            specs: [Spec("RO", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("object", null, -2, "", "@slow",
            group: "generic", since: "2.2.3", summary: "A container for object introspection commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("object|encoding", KeyCommands.ObjectEncoding, 3, "readonly", "@keyspace @read @slow", keys: (2, 2, 1),
                    group: "generic", since: "2.2.3", summary: "Inspect the internal encoding of a Redis object", complexity: "O(1)",
                    tips: "nondeterministic_output",
                    specs: [Spec("RO", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                    ]),
                new("object|refcount", KeyCommands.ObjectRefCount, 3, "readonly", "@keyspace @read @slow", keys: (2, 2, 1),
                    group: "generic", since: "2.2.3", summary: "Get the number of references to the value of the key", complexity: "O(1)",
                    tips: "nondeterministic_output",
                    specs: [Spec("RO", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                    ]),
                new("object|idletime", KeyCommands.ObjectIdleTime, 3, "readonly", "@keyspace @read @slow", keys: (2, 2, 1),
                    group: "generic", since: "2.2.3", summary: "Get the time since a Redis object was last accessed", complexity: "O(1)",
                    tips: "nondeterministic_output",
                    specs: [Spec("RO", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                    ]),
                new("object|freq", KeyCommands.ObjectFreq, 3, "readonly", "@keyspace @read @slow", keys: (2, 2, 1),
                    group: "generic", since: "4.0.0", summary: "Get the logarithmic access frequency counter of a Redis object", complexity: "O(1)",
                    tips: "nondeterministic_output",
                    specs: [Spec("RO", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                    ]),
                new("object|help", KeyCommands.ObjectHelp, 2, "loading stale", "@keyspace @slow",
                    group: "generic", since: "6.2.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
        new("expire", KeyCommands.Expire, -3, "write fast", "@keyspace @write @fast", keys: (1, 1, 1),
            group: "generic", since: "1.0.0", summary: "Set a key's time to live in seconds", complexity: "O(1)",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("seconds", "integer"),
                Arg("condition", "oneof", since: "7.0.0", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                        Arg("gt", "pure-token", token: "GT"),
                        Arg("lt", "pure-token", token: "LT"),
                    ]),
            ]),
        new("pexpire", KeyCommands.PExpire, -3, "write fast", "@keyspace @write @fast", keys: (1, 1, 1),
            group: "generic", since: "2.6.0", summary: "Set a key's time to live in milliseconds", complexity: "O(1)",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("milliseconds", "integer"),
                Arg("condition", "oneof", since: "7.0.0", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                        Arg("gt", "pure-token", token: "GT"),
                        Arg("lt", "pure-token", token: "LT"),
                    ]),
            ]),
        new("expireat", KeyCommands.ExpireAt, -3, "write fast", "@keyspace @write @fast", keys: (1, 1, 1),
            group: "generic", since: "1.2.0", summary: "Set the expiration for a key as a UNIX timestamp", complexity: "O(1)",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("unix-time-seconds", "unix-time"),
                Arg("condition", "oneof", since: "7.0.0", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                        Arg("gt", "pure-token", token: "GT"),
                        Arg("lt", "pure-token", token: "LT"),
                    ]),
            ]),
        new("pexpireat", KeyCommands.PExpireAt, -3, "write fast", "@keyspace @write @fast", keys: (1, 1, 1),
            group: "generic", since: "2.6.0", summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds", complexity: "O(1)",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("unix-time-milliseconds", "unix-time"),
                Arg("condition", "oneof", since: "7.0.0", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                        Arg("gt", "pure-token", token: "GT"),
                        Arg("lt", "pure-token", token: "LT"),
                    ]),
            ]),
        new("ttl", KeyCommands.Ttl, 2, "readonly fast", "@keyspace @read @fast", keys: (1, 1, 1),
            group: "generic", since: "1.0.0", summary: "Get the time to live for a key in seconds", complexity: "O(1)",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("2.8.0", "Added the -2 reply.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("pttl", KeyCommands.PTtl, 2, "readonly fast", "@keyspace @read @fast", keys: (1, 1, 1),
            group: "generic", since: "2.6.0", summary: "Get the time to live for a key in milliseconds", complexity: "O(1)",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("2.8.0", "Added the -2 reply.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("expiretime", KeyCommands.ExpireTime, 2, "readonly fast", "@keyspace @read @fast", keys: (1, 1, 1),
            group: "generic", since: "7.0.0", summary: "Get the expiration Unix timestamp for a key", complexity: "O(1)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("pexpiretime", KeyCommands.PExpireTime, 2, "readonly fast", "@keyspace @read @fast", keys: (1, 1, 1),
            group: "generic", since: "7.0.0", summary: "Get the expiration Unix timestamp for a key in milliseconds", complexity: "O(1)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("persist", KeyCommands.Persist, 2, "write fast", "@keyspace @write @fast", keys: (1, 1, 1),
            group: "generic", since: "2.2.0", summary: "Remove the expiration from a key", complexity: "O(1)",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
    ];
}
