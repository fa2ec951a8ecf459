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
        if (args.Count == 2) selected = client.Server.Commands.Commands;
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

    /// <summary>Format: <c>COMMAND GETKEYS command [arg ...]</c>: the keys of a command, found by its table entry.</summary>
    public static void GetKeys(Client client)
    {
        var args = client.Args;
        var command = client.Server.Commands.Find(args[2]);
        if (command is not null && command.IsContainer && args.Count > 3) command = command.FindSubcommand(args[3]);
        if (command is null)
        {
            client.Reply.Error("ERR Invalid command specified"u8);
            return;
        }
        int argc = args.Count - 2;
        if (!command.AcceptsArgCount(argc))
        {
            client.Reply.Error("ERR Invalid number of arguments specified for command"u8);
            return;
        }
        var keys = new List<int>();
        if (command.FirstKey == 0 && command.KeySpecs is [{ Begin.Keyword: null, Find.IsRange: false } spec, ..])
        {
            // A key count read from an argument (EVAL's numkeys): cf. the keynum key spec in getKeysUsingKeySpecs.
            int countAt = spec.Begin.Index + spec.Find.A;
            if (countAt < argc && Numbers.TryParseLong(args[countAt + 2], out long count) && count > 0
                && spec.Begin.Index + spec.Find.B + (count - 1) * spec.Find.C < argc)
            {
                for (long n = 0; n < count; n++) keys.Add(spec.Begin.Index + spec.Find.B + (int)n * spec.Find.C + 2);
            }
            if (keys.Count == 0 && !command.Has(CommandFlags.NoMandatoryKeys))
            {
                client.Reply.Error("ERR Invalid arguments specified for command"u8);
                return;
            }
        }
        else if (command.Has(CommandFlags.MovableKeys) && command.KeySpecs.All(s => s.Begin.Keyword is null))
        {
            // Fixed keys plus a counted list (ZUNIONSTORE's destination, then numkeys keys): every
            // key spec in turn, cf. getKeysUsingKeySpecs.
            foreach (var keySpec in command.KeySpecs)
            {
                int begin = keySpec.Begin.Index;
                if (begin >= argc) continue;
                if (keySpec.Find.IsRange)
                {
                    int last = keySpec.Find.A >= 0 ? begin + keySpec.Find.A : argc + keySpec.Find.A;
                    for (int i = begin; i <= last && i < argc; i += keySpec.Find.B) keys.Add(i + 2);
                }
                else
                {
                    int first = begin + keySpec.Find.B;
                    if (begin + keySpec.Find.A >= argc || !Numbers.TryParseLong(args[begin + keySpec.Find.A + 2], out long count)
                        || count < 1 || first + (count - 1) * keySpec.Find.C >= argc)
                    {
                        client.Reply.Error("ERR Invalid arguments specified for command"u8);
                        return;
                    }
                    for (long n = 0; n < count; n++) keys.Add(first + (int)n * keySpec.Find.C + 2);
                }
            }
        }
        else if (command.FirstKey == 0)
        {
            client.Reply.Error("ERR The command has no key arguments"u8);
            return;
        }
        else
        {
            int last = command.LastKey < 0 ? argc + command.LastKey : command.LastKey;
            for (int i = command.FirstKey; i <= last && i < argc; i += command.KeyStep) keys.Add(i + 2);
        }
        client.Reply.ArrayHeader(keys.Count);
        foreach (int i in keys) client.Reply.Bulk(args[i]);
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
        reply.SetHeader(command.Subcommands.Length);
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
        if (spec.Begin.Keyword is null)
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
            reply.ArrayHeader(command.History.Length);
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
