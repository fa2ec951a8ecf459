// The command table, part: RDB persistence: SAVE, DUMP, RESTORE (cf. rdb.c, cluster.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] RdbGroup() =>
    [
        new("save", SaveCommands.Save, 1, "admin noscript no_async_loading no_multi", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "Synchronously save the dataset to disk",
            complexity: "O(N) where N is the total number of keys in all databases"),
        new("dump", DumpCommands.Dump, 2, "readonly", "@keyspace @read @slow", keys: (1, 1, 1),
            group: "generic", since: "2.6.0", summary: "Return a serialized version of the value stored at the specified key.",
            complexity: "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("restore", DumpCommands.Restore, -4, "write denyoom", "@keyspace @write @slow @dangerous", keys: (1, 1, 1),
            group: "generic", since: "2.6.0", summary: "Create a key using the provided serialized value, previously obtained using DUMP.",
            complexity: "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0))],
            history: [("3.0.0", "Added the `REPLACE` modifier."), ("5.0.0", "Added the `ABSTTL` modifier."), ("5.0.0", "Added the `IDLETIME` and `FREQ` options.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("ttl", "integer"),
                Arg("serialized-value", "string"),
                Arg("replace", "pure-token", token: "REPLACE", since: "3.0.0", flags: "optional"),
                Arg("absttl", "pure-token", token: "ABSTTL", since: "5.0.0", flags: "optional"),
                Arg("seconds", "integer", token: "IDLETIME", since: "5.0.0", flags: "optional"),
                Arg("frequency", "integer", token: "FREQ", since: "5.0.0", flags: "optional"),
            ]),
    ];
}
