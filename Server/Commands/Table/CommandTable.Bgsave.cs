// The command table, part: background saving: BGSAVE (cf. rdb.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] BgsaveGroup() =>
    [
        new("bgsave", BgsaveCommands.Bgsave, -1, "admin noscript no_async_loading", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "Asynchronously save the dataset to disk", complexity: "O(1)",
            history: [("3.2.2", "Added the `SCHEDULE` option.")],
            args: [Arg("schedule", "pure-token", token: "SCHEDULE", since: "3.2.2", flags: "optional")]),
    ];
}
