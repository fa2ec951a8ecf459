// The command table, part: sorted set commands (cf. t_zset.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] SortedSetGroup() =>
    [
        new("zadd", SortedSetCommands.ZAdd, -4, "write denyoom fast", "@write @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Add one or more members to a sorted set, or update its score if it already exists", complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple elements."), ("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."), ("6.2.0", "Added the `GT` and `LT` options.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("condition", "oneof", since: "3.0.2", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                    ]),
                Arg("comparison", "oneof", since: "6.2.0", flags: "optional", args:
                    [
                        Arg("gt", "pure-token", token: "GT"),
                        Arg("lt", "pure-token", token: "LT"),
                    ]),
                Arg("change", "pure-token", token: "CH", since: "3.0.2", flags: "optional"),
                Arg("increment", "pure-token", token: "INCR", since: "3.0.2", flags: "optional"),
                Arg("score_member", "block", flags: "multiple", args:
                    [
                        Arg("score", "double"),
                        Arg("member", "string"),
                    ]),
            ]),
        new("zincrby", SortedSetCommands.ZIncrBy, 4, "write denyoom fast", "@write @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Increment the score of a member in a sorted set", complexity: "O(log(N)) where N is the number of elements in the sorted set.",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("increment", "integer"),
                Arg("member", "string"),
            ]),
        new("zrem", SortedSetCommands.ZRem, -3, "write fast", "@write @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Remove one or more members from a sorted set", complexity: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            history: [("2.4.0", "Accepts multiple elements.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("zcard", SortedSetCommands.ZCard, 2, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Get the number of members in a sorted set", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("zscore", SortedSetCommands.ZScore, 3, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Get the score associated with the given member in a sorted set", complexity: "O(1)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string"),
            ]),
        new("zmscore", SortedSetCommands.ZMScore, -3, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "6.2.0", summary: "Get the score associated with the given members in a sorted set", complexity: "O(N) where N is the number of members being requested.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("zrank", SortedSetCommands.ZRank, 3, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "2.0.0", summary: "Determine the index of a member in a sorted set", complexity: "O(log(N))",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string"),
            ]),
        new("zrevrank", SortedSetCommands.ZRevRank, 3, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "2.0.0", summary: "Determine the index of a member in a sorted set, with scores ordered from high to low", complexity: "O(log(N))",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string"),
            ]),
        new("zcount", SortedSetCommands.ZCount, 4, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "2.0.0", summary: "Count the members in a sorted set with scores within the given values", complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("min", "double"),
                Arg("max", "double"),
            ]),
        new("zlexcount", SortedSetCommands.ZLexCount, 4, "readonly fast", "@read @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "2.8.9", summary: "Count the number of members in a sorted set between a given lexicographical range", complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("min", "string"),
                Arg("max", "string"),
            ]),
        new("zrange", SortedSetCommands.ZRange, -4, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Return a range of members in a sorted set", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "string"),
                Arg("stop", "string"),
                Arg("sortby", "oneof", since: "6.2.0", flags: "optional", args:
                    [
                        Arg("byscore", "pure-token", token: "BYSCORE"),
                        Arg("bylex", "pure-token", token: "BYLEX"),
                    ]),
                Arg("rev", "pure-token", token: "REV", since: "6.2.0", flags: "optional"),
                Arg("offset_count", "block", token: "LIMIT", since: "6.2.0", flags: "optional", args:
                    [
                        Arg("offset", "integer"),
                        Arg("count", "integer"),
                    ]),
                Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
            ]),
        new("zrangebyscore", SortedSetCommands.ZRangeByScore, -4, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "1.0.5", summary: "Return a range of members in a sorted set, by score", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `BYSCORE` argument",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("2.0.0", "Added the `WITHSCORES` modifier.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("min", "double"),
                Arg("max", "double"),
                Arg("withscores", "pure-token", token: "WITHSCORES", since: "2.0.0", flags: "optional"),
                Arg("offset_count", "block", token: "LIMIT", flags: "optional", args:
                    [
                        Arg("offset", "integer"),
                        Arg("count", "integer"),
                    ]),
            ]),
        new("zrevrangebyscore", SortedSetCommands.ZRevRangeByScore, -4, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.2.0", summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `REV` and `BYSCORE` arguments",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("2.1.6", "`min` and `max` can be exclusive.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("max", "double"),
                Arg("min", "double"),
                Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
                Arg("offset_count", "block", token: "LIMIT", flags: "optional", args:
                    [
                        Arg("offset", "integer"),
                        Arg("count", "integer"),
                    ]),
            ]),
        new("zrangebylex", SortedSetCommands.ZRangeByLex, -4, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.8.9", summary: "Return a range of members in a sorted set, by lexicographical range", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `BYLEX` argument",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("min", "string"),
                Arg("max", "string"),
                Arg("offset_count", "block", token: "LIMIT", flags: "optional", args:
                    [
                        Arg("offset", "integer"),
                        Arg("count", "integer"),
                    ]),
            ]),
        new("zrevrangebylex", SortedSetCommands.ZRevRangeByLex, -4, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.8.9", summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `REV` and `BYLEX` arguments",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("max", "string"),
                Arg("min", "string"),
                Arg("offset_count", "block", token: "LIMIT", flags: "optional", args:
                    [
                        Arg("offset", "integer"),
                        Arg("count", "integer"),
                    ]),
            ]),
        new("zrevrange", SortedSetCommands.ZRevRange, -4, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `REV` argument",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "integer"),
                Arg("stop", "integer"),
                Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
            ]),
        new("zrangestore", SortedSetCommands.ZRangeStore, -5, "write denyoom", "@write @sortedset @slow", keys: (1, 2, 1),
            group: "sorted-set", since: "6.2.0", summary: "Store a range of members from sorted set into another key", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), Range(0, 1, 0))],
            args:
            [
                Arg("dst", "key", keySpec: 0),
                Arg("src", "key", keySpec: 1),
                Arg("min", "string"),
                Arg("max", "string"),
                Arg("sortby", "oneof", flags: "optional", args:
                    [
                        Arg("byscore", "pure-token", token: "BYSCORE"),
                        Arg("bylex", "pure-token", token: "BYLEX"),
                    ]),
                Arg("rev", "pure-token", token: "REV", flags: "optional"),
                Arg("offset_count", "block", token: "LIMIT", flags: "optional", args:
                    [
                        Arg("offset", "integer"),
                        Arg("count", "integer"),
                    ]),
            ]),
        new("zpopmin", SortedSetCommands.ZPopMin, -2, "write fast", "@write @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "5.0.0", summary: "Remove and return members with the lowest scores in a sorted set", complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer", flags: "optional"),
            ]),
        new("zpopmax", SortedSetCommands.ZPopMax, -2, "write fast", "@write @sortedset @fast", keys: (1, 1, 1),
            group: "sorted-set", since: "5.0.0", summary: "Remove and return members with the highest scores in a sorted set", complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
            specs: [Spec("RW access delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("count", "integer", flags: "optional"),
            ]),
        new("zscan", SortedSetCommands.ZScan, -3, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.8.0", summary: "Incrementally iterate sorted sets elements and associated scores", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("cursor", "integer"),
                Arg("pattern", "pattern", token: "MATCH", flags: "optional"),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
        new("zremrangebyrank", SortedSetCommands.ZRemRangeByRank, 4, "write", "@write @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.0.0", summary: "Remove all members in a sorted set within the given indexes", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "integer"),
                Arg("stop", "integer"),
            ]),
        new("zremrangebyscore", SortedSetCommands.ZRemRangeByScore, 4, "write", "@write @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "1.2.0", summary: "Remove all members in a sorted set within the given scores", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("min", "double"),
                Arg("max", "double"),
            ]),
        new("zremrangebylex", SortedSetCommands.ZRemRangeByLex, 4, "write", "@write @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.8.9", summary: "Remove all members in a sorted set between the given lexicographical range", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("min", "string"),
                Arg("max", "string"),
            ]),
        new("zmpop", SortedSetCommands.ZMPop, -4, "write movablekeys", "@write @sortedset @slow", keys: (0, 0, 0),
            group: "sorted-set", since: "7.0.0", summary: "Remove and return members with scores in a sorted set", complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
            specs: [Spec("RW access delete", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("where", "oneof", args:
                    [
                        Arg("min", "pure-token", token: "MIN"),
                        Arg("max", "pure-token", token: "MAX"),
                    ]),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
        new("zrandmember", SortedSetCommands.ZRandMember, -2, "readonly", "@read @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "6.2.0", summary: "Get one or multiple random elements from a sorted set", complexity: "O(N) where N is the number of elements returned",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("options", "block", flags: "optional", args:
                    [
                        Arg("count", "integer"),
                        Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
                    ]),
            ]),
        new("zunion", SortedSetCommands.ZUnion, -3, "readonly movablekeys", "@read @sortedset @slow", keys: (0, 0, 0),
            group: "sorted-set", since: "6.2.0", summary: "Add multiple sorted sets", complexity: "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
            specs: [Spec("RO access", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("weight", "integer", token: "WEIGHTS", flags: "optional multiple"),
                Arg("aggregate", "oneof", token: "AGGREGATE", flags: "optional", args:
                    [
                        Arg("sum", "pure-token", token: "SUM"),
                        Arg("min", "pure-token", token: "MIN"),
                        Arg("max", "pure-token", token: "MAX"),
                    ]),
                Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
            ]),
        new("zinter", SortedSetCommands.ZInter, -3, "readonly movablekeys", "@read @sortedset @slow", keys: (0, 0, 0),
            group: "sorted-set", since: "6.2.0", summary: "Intersect multiple sorted sets", complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
            specs: [Spec("RO access", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("weight", "integer", token: "WEIGHTS", flags: "optional multiple"),
                Arg("aggregate", "oneof", token: "AGGREGATE", flags: "optional", args:
                    [
                        Arg("sum", "pure-token", token: "SUM"),
                        Arg("min", "pure-token", token: "MIN"),
                        Arg("max", "pure-token", token: "MAX"),
                    ]),
                Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
            ]),
        new("zdiff", SortedSetCommands.ZDiff, -3, "readonly movablekeys", "@read @sortedset @slow", keys: (0, 0, 0),
            group: "sorted-set", since: "6.2.0", summary: "Subtract multiple sorted sets", complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
            specs: [Spec("RO access", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("withscores", "pure-token", token: "WITHSCORES", flags: "optional"),
            ]),
        new("zunionstore", SortedSetCommands.ZUnionStore, -4, "write denyoom movablekeys", "@write @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.0.0", summary: "Add multiple sorted sets and store the resulting sorted set in a new key", complexity: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
                Arg("weight", "integer", token: "WEIGHTS", flags: "optional multiple"),
                Arg("aggregate", "oneof", token: "AGGREGATE", flags: "optional", args:
                    [
                        Arg("sum", "pure-token", token: "SUM"),
                        Arg("min", "pure-token", token: "MIN"),
                        Arg("max", "pure-token", token: "MAX"),
                    ]),
            ]),
        new("zinterstore", SortedSetCommands.ZInterStore, -4, "write denyoom movablekeys", "@write @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "2.0.0", summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key", complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
                Arg("weight", "integer", token: "WEIGHTS", flags: "optional multiple"),
                Arg("aggregate", "oneof", token: "AGGREGATE", flags: "optional", args:
                    [
                        Arg("sum", "pure-token", token: "SUM"),
                        Arg("min", "pure-token", token: "MIN"),
                        Arg("max", "pure-token", token: "MAX"),
                    ]),
            ]),
        new("zdiffstore", SortedSetCommands.ZDiffStore, -4, "write denyoom movablekeys", "@write @sortedset @slow", keys: (1, 1, 1),
            group: "sorted-set", since: "6.2.0", summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key", complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
            ]),
        new("zintercard", SortedSetCommands.ZInterCard, -3, "readonly movablekeys", "@read @sortedset @slow", keys: (0, 0, 0),
            group: "sorted-set", since: "7.0.0", summary: "Intersect multiple sorted sets and return the cardinality of the result", complexity: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
            specs: [Spec("RO access", Index(1), KeyNum(0, 1, 1))],
            args:
            [
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "multiple"),
                Arg("limit", "integer", token: "LIMIT", flags: "optional"),
            ]),
    ];
}
