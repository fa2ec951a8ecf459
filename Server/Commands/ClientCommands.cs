// CLIENT subcommands: ID, SETNAME, GETNAME, LIST, INFO, KILL, REPLY, NO-EVICT, HELP (the tracking ones are in
// TrackingCommands.cs, PAUSE, UNPAUSE and UNBLOCK in BlockingCommands.cs).
// cf. clientCommand and catClientInfoString in networking.c.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class ClientCommands
{
    /// <summary>Format: <c>CLIENT ID</c></summary>
    public static void Id(Client client) => client.Reply.Integer(client.Id);

    /// <summary>Format: <c>CLIENT SETNAME name</c>. An empty name removes it.</summary>
    public static void SetName(Client client)
    {
        var name = client.Args[2];
        if (!IsValidName(name))
        {
            client.Reply.Error(Errors.BadClientName);
            return;
        }
        client.Name = name.Length == 0 ? null : name.ToArray();
        client.Reply.Ok();
    }

    /// <summary>Format: <c>CLIENT GETNAME</c></summary>
    public static void GetName(Client client)
    {
        if (client.Name is null) client.Reply.NullBulk();
        else client.Reply.Bulk(client.Name);
    }

    /// <summary>Format: <c>CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID id [id ...]]</c></summary>
    public static void List(Client client)
    {
        var args = client.Args;
        var server = client.Server;
        IEnumerable<Client> selected = server.Clients.Values;
        if (args.Count == 4 && args.Is(2, "TYPE"u8))
        {
            if (!TryParseType(args[3], out string type))
            {
                client.Reply.Error($"ERR Unknown client type '{CommandExecutor.Printable(args[3], 128)}'");
                return;
            }
            // No replication here: a client is a subscriber (pubsub) or normal.
            selected = selected.Where(c => TypeName(c) == type).ToList();
        }
        else if (args.Count > 3 && args.Is(2, "ID"u8))
        {
            var ids = new HashSet<long>();
            for (int i = 3; i < args.Count; i++)
            {
                if (!Numbers.TryParseLong(args[i], out long id) || id <= 0)
                {
                    client.Reply.Error(Errors.InvalidClientId);
                    return;
                }
                ids.Add(id);
            }
            selected = selected.Where(c => ids.Contains(c.Id));
        }
        else if (args.Count != 2)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        var text = new StringBuilder();
        foreach (var c in selected) AppendInfo(text, c, client);
        client.Reply.Verbatim(Encoding.Latin1.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>Format: <c>CLIENT INFO</c>: the CLIENT LIST line of this connection.</summary>
    public static void Info(Client client)
    {
        var text = new StringBuilder();
        AppendInfo(text, client, client);
        client.Reply.Verbatim(Encoding.Latin1.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>
    /// Format: <c>CLIENT KILL ip:port</c> or
    /// <c>CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no] ...</c>
    /// The old form replies +OK or an error; the filter form replies how many were killed.
    /// </summary>
    public static void Kill(Client client)
    {
        var args = client.Args;
        var server = client.Server;
        if (args.Count == 3)
        {
            string oldStyleAddress = Encoding.Latin1.GetString(args[2]);
            var target = server.Clients.Values.FirstOrDefault(c => c.Address == oldStyleAddress);
            if (target is null)
            {
                client.Reply.Error(Errors.NoSuchClient);
                return;
            }
            client.Reply.Ok();
            KillOne(client, target);
            return;
        }
        if ((args.Count - 2) % 2 != 0)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }

        long? id = null;
        string? type = null, address = null, localAddress = null;
        Security.AclUser? user = null;
        bool skipMe = true;
        for (int i = 2; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            if (args.Is(i, "ID"u8))
            {
                if (!Numbers.TryParseLong(value, out long parsed) || parsed <= 0)
                {
                    client.Reply.Error("ERR client-id should be greater than 0"u8);
                    return;
                }
                id = parsed;
            }
            else if (args.Is(i, "TYPE"u8))
            {
                if (!TryParseType(value, out string parsedType))
                {
                    client.Reply.Error($"ERR Unknown client type '{CommandExecutor.Printable(value, 128)}'");
                    return;
                }
                type = parsedType;
            }
            else if (args.Is(i, "ADDR"u8)) address = Encoding.Latin1.GetString(value);
            else if (args.Is(i, "LADDR"u8)) localAddress = Encoding.Latin1.GetString(value);
            else if (args.Is(i, "USER"u8))
            {
                user = server.Acl.Find(value);
                if (user is null)
                {
                    client.Reply.Error($"ERR No such user '{CommandExecutor.Printable(value, 128)}'");
                    return;
                }
            }
            else if (args.Is(i, "SKIPME"u8))
            {
                if (value.SequenceEqual("yes"u8)) skipMe = true;
                else if (value.SequenceEqual("no"u8)) skipMe = false;
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
        }

        var victims = server.Clients.Values.Where(c =>
            (id is null || c.Id == id) && (type is null || type == TypeName(c))
            && (user is null || c.User == user) && (address is null || c.Address == address) && (localAddress is null || c.LocalAddress == localAddress)
            && !(skipMe && c == client)).ToList();
        client.Reply.Integer(victims.Count);
        foreach (var victim in victims) KillOne(client, victim);
    }

    /// <summary>Format: <c>CLIENT REPLY ON|OFF|SKIP</c>. Only ON has a reply.</summary>
    public static void Reply(Client client)
    {
        var mode = client.Args[2];
        if (Ascii.EqualsIgnoreCase(mode, "ON"u8))
        {
            client.ReplyMode = ReplyMode.On;
            client.Reply.Ok();
        }
        else if (Ascii.EqualsIgnoreCase(mode, "OFF"u8)) client.ReplyMode = ReplyMode.Off;
        else if (Ascii.EqualsIgnoreCase(mode, "SKIP"u8))
        {
            if (client.ReplyMode != ReplyMode.Off) client.ReplyMode = ReplyMode.SkipNext;
        }
        else client.Reply.Error(Errors.Syntax);
    }

    /// <summary>Format: <c>CLIENT NO-EVICT ON|OFF</c></summary>
    public static void NoEvict(Client client)
    {
        var mode = client.Args[2];
        if (Ascii.EqualsIgnoreCase(mode, "ON"u8)) client.NoEvict = true;
        else if (Ascii.EqualsIgnoreCase(mode, "OFF"u8)) client.NoEvict = false;
        else
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        client.Reply.Ok();
    }

    /// <summary>Format: <c>CLIENT HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "CLIENT",
    [
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
    ]);

    /// <summary>Names are printable ASCII without spaces, so CLIENT LIST stays parseable.</summary>
    public static bool IsValidName(ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
        {
            if (b < (byte)'!' || b > (byte)'~') return false;
        }
        return true;
    }

    /// <summary>The caller is closed after its reply; any other client at the end of this cycle.</summary>
    private static void KillOne(Client caller, Client victim)
    {
        if (victim == caller) caller.CloseAfterReply = true;
        else caller.Server.Kill(victim);
    }

    private static bool TryParseType(ReadOnlySpan<byte> text, out string type)
    {
        type = Encoding.ASCII.GetString(text).ToLowerInvariant();
        if (type == "slave") type = "replica";
        return type is "normal" or "master" or "replica" or "pubsub";
    }

    /// <summary>The class CLIENT LIST TYPE and CLIENT KILL TYPE select by (cf. getClientType).</summary>
    private static string TypeName(Client c) => c.IsMaster ? "master" : c.Replica is { IsReplica: true } && !c.IsMonitor ? "replica" : c.IsSubscribed ? "pubsub" : "normal";

    /// <summary>A client's CLIENT LIST line without its newline, as the ACL log records it (cf. catClientInfoString).</summary>
    internal static string InfoLine(Client c)
    {
        var text = new StringBuilder();
        AppendInfo(text, c, c);
        return text.ToString(0, text.Length - 1);
    }

    /// <summary>One CLIENT LIST line, with Redis's field names and order.</summary>
    private static void AppendInfo(StringBuilder text, Client c, Client caller)
    {
        long now = Clock.UnixMs;
        // In Redis's order (catClientInfoString).
        string flags = (c.IsMaster ? "M" : "") + (c.Replica is { IsReplica: true } && !c.IsMonitor ? "S" : "") + (c.IsMonitor ? "O" : "") + (c.IsSubscribed ? "P" : "") + (c.Multi is not null ? "x" : "") + (c.BlockType != BlockType.None ? "b" : "") + TrackingCommands.ListFlags(c) + (c.DirtyCas ? "d" : "")
            + (c.CloseAfterReply ? "c" : "") + (c.IsClosing ? "A" : "") + (c.NoEvict ? "e" : "");
        int argvMem = 0;
        if (c == caller)
        {
            for (int i = 0; i < c.Args.Count; i++) argvMem += c.Args[i].Length;
        }
        string events = c.Reply.PendingBytes > 0 ? "rw" : "r";
        text.Append($"id={c.Id} addr={c.Address} laddr={c.LocalAddress} fd={(long?)c.Socket?.Handle ?? -1} ")
            .Append("name=").Append(c.Name is null ? "" : Encoding.Latin1.GetString(c.Name))
            .Append($" age={(now - c.CreatedMs) / 1000} idle={(now - c.LastInteractionMs) / 1000}")
            .Append($" flags={(flags.Length == 0 ? "N" : flags)} db={c.Db.Id} sub={c.Channels.Count} psub={c.Patterns.Count} ssub={c.ShardChannels.Count} multi={c.Multi?.Count ?? -1}")
            .Append($" qbuf={c.Query.Length} qbuf-free={c.Query.Data.Length - c.Query.End} argv-mem={argvMem}")
            .Append($" multi-mem={Memory.ClientMemory.MultiUsage(c)} rbs={c.Reply.Capacity} rbp={c.Reply.Capacity} obl={c.Reply.PendingBytes} oll=0 omem=0")
            .Append($" tot-mem={Memory.ClientMemory.Usage(c)} events={events} cmd={c.LastCommand?.FullName ?? "NULL"}")
            .Append(" user=").Append(c.User.NameText).Append($" redir={TrackingCommands.RedirectField(c)} resp={c.Protocol}\n");
    }
}
