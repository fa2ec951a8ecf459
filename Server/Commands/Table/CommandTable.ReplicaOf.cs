// The command table, part: replication as a replica: REPLICAOF, SLAVEOF (cf. replication.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ReplicaOfGroup() =>
    [
        new("replicaof", ReplicaOfCommands.ReplicaOf, 3, "admin noscript stale no_async_loading", "@admin @slow @dangerous",
            group: "server", since: "5.0.0", summary: "Make the server a replica of another instance, or promote it as master.", complexity: "O(1)",
            args: ReplicaOfArgs()),
        new("slaveof", ReplicaOfCommands.ReplicaOf, 3, "admin noscript stale no_async_loading", "@admin @slow @dangerous",
            group: "server", since: "1.0.0", summary: "Make the server a replica of another instance, or promote it as master.", complexity: "O(1)",
            docFlags: "deprecated", deprecatedSince: "5.0.0", replacedBy: "`REPLICAOF`",
            args: ReplicaOfArgs()),
    ];

    private static ArgDoc[] ReplicaOfArgs() =>
    [
        Arg("args", "oneof", args:
            [
                Arg("host-port", "block", args:
                    [
                        Arg("host", "string"),
                        Arg("port", "integer"),
                    ]),
                Arg("no-one", "block", args:
                    [
                        Arg("no", "pure-token", token: "NO"),
                        Arg("one", "pure-token", token: "ONE"),
                    ]),
            ]),
    ];
}
