// The command table, part: connection commands.
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ConnectionGroup() =>
    [
        new("ping", ConnectionCommands.Ping, -1, "fast", "@fast @connection",
            group: "connection", since: "1.0.0", summary: "Ping the server", complexity: "O(1)",
            tips: "request_policy:all_shards response_policy:all_succeeded",
            args:
            [
                Arg("message", "string", flags: "optional"),
            ]),
        new("echo", ConnectionCommands.Echo, 2, "loading stale fast", "@fast @connection",
            group: "connection", since: "1.0.0", summary: "Echo the given string", complexity: "O(1)",
            args:
            [
                Arg("message", "string"),
            ]),
        new("quit", ConnectionCommands.Quit, -1, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
            group: "connection", since: "1.0.0", summary: "Close the connection", complexity: "O(1)"),
        new("select", ConnectionCommands.Select, 2, "loading stale fast", "@fast @connection",
            group: "connection", since: "1.0.0", summary: "Change the selected database for the current connection", complexity: "O(1)",
            args:
            [
                Arg("index", "integer"),
            ]),
        new("hello", ConnectionCommands.Hello, -1, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
            group: "connection", since: "6.0.0", summary: "Handshake with Redis", complexity: "O(1)",
            history: [("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context.")],
            args:
            [
                Arg("arguments", "block", flags: "optional", args:
                    [
                        Arg("protover", "integer"),
                        Arg("username_password", "block", token: "AUTH", flags: "optional", args:
                            [
                                Arg("username", "string"),
                                Arg("password", "string"),
                            ]),
                        Arg("clientname", "string", token: "SETNAME", flags: "optional"),
                    ]),
            ]),
        new("auth", ConnectionCommands.Auth, -2, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
            group: "connection", since: "1.0.0", summary: "Authenticate to the server", complexity: "O(N) where N is the number of passwords defined for the user",
            history: [("6.0.0", "Added ACL style (username and password).")],
            args:
            [
                Arg("username", "string", since: "6.0.0", flags: "optional"),
                Arg("password", "string"),
            ]),
        new("reset", ConnectionCommands.Reset, 1, "noscript loading stale fast no_auth allow_busy", "@fast @connection",
            group: "connection", since: "6.2.0", summary: "Reset the connection", complexity: "O(1)"),
        new("client", null, -2, "", "@slow",
            group: "connection", since: "2.4.0", summary: "A container for client connection commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("client|id", ClientCommands.Id, 2, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "5.0.0", summary: "Returns the client ID for the current connection", complexity: "O(1)"),
                new("client|setname", ClientCommands.SetName, 3, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "2.6.9", summary: "Set the current connection name", complexity: "O(1)",
                    args:
                    [
                        Arg("connection-name", "string"),
                    ]),
                new("client|getname", ClientCommands.GetName, 2, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "2.6.9", summary: "Get the current connection name", complexity: "O(1)"),
                new("client|list", ClientCommands.List, -2, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                    group: "connection", since: "2.4.0", summary: "Get the list of client connections", complexity: "O(N) where N is the number of client connections",
                    tips: "nondeterministic_output",
                    history: [("2.8.12", "Added unique client `id` field."), ("5.0.0", "Added optional `TYPE` filter."), ("6.0.0", "Added `user` field."), ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."), ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."), ("7.0.3", "Added `ssub` field.")],
                    args:
                    [
                        Arg("normal_master_replica_pubsub", "oneof", token: "TYPE", since: "5.0.0", flags: "optional", args:
                            [
                                Arg("normal", "pure-token", token: "NORMAL"),
                                Arg("master", "pure-token", token: "MASTER"),
                                Arg("replica", "pure-token", token: "REPLICA"),
                                Arg("pubsub", "pure-token", token: "PUBSUB"),
                            ]),
                        Arg("id", "block", token: "ID", since: "6.2.0", flags: "optional", args:
                            [
                                Arg("client-id", "integer", flags: "multiple"),
                            ]),
                    ]),
                new("client|info", ClientCommands.Info, 2, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "6.2.0", summary: "Returns information about the current client connection.", complexity: "O(1)",
                    tips: "nondeterministic_output"),
                new("client|kill", ClientCommands.Kill, -3, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                    group: "connection", since: "2.4.0", summary: "Kill the connection of a client", complexity: "O(N) where N is the number of client connections",
                    history: [("2.8.12", "Added new filter format."), ("2.8.12", "`ID` option."), ("3.2.0", "Added `master` type in for `TYPE` option."), ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."), ("6.2.0", "`LADDR` option.")],
                    args:
                    [
                        Arg("filter", "oneof", args:
                            [
                                Arg("ip:port", "string", deprecatedSince: "2.8.12"),
                                Arg("new-format", "oneof", flags: "multiple", args:
                                    [
                                        Arg("client-id", "integer", token: "ID", since: "2.8.12", flags: "optional"),
                                        Arg("normal_master_slave_pubsub", "oneof", token: "TYPE", since: "2.8.12", flags: "optional", args:
                                            [
                                                Arg("normal", "pure-token", token: "NORMAL"),
                                                Arg("master", "pure-token", token: "MASTER", since: "3.2.0"),
                                                Arg("slave", "pure-token", token: "SLAVE"),
                                                Arg("replica", "pure-token", token: "REPLICA", since: "5.0.0"),
                                                Arg("pubsub", "pure-token", token: "PUBSUB"),
                                            ]),
                                        Arg("username", "string", token: "USER", flags: "optional"),
                                        Arg("ip:port", "string", token: "ADDR", flags: "optional"),
                                        Arg("ip:port", "string", token: "LADDR", since: "6.2.0", flags: "optional"),
                                        Arg("yes/no", "string", token: "SKIPME", flags: "optional"),
                                    ]),
                            ]),
                    ]),
                new("client|reply", ClientCommands.Reply, 3, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "3.2.0", summary: "Instruct the server whether to reply to commands", complexity: "O(1)",
                    args:
                    [
                        Arg("on_off_skip", "oneof", args:
                            [
                                Arg("on", "pure-token", token: "ON"),
                                Arg("off", "pure-token", token: "OFF"),
                                Arg("skip", "pure-token", token: "SKIP"),
                            ]),
                    ]),
                new("client|no-evict", ClientCommands.NoEvict, 3, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                    group: "connection", since: "7.0.0", summary: "Set client eviction mode for the current connection", complexity: "O(1)",
                    args:
                    [
                        Arg("enabled", "oneof", args:
                            [
                                Arg("on", "pure-token", token: "ON"),
                                Arg("off", "pure-token", token: "OFF"),
                            ]),
                    ]),
                new("client|unblock", BlockingCommands.ClientUnblock, -3, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                    group: "connection", since: "5.0.0", summary: "Unblock a client blocked in a blocking command from a different connection", complexity: "O(log N) where N is the number of client connections",
                    args:
                    [
                        Arg("client-id", "integer"),
                        Arg("timeout_error", "oneof", flags: "optional", args:
                            [
                                Arg("timeout", "pure-token", token: "TIMEOUT"),
                                Arg("error", "pure-token", token: "ERROR"),
                            ]),
                    ]),
                new("client|pause", BlockingCommands.ClientPause, -3, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                    group: "connection", since: "2.9.50", summary: "Stop processing commands from clients for some time", complexity: "O(1)",
                    history: [("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")],
                    args:
                    [
                        Arg("timeout", "integer"),
                        Arg("mode", "oneof", since: "6.2.0", flags: "optional", args:
                            [
                                Arg("write", "pure-token", token: "WRITE"),
                                Arg("all", "pure-token", token: "ALL"),
                            ]),
                    ]),
                new("client|unpause", BlockingCommands.ClientUnpause, 2, "admin noscript loading stale", "@admin @slow @dangerous @connection",
                    group: "connection", since: "6.2.0", summary: "Resume processing of clients that were paused", complexity: "O(N) Where N is the number of paused clients"),
                new("client|tracking", TrackingCommands.Tracking, -3, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "6.0.0", summary: "Enable or disable server assisted client side caching support", complexity: "O(1). Some options may introduce additional complexity.",
                    args:
                    [
                        Arg("status", "oneof", args:
                            [
                                Arg("on", "pure-token", token: "ON"),
                                Arg("off", "pure-token", token: "OFF"),
                            ]),
                        Arg("client-id", "integer", token: "REDIRECT", flags: "optional"),
                        Arg("prefix", "string", token: "PREFIX", flags: "optional multiple multiple_token"),
                        Arg("bcast", "pure-token", token: "BCAST", flags: "optional"),
                        Arg("optin", "pure-token", token: "OPTIN", flags: "optional"),
                        Arg("optout", "pure-token", token: "OPTOUT", flags: "optional"),
                        Arg("noloop", "pure-token", token: "NOLOOP", flags: "optional"),
                    ]),
                new("client|caching", TrackingCommands.Caching, 3, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "6.0.0", summary: "Instruct the server about tracking or not keys in the next request", complexity: "O(1)",
                    args:
                    [
                        Arg("mode", "oneof", args:
                            [
                                Arg("yes", "pure-token", token: "YES"),
                                Arg("no", "pure-token", token: "NO"),
                            ]),
                    ]),
                new("client|getredir", TrackingCommands.GetRedir, 2, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "6.0.0", summary: "Get tracking notifications redirection client ID if any", complexity: "O(1)"),
                new("client|trackinginfo", TrackingCommands.TrackingInfo, 2, "noscript loading stale", "@slow @connection",
                    group: "connection", since: "6.2.0", summary: "Return information about server assisted client side caching for the current connection", complexity: "O(1)"),
                new("client|help", ClientCommands.Help, 2, "loading stale", "@slow @connection",
                    group: "connection", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
    ];
}
