// The command table, part: list commands (cf. t_list.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ListGroup() =>
    [
        new("lpush", ListCommands.LPush, -3, "write denyoom fast", "@write @list @fast", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Prepend one or multiple elements to a list", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple `element` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("element", "string", flags: "multiple"),
            ]),
        new("rpush", ListCommands.RPush, -3, "write denyoom fast", "@write @list @fast", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Append one or multiple elements to a list", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple `element` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("element", "string", flags: "multiple"),
            ]),
        new("lpushx", ListCommands.LPushX, -3, "write denyoom fast", "@write @list @fast", keys: (1, 1, 1),
            group: "list", since: "2.2.0", summary: "Prepend an element to a list, only if the list exists", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            history: [("4.0.0", "Accepts multiple `element` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("element", "string", flags: "multiple"),
            ]),
        new("rpushx", ListCommands.RPushX, -3, "write denyoom fast", "@write @list @fast", keys: (1, 1, 1),
            group: "list", since: "2.2.0", summary: "Append an element to a list, only if the list exists", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            history: [("4.0.0", "Accepts multiple `element` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("element", "string", flags: "multiple"),
            ]),
        new("lpop", ListCommands.LPop, -2, "write fast", "@write @list @fast", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Remove and get the first elements in a list", complexity: "O(N) where N is the number of elements returned",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `count` argument.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer", since: "6.2.0", flags: "optional"),
            ]),
        new("rpop", ListCommands.RPop, -2, "write fast", "@write @list @fast", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Remove and get the last elements in a list", complexity: "O(N) where N is the number of elements returned",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `count` argument.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer", since: "6.2.0", flags: "optional"),
            ]),
        new("lmpop", ListCommands.LMPop, -4, "write movablekeys", "@write @list @slow", keys: (0, 0, 0),
            group: "list", since: "7.0.0", summary: "Pop elements from a list", complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
            specs: [Spec("RW access delete", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("where", "oneof", args:
                    [
                        Arg("left", "pure-token", token: "LEFT"),
                        Arg("right", "pure-token", token: "RIGHT"),
                    ]),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
        new("lmove", ListCommands.LMove, 5, "write denyoom", "@write @list @slow", keys: (1, 2, 1),
            group: "list", since: "6.2.0", summary: "Pop an element from a list, push it to another list and return it", complexity: "O(1)",
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
            ]),
        new("rpoplpush", ListCommands.RPopLPush, 3, "write denyoom", "@write @list @slow", keys: (1, 2, 1),
            group: "list", since: "1.2.0", summary: "Remove the last element in a list, prepend it to another list and return it", complexity: "O(1)",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`LMOVE` with the `RIGHT` and `LEFT` arguments",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0)), Spec("RW insert", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("source", "key", keySpec: 0),
                Arg("destination", "key", keySpec: 1),
            ]),
        new("llen", ListCommands.LLen, 2, "readonly fast", "@read @list @fast", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Get the length of a list", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("lindex", ListCommands.LIndex, 3, "readonly", "@read @list @slow", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Get an element from a list by its index", complexity: "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("index", "integer"),
            ]),
        new("lrange", ListCommands.LRange, 4, "readonly", "@read @list @slow", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Get a range of elements from a list", complexity: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "integer"),
                Arg("stop", "integer"),
            ]),
        new("lpos", ListCommands.LPos, -3, "readonly", "@read @list @slow", keys: (1, 1, 1),
            group: "list", since: "6.0.6", summary: "Return the index of matching elements on a list", complexity: "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("element", "string"),
                Arg("rank", "integer", token: "RANK", flags: "optional"),
                Arg("num-matches", "integer", token: "COUNT", flags: "optional"),
                Arg("len", "integer", token: "MAXLEN", flags: "optional"),
            ]),
        new("lset", ListCommands.LSet, 4, "write denyoom", "@write @list @slow", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Set the value of an element in a list by its index", complexity: "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("index", "integer"),
                Arg("element", "string"),
            ]),
        new("linsert", ListCommands.LInsert, 5, "write denyoom", "@write @list @slow", keys: (1, 1, 1),
            group: "list", since: "2.2.0", summary: "Insert an element before or after another element in a list", complexity: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
            specs: [Spec("RW insert", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("where", "oneof", args:
                    [
                        Arg("before", "pure-token", token: "BEFORE"),
                        Arg("after", "pure-token", token: "AFTER"),
                    ]),
                Arg("pivot", "string"),
                Arg("element", "string"),
            ]),
        new("lrem", ListCommands.LRem, 4, "write", "@write @list @slow", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Remove elements from a list", complexity: "O(N+M) where N is the length of the list and M is the number of elements removed.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer"),
                Arg("element", "string"),
            ]),
        new("ltrim", ListCommands.LTrim, 4, "write", "@write @list @slow", keys: (1, 1, 1),
            group: "list", since: "1.0.0", summary: "Trim a list to the specified range", complexity: "O(N) where N is the number of elements to be removed by the operation.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "integer"),
                Arg("stop", "integer"),
            ]),
    ];
}
