// The ACL command: SETUSER, GETUSER, DELUSER, USERS, LIST, WHOAMI, CAT, GENPASS, LOG, DRYRUN,
// SAVE, LOAD and HELP. The users and the checks themselves live in Security/.
// cf. aclCommand in acl.c.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Security;

namespace EventLoopRedis.Commands;

internal static class AclCommands
{
    /// <summary>
    /// Format: <c>ACL SETUSER username [rule [rule ...]]</c>
    /// Creates or changes a user. The rules are staged on a copy: one bad rule and nothing changes.
    /// </summary>
    public static void SetUser(Client client)
    {
        var args = client.Args;
        for (int i = 2; i < args.Count; i++) client.RedactedArgs.Add(i); // rules may hold passwords
        if (AclSelector.HasSpaces(args[2]))
        {
            client.Reply.Error(Errors.AclUsernameSpaces);
            return;
        }
        var rules = new List<byte[]>(args.Count - 3);
        for (int i = 3; i < args.Count; i++) rules.Add(args.ToArray(i));
        var merged = Acl.MergeSelectorArguments(rules, out int openedAt);
        if (merged is null)
        {
            client.Reply.Error($"ERR Unmatched parenthesis in acl selector starting at '{Latin1(rules[openedAt])}'.");
            return;
        }
        var acl = client.Server.Acl;
        var name = args.ToArray(2);
        var staged = acl.NewUser(name);
        if (acl.Find(name) is { } existing) staged.CopyFrom(existing);
        foreach (var rule in merged)
        {
            var error = staged.Apply(rule);
            if (error != AclRuleError.None)
            {
                client.Reply.Error($"ERR Error in ACL SETUSER modifier '{Latin1(rule)}': {Acl.Describe(error)}");
                return;
            }
        }
        acl.Store(staged);
        client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>ACL GETUSER username</c>
    /// A map: flags, passwords (digests), the root selector's commands, keys and channels, then the other selectors.
    /// </summary>
    public static void GetUser(Client client)
    {
        var user = client.Server.Acl.Find(client.Args[2]);
        var reply = client.Reply;
        if (user is null)
        {
            reply.NullBulk();
            return;
        }
        reply.MapHeader(6);
        reply.Bulk("flags"u8);
        var flags = user.FlagNames();
        reply.SetHeader(flags.Count);
        foreach (var flag in flags) reply.Bulk(flag);
        reply.Bulk("passwords"u8);
        reply.ArrayHeader(user.Passwords.Count);
        foreach (var hash in user.Passwords) reply.Bulk(hash);
        DescribeSelector(reply, user.Root);
        reply.Bulk("selectors"u8);
        reply.ArrayHeader(user.Selectors.Count - 1);
        for (int i = 1; i < user.Selectors.Count; i++)
        {
            reply.MapHeader(3);
            DescribeSelector(reply, user.Selectors[i]);
        }
    }

    private static void DescribeSelector(ReplyBuffer reply, AclSelector selector)
    {
        reply.Bulk("commands"u8);
        reply.Bulk(selector.DescribeCommands());
        reply.Bulk("keys"u8);
        reply.Bulk(selector.DescribeKeys());
        reply.Bulk("channels"u8);
        reply.Bulk(selector.DescribeChannels());
    }

    /// <summary>
    /// Format: <c>ACL DELUSER username [username ...]</c>
    /// Replies how many existed; their clients are disconnected. The default user cannot go.
    /// </summary>
    public static void DelUser(Client client)
    {
        var args = client.Args;
        for (int i = 2; i < args.Count; i++)
        {
            if (args[i].SequenceEqual("default"u8))
            {
                client.Reply.Error(Errors.AclDeleteDefault);
                return;
            }
        }
        int deleted = 0;
        for (int i = 2; i < args.Count; i++)
        {
            if (client.Server.Acl.Delete(args[i], client)) deleted++;
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>Format: <c>ACL USERS</c>. The usernames, in byte order.</summary>
    public static void Users(Client client)
    {
        var acl = client.Server.Acl;
        client.Reply.ArrayHeader(acl.UserCount);
        foreach (var user in acl.Users) client.Reply.Bulk(user.Name);
    }

    /// <summary>Format: <c>ACL LIST</c>. Each user as an ACL file line: "user name rules...".</summary>
    public static void List(Client client)
    {
        var acl = client.Server.Acl;
        client.Reply.ArrayHeader(acl.UserCount);
        foreach (var user in acl.Users) client.Reply.Bulk(Line(user));
    }

    private static byte[] Line(AclUser user)
    {
        var text = new StringBuilder("user ").Append(user.NameText).Append(' ').Append(user.Describe());
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>Format: <c>ACL WHOAMI</c>. The connection's username.</summary>
    public static void WhoAmI(Client client) => client.Reply.Bulk(client.User.Name);

    /// <summary>
    /// Format: <c>ACL CAT [category]</c>
    /// The categories, or the commands (and subcommands, by full name) in one.
    /// </summary>
    public static void Cat(Client client)
    {
        var args = client.Args;
        var reply = client.Reply;
        if (args.Count == 2)
        {
            reply.ArrayHeader(AclCommandIndex.Categories.Length);
            foreach (var category in AclCommandIndex.Categories) reply.Bulk(category);
            return;
        }
        if (args.Count != 3)
        {
            Commands.Help.SubcommandSyntaxError(client);
            return;
        }
        ulong bit = AclCommandIndex.CategoryBit(args[2]);
        if (bit == 0)
        {
            reply.Error($"ERR Unknown category '{CommandExecutor.Printable(args[2], 128)}'");
            return;
        }
        var index = client.Server.Acl.Index;
        var names = new List<string>();
        foreach (var command in index.TopLevel)
        {
            if ((index.CategoriesOf(index.Id(command)) & bit) != 0) names.Add(command.FullName);
            foreach (var sub in command.Subcommands)
            {
                if ((index.CategoriesOf(index.Id(sub)) & bit) != 0) names.Add(sub.FullName);
            }
        }
        reply.ArrayHeader(names.Count);
        foreach (var name in names) reply.Bulk(name);
    }

    /// <summary>
    /// Format: <c>ACL GENPASS [bits]</c>
    /// Random hex from the system's secure generator: bits/4 characters, rounded up (256 bits by default).
    /// </summary>
    public static void GenPass(Client client)
    {
        var args = client.Args;
        if (args.Count > 3)
        {
            Commands.Help.SubcommandSyntaxError(client);
            return;
        }
        long bits = 256;
        if (args.Count == 3 && !Numbers.TryParseLong(args[2], out bits))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (bits <= 0 || bits > 4096)
        {
            client.Reply.Error(Errors.AclGenPassBits);
            return;
        }
        int chars = (int)((bits + 3) / 4);
        client.Reply.Bulk(Encoding.ASCII.GetBytes(Util.RandomBytes.Hex((chars + 1) / 2)[..chars]));
    }

    /// <summary>
    /// Format: <c>ACL LOG [count | RESET]</c>
    /// The newest entries (10 by default), each a map of seven fields; RESET empties the log.
    /// </summary>
    public static void Log(Client client)
    {
        var args = client.Args;
        var log = client.Server.Acl.Log;
        if (args.Count > 3)
        {
            Commands.Help.SubcommandSyntaxError(client);
            return;
        }
        long count = 10;
        if (args.Count == 3)
        {
            if (args.Is(2, "RESET"u8))
            {
                log.Reset();
                client.Reply.Ok();
                return;
            }
            if (!Numbers.TryParseLong(args[2], out count))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            count = Math.Clamp(count, 0, log.Count);
        }
        count = Math.Min(count, log.Count);
        var reply = client.Reply;
        reply.ArrayHeader(count);
        long now = Storage.Clock.UnixMs;
        Span<byte> age = stackalloc byte[32];
        foreach (var entry in log.Entries)
        {
            if (count-- == 0) break;
            reply.MapHeader(7);
            reply.Bulk("count"u8);
            reply.Integer(entry.Count);
            reply.Bulk("reason"u8);
            reply.Bulk(entry.Reason switch
            {
                AclDenial.Command => "command"u8,
                AclDenial.Key => "key"u8,
                AclDenial.Channel => "channel"u8,
                AclDenial.Auth => "auth"u8,
                _ => "unknown"u8,
            });
            reply.Bulk("context"u8);
            reply.Bulk(entry.Context switch
            {
                AclLogContext.TopLevel => "toplevel"u8,
                AclLogContext.Multi => "multi"u8,
                _ => "lua"u8,
            });
            reply.Bulk("object"u8);
            reply.Bulk(entry.Object);
            reply.Bulk("username"u8);
            reply.Bulk(entry.Username);
            reply.Bulk("age-seconds"u8);
            reply.Double(age[..Util.Doubles.Format((now - entry.CreatedMs) / 1000.0, age)]);
            reply.Bulk("client-info"u8);
            reply.Bulk(entry.ClientInfo);
        }
    }

    /// <summary>
    /// Format: <c>ACL DRYRUN username command [arg ...]</c>
    /// +OK if the user could run the command, otherwise a bulk string saying why (cf. the dryrun branch of aclCommand).
    /// </summary>
    public static void DryRun(Client client)
    {
        var args = client.Args;
        var server = client.Server;
        var user = server.Acl.Find(args[2]);
        if (user is null)
        {
            client.Reply.Error($"ERR User '{Latin1(args[2])}' not found");
            return;
        }
        var command = server.Commands.Find(args[3]);
        if (command is not null && command.IsContainer && args.Count > 4) command = command.FindSubcommand(args[4]);
        if (command is null)
        {
            client.Reply.Error($"ERR Command '{Latin1(args[3])}' not found");
            return;
        }
        if (!command.AcceptsArgCount(args.Count - 3))
        {
            client.Reply.Error(Errors.WrongArgCount(command.FullName));
            return;
        }
        var denial = server.Acl.Check(user, command, args, 3, out int position);
        switch (denial)
        {
            case AclDenial.None:
                client.Reply.Ok();
                break;
            case AclDenial.Command:
                client.Reply.Bulk($"This user has no permissions to run the '{command.FullName}' command");
                break;
            default:
                client.Reply.Bulk($"This user has no permissions to access the '{Latin1(args[position + 3])}' " +
                    (denial == AclDenial.Key ? "key" : "channel"));
                break;
        }
    }

    /// <summary>Format: <c>ACL SAVE</c>. Writes every user to the aclfile.</summary>
    public static void Save(Client client)
    {
        string file = client.Server.Config.AclFile;
        if (file.Length == 0) client.Reply.Error(Errors.AclNoFile);
        else if (client.Server.Acl.SaveToFile(file)) client.Reply.Ok();
        else client.Reply.Error(Errors.AclSaveFailed);
    }

    /// <summary>Format: <c>ACL LOAD</c>. Replaces every user with the aclfile's, or changes nothing and lists the errors.</summary>
    public static void Load(Client client)
    {
        string file = client.Server.Config.AclFile;
        if (file.Length == 0)
        {
            client.Reply.Error(Errors.AclNoFile);
            return;
        }
        if (client.Server.Acl.LoadFromFile(file, client) is { } errors) client.Reply.Error("ERR " + errors);
        else client.Reply.Ok();
    }

    /// <summary>Format: <c>ACL HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "ACL",
    [
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    ]);

    private static string Latin1(ReadOnlySpan<byte> text) => Encoding.Latin1.GetString(text);
}
