// The command table, part: string commands.
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] StringGroup() =>
    [
        new("get", StringCommands.Get, 2, "readonly fast", "@read @string @fast", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Get the value of a key", complexity: "O(1)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
            ]),
        new("set", StringCommands.Set, -3, "write denyoom", "@write @string @slow", keys: (1, 1, 1),
            group: "string", since: "1.0.0", summary: "Set the string value of a key", complexity: "O(1)",
            specs: [Spec("RW access update variable_flags", Index(1), Range(0, 1, 0), notes: "RW and ACCESS due to the optional `GET` argument")],
            history: [("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."), ("6.0.0", "Added the `KEEPTTL` option."), ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."), ("7.0.0", "Allowed the `NX` and `GET` options to be used together.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("value", "string"),
                Arg("condition", "oneof", since: "2.6.12", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                    ]),
                Arg("get", "pure-token", token: "GET", since: "6.2.0", flags: "optional"),
                Arg("expiration", "oneof", flags: "optional", args:
                    [
                        Arg("seconds", "integer", token: "EX", since: "2.6.12"),
                        Arg("milliseconds", "integer", token: "PX", since: "2.6.12"),
                        Arg("unix-time-seconds", "unix-time", token: "EXAT", since: "6.2.0"),
                        Arg("unix-time-milliseconds", "unix-time", token: "PXAT", since: "6.2.0"),
                        Arg("keepttl", "pure-token", token: "KEEPTTL", since: "6.0.0"),
                    ]),
            ]),
    ];
}
