// The command table, part: blocking (cf. blocked.c, t_list.c, t_zset.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] BlockingGroup() =>
    [
        new("blpop", BlockingCommands.BLPop, -3, "write noscript blocking", "@write @list @slow @blocking", keys: (1, -2, 1),
            group: "list", since: "2.0.0", summary: "Remove and get the first element in a list, or block until one is available", complexity: "O(N) where N is the number of provided keys.",
            specs: [Spec("RW access delete", Index(1), Range(-2, 1, 0))],
            history: [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("timeout", "double"),
            ]),
        new("brpop", BlockingCommands.BRPop, -3, "write noscript blocking", "@write @list @slow @blocking", keys: (1, -2, 1),
            group: "list", since: "2.0.0", summary: "Remove and get the last element in a list, or block until one is available", complexity: "O(N) where N is the number of provided keys.",
            specs: [Spec("RW access delete", Index(1), Range(-2, 1, 0))],
            history: [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("timeout", "double"),
            ]),
        new("blmove", BlockingCommands.BLMove, 6, "write denyoom noscript blocking", "@write @list @slow @blocking", keys: (1, 2, 1),
            group: "list", since: "6.2.0", summary: "Pop an element from a list, push it to another list and return it; or block until one is available", complexity: "O(1)",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0)), Spec("RW insert", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("source", "key", keySpec: 0),
                Arg("destination", "key", keySpec: 1),
                Arg("wherefrom", "oneof", args:
                    [
                        Arg("left", "pure-token", token: "LEFT"),
                        Arg("right", "pure-token", token: "RIGHT"),
                    ]),
                Arg("whereto", "oneof", args:
                    [
                        Arg("left", "pure-token", token: "LEFT"),
                        Arg("right", "pure-token", token: "RIGHT"),
                    ]),
                Arg("timeout", "double"),
            ]),
        new("brpoplpush", BlockingCommands.BRPopLPush, 4, "write denyoom noscript blocking", "@write @list @slow @blocking", keys: (1, 2, 1),
            group: "list", since: "2.2.0", summary: "Pop an element from a list, push it to another list and return it; or block until one is available", complexity: "O(1)",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`BLMOVE` with the `RIGHT` and `LEFT` arguments",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0)), Spec("RW insert", Index(2), Range(0, 1, 0))],
            history: [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            args:
            [
                Arg("source", "key", keySpec: 0),
                Arg("destination", "key", keySpec: 1),
                Arg("timeout", "double"),
            ]),
        new("blmpop", BlockingCommands.BLMPop, -5, "write blocking movablekeys", "@write @list @slow @blocking", keys: (0, 0, 0),
            group: "list", since: "7.0.0", summary: "Pop elements from a list, or block until one is available", complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
            specs: [Spec("RW access delete", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("timeout", "double"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("where", "oneof", args:
                    [
                        Arg("left", "pure-token", token: "LEFT"),
                        Arg("right", "pure-token", token: "RIGHT"),
                    ]),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
        new("bzpopmin", BlockingCommands.BZPopMin, -3, "write noscript blocking fast", "@write @sortedset @fast @blocking", keys: (1, -2, 1),
            group: "sorted-set", since: "5.0.0", summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            specs: [Spec("RW access delete", Index(1), Range(-2, 1, 0))],
            history: [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("timeout", "double"),
            ]),
        new("bzpopmax", BlockingCommands.BZPopMax, -3, "write noscript blocking fast", "@write @sortedset @fast @blocking", keys: (1, -2, 1),
            group: "sorted-set", since: "5.0.0", summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            specs: [Spec("RW access delete", Index(1), Range(-2, 1, 0))],
            history: [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("timeout", "double"),
            ]),
        new("bzmpop", BlockingCommands.BZMPop, -5, "write blocking movablekeys", "@write @sortedset @slow @blocking", keys: (0, 0, 0),
            group: "sorted-set", since: "7.0.0", summary: "Remove and return members with scores in a sorted set or block until one is available", complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
            specs: [Spec("RW access delete", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("timeout", "double"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("where", "oneof", args:
                    [
                        Arg("min", "pure-token", token: "MIN"),
                        Arg("max", "pure-token", token: "MAX"),
                    ]),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
    ];
}
