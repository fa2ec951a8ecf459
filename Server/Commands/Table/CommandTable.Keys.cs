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
    ];
}
