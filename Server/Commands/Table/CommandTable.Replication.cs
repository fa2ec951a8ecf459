// The command table, part: replication as a primary: SYNC, PSYNC, REPLCONF, WAIT, ROLE (cf. replication.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ReplicationGroup() =>
    [
        new("sync", ReplicationCommands.Sync, 1, "admin noscript no_async_loading no_multi", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "Internal command used for replication"),
        new("psync", ReplicationCommands.Sync, -3, "admin noscript no_async_loading no_multi", "@admin @slow @dangerous",
            group: "server", since: "2.8.0", summary: "Internal command used for replication",
            args:
            [
                Arg("replicationid", "string"),
                Arg("offset", "integer"),
            ]),
        new("replconf", ReplicationCommands.Replconf, -1, "admin noscript loading stale allow_busy", "@admin @slow @dangerous",
            group: "server", since: "3.0.0", summary: "An internal command for configuring the replication stream", complexity: "O(1)",
            docFlags: "syscmd"),
        new("wait", ReplicationCommands.Wait, 3, "noscript", "@slow @connection", keys: (0, 0, 0),
            group: "generic", since: "3.0.0", summary: "Wait for the synchronous replication of all the write commands sent in the context of the current connection", complexity: "O(1)",
            tips: "request_policy:all_shards response_policy:agg_min",
            args:
            [
                Arg("numreplicas", "integer"),
                Arg("timeout", "integer"),
            ]),
        new("role", ReplicationCommands.Role, 1, "noscript loading stale fast", "@admin @fast @dangerous",
            group: "server", since: "2.8.12", summary: "Return the role of the instance in the context of replication", complexity: "O(1)"),
    ];
}
