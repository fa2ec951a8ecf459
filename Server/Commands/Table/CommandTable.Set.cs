// The command table, part: set commands (cf. t_set.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] SetGroup() =>
    [
        new("sadd", SetCommands.SAdd, -3, "write denyoom fast", "@write @set @fast", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Add one or more members to a set", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple `member` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("srem", SetCommands.SRem, -3, "write fast", "@write @set @fast", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Remove one or more members from a set", complexity: "O(N) where N is the number of members to be removed.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple `member` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("smove", SetCommands.SMove, 4, "write fast", "@write @set @fast", keys: (1, 2, 1),
            group: "set", since: "1.0.0", summary: "Move a member from one set to another", complexity: "O(1)",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0)), Spec("RW insert", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("source", "key", keySpec: 0),
                Arg("destination", "key", keySpec: 1),
                Arg("member", "string"),
            ]),
        new("sismember", SetCommands.SIsMember, 3, "readonly fast", "@read @set @fast", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Determine if a given value is a member of a set", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string"),
            ]),
        new("smismember", SetCommands.SMIsMember, -3, "readonly fast", "@read @set @fast", keys: (1, 1, 1),
            group: "set", since: "6.2.0", summary: "Returns the membership associated with the given elements for a set", complexity: "O(N) where N is the number of elements being checked for membership",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("scard", SetCommands.SCard, 2, "readonly fast", "@read @set @fast", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Get the number of members in a set", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("smembers", SetCommands.SMembers, 2, "readonly", "@read @set @slow", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Get all the members in a set", complexity: "O(N) where N is the set cardinality.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("srandmember", SetCommands.SRandMember, -2, "readonly", "@read @set @slow", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Get one or multiple random members from a set", complexity: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("2.6.0", "Added the optional `count` argument.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer", since: "2.6.0", flags: "optional"),
            ]),
        new("spop", SetCommands.SPop, -2, "write fast", "@write @set @fast", keys: (1, 1, 1),
            group: "set", since: "1.0.0", summary: "Remove and return one or multiple random members from a set", complexity: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
            tips: "nondeterministic_output",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0))],
            history: [("3.2.0", "Added the `count` argument.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer", since: "3.2.0", flags: "optional"),
            ]),
        new("sinter", SetCommands.SInter, -2, "readonly", "@read @set @slow", keys: (1, -1, 1),
            group: "set", since: "1.0.0", summary: "Intersect multiple sets", complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("sintercard", SetCommands.SInterCard, -3, "readonly movablekeys", "@read @set @slow", keys: (0, 0, 0),
            group: "set", since: "7.0.0", summary: "Intersect multiple sets and return the cardinality of the result", complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
            specs: [Spec("RO access", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("limit", "integer", token: "LIMIT", flags: "optional"),
            ]),
        new("sinterstore", SetCommands.SInterStore, -3, "write denyoom", "@write @set @slow", keys: (1, -1, 1),
            group: "set", since: "1.0.0", summary: "Intersect multiple sets and store the resulting set in a key", complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), Range(-1, 1, 0))],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
            ]),
        new("sunion", SetCommands.SUnion, -2, "readonly", "@read @set @slow", keys: (1, -1, 1),
            group: "set", since: "1.0.0", summary: "Add multiple sets", complexity: "O(N) where N is the total number of elements in all given sets.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("sunionstore", SetCommands.SUnionStore, -3, "write denyoom", "@write @set @slow", keys: (1, -1, 1),
            group: "set", since: "1.0.0", summary: "Add multiple sets and store the resulting set in a key", complexity: "O(N) where N is the total number of elements in all given sets.",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), Range(-1, 1, 0))],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
            ]),
        new("sdiff", SetCommands.SDiff, -2, "readonly", "@read @set @slow", keys: (1, -1, 1),
            group: "set", since: "1.0.0", summary: "Subtract multiple sets", complexity: "O(N) where N is the total number of elements in all given sets.",
            tips: "nondeterministic_output_order",
            specs: [Spec("RO access", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("sdiffstore", SetCommands.SDiffStore, -3, "write denyoom", "@write @set @slow", keys: (1, -1, 1),
            group: "set", since: "1.0.0", summary: "Subtract multiple sets and store the resulting set in a key", complexity: "O(N) where N is the total number of elements in all given sets.",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), Range(-1, 1, 0))],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
            ]),
        new("sscan", SetCommands.SScan, -3, "readonly", "@read @set @slow", keys: (1, 1, 1),
            group: "set", since: "2.8.0", summary: "Incrementally iterate Set elements", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
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
