// One ACL selector: the commands (a bitmap by command id, plus allowed first arguments), key
// patterns with read/write permissions, and channel patterns it allows. A user has a root
// selector and any number of extra ones "( ... )"; a command runs if one selector allows it.
// cf. aclSelector, ACLSetSelector, ACLSelectorCheckCmd and ACLDescribeSelector in acl.c.

using System.Text;
using EventLoopRedis.Commands;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Security;

/// <summary>Why a rule was refused; each has Redis's text (cf. ACLSetUserStringError's errno cases).</summary>
internal enum AclRuleError
{
    None,
    Syntax,
    UnknownCommand,
    KeyAfterAllKeys,
    ChannelAfterAllChannels,
    NoSuchPassword,
    BadHash,
    FirstArgOfSubcommand,
}

/// <summary>What a permission check found (cf. ACL_OK, ACL_DENIED_CMD, _KEY, _AUTH, _CHANNEL: the order matters).</summary>
internal enum AclDenial
{
    None = 0,
    Command = 1,
    Key = 2,
    Auth = 3,
    Channel = 4,
}

/// <summary>A key pattern and whether it allows reading, writing or both (cf. keyPattern).</summary>
internal sealed class KeyPattern(byte[] pattern, bool read, bool write)
{
    public byte[] Pattern { get; } = pattern;
    public bool Read { get; set; } = read;
    public bool Write { get; set; } = write;

    public void AppendRule(StringBuilder text)
    {
        text.Append(Read && Write ? "~" : Read ? "%R~" : "%W~");
        text.Append(Encoding.Latin1.GetString(Pattern));
    }
}

internal sealed class AclSelector
{
    private readonly AclCommandIndex _index;
    private ulong[] _commands;
    /// <summary>First arguments allowed for a command whose bit is clear ("+select|0"), by command id.</summary>
    private Dictionary<int, List<byte[]>>? _firstArgs;

    public AclSelector(AclCommandIndex index, bool root, bool allChannels)
    {
        _index = index;
        IsRoot = root;
        AllChannels = allChannels;
        _commands = new ulong[(index.Count + 63) / 64];
    }

    public bool IsRoot { get; }
    public bool AllKeys { get; private set; }
    public bool AllChannels { get; private set; }
    /// <summary>Every command is allowed without looking at the bitmap (SELECTOR_FLAG_ALLCOMMANDS).</summary>
    public bool AllCommands { get; private set; }
    /// <summary>
    /// Set by +@all, cleared by -@all: the rules start from everything (commands added later would be
    /// allowed), which is how a description knows to begin with +@all (Redis's reserved last bit).
    /// </summary>
    public bool StartsFromAll { get; private set; }
    public List<KeyPattern> Keys { get; } = new();
    public List<byte[]> Channels { get; } = new();

    public AclSelector Clone()
    {
        var copy = new AclSelector(_index, IsRoot, AllChannels)
        {
            AllKeys = AllKeys,
            AllCommands = AllCommands,
            StartsFromAll = StartsFromAll,
            _commands = (ulong[])_commands.Clone(),
        };
        foreach (var key in Keys) copy.Keys.Add(new KeyPattern(key.Pattern, key.Read, key.Write));
        copy.Channels.AddRange(Channels);
        if (_firstArgs is not null)
        {
            copy._firstArgs = new();
            foreach (var (id, args) in _firstArgs) copy._firstArgs[id] = new List<byte[]>(args);
        }
        return copy;
    }

    // ---- rules ---------------------------------------------------------------------------

    /// <summary>Applies one selector rule (not a user flag or password); cf. ACLSetSelector.</summary>
    public AclRuleError Apply(ReadOnlySpan<byte> op)
    {
        if (op.Length == 0) return AclRuleError.Syntax;
        if (Is(op, "allkeys") || Is(op, "~*"))
        {
            AllKeys = true;
            Keys.Clear();
        }
        else if (Is(op, "resetkeys"))
        {
            AllKeys = false;
            Keys.Clear();
        }
        else if (Is(op, "allchannels") || Is(op, "&*"))
        {
            AllChannels = true;
            Channels.Clear();
        }
        else if (Is(op, "resetchannels"))
        {
            AllChannels = false;
            Channels.Clear();
        }
        else if (Is(op, "allcommands") || Is(op, "+@all"))
        {
            Array.Fill(_commands, ulong.MaxValue);
            AllCommands = StartsFromAll = true;
            _firstArgs = null;
        }
        else if (Is(op, "nocommands") || Is(op, "-@all"))
        {
            Array.Clear(_commands);
            AllCommands = StartsFromAll = false;
            _firstArgs = null;
        }
        else if (op[0] is (byte)'~' or (byte)'%') return AddKeyPattern(op);
        else if (op[0] == (byte)'&')
        {
            if (AllChannels) return AclRuleError.ChannelAfterAllChannels;
            if (HasSpaces(op[1..])) return AclRuleError.Syntax;
            if (IndexOf(Channels, op[1..]) < 0) Channels.Add(op[1..].ToArray());
            AllChannels = false;
        }
        else if (op[0] == (byte)'+' && (op.Length < 2 || op[1] != (byte)'@')) return AllowCommand(op[1..]);
        else if (op[0] == (byte)'-' && (op.Length < 2 || op[1] != (byte)'@'))
        {
            var command = _index.Lookup(op[1..]);
            if (command is null) return AclRuleError.UnknownCommand;
            ChangePermission(command, false);
        }
        else if (op[0] is (byte)'+' or (byte)'-')
        {
            ulong category = AclCommandIndex.CategoryBit(op[2..]);
            if (category == 0) return AclRuleError.UnknownCommand;
            SetCategory(category, op[0] == (byte)'+');
        }
        else return AclRuleError.Syntax;
        return AclRuleError.None;
    }

    /// <summary>~pattern, %R~pattern, %W~pattern, %RW~pattern: the same pattern twice merges its permissions.</summary>
    private AclRuleError AddKeyPattern(ReadOnlySpan<byte> op)
    {
        if (AllKeys) return AclRuleError.KeyAfterAllKeys;
        bool read = false, write = false;
        int offset = 1;
        if (op[0] == (byte)'%')
        {
            for (; offset < op.Length; offset++)
            {
                byte c = (byte)char.ToUpperInvariant((char)op[offset]);
                if (c == (byte)'R' && !read) read = true;
                else if (c == (byte)'W' && !write) write = true;
                else if (op[offset] == (byte)'~')
                {
                    offset++;
                    break;
                }
                else return AclRuleError.Syntax;
            }
            // "%" alone grants nothing; Redis would store a pattern it cannot describe later.
            if (!read && !write) return AclRuleError.Syntax;
        }
        else read = write = true;

        var pattern = op[offset..];
        if (HasSpaces(pattern)) return AclRuleError.Syntax;
        KeyPattern? existing = null;
        foreach (var key in Keys)
        {
            if (key.Pattern.AsSpan().SequenceEqual(pattern)) existing = key;
        }
        if (existing is null) Keys.Add(new KeyPattern(pattern.ToArray(), read, write));
        else
        {
            existing.Read |= read;
            existing.Write |= write;
        }
        AllKeys = false;
        return AclRuleError.None;
    }

    /// <summary>+cmd, +cmd|sub, or +cmd|firstarg for a command without subcommands.</summary>
    private AclRuleError AllowCommand(ReadOnlySpan<byte> name)
    {
        int bar = name.LastIndexOf((byte)'|');
        if (bar < 0)
        {
            var command = _index.Lookup(name);
            if (command is null) return AclRuleError.UnknownCommand;
            ChangePermission(command, true);
            return AclRuleError.None;
        }
        var parent = _index.Lookup(name[..bar]);
        if (parent is null) return AclRuleError.UnknownCommand;
        if (parent.Parent is not null) return AclRuleError.FirstArgOfSubcommand;
        var sub = name[(bar + 1)..];
        if (sub.Length == 0) return AclRuleError.Syntax;
        if (parent.IsContainer)
        {
            var subcommand = _index.Lookup(name);
            if (subcommand is null) return AclRuleError.UnknownCommand;
            ChangePermission(subcommand, true);
            return AclRuleError.None;
        }
        Log.Warning("Deprecation warning: Allowing a first arg of an otherwise blocked command is a misuse of ACL and may get disabled " +
            $"in the future (offender: +{Encoding.Latin1.GetString(name)})");
        int id = _index.Id(parent);
        _firstArgs ??= new();
        if (!_firstArgs.TryGetValue(id, out var list)) _firstArgs[id] = list = new();
        foreach (var arg in list)
        {
            if (Ascii.EqualsIgnoreCase(arg, sub)) return AclRuleError.None;
        }
        list.Add(sub.ToArray());
        return AclRuleError.None;
    }

    /// <summary>Allows or denies a command, and with a container all its subcommands (cf. ACLChangeSelectorPerm).</summary>
    private void ChangePermission(CommandDef command, bool allow)
    {
        int id = _index.Id(command);
        SetBit(id, allow);
        _firstArgs?.Remove(id);
        foreach (var sub in command.Subcommands) SetBit(_index.Id(sub), allow);
    }

    private void SetCategory(ulong category, bool allow)
    {
        foreach (var command in _index.TopLevel)
        {
            if ((_index.CategoriesOf(_index.Id(command)) & category) != 0) ChangePermission(command, allow);
            foreach (var sub in command.Subcommands)
            {
                if ((_index.CategoriesOf(_index.Id(sub)) & category) != 0) ChangePermission(sub, allow);
            }
        }
    }

    private void SetBit(int id, bool value)
    {
        if (value) _commands[id >> 6] |= 1UL << (id & 63);
        else
        {
            _commands[id >> 6] &= ~(1UL << (id & 63));
            AllCommands = false;
        }
    }

    private bool GetBit(int id) => (_commands[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>The index of <paramref name="item"/> in <paramref name="list"/> by content, or -1.</summary>
    public static int IndexOf(List<byte[]> list, ReadOnlySpan<byte> item)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].AsSpan().SequenceEqual(item)) return i;
        }
        return -1;
    }

    private static bool Is(ReadOnlySpan<byte> op, string word) => Ascii.EqualsIgnoreCase(op, word);

    /// <summary>Spaces or NUL bytes, which usernames and patterns may not hold (cf. ACLStringHasSpaces).</summary>
    public static bool HasSpaces(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r' or 0) return true;
        }
        return false;
    }

    // ---- checks --------------------------------------------------------------------------

    /// <summary>
    /// May this selector run the command in <paramref name="args"/> (name at <paramref name="offset"/>)?
    /// On a key or channel refusal, <paramref name="position"/> is the argument refused. cf. ACLSelectorCheckCmd.
    /// </summary>
    public AclDenial Check(CommandDef command, int id, ArgList args, int offset, ref List<KeyReference>? keys, out int position)
    {
        position = 0;
        if (!AllCommands && !command.Has(CommandFlags.NoAuth) && !GetBit(id))
        {
            int argIndex = offset + (command.Parent is not null ? 2 : 1);
            if (args.Count - offset < 2 || _firstArgs is null || !_firstArgs.TryGetValue(id, out var allowed)
                || argIndex >= args.Count || !allowed.Exists(a => Ascii.EqualsIgnoreCase(a, args[argIndex])))
                return AclDenial.Command;
        }
        if (!AllKeys && KeyFinder.HasKeys(command))
        {
            keys ??= KeyFinder.Find(command, args, offset);
            foreach (var key in keys)
            {
                if (!MayAccessKey(args[offset + key.Position], key.Flags))
                {
                    position = key.Position;
                    return AclDenial.Key;
                }
            }
        }
        if (!AllChannels)
        {
            var kind = _index.ChannelsOf(id);
            if (kind != ChannelArgs.None)
            {
                int last = kind == ChannelArgs.First ? Math.Min(2, args.Count - offset) : args.Count - offset;
                for (int i = 1; i < last; i++)
                {
                    if (!MayUseChannel(args[offset + i], literal: kind == ChannelArgs.AllPatterns))
                    {
                        position = i;
                        return AclDenial.Channel;
                    }
                }
            }
        }
        return AclDenial.None;
    }

    /// <summary>A key spec's access flags against the patterns (cf. ACLSelectorCheckKey).</summary>
    public bool MayAccessKey(ReadOnlySpan<byte> key, string specFlags)
    {
        if (AllKeys) return true;
        bool read = specFlags.Contains("access", StringComparison.Ordinal);
        bool write = specFlags.Contains("insert", StringComparison.Ordinal) || specFlags.Contains("delete", StringComparison.Ordinal)
            || specFlags.Contains("update", StringComparison.Ordinal);
        foreach (var pattern in Keys)
        {
            if ((read && !pattern.Read) || (write && !pattern.Write)) continue;
            if (Glob.Match(pattern.Pattern, key)) return true;
        }
        return false;
    }

    /// <summary>A channel against the channel patterns; a PSUBSCRIBE pattern must equal one (cf. ACLCheckChannelAgainstList).</summary>
    public bool MayUseChannel(ReadOnlySpan<byte> channel, bool literal)
    {
        if (AllChannels) return true;
        foreach (var pattern in Channels)
        {
            if (literal ? pattern.AsSpan().SequenceEqual(channel) : Glob.Match(pattern, channel)) return true;
        }
        return false;
    }

    // ---- descriptions --------------------------------------------------------------------

    /// <summary>"~k* resetchannels &amp;c -@all +get": keys, channels, then the command rules (cf. ACLDescribeSelector).</summary>
    public void Describe(StringBuilder text)
    {
        if (AllKeys) text.Append("~* ");
        else
        {
            foreach (var key in Keys)
            {
                key.AppendRule(text);
                text.Append(' ');
            }
        }
        if (AllChannels) text.Append("&* ");
        else
        {
            text.Append("resetchannels ");
            foreach (var channel in Channels) text.Append('&').Append(Encoding.Latin1.GetString(channel)).Append(' ');
        }
        text.Append(DescribeCommands());
    }

    /// <summary>The key patterns as ACL GETUSER shows them: "~*", or the rules joined by spaces.</summary>
    public string DescribeKeys()
    {
        if (AllKeys) return "~*";
        var text = new StringBuilder();
        foreach (var key in Keys)
        {
            if (text.Length > 0) text.Append(' ');
            key.AppendRule(text);
        }
        return text.ToString();
    }

    /// <summary>The channel patterns as ACL GETUSER shows them: "&amp;*", or "&amp;pattern" joined by spaces.</summary>
    public string DescribeChannels()
    {
        if (AllChannels) return "&*";
        var text = new StringBuilder();
        foreach (var channel in Channels)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append('&').Append(Encoding.Latin1.GetString(channel));
        }
        return text.ToString();
    }

    /// <summary>
    /// Rules that rebuild the command bitmap: +@all or -@all, then the categories that fit best,
    /// then single commands and first arguments. Replayed on a scratch selector as they are
    /// chosen, so each step knows what is left to fix. cf. ACLDescribeSelectorCommandRules.
    /// </summary>
    public string DescribeCommands()
    {
        var rules = new StringBuilder();
        var fake = new AclSelector(_index, root: false, allChannels: false);
        bool additive = !StartsFromAll;
        rules.Append(additive ? "-@all " : "+@all ");
        fake.Apply(additive ? "-@all"u8 : "+@all"u8);

        var temp = new AclSelector(_index, root: false, allChannels: false) { _commands = (ulong[])_commands.Clone() };
        var applied = new bool[AclCommandIndex.Categories.Length];
        while (true)
        {
            int best = -1;
            long minDiff = int.MaxValue, maxSame = 0;
            for (int j = 0; j < AclCommandIndex.Categories.Length; j++)
            {
                if (applied[j]) continue;
                temp.CountCategory(1UL << j, out long on, out long off);
                long diff = additive ? off : on, same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame)))
                {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == -1) break;
            fake.SetCategory(1UL << best, additive);
            temp.SetCategory(1UL << best, !additive);
            rules.Append(additive ? "+@" : "-@").Append(AclCommandIndex.Categories[best]).Append(' ');
            applied[best] = true;
        }

        foreach (var command in _index.TopLevel) DescribeSingle(command, fake, rules);
        if (rules.Length > 0) rules.Length--;
        return rules.ToString();
    }

    private void DescribeSingle(CommandDef command, AclSelector fake, StringBuilder rules)
    {
        int id = _index.Id(command);
        bool mine = GetBit(id);
        if (mine != fake.GetBit(id))
        {
            rules.Append(mine ? '+' : '-').Append(command.FullName).Append(' ');
            fake.ChangePermission(command, mine);
        }
        foreach (var sub in command.Subcommands) DescribeSingle(sub, fake, rules);
        if (!mine && _firstArgs is not null && _firstArgs.TryGetValue(id, out var args))
        {
            foreach (var arg in args) rules.Append('+').Append(command.FullName).Append('|').Append(Encoding.Latin1.GetString(arg)).Append(' ');
        }
    }

    private void CountCategory(ulong category, out long on, out long off)
    {
        on = off = 0;
        foreach (var command in _index.TopLevel)
        {
            Count(command, ref on, ref off);
            foreach (var sub in command.Subcommands) Count(sub, ref on, ref off);
        }

        void Count(CommandDef command, ref long on, ref long off)
        {
            int id = _index.Id(command);
            if ((_index.CategoriesOf(id) & category) == 0) return;
            if (GetBit(id)) on++;
            else off++;
        }
    }

    /// <summary>Every permission there is: the fast path of the check (the default user's usual state).</summary>
    public bool AllowsEverything => AllCommands && AllKeys && AllChannels;
}
