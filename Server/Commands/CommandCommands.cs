// COMMAND and its subcommands: the command table, as clients read it.
// cf. commandCommand, commandInfoCommand, commandDocsCommand, commandGetKeysCommand in server.c.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class CommandCommands
{
    /// <summary>Format: <c>COMMAND</c>: COMMAND INFO of every command.</summary>
    public static void Command(Client client)
    {
        var commands = client.Server.Commands.Commands.ToList();
        client.Reply.ArrayHeader(commands.Count);
        foreach (var command in commands) WriteInfo(client.Reply, command);
    }

    /// <summary>Format: <c>COMMAND COUNT</c></summary>
    public static void Count(Client client) => client.Reply.Integer(client.Server.Commands.Count);

    /// <summary>Format: <c>COMMAND INFO [command-name ...]</c>. Unknown names get a null.</summary>
    public static void Info(Client client)
    {
        var args = client.Args;
        if (args.Count == 2)
        {
            Command(client);
            return;
        }
        client.Reply.ArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            var command = client.Server.Commands.FindByFullName(args[i]);
            if (command is null) client.Reply.NullBulk();
            else WriteInfo(client.Reply, command);
        }
    }

    /// <summary>Format: <c>COMMAND DOCS [command-name ...]</c>. Unknown names are left out.</summary>
    public static void Docs(Client client)
    {
        var args = client.Args;
        var table = client.Server.Commands;
        var selected = new List<CommandDef>();
        if (args.Count == 2) selected.AddRange(table.Commands);
        for (int i = 2; i < args.Count; i++)
        {
            if (table.FindByFullName(args[i]) is { } command) selected.Add(command);
        }
        client.Reply.MapHeader(selected.Count);
        foreach (var command in selected)
        {
            client.Reply.Bulk(command.FullName);
            WriteDocs(client.Reply, command);
        }
    }

    /// <summary>Format: <c>COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]</c></summary>
    public static void List(Client client)
    {
        var args = client.Args;
        var all = client.Server.Commands.Commands.SelectMany(c => c.Subcommands.Prepend(c));
        IEnumerable<CommandDef> selected;
        if (args.Count == 2) selected = all;
        else if (args.Count == 5 && args.Is(2, "FILTERBY"u8))
        {
            var value = args[4].ToArray();
            if (args.Is(3, "MODULE"u8)) selected = []; // no modules are loaded
            else if (args.Is(3, "ACLCAT"u8))
            {
                string category = "@" + Encoding.Latin1.GetString(value);
                selected = all.Where(c => c.AclCategories.Contains(category, StringComparer.OrdinalIgnoreCase));
            }
            else if (args.Is(3, "PATTERN"u8))
                selected = all.Where(c => Glob.Match(value, Encoding.ASCII.GetBytes(c.FullName), noCase: true));
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        else
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        var names = selected.ToList();
        client.Reply.ArrayHeader(names.Count);
        foreach (var command in names) client.Reply.Bulk(command.FullName);
    }

    /// <summary>Format: <c>COMMAND GETKEYS command [arg ...]</c>: the keys of a full command, found by its table entry.</summary>
    public static void GetKeys(Client client) => ReplyKeys(client, withFlags: false);

    /// <summary>Format: <c>COMMAND GETKEYSANDFLAGS command [arg ...]</c>: each key with its access flags.</summary>
    public static void GetKeysAndFlags(Client client) => ReplyKeys(client, withFlags: true);

    /// <summary>cf. getKeysSubcommandImpl in server.c.</summary>
    private static void ReplyKeys(Client client, bool withFlags)
    {
        var args = client.Args;
        // As lookupCommand: the subcommand when the command has them and one is named, else the command.
        var command = client.Server.Commands.Find(args[2]);
        if (command is not null && command.IsContainer && args.Count > 3) command = command.FindSubcommand(args[3]);
        if (command is null)
        {
            client.Reply.Error(Errors.InvalidCommandSpecified);
            return;
        }
        if (!KeyFinder.HasKeys(command))
        {
            client.Reply.Error(Errors.CommandHasNoKeys);
            return;
        }
        if (!command.AcceptsArgCount(args.Count - 2))
        {
            client.Reply.Error(Errors.InvalidArgCountForCommand);
            return;
        }
        var keys = KeyFinder.Find(command, args, offset: 2);
        if (keys.Count == 0 && !command.Has(CommandFlags.NoMandatoryKeys))
        {
            client.Reply.Error(Errors.InvalidArgumentsForCommand);
            return;
        }
        client.Reply.ArrayHeader(keys.Count);
        foreach (var key in keys)
        {
            if (withFlags) client.Reply.ArrayHeader(2);
            client.Reply.Bulk(args[key.Position + 2]);
            if (withFlags) WriteStatusSet(client.Reply, key.Flags.Length == 0 ? [] : key.Flags.Split(' '));
        }
    }

    /// <summary>Format: <c>COMMAND HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "COMMAND",
    [
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    ]);

    // ---- reply shapes ---------------------------------------------------------------------

    /// <summary>The 10-element COMMAND INFO entry (cf. addReplyCommandInfo).</summary>
    private static void WriteInfo(ReplyBuffer reply, CommandDef command)
    {
        reply.ArrayHeader(10);
        reply.Bulk(command.FullName);
        reply.Integer(command.Arity);
        WriteStatusSet(reply, command.FlagNames);
        reply.Integer(command.FirstKey);
        reply.Integer(command.LastKey);
        reply.Integer(command.KeyStep);
        WriteStatusSet(reply, command.AclCategories);
        WriteStatusSet(reply, command.Tips, asBulk: true);
        reply.SetHeader(command.KeySpecs.Length);
        foreach (var spec in command.KeySpecs) WriteKeySpec(reply, spec);
        // As Redis: an empty set for a plain command, an array (even in RESP3) of a container's subcommands.
        if (command.IsContainer) reply.ArrayHeader(command.Subcommands.Length);
        else reply.SetHeader(0);
        foreach (var sub in command.Subcommands) WriteInfo(reply, sub);
    }

    private static void WriteKeySpec(ReplyBuffer reply, KeySpec spec)
    {
        reply.MapHeader(spec.Notes is null ? 3 : 4);
        if (spec.Notes is not null)
        {
            reply.Bulk("notes"u8);
            reply.Bulk(spec.Notes);
        }
        reply.Bulk("flags"u8);
        WriteStatusSet(reply, spec.Flags.Split(' '));
        reply.Bulk("begin_search"u8);
        reply.MapHeader(2);
        reply.Bulk("type"u8);
        if (spec.Begin.IsUnknown)
        {
            reply.Bulk("unknown"u8);
            reply.Bulk("spec"u8);
            reply.MapHeader(0);
        }
        else if (spec.Begin.Keyword is null)
        {
            reply.Bulk("index"u8);
            reply.Bulk("spec"u8);
            reply.MapHeader(1);
            reply.Bulk("index"u8);
            reply.Integer(spec.Begin.Index);
        }
        else
        {
            reply.Bulk("keyword"u8);
            reply.Bulk("spec"u8);
            reply.MapHeader(2);
            reply.Bulk("keyword"u8);
            reply.Bulk(spec.Begin.Keyword);
            reply.Bulk("startfrom"u8);
            reply.Integer(spec.Begin.StartFrom);
        }
        reply.Bulk("find_keys"u8);
        reply.MapHeader(2);
        reply.Bulk("type"u8);
        if (spec.Find.IsUnknown)
        {
            reply.Bulk("unknown"u8);
            reply.Bulk("spec"u8);
            reply.MapHeader(0);
            return;
        }
        reply.Bulk(spec.Find.IsRange ? "range"u8 : "keynum"u8);
        reply.Bulk("spec"u8);
        reply.MapHeader(3);
        reply.Bulk(spec.Find.IsRange ? "lastkey"u8 : "keynumidx"u8);
        reply.Integer(spec.Find.A);
        reply.Bulk(spec.Find.IsRange ? "keystep"u8 : "firstkey"u8);
        reply.Integer(spec.Find.B);
        reply.Bulk(spec.Find.IsRange ? "limit"u8 : "keystep"u8);
        reply.Integer(spec.Find.C);
    }

    /// <summary>The COMMAND DOCS map of one command (cf. addReplyCommandDocs).</summary>
    private static void WriteDocs(ReplyBuffer reply, CommandDef command)
    {
        int fields = 3 + (command.Complexity is null ? 0 : 1) + (command.DocFlags.Length > 0 ? 1 : 0)
            + (command.DeprecatedSince is null ? 0 : 2) + (command.History.Length > 0 ? 1 : 0)
            + (command.Args.Length > 0 ? 1 : 0) + (command.Subcommands.Length > 0 ? 1 : 0);
        reply.MapHeader(fields);
        reply.Bulk("summary"u8);
        reply.Bulk(command.Summary);
        reply.Bulk("since"u8);
        reply.Bulk(command.Since);
        reply.Bulk("group"u8);
        reply.Bulk(command.Group);
        OptionalField(reply, "complexity"u8, command.Complexity);
        if (command.DocFlags.Length > 0)
        {
            reply.Bulk("doc_flags"u8);
            WriteStatusSet(reply, command.DocFlags);
        }
        if (command.DeprecatedSince is not null)
        {
            OptionalField(reply, "deprecated_since"u8, command.DeprecatedSince);
            OptionalField(reply, "replaced_by"u8, command.ReplacedBy ?? "");
        }
        if (command.History.Length > 0)
        {
            reply.Bulk("history"u8);
            reply.SetHeader(command.History.Length); // a set in RESP3, as Redis sends it
            foreach (var (version, change) in command.History)
            {
                reply.ArrayHeader(2);
                reply.Bulk(version);
                reply.Bulk(change);
            }
        }
        if (command.Args.Length > 0)
        {
            reply.Bulk("arguments"u8);
            WriteArgs(reply, command.Args);
        }
        if (command.Subcommands.Length > 0)
        {
            reply.Bulk("subcommands"u8);
            reply.MapHeader(command.Subcommands.Length);
            foreach (var sub in command.Subcommands)
            {
                reply.Bulk(sub.FullName);
                WriteDocs(reply, sub);
            }
        }
    }

    private static void WriteArgs(ReplyBuffer reply, ArgDoc[] args)
    {
        reply.ArrayHeader(args.Length);
        foreach (var arg in args)
        {
            int fields = 2 + (arg.KeySpec >= 0 ? 1 : 0) + (arg.Token is null ? 0 : 1) + (arg.Summary is null ? 0 : 1)
                + (arg.Since is null ? 0 : 1) + (arg.DeprecatedSince is null ? 0 : 1) + (arg.Flags.Length > 0 ? 1 : 0)
                + (arg.Args.Length > 0 ? 1 : 0);
            reply.MapHeader(fields);
            reply.Bulk("name"u8);
            reply.Bulk(arg.Name);
            reply.Bulk("type"u8);
            reply.Bulk(arg.Type);
            if (arg.KeySpec >= 0)
            {
                reply.Bulk("key_spec_index"u8);
                reply.Integer(arg.KeySpec);
            }
            OptionalField(reply, "token"u8, arg.Token);
            OptionalField(reply, "summary"u8, arg.Summary);
            OptionalField(reply, "since"u8, arg.Since);
            OptionalField(reply, "deprecated_since"u8, arg.DeprecatedSince);
            if (arg.Flags.Length > 0)
            {
                reply.Bulk("flags"u8);
                WriteStatusSet(reply, arg.Flags);
            }
            if (arg.Args.Length > 0)
            {
                reply.Bulk("arguments"u8);
                WriteArgs(reply, arg.Args);
            }
        }
    }

    /// <summary>A map entry written only when the field has a value (its count is in the map header).</summary>
    private static void OptionalField(ReplyBuffer reply, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) return;
        reply.Bulk(name);
        reply.Bulk(value);
    }

    private static void WriteStatusSet(ReplyBuffer reply, string[] items, bool asBulk = false)
    {
        reply.SetHeader(items.Length);
        foreach (var item in items)
        {
            if (asBulk) reply.Bulk(item);
            else reply.Simple(Encoding.ASCII.GetBytes(item));
        }
    }
}
