// The command table, part: the append-only file: BGREWRITEAOF (cf. aof.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] AofGroup() =>
    [
        new("bgrewriteaof", AofCommands.BgRewriteAof, 1, "admin noscript no_async_loading", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "Asynchronously rewrite the append-only file", complexity: "O(1)"),
    ];
}
