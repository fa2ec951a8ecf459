// The command table, part: hash commands (cf. t_hash.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] HashGroup() =>
    [
        new("hset", HashCommands.HSet, -4, "write denyoom fast", "@write @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Set the string value of a hash field", complexity: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("4.0.0", "Accepts multiple `field` and `value` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field_value", "block", flags: "multiple", args:
                    [
                        Arg("field", "string"),
                        Arg("value", "string"),
                    ]),
            ]),
        new("hsetnx", HashCommands.HSetNx, 4, "write denyoom fast", "@write @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Set the value of a hash field, only if the field does not exist", complexity: "O(1)",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string"),
                Arg("value", "string"),
            ]),
        new("hget", HashCommands.HGet, 3, "readonly fast", "@read @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Get the value of a hash field", complexity: "O(1)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string"),
            ]),
        new("hmget", HashCommands.HMGet, -3, "readonly fast", "@read @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Get the values of all the given hash fields", complexity: "O(N) where N is the number of fields being requested.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string", flags: "multiple"),
            ]),
        new("hmset", HashCommands.HMSet, -4, "write denyoom fast", "@write @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Set multiple hash fields to multiple values", complexity: "O(N) where N is the number of fields being set.",
            docFlags: "deprecated",
            deprecatedSince: "4.0.0", replacedBy: "`HSET` with multiple field-value pairs",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field_value", "block", flags: "multiple", args:
                    [
                        Arg("field", "string"),
                        Arg("value", "string"),
                    ]),
            ]),
        new("hdel", HashCommands.HDel, -3, "write fast", "@write @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Delete one or more hash fields", complexity: "O(N) where N is the number of fields to be removed.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple `field` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string", flags: "multiple"),
            ]),
        new("hlen", HashCommands.HLen, 2, "readonly fast", "@read @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Get the number of fields in a hash", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("hstrlen", HashCommands.HStrLen, 3, "readonly fast", "@read @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "3.2.0", summary: "Get the length of the value of a hash field", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string"),
            ]),
        new("hexists", HashCommands.HExists, 3, "readonly fast", "@read @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Determine if a hash field exists", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string"),
            ]),
        new("hkeys", HashCommands.HKeys, 2, "readonly", "@read @hash @slow", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Get all the fields in a hash", complexity: "O(N) where N is the size of the hash.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("hvals", HashCommands.HVals, 2, "readonly", "@read @hash @slow", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Get all the values in a hash", complexity: "O(N) where N is the size of the hash.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("hgetall", HashCommands.HGetAll, 2, "readonly", "@read @hash @slow", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Get all the fields and values in a hash", complexity: "O(N) where N is the size of the hash.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("hincrby", HashCommands.HIncrBy, 4, "write denyoom fast", "@write @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.0.0", summary: "Increment the integer value of a hash field by the given number", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string"),
                Arg("increment", "integer"),
            ]),
        new("hincrbyfloat", HashCommands.HIncrByFloat, 4, "write denyoom fast", "@write @hash @fast", keys: (1, 1, 1),
            group: "hash", since: "2.6.0", summary: "Increment the float value of a hash field by the given amount", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("field", "string"),
                Arg("increment", "double"),
            ]),
        new("hrandfield", HashCommands.HRandField, -2, "readonly", "@read @hash @slow", keys: (1, 1, 1),
            group: "hash", since: "6.2.0", summary: "Get one or multiple random fields from a hash", complexity: "O(N) where N is the number of fields returned",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("options", "block", flags: "optional", args:
                    [
                        Arg("count", "integer"),
                        Arg("withvalues", "pure-token", token: "WITHVALUES", flags: "optional"),
                    ]),
            ]),
        new("hscan", HashCommands.HScan, -3, "readonly", "@read @hash @slow", keys: (1, 1, 1),
            group: "hash", since: "2.8.0", summary: "Incrementally iterate hash fields and associated values", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("cursor", "integer"),
                Arg("pattern", "pattern", token: "MATCH", flags: "optional"),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
    ];
}
