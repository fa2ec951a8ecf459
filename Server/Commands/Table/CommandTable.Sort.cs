// The command table, part: SORT and SORT_RO (cf. sort.c, src/commands/sort.json and sort_ro.json).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private const string SortPatternNotes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort";
    private const string SortComplexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).";

    private static CommandDef[] SortGroup() =>
    [
        new("sort", SortCommands.Sort, -2, "write denyoom movablekeys", "@write @set @sortedset @list @slow @dangerous", keys: (1, 1, 1),
            group: "generic", since: "1.0.0", summary: "Sort the elements in a list, set or sorted set", complexity: SortComplexity,
            specs:
            [
                Spec("RO access", Index(1), Range(0, 1, 0)),
                Spec("RO access", UnknownSearch(), UnknownFind(), SortPatternNotes),
                Spec("OW update", UnknownSearch(), UnknownFind(), "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array"),
            ],
            args: SortArgs(store: true)),
        new("sort_ro", SortCommands.SortRo, -2, "readonly movablekeys", "@read @set @sortedset @list @slow @dangerous", keys: (1, 1, 1),
            group: "generic", since: "7.0.0", summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", complexity: SortComplexity,
            specs:
            [
                Spec("RO access", Index(1), Range(0, 1, 0)),
                Spec("RO access", UnknownSearch(), UnknownFind(), SortPatternNotes),
            ],
            args: SortArgs(store: false)),
    ];

    private static ArgDoc[] SortArgs(bool store) =>
    [
        Arg("key", "key", keySpec: 0),
        Arg("pattern", "pattern", keySpec: 1, token: "BY", flags: "optional"),
        Arg("offset_count", "block", token: "LIMIT", flags: "optional", args:
            [
                Arg("offset", "integer"),
                Arg("count", "integer"),
            ]),
        Arg("pattern", "pattern", keySpec: 1, token: "GET", flags: "optional multiple multiple_token"),
        Arg("order", "oneof", flags: "optional", args:
            [
                Arg("asc", "pure-token", token: "ASC"),
                Arg("desc", "pure-token", token: "DESC"),
            ]),
        Arg("sorting", "pure-token", token: "ALPHA", flags: "optional"),
        .. (store ? [Arg("destination", "key", keySpec: 2, token: "STORE", flags: "optional")] : Array.Empty<ArgDoc>()),
    ];
}
