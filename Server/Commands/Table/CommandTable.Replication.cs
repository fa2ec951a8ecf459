// The command table, part: replication as a primary: SYNC, PSYNC, REPLCONF, WAIT, ROLE (cf. replication.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ReplicationGroup() =>
    [
    ];
}
