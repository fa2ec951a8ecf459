// The command table, part: blocking (cf. blocked.c, t_list.c, t_zset.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] BlockingGroup() =>
    [
    ];
}
