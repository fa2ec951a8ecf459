// The command table, part: scripting commands (EVAL, SCRIPT, FUNCTION, FCALL).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] ScriptingGroup() =>
    [
        new("eval", ScriptingCommands.Eval, -3, "noscript stale skip_monitor no_mandatory_keys movablekeys", "@slow @scripting",
            group: "scripting", since: "2.6.0", summary: "Execute a Lua script server side", complexity: "Depends on the script that is executed.",
            specs: [Spec("RW access update", Index(2), KeyNum(0, 1, 1), notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE")],
            args:
            [
                Arg("script", "string"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "optional multiple"),
                Arg("arg", "string", flags: "optional multiple"),
            ]),
        new("evalsha", ScriptingCommands.EvalSha, -3, "noscript stale skip_monitor no_mandatory_keys movablekeys", "@slow @scripting",
            group: "scripting", since: "2.6.0", summary: "Execute a Lua script server side", complexity: "Depends on the script that is executed.",
            specs: [Spec("RW access update", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("sha1", "string"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "optional multiple"),
                Arg("arg", "string", flags: "optional multiple"),
            ]),
        new("eval_ro", ScriptingCommands.EvalRo, -3, "readonly noscript stale skip_monitor no_mandatory_keys movablekeys", "@slow @scripting",
            group: "scripting", since: "7.0.0", summary: "Execute a read-only Lua script server side", complexity: "Depends on the script that is executed.",
            specs: [Spec("RO access", Index(2), KeyNum(0, 1, 1), notes: "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")],
            args:
            [
                Arg("script", "string"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "optional multiple"),
                Arg("arg", "string", flags: "optional multiple"),
            ]),
        new("evalsha_ro", ScriptingCommands.EvalShaRo, -3, "readonly noscript stale skip_monitor no_mandatory_keys movablekeys", "@slow @scripting",
            group: "scripting", since: "7.0.0", summary: "Execute a read-only Lua script server side", complexity: "Depends on the script that is executed.",
            specs: [Spec("RO access", Index(2), KeyNum(0, 1, 1))],
            args:
            [
                Arg("sha1", "string"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "optional multiple"),
                Arg("arg", "string", flags: "optional multiple"),
            ]),
        new("script", null, -2, "", "@slow",
            group: "scripting", since: "2.6.0", summary: "A container for Lua scripts management commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("script|load", ScriptingCommands.ScriptLoad, 3, "noscript stale", "@slow @scripting",
                    group: "scripting", since: "2.6.0", summary: "Load the specified Lua script into the script cache.", complexity: "O(N) with N being the length in bytes of the script body.",
                    tips: "request_policy:all_nodes response_policy:all_succeeded",
                    args:
                    [
                        Arg("script", "string"),
                    ]),
                new("script|exists", ScriptingCommands.ScriptExists, -3, "noscript", "@slow @scripting",
                    group: "scripting", since: "2.6.0", summary: "Check existence of scripts in the script cache.", complexity: "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).",
                    tips: "request_policy:all_shards response_policy:agg_logical_and",
                    args:
                    [
                        Arg("sha1", "string", flags: "multiple"),
                    ]),
                new("script|flush", ScriptingCommands.ScriptFlush, -2, "noscript", "@slow @scripting",
                    group: "scripting", since: "2.6.0", summary: "Remove all the scripts from the script cache.", complexity: "O(N) with N being the number of scripts in cache",
                    tips: "request_policy:all_nodes response_policy:all_succeeded",
                    history: [("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers.")],
                    args:
                    [
                        Arg("async", "oneof", since: "6.2.0", flags: "optional", args:
                            [
                                Arg("async", "pure-token", token: "ASYNC"),
                                Arg("sync", "pure-token", token: "SYNC"),
                            ]),
                    ]),
                new("script|kill", ScriptingCommands.ScriptKill, 2, "noscript allow_busy", "@slow @scripting",
                    group: "scripting", since: "2.6.0", summary: "Kill the script currently in execution.", complexity: "O(1)",
                    tips: "request_policy:all_shards response_policy:one_succeeded"),
                new("script|help", ScriptingCommands.ScriptHelp, 2, "loading stale", "@slow @scripting",
                    group: "scripting", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
        new("fcall", FunctionCommands.Fcall, -3, "noscript stale skip_monitor no_mandatory_keys movablekeys", "@slow @scripting",
            group: "scripting", since: "7.0.0", summary: "Invoke a function", complexity: "Depends on the function that is executed.",
            specs: [Spec("RW access update", Index(2), KeyNum(0, 1, 1), notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE")],
            args:
            [
                Arg("function", "string"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "optional multiple"),
                Arg("arg", "string", flags: "optional multiple"),
            ]),
        new("fcall_ro", FunctionCommands.FcallRo, -3, "readonly noscript stale skip_monitor no_mandatory_keys movablekeys", "@slow @scripting",
            group: "scripting", since: "7.0.0", summary: "Invoke a read-only function", complexity: "Depends on the function that is executed.",
            specs: [Spec("RO access", Index(2), KeyNum(0, 1, 1), notes: "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")],
            args:
            [
                Arg("function", "string"),
                Arg("numkeys", "integer"),
                Arg("key", "key", keySpec: 0, flags: "optional multiple"),
                Arg("arg", "string", flags: "optional multiple"),
            ]),
        new("function", null, -2, "", "@slow",
            group: "scripting", since: "7.0.0", summary: "A container for function commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("function|load", FunctionCommands.Load, -3, "write denyoom noscript", "@write @slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Create a function with the given arguments (name, code, description)", complexity: "O(1) (considering compilation time is redundant)",
                    tips: "request_policy:all_shards response_policy:all_succeeded",
                    args:
                    [
                        Arg("replace", "pure-token", token: "REPLACE", flags: "optional"),
                        Arg("function-code", "string"),
                    ]),
                new("function|list", FunctionCommands.List, -2, "noscript", "@slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "List information about all the functions", complexity: "O(N) where N is the number of functions",
                    tips: "nondeterministic_output_order",
                    args:
                    [
                        Arg("library-name-pattern", "string", token: "LIBRARYNAME", flags: "optional"),
                        Arg("withcode", "pure-token", token: "WITHCODE", flags: "optional"),
                    ]),
                new("function|delete", FunctionCommands.Delete, 3, "write noscript", "@write @slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Delete a function by name", complexity: "O(1)",
                    tips: "request_policy:all_shards response_policy:all_succeeded",
                    args:
                    [
                        Arg("library-name", "string"),
                    ]),
                new("function|flush", FunctionCommands.Flush, -2, "write noscript", "@write @slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Deleting all functions", complexity: "O(N) where N is the number of functions deleted",
                    tips: "request_policy:all_shards response_policy:all_succeeded",
                    args:
                    [
                        Arg("async", "oneof", flags: "optional", args:
                            [
                                Arg("async", "pure-token", token: "ASYNC"),
                                Arg("sync", "pure-token", token: "SYNC"),
                            ]),
                    ]),
                new("function|dump", FunctionCommands.Dump, 2, "noscript", "@slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Dump all functions into a serialized binary payload", complexity: "O(N) where N is the number of functions"),
                new("function|restore", FunctionCommands.Restore, -3, "write denyoom noscript", "@write @slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Restore all the functions on the given payload", complexity: "O(N) where N is the number of functions on the payload",
                    tips: "request_policy:all_shards response_policy:all_succeeded",
                    args:
                    [
                        Arg("serialized-value", "string"),
                        Arg("policy", "oneof", flags: "optional", args:
                            [
                                Arg("flush", "pure-token", token: "FLUSH"),
                                Arg("append", "pure-token", token: "APPEND"),
                                Arg("replace", "pure-token", token: "REPLACE"),
                            ]),
                    ]),
                new("function|stats", FunctionCommands.Stats, 2, "noscript allow_busy", "@slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Return information about the function currently running (name, description, duration)", complexity: "O(1)",
                    tips: "nondeterministic_output request_policy:all_shards response_policy:special"),
                new("function|kill", FunctionCommands.Kill, 2, "noscript allow_busy", "@slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Kill the function currently in execution.", complexity: "O(1)",
                    tips: "request_policy:all_shards response_policy:one_succeeded"),
                new("function|help", FunctionCommands.Help, 2, "loading stale", "@slow @scripting",
                    group: "scripting", since: "7.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
            ]),
    ];
}
