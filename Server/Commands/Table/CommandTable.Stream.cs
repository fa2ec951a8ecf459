// The command table, part: streams (cf. t_stream.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] StreamGroup() =>
    [
        new("xadd", StreamCommands.XAdd, -5, "write denyoom fast", "@write @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Appends a new entry to a stream", complexity: "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.",
            tips: "nondeterministic_output",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0), "UPDATE instead of INSERT because of the optional trimming feature")],
            history: [("6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option."), ("7.0.0", "Added support for the `<ms>-*` explicit ID form.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("nomkstream", "pure-token", token: "NOMKSTREAM", since: "6.2.0", flags: "optional"),
                Arg("trim", "block", flags: "optional", args:
                    [
                        Arg("strategy", "oneof", args:
                            [
                                Arg("maxlen", "pure-token", token: "MAXLEN"),
                                Arg("minid", "pure-token", token: "MINID", since: "6.2.0"),
                            ]),
                        Arg("operator", "oneof", flags: "optional", args:
                            [
                                Arg("equal", "pure-token", token: "="),
                                Arg("approximately", "pure-token", token: "~"),
                            ]),
                        Arg("threshold", "string"),
                        Arg("count", "integer", token: "LIMIT", since: "6.2.0", flags: "optional"),
                    ]),
                Arg("id_or_auto", "oneof", args:
                    [
                        Arg("auto_id", "pure-token", token: "*"),
                        Arg("id", "string"),
                    ]),
                Arg("field_value", "block", flags: "multiple", args:
                    [
                        Arg("field", "string"),
                        Arg("value", "string"),
                    ]),
            ]),
        new("xlen", StreamCommands.XLen, 2, "readonly fast", "@read @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Return the number of entries in a stream", complexity: "O(1)",
            specs: [Spec("RO", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("xrange", StreamCommands.XRange, -4, "readonly", "@read @stream @slow", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval", complexity: "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added exclusive ranges.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("start", "string"),
                Arg("end", "string"),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
        new("xrevrange", StreamCommands.XRevRange, -4, "readonly", "@read @stream @slow", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", complexity: "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added exclusive ranges.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("end", "string"),
                Arg("start", "string"),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
            ]),
        new("xdel", StreamCommands.XDel, -3, "write fast", "@write @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", complexity: "O(1) for each single item to delete in the stream, regardless of the stream size.",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("id", "string", flags: "multiple"),
            ]),
        new("xtrim", StreamCommands.XTrim, -4, "write", "@write @stream @slow", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Trims the stream to (approximately if '~' is passed) a certain size", complexity: "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.",
            tips: "nondeterministic_output",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("trim", "block", args:
                    [
                        Arg("strategy", "oneof", args:
                            [
                                Arg("maxlen", "pure-token", token: "MAXLEN"),
                                Arg("minid", "pure-token", token: "MINID", since: "6.2.0"),
                            ]),
                        Arg("operator", "oneof", flags: "optional", args:
                            [
                                Arg("equal", "pure-token", token: "="),
                                Arg("approximately", "pure-token", token: "~"),
                            ]),
                        Arg("threshold", "string"),
                        Arg("count", "integer", token: "LIMIT", since: "6.2.0", flags: "optional"),
                    ]),
            ]),
        new("xsetid", StreamCommands.XSetId, -3, "write denyoom fast", "@write @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "An internal command for replicating stream values", complexity: "O(1)",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("last-id", "string"),
                Arg("entries_added", "integer", token: "ENTRIESADDED", since: "7.0.0", flags: "optional"),
                Arg("max_deleted_entry_id", "string", token: "MAXDELETEDID", since: "7.0.0", flags: "optional"),
            ]),
        new("xread", StreamCommands.XRead, -4, "readonly blocking movablekeys", "@read @stream @slow @blocking",
            group: "stream", since: "5.0.0", summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", complexity: "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.",
            specs: [Spec("RO access", new KeySearch(0, "STREAMS", 1), Range(-1, 1, 2))],
            args:
            [
                Arg("count", "integer", token: "COUNT", flags: "optional"),
                Arg("milliseconds", "integer", token: "BLOCK", flags: "optional"),
                Arg("streams", "block", token: "STREAMS", args:
                    [
                        Arg("key", "key", keySpec: 0, flags: "multiple"),
                        Arg("id", "string", flags: "multiple"),
                    ]),
            ]),
        new("xreadgroup", StreamCommands.XReadGroup, -7, "write blocking movablekeys", "@write @stream @slow @blocking",
            group: "stream", since: "5.0.0", summary: "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.", complexity: "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.",
            specs: [Spec("RO access", new KeySearch(0, "STREAMS", 4), Range(-1, 1, 2))],
            args:
            [
                Arg("group_consumer", "block", token: "GROUP", args:
                    [
                        Arg("group", "string"),
                        Arg("consumer", "string"),
                    ]),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
                Arg("milliseconds", "integer", token: "BLOCK", flags: "optional"),
                Arg("noack", "pure-token", token: "NOACK", flags: "optional"),
                Arg("streams", "block", token: "STREAMS", args:
                    [
                        Arg("key", "key", keySpec: 0, flags: "multiple"),
                        Arg("id", "string", flags: "multiple"),
                    ]),
            ]),
        new("xgroup", null, -2, "", "@slow",
            group: "stream", since: "5.0.0", summary: "A container for consumer groups commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("xgroup|create", StreamGroupCommands.Create, -5, "write denyoom", "@write @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "Create a consumer group.", complexity: "O(1)",
                    specs: [Spec("RW insert", Index(2), Range(0, 1, 0))],
                    history: [("7.0.0", "Added the `entries_read` named argument.")],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("groupname", "string"),
                        Arg("id", "oneof", args:
                            [
                                Arg("id", "string"),
                                Arg("new_id", "pure-token", token: "$"),
                            ]),
                        Arg("mkstream", "pure-token", token: "MKSTREAM", flags: "optional"),
                        Arg("entries_read", "integer", token: "ENTRIESREAD", flags: "optional"),
                    ]),
                new("xgroup|setid", StreamGroupCommands.SetId, -5, "write", "@write @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "Set a consumer group to an arbitrary last delivered ID value.", complexity: "O(1)",
                    specs: [Spec("RW update", Index(2), Range(0, 1, 0))],
                    history: [("7.0.0", "Added the optional `entries_read` argument.")],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("groupname", "string"),
                        Arg("id", "oneof", args:
                            [
                                Arg("id", "string"),
                                Arg("new_id", "pure-token", token: "$"),
                            ]),
                        Arg("entries_read", "integer", token: "ENTRIESREAD", flags: "optional"),
                    ]),
                new("xgroup|destroy", StreamGroupCommands.Destroy, 4, "write", "@write @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "Destroy a consumer group.", complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL).",
                    specs: [Spec("RW delete", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("groupname", "string"),
                    ]),
                new("xgroup|createconsumer", StreamGroupCommands.CreateConsumer, 5, "write denyoom", "@write @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "6.2.0", summary: "Create a consumer in a consumer group.", complexity: "O(1)",
                    specs: [Spec("RW insert", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("groupname", "string"),
                        Arg("consumername", "string"),
                    ]),
                new("xgroup|delconsumer", StreamGroupCommands.DelConsumer, 5, "write", "@write @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "Delete a consumer from a consumer group.", complexity: "O(1)",
                    specs: [Spec("RW delete", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("groupname", "string"),
                        Arg("consumername", "string"),
                    ]),
                new("xgroup|help", StreamGroupCommands.XGroupHelp, 2, "loading stale", "@stream @slow",
                    group: "stream", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
        new("xack", StreamGroupCommands.XAck, -4, "write fast", "@write @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.", complexity: "O(1) for each message ID processed.",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("group", "string"),
                Arg("id", "string", flags: "multiple"),
            ]),
        new("xpending", StreamGroupCommands.XPending, -3, "readonly", "@read @stream @slow", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.", complexity: "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.",
            tips: "nondeterministic_output",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `IDLE` option and exclusive range intervals.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("group", "string"),
                Arg("filters", "block", flags: "optional", args:
                    [
                        Arg("min-idle-time", "integer", token: "IDLE", since: "6.2.0", flags: "optional"),
                        Arg("start", "string"),
                        Arg("end", "string"),
                        Arg("count", "integer"),
                        Arg("consumer", "string", flags: "optional"),
                    ]),
            ]),
        new("xclaim", StreamGroupCommands.XClaim, -6, "write fast", "@write @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "5.0.0", summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.", complexity: "O(log N) with N being the number of messages in the PEL of the consumer group.",
            tips: "nondeterministic_output",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("group", "string"),
                Arg("consumer", "string"),
                Arg("min-idle-time", "string"),
                Arg("id", "string", flags: "multiple"),
                Arg("ms", "integer", token: "IDLE", flags: "optional"),
                Arg("unix-time-milliseconds", "unix-time", token: "TIME", flags: "optional"),
                Arg("count", "integer", token: "RETRYCOUNT", flags: "optional"),
                Arg("force", "pure-token", token: "FORCE", flags: "optional"),
                Arg("justid", "pure-token", token: "JUSTID", flags: "optional"),
                Arg("id", "string", token: "LASTID", flags: "optional"),
            ]),
        new("xautoclaim", StreamGroupCommands.XAutoClaim, -6, "write fast", "@write @stream @fast", keys: (1, 1, 1),
            group: "stream", since: "6.2.0", summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.", complexity: "O(1) if COUNT is small.",
            tips: "nondeterministic_output",
            specs: [Spec("RW delete", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added an element to the reply array, containing deleted entries the command cleared from the PEL")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("group", "string"),
                Arg("consumer", "string"),
                Arg("min-idle-time", "string"),
                Arg("start", "string"),
                Arg("count", "integer", token: "COUNT", flags: "optional"),
                Arg("justid", "pure-token", token: "JUSTID", flags: "optional"),
            ]),
        new("xinfo", null, -2, "", "@slow",
            group: "stream", since: "5.0.0", summary: "A container for stream introspection commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("xinfo|stream", StreamGroupCommands.Stream, -3, "readonly", "@read @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "Get information about a stream", complexity: "O(1)",
                    specs: [Spec("RO access", Index(2), Range(0, 1, 0))],
                    history: [("6.0.0", "Added the `FULL` modifier."), ("7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields")],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("full", "block", token: "FULL", flags: "optional", args:
                            [
                                Arg("count", "integer", token: "COUNT", flags: "optional"),
                            ]),
                    ]),
                new("xinfo|groups", StreamGroupCommands.Groups, 3, "readonly", "@read @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "List the consumer groups of a stream", complexity: "O(1)",
                    specs: [Spec("RO access", Index(2), Range(0, 1, 0))],
                    history: [("7.0.0", "Added the `entries-read` and `lag` fields")],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                    ]),
                new("xinfo|consumers", StreamGroupCommands.Consumers, 4, "readonly", "@read @stream @slow", keys: (2, 2, 1),
                    group: "stream", since: "5.0.0", summary: "List the consumers in a consumer group", complexity: "O(1)",
                    tips: "nondeterministic_output",
                    specs: [Spec("RO access", Index(2), Range(0, 1, 0))],
                    args:
                    [
                        Arg("key", "key", keySpec: 0),
                        Arg("groupname", "string"),
                    ]),
                new("xinfo|help", StreamGroupCommands.XInfoHelp, 2, "loading stale", "@stream @slow",
                    group: "stream", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
    ];
}
