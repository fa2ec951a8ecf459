// Finds the keys of a command from its arguments: the key specs of its table entry first, then,
// where they cannot tell (an incomplete spec, flags that vary), the command's own key finder.
// cf. getKeysFromCommandWithSpecs, getKeysUsingKeySpecs and the *GetKeys procs in db.c.

using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

/// <summary>One key argument: its index in the command's arguments and how the command accesses it (key spec flags).</summary>
internal readonly record struct KeyReference(int Position, string Flags);

internal static class KeyFinder
{
    /// <summary>
    /// The commands Redis gives a getkeys procedure (cf. the getkeys_proc field of the command table),
    /// by full name. Redis uses it when the key specs fail (a bad numkeys, an incomplete spec) or
    /// when the spec flags depend on the arguments (SET ... GET, BITFIELD with SET or INCRBY).
    /// </summary>
    private static readonly Dictionary<string, Func<ArgList, int, List<KeyReference>, bool>> Procedures = new()
    {
        ["eval"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["evalsha"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["eval_ro"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["evalsha_ro"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["fcall"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["fcall_ro"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["zunionstore"] = Generic(storeAt: 1, countAt: 2, firstAt: 3),
        ["zinterstore"] = Generic(storeAt: 1, countAt: 2, firstAt: 3),
        ["zdiffstore"] = Generic(storeAt: 1, countAt: 2, firstAt: 3),
        ["zunion"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["zinter"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["zdiff"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["zintercard"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["sintercard"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["lmpop"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["zmpop"] = Generic(storeAt: 0, countAt: 1, firstAt: 2),
        ["blmpop"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["bzmpop"] = Generic(storeAt: 0, countAt: 2, firstAt: 3),
        ["sort"] = SortKeys,
        ["sort_ro"] = (args, offset, keys) =>
        {
            keys.Add(new KeyReference(1, "RO access"));
            return true;
        },
        ["set"] = SetKeys,
        ["bitfield"] = BitfieldKeys,
    };

    /// <summary>
    /// True if the command can have keys at all: a key finder, or a spec for a real key (cf. doesCommandHaveKeys).
    /// </summary>
    public static bool HasKeys(CommandDef command)
    {
        if (Procedures.ContainsKey(command.FullName)) return true;
        foreach (var spec in command.KeySpecs)
        {
            if (!HasFlag(spec.Flags, "not_key")) return true;
        }
        return false;
    }

    /// <summary>
    /// The keys of the command in <paramref name="args"/> from <paramref name="offset"/> on (the
    /// command's name is at <paramref name="offset"/>). Positions are relative to that offset.
    /// cf. getKeysFromCommandWithSpecs with GET_KEYSPEC_DEFAULT.
    /// </summary>
    public static List<KeyReference> Find(CommandDef command, ArgList args, int offset)
    {
        var keys = new List<KeyReference>();
        Find(command, args, offset, keys);
        return keys;
    }

    /// <summary>As <see cref="Find(CommandDef, ArgList, int)"/>, into a list the caller clears and reuses.</summary>
    public static void Find(CommandDef command, ArgList args, int offset, List<KeyReference> keys)
    {
        bool hasRealKeySpec = false, variableFlags = false;
        foreach (var spec in command.KeySpecs)
        {
            if (!HasFlag(spec.Flags, "not_key")) hasRealKeySpec = true;
            if (HasFlag(spec.Flags, "variable_flags")) variableFlags = true;
        }
        int start = keys.Count;
        if (hasRealKeySpec && !variableFlags && FromSpecs(command, args, offset, keys)) return;
        keys.RemoveRange(start, keys.Count - start);
        if (Procedures.TryGetValue(command.FullName, out var procedure)) procedure(args, offset, keys);
    }

    /// <summary>Applies every key spec in turn; false if one cannot be applied (cf. getKeysUsingKeySpecs).</summary>
    private static bool FromSpecs(CommandDef command, ArgList args, int offset, List<KeyReference> keys)
    {
        int argc = args.Count - offset;
        foreach (var spec in command.KeySpecs)
        {
            if (HasFlag(spec.Flags, "not_key")) continue;
            if (spec.Begin.IsUnknown || spec.Find.IsUnknown) return false; // cf. invalid_spec: the key finder decides
            int first = 0;
            if (spec.Begin.Keyword is null) first = spec.Begin.Index;
            else
            {
                // Search forward from startfrom, or backward from the end when it is negative.
                int start = spec.Begin.StartFrom > 0 ? spec.Begin.StartFrom : argc + spec.Begin.StartFrom;
                int end = spec.Begin.StartFrom > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1)
                {
                    if (i >= argc || i < 1) break;
                    if (System.Text.Ascii.EqualsIgnoreCase(ArgList.CString(args[offset + i]), spec.Begin.Keyword))
                    {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) continue; // the keyword is absent: this spec finds no keys
            }

            int last, step;
            if (spec.Find.IsRange)
            {
                (int lastKey, int keyStep, int limit) = (spec.Find.A, spec.Find.B, spec.Find.C);
                step = keyStep;
                if (lastKey >= 0) last = first + lastKey;
                else if (limit == 0) last = argc + lastKey;
                else last = first + ((argc - first) / limit + lastKey);
            }
            else
            {
                (int keyNumIndex, int firstKey, int keyStep) = (spec.Find.A, spec.Find.B, spec.Find.C);
                step = keyStep;
                if (first + keyNumIndex >= argc) return false;
                if (!Numbers.TryParseLong(args[offset + first + keyNumIndex], out long count) || count < 0) return false;
                first += firstKey;
                last = (int)Math.Min(first + count - 1, int.MaxValue);
            }
            if (last >= argc || last < first || first >= argc) return false;
            for (int i = first; i <= last; i += step) keys.Add(new KeyReference(i, spec.Flags));
            if (HasFlag(spec.Flags, "incomplete")) return false;
        }
        return true;
    }

    /// <summary>
    /// A count of keys at <paramref name="countAt"/>, the keys from <paramref name="firstAt"/>, and a
    /// destination key at <paramref name="storeAt"/> (0: none). cf. genericGetKeys, which reads the
    /// count with atoi: "2abc" counts as 2 here although the key spec refuses it.
    /// </summary>
    private static Func<ArgList, int, List<KeyReference>, bool> Generic(int storeAt, int countAt, int firstAt) =>
        (args, offset, keys) =>
        {
            int argc = args.Count - offset;
            int count = Atoi(args[offset + countAt]);
            if (count < 1 || count > argc - firstAt) return false;
            for (int i = 0; i < count; i++) keys.Add(new KeyReference(firstAt + i, ""));
            if (storeAt > 0) keys.Add(new KeyReference(storeAt, ""));
            return true;
        };

    /// <summary>SET overwrites its key, unless GET also reads it (cf. setGetKeys).</summary>
    private static bool SetKeys(ArgList args, int offset, List<KeyReference> keys)
    {
        for (int i = offset + 3; i < args.Count; i++)
        {
            if (args.IsOption(i, "GET"u8))
            {
                keys.Add(new KeyReference(1, "RW access update"));
                return true;
            }
        }
        keys.Add(new KeyReference(1, "OW update"));
        return true;
    }

    /// <summary>
    /// SORT reads its key and overwrites the key after the last STORE, skipping the arguments of
    /// LIMIT, GET and BY as it goes (so "GET store" names no destination). cf. sortGetKeys.
    /// </summary>
    private static bool SortKeys(ArgList args, int offset, List<KeyReference> keys)
    {
        keys.Add(new KeyReference(1, "RO access"));
        int argc = args.Count - offset, store = 0;
        for (int i = 2; i < argc; i++)
        {
            if (args.IsOption(offset + i, "LIMIT"u8)) i += 2;
            else if (args.IsOption(offset + i, "GET"u8) || args.IsOption(offset + i, "BY"u8)) i += 1;
            else if (args.IsOption(offset + i, "STORE"u8) && i + 1 < argc) store = i + 1;
        }
        if (store > 0) keys.Add(new KeyReference(store, "OW update"));
        return true;
    }

    /// <summary>BITFIELD only reads its key when every operation is a well-formed GET (cf. bitfieldGetKeys).</summary>
    private static bool BitfieldKeys(ArgList args, int offset, List<KeyReference> keys)
    {
        bool readOnly = true;
        for (int i = offset + 2; i < args.Count; i++)
        {
            int remaining = args.Count - i - 1;
            if (args.IsOption(i, "GET"u8) && remaining >= 2) i += 2;
            else if (args.IsOption(i, "OVERFLOW"u8) && remaining >= 1) i += 1;
            else
            {
                // SET or INCRBY writes; anything else is a syntax error, and assuming a write is the safe side.
                readOnly = false;
                break;
            }
        }
        keys.Add(new KeyReference(1, readOnly ? "RO access" : "RW access update"));
        return true;
    }

    /// <summary>C's atoi as glibc has it: spaces, a sign, digits, then anything; the long result cut to int.</summary>
    private static int Atoi(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r') i++;
        bool negative = i < text.Length && text[i] == (byte)'-';
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+') i++;
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit((char)text[i]); i++)
        {
            int digit = text[i] - '0';
            if (value > (long.MaxValue - digit) / 10) return unchecked(negative ? (int)long.MinValue : (int)long.MaxValue); // strtol saturates
            value = value * 10 + digit;
        }
        return unchecked((int)(negative ? -value : value));
    }

    private static bool HasFlag(string flags, string flag)
    {
        foreach (var part in flags.AsSpan().Split(' '))
        {
            if (flags.AsSpan()[part].SequenceEqual(flag)) return true;
        }
        return false;
    }
}
