// The command table, part: string commands.
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] StringGroup() =>
    [
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
        new("setnx", StringCommands.SetNx, 3, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Set the value of a key, only if the key does not exist", complexity: "O(1)",
            specs: [Spec("OW insert", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("value", "string"),
            ]),
        new("setex", StringCommands.SetEx, 4, "write denyoom", "@write @string @slow", keys: (1, 1, 1),
            group: "string", since: "2.0.0", summary: "Set the value and expiration of a key", complexity: "O(1)",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("seconds", "integer"),
                Arg("value", "string"),
            ]),
        new("psetex", StringCommands.PSetEx, 4, "write denyoom", "@write @string @slow", keys: (1, 1, 1),
            group: "string", since: "2.6.0", summary: "Set the value and expiration in milliseconds of a key", complexity: "O(1)",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("milliseconds", "integer"),
                Arg("value", "string"),
            ]),
        new("getset", StringCommands.GetSet, 3, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Set the string value of a key and return its old value", complexity: "O(1)",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`SET` with the `!GET` argument",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("value", "string"),
            ]),
        new("getdel", StringCommands.GetDel, 2, "write fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "6.2.0", summary: "Get the value of a key and delete the key", complexity: "O(1)",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("getex", StringCommands.GetEx, -2, "write fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "6.2.0", summary: "Get the value of a key and optionally set its expiration", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0), notes: "RW and UPDATE because it changes the TTL")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("expiration", "oneof", flags: "optional", args:
                    [
                        Arg("seconds", "integer", token: "EX"),
                        Arg("milliseconds", "integer", token: "PX"),
                        Arg("unix-time-seconds", "unix-time", token: "EXAT"),
                        Arg("unix-time-milliseconds", "unix-time", token: "PXAT"),
                        Arg("persist", "pure-token", token: "PERSIST"),
                    ]),
            ]),
        new("mget", StringCommands.MGet, -2, "readonly fast", "@read @string @fast", keys: (1, -1, 1),
            group: "string", since: "1.0.0", summary: "Get the values of all the given keys", complexity: "O(N) where N is the number of keys to retrieve.",
            tips: "request_policy:multi_shard",
            specs: [Spec("RO access", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("mset", StringCommands.MSet, -3, "write denyoom", "@write @string @slow", keys: (1, -1, 2),
            group: "string", since: "1.0.1", summary: "Set multiple keys to multiple values", complexity: "O(N) where N is the number of keys to set.",
            tips: "request_policy:multi_shard response_policy:all_succeeded",
            specs: [Spec("OW update", Index(1), Range(-1, 2, 0))],
            args:
            [
                Arg("key_value", "block", flags: "multiple", args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("value", "string"),
                    ]),
            ]),
        new("msetnx", StringCommands.MSetNx, -3, "write denyoom", "@write @string @slow", keys: (1, -1, 2),
            group: "string", since: "1.0.1", summary: "Set multiple keys to multiple values, only if none of the keys exist", complexity: "O(N) where N is the number of keys to set.",
            tips: "request_policy:multi_shard response_policy:agg_min",
            specs: [Spec("OW insert", Index(1), Range(-1, 2, 0))],
            args:
            [
                Arg("key_value", "block", flags: "multiple", args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("value", "string"),
                    ]),
            ]),
        new("append", StringCommands.Append, 3, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "2.0.0", summary: "Append a value to a key", complexity: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("value", "string"),
            ]),
        new("strlen", StringCommands.StrLen, 2, "readonly fast", "@read @string @fast", keys: (1, 1, 1),
            group: "string", since: "2.2.0", summary: "Get the length of the value stored in a key", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("getrange", StringCommands.GetRange, 4, "readonly", "@read @string @slow", keys: (1, 1, 1),
            group: "string", since: "2.4.0", summary: "Get a substring of the string stored at a key", complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "integer"),
                Arg("end", "integer"),
            ]),
        new("substr", StringCommands.GetRange, 4, "readonly", "@read @string @slow", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Get a substring of the string stored at a key", complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
            docFlags: "deprecated",
            deprecatedSince: "2.0.0", replacedBy: "`GETRANGE`",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "integer"),
                Arg("end", "integer"),
            ]),
        new("setrange", StringCommands.SetRange, 4, "write denyoom", "@write @string @slow", keys: (1, 1, 1),
            group: "string", since: "2.2.0", summary: "Overwrite part of a string at key starting at the specified offset", complexity: "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("offset", "integer"),
                Arg("value", "string"),
            ]),
        new("incr", StringCommands.Incr, 2, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Increment the integer value of a key by one", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("decr", StringCommands.Decr, 2, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Decrement the integer value of a key by one", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("incrby", StringCommands.IncrBy, 3, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Increment the integer value of a key by the given amount", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("increment", "integer"),
            ]),
        new("decrby", StringCommands.DecrBy, 3, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Decrement the integer value of a key by the given number", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("decrement", "integer"),
            ]),
        new("incrbyfloat", StringCommands.IncrByFloat, 3, "write denyoom fast", "@write @string @fast", keys: (1, 1, 1),
            group: "string", since: "2.6.0", summary: "Increment the float value of a key by the given amount", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("increment", "double"),
            ]),
        new("lcs", StringCommands.Lcs, -3, "readonly", "@read @string @slow", keys: (1, 2, 1),
            group: "string", since: "7.0.0", summary: "Find longest common substring", complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively",
            specs: [Spec("RO access", Index(1), Range(1, 1, 0))],
            args:
            [
                Arg("key1", "key", keySpec: 0),
                Arg("key2", "key", keySpec: 0),
                Arg("len", "pure-token", token: "LEN", flags: "optional"),
                Arg("idx", "pure-token", token: "IDX", flags: "optional"),
                Arg("len", "integer", token: "MINMATCHLEN", flags: "optional"),
                Arg("withmatchlen", "pure-token", token: "WITHMATCHLEN", flags: "optional"),
            ]),
    ];
}
