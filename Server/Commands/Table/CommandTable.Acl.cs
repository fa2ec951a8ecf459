// The command table, part: access control: ACL (cf. acl.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] AclGroup() =>
    [
        new("acl", null, -2, "", "@slow",
            group: "server", since: "6.0.0", summary: "A container for Access List Control commands ", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("acl|cat", AclCommands.Cat, -2, "noscript loading stale", "@slow",
                    group: "server", since: "6.0.0", summary: "List the ACL categories or the commands inside a category", complexity: "O(1) since the categories and commands are a fixed set.",
                    args:
                    [
                        Arg("categoryname", "string", flags: "optional"),
                    ]),
                new("acl|deluser", AclCommands.DelUser, -3, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "Remove the specified ACL users and the associated rules", complexity: "O(1) amortized time considering the typical user.",
                    args:
                    [
                        Arg("username", "string", flags: "multiple"),
                    ]),
                new("acl|dryrun", AclCommands.DryRun, -4, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "7.0.0", summary: "Returns whether the user can execute the given command without executing the command.", complexity: "O(1).",
                    args:
                    [
                        Arg("username", "string"),
                        Arg("command", "string"),
                        Arg("arg", "string", flags: "optional multiple"),
                    ]),
                new("acl|genpass", AclCommands.GenPass, -2, "noscript loading stale", "@slow",
                    group: "server", since: "6.0.0", summary: "Generate a pseudorandom secure password to use for ACL users", complexity: "O(1)",
                    args:
                    [
                        Arg("bits", "integer", flags: "optional"),
                    ]),
                new("acl|getuser", AclCommands.GetUser, 3, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "Get the rules for a specific ACL user", complexity: "O(N). Where N is the number of password, command and pattern rules that the user has.",
                    history: [("6.2.0", "Added Pub/Sub channel patterns."), ("7.0.0", "Added selectors and changed the format of key and channel patterns from a list to their rule representation.")],
                    args:
                    [
                        Arg("username", "string"),
                    ]),
                new("acl|help", AclCommands.Help, 2, "loading stale", "@slow",
                    group: "server", since: "6.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                new("acl|list", AclCommands.List, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "List the current ACL rules in ACL config file format", complexity: "O(N). Where N is the number of configured users."),
                new("acl|load", AclCommands.Load, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "Reload the ACLs from the configured ACL file", complexity: "O(N). Where N is the number of configured users."),
                new("acl|log", AclCommands.Log, -2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "List latest events denied because of ACLs in place", complexity: "O(N) with N being the number of entries shown.",
                    args:
                    [
                        Arg("operation", "oneof", flags: "optional", args:
                            [
                                Arg("count", "integer"),
                                Arg("reset", "pure-token", token: "RESET"),
                            ]),
                    ]),
                new("acl|save", AclCommands.Save, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "Save the current ACL rules in the configured ACL file", complexity: "O(N). Where N is the number of configured users."),
                new("acl|setuser", AclCommands.SetUser, -3, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "Modify or create the rules for a specific ACL user", complexity: "O(N). Where N is the number of rules provided.",
                    history: [("6.2.0", "Added Pub/Sub channel patterns."), ("7.0.0", "Added selectors and key based permissions.")],
                    args:
                    [
                        Arg("username", "string"),
                        Arg("rule", "string", flags: "optional multiple"),
                    ]),
                new("acl|users", AclCommands.Users, 2, "admin noscript loading stale", "@admin @slow @dangerous",
                    group: "server", since: "6.0.0", summary: "List the username of all the configured ACL rules", complexity: "O(N). Where N is the number of configured users."),
                new("acl|whoami", AclCommands.WhoAmI, 2, "noscript loading stale", "@slow",
                    group: "server", since: "6.0.0", summary: "Return the name of the user associated to the current connection", complexity: "O(1)"),
            ]),
    ];
}
