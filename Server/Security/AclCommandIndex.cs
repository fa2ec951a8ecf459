// The commands as ACL rules see them: one id per command and subcommand (the bit in a selector's
// command bitmap), the categories of each, and name lookup that ignores renames.
// cf. ACLGetCommandID, ACLCommandCategories and ACLLookupCommand in acl.c.

using System.Text;
using EventLoopRedis.Commands;

namespace EventLoopRedis.Security;

/// <summary>How a command names Pub/Sub channels, for the channel check (cf. ACLDoesCommandHaveChannels).</summary>
internal enum ChannelArgs : byte
{
    None,
    /// <summary>PUBLISH, SPUBLISH: the channel is argument 1.</summary>
    First,
    /// <summary>SUBSCRIBE, SSUBSCRIBE: every argument is a channel.</summary>
    All,
    /// <summary>PSUBSCRIBE: every argument is a pattern, compared literally with the user's patterns.</summary>
    AllPatterns,
}

internal sealed class AclCommandIndex
{
    /// <summary>The categories in Redis's order: ACL CAT lists them so, and descriptions try them so.</summary>
    public static readonly string[] Categories =
    [
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
        "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
        "transaction", "scripting",
    ];

    private readonly CommandTable _table;
    private readonly List<CommandDef> _byId = new();
    private readonly List<ulong> _categoryBits = new();
    private readonly List<ChannelArgs> _channels = new();
    private readonly Dictionary<CommandDef, int> _ids = new(ReferenceEqualityComparer.Instance);

    public AclCommandIndex(CommandTable table)
    {
        _table = table;
        foreach (var command in table.Commands)
        {
            Register(command);
            foreach (var sub in command.Subcommands) Register(sub);
        }
    }

    private void Register(CommandDef command)
    {
        _ids[command] = _byId.Count;
        _byId.Add(command);
        ulong bits = 0;
        foreach (var name in command.AclCategories) bits |= CategoryBit(name.AsSpan(1));
        _categoryBits.Add(bits);
        _channels.Add(command.FullName switch
        {
            "publish" or "spublish" => ChannelArgs.First,
            "subscribe" or "ssubscribe" => ChannelArgs.All,
            "psubscribe" => ChannelArgs.AllPatterns,
            _ => ChannelArgs.None,
        });
    }

    /// <summary>Commands and subcommands: the size of a selector's bitmap.</summary>
    public int Count => _byId.Count;

    /// <summary>Top-level commands, in table order: the order descriptions and ACL CAT walk them.</summary>
    public IEnumerable<CommandDef> TopLevel => _table.Commands;

    public int Id(CommandDef command) => _ids[command];

    public ulong CategoriesOf(int id) => _categoryBits[id];

    public ChannelArgs ChannelsOf(int id) => _channels[id];

    /// <summary>The bit of a category by name, ignoring case; 0 for an unknown one.</summary>
    public static ulong CategoryBit(ReadOnlySpan<char> name)
    {
        for (int i = 0; i < Categories.Length; i++)
        {
            if (name.Equals(Categories[i], StringComparison.OrdinalIgnoreCase)) return 1UL << i;
        }
        return 0;
    }

    public static ulong CategoryBit(ReadOnlySpan<byte> name)
    {
        Span<char> chars = stackalloc char[32];
        if (name.Length > chars.Length) return 0;
        for (int i = 0; i < name.Length; i++) chars[i] = (char)name[i];
        return CategoryBit(chars[..name.Length]);
    }

    /// <summary>
    /// "get" or "config|get", ignoring case; null when unknown, when a subcommand is asked of a
    /// command without any, or with more than one '|' (cf. lookupCommandBySdsLogic).
    /// </summary>
    public CommandDef? Lookup(ReadOnlySpan<byte> name)
    {
        int bar = name.IndexOf((byte)'|');
        if (bar < 0) return _table.Find(name);
        var rest = name[(bar + 1)..];
        if (rest.IndexOf((byte)'|') >= 0) return null;
        var parent = _table.Find(name[..bar]);
        return parent is { IsContainer: true } ? parent.FindSubcommand(rest) : null;
    }

    /// <summary>The command's full name as rules print it ("get", "config|get").</summary>
    public static byte[] FullName(CommandDef command) => Encoding.ASCII.GetBytes(command.FullName);
}
