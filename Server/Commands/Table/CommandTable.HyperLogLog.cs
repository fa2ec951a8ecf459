// The command table, part: hyperloglog (cf. hyperloglog.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] HyperLogLogGroup() =>
    [
        new("pfadd", HyperLogLogCommands.PfAdd, -2, "write denyoom fast", "@write @hyperloglog @fast", keys: (1, 1, 1),
            group: "hyperloglog", since: "2.8.9", summary: "Adds the specified elements to the specified HyperLogLog.",
            complexity: "O(1) to add every element.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("element", "string", flags: "optional multiple"),
            ]),
        new("pfcount", HyperLogLogCommands.PfCount, -2, "readonly", "@read @hyperloglog @slow", keys: (1, -1, 1),
            group: "hyperloglog", since: "2.8.9",
            summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
            complexity: "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.",
            specs: [Spec("RW access", Index(1), Range(-1, 1, 0),
                notes: "RW because it may change the internal representation of the key, and propagate to replicas")],
            args: [Arg("key", "key", keySpec: 0, flags: "multiple")]),
        new("pfmerge", HyperLogLogCommands.PfMerge, -2, "write denyoom", "@write @hyperloglog @slow", keys: (1, -1, 1),
            group: "hyperloglog", since: "2.8.9", summary: "Merge N different HyperLogLogs into a single one.",
            complexity: "O(N) to merge N HyperLogLogs, but with high constant times.",
            specs: [Spec("RW access insert", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), Range(-1, 1, 0))],
            args:
            [
                Arg("destkey", "key", keySpec: 0),
                Arg("sourcekey", "key", keySpec: 1, flags: "multiple"),
            ]),
        new("pfdebug", HyperLogLogCommands.PfDebug, 3, "write denyoom admin", "@write @hyperloglog @admin @slow @dangerous", keys: (2, 2, 1),
            group: "hyperloglog", since: "2.8.9", summary: "Internal commands for debugging HyperLogLog values", complexity: "N/A",
            docFlags: "syscmd",
            specs: [Spec("RW access", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("subcommand", "string"),
                Arg("key", "key", keySpec: 0),
            ]),
        new("pfselftest", HyperLogLogCommands.PfSelfTest, 1, "admin", "@hyperloglog @admin @slow @dangerous",
            group: "hyperloglog", since: "2.8.9", summary: "An internal command for testing HyperLogLog values", complexity: "N/A",
            docFlags: "syscmd"),
    ];
}
