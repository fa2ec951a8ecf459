// The command table, part: transactions (cf. multi.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] TransactionsGroup() =>
    [
        new("multi", TransactionCommands.Multi, 1, "noscript loading stale fast allow_busy", "@fast @transaction",
            group: "transactions", since: "1.2.0", summary: "Mark the start of a transaction block", complexity: "O(1)"),
        new("exec", TransactionCommands.Exec, 1, "noscript loading stale skip_slowlog", "@slow @transaction",
            group: "transactions", since: "1.2.0", summary: "Execute all commands issued after MULTI", complexity: "Depends on commands in the transaction"),
        new("discard", TransactionCommands.Discard, 1, "noscript loading stale fast allow_busy", "@fast @transaction",
            group: "transactions", since: "2.0.0", summary: "Discard all commands issued after MULTI", complexity: "O(N), when N is the number of queued commands"),
        new("watch", TransactionCommands.Watch, -2, "noscript loading stale fast allow_busy", "@fast @transaction", keys: (1, -1, 1),
            group: "transactions", since: "2.2.0", summary: "Watch the given keys to determine execution of the MULTI/EXEC block", complexity: "O(1) for every key.",
            specs: [Spec("RO", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0, flags: "multiple"),
            ]),
        new("unwatch", TransactionCommands.Unwatch, 1, "noscript loading stale fast allow_busy", "@fast @transaction",
            group: "transactions", since: "2.2.0", summary: "Forget about all watched keys", complexity: "O(1)"),
    ];
}
