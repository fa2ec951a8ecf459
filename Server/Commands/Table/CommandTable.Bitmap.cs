// The command table, part: bitmap commands.
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] BitmapGroup() =>
    [
        new("setbit", BitmapCommands.SetBit, 4, "write denyoom", "@write @bitmap @slow", keys: (1, 1, 1),
            group: "bitmap", since: "2.2.0", summary: "Sets or clears the bit at offset in the string value stored at key", complexity: "O(1)",
            specs: [Spec("RW access update", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("offset", "integer"),
                Arg("value", "integer"),
            ]),
        new("getbit", BitmapCommands.GetBit, 3, "readonly fast", "@read @bitmap @fast", keys: (1, 1, 1),
            group: "bitmap", since: "2.2.0", summary: "Returns the bit value at offset in the string value stored at key", complexity: "O(1)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("offset", "integer"),
            ]),
        new("bitcount", BitmapCommands.BitCount, -2, "readonly", "@read @bitmap @slow", keys: (1, 1, 1),
            group: "bitmap", since: "2.6.0", summary: "Count set bits in a string", complexity: "O(N)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added the `BYTE|BIT` option.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("index", "block", flags: "optional", args:
                    [
                        Arg("start", "integer"),
                        Arg("end", "integer"),
                        Arg("index_unit", "oneof", since: "7.0.0", flags: "optional", args:
                            [
                                Arg("byte", "pure-token", token: "BYTE"),
                                Arg("bit", "pure-token", token: "BIT"),
                            ]),
                    ]),
            ]),
        new("bitpos", BitmapCommands.BitPos, -3, "readonly", "@read @bitmap @slow", keys: (1, 1, 1),
            group: "bitmap", since: "2.8.7", summary: "Find first bit set or clear in a string", complexity: "O(N)",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added the `BYTE|BIT` option.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("bit", "integer"),
                Arg("index", "block", flags: "optional", args:
                    [
                        Arg("start", "integer"),
                        Arg("end_index", "block", flags: "optional", args:
                            [
                                Arg("end", "integer"),
                                Arg("index_unit", "oneof", since: "7.0.0", flags: "optional", args:
                                    [
                                        Arg("byte", "pure-token", token: "BYTE"),
                                        Arg("bit", "pure-token", token: "BIT"),
                                    ]),
                            ]),
                    ]),
            ]),
        new("bitop", BitmapCommands.BitOp, -4, "write denyoom", "@write @bitmap @slow", keys: (2, -1, 1),
            group: "bitmap", since: "2.6.0", summary: "Perform bitwise operations between strings", complexity: "O(N)",
            specs: [Spec("OW update", Index(2), Range(0, 1, 0)), Spec("RO access", Index(3), Range(-1, 1, 0))],
            args:
            [
                Arg("operation", "string"),
                Arg("destkey", "key", keySpec: 0),
                Arg("key", "key", keySpec: 1, flags: "multiple"),
            ]),
        new("bitfield", BitmapCommands.Bitfield, -2, "write denyoom", "@write @bitmap @slow", keys: (1, 1, 1),
            group: "bitmap", since: "3.2.0", summary: "Perform arbitrary bitfield integer operations on strings", complexity: "O(1) for each subcommand specified",
            specs: [Spec("RW access update variable_flags", Index(1), Range(0, 1, 0), notes: "This command allows both access and modification of the key")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("operation", "oneof", flags: "optional multiple", args:
                    [
                        Arg("encoding_offset", "block", token: "GET", args:
                            [
                                Arg("encoding", "string"),
                                Arg("offset", "integer"),
                            ]),
                        Arg("write", "block", args:
                            [
                                Arg("wrap_sat_fail", "oneof", token: "OVERFLOW", flags: "optional", args:
                                    [
                                        Arg("wrap", "pure-token", token: "WRAP"),
                                        Arg("sat", "pure-token", token: "SAT"),
                                        Arg("fail", "pure-token", token: "FAIL"),
                                    ]),
                                Arg("write_operation", "oneof", args:
                                    [
                                        Arg("encoding_offset_value", "block", token: "SET", args:
                                            [
                                                Arg("encoding", "string"),
                                                Arg("offset", "integer"),
                                                Arg("value", "integer"),
                                            ]),
                                        Arg("encoding_offset_increment", "block", token: "INCRBY", args:
                                            [
                                                Arg("encoding", "string"),
                                                Arg("offset", "integer"),
                                                Arg("increment", "integer"),
                                            ]),
                                    ]),
                            ]),
                    ]),
            ]),
        new("bitfield_ro", BitmapCommands.BitfieldRo, -2, "readonly fast", "@read @bitmap @fast", keys: (1, 1, 1),
            group: "bitmap", since: "6.0.0", summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", complexity: "O(1) for each subcommand specified",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("encoding_offset", "block", token: "GET", flags: "optional multiple multiple_token", args:
                    [
                        Arg("encoding", "string"),
                        Arg("offset", "integer"),
                    ]),
            ]),
    ];
}
