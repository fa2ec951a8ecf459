// SORT and SORT_RO: sort a list, set or sorted set, by its elements or by other keys (BY), pick
// values through patterns (GET), and return or STORE the result as a list.
// cf. sortCommandGeneric, lookupKeyByPattern and sortCompare in sort.c.

using System.Buffers;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Commands;

internal static class SortCommands
{
    private const int DigitsLength = 20; // room for any long, "-9223372036854775808"

    /// <summary>Format: <c>SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]</c>.</summary>
    public static void Sort(Client client) => SortGeneric(client, readOnly: false);

    /// <summary>Format: <c>SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]</c>. SORT without STORE.</summary>
    public static void SortRo(Client client) => SortGeneric(client, readOnly: true);

    /// <summary>One element to sort, with its weight: a score, or (ALPHA with BY) the bytes it is compared by.</summary>
    private struct SortItem
    {
        public byte[] Element;
        public double Score;
        public byte[]? CompareBy;
        public int Position; // the load order, in which a stable sort keeps equal elements
    }

    /// <summary>The options of one SORT call (cf. the locals of sortCommandGeneric).</summary>
    private struct SortOptions
    {
        public bool Desc, Alpha, DontSort;
        public long LimitStart, LimitCount;
        public int ByIndex, StoreIndex, GetCount;
        public int[]? GetIndexes;
    }

    private static void SortGeneric(Client client, bool readOnly)
    {
        var args = client.Args;
        if (!TryParseOptions(client, readOnly, out var options)) return;

        var value = client.Db.Lookup(args[1]);
        if (value is not null && value.Type is not (RedisType.List or RedisType.Set or RedisType.ZSet))
        {
            client.Reply.Error(Errors.WrongType);
            return;
        }

        // A set has no order of its own: with nothing to sort by, a script (or STORE, which is
        // replicated) gets it sorted ALPHA so the result is the same everywhere.
        bool isScript = client == client.Server.Scripting.PseudoClient;
        if (options.DontSort && value?.Type == RedisType.Set && (options.StoreIndex > 0 || isScript))
        {
            options.DontSort = false;
            options.Alpha = true;
            options.ByIndex = 0;
        }
        if (value?.Type == RedisType.ZSet) value.As<SortedSet>().ConvertToSkiplist();

        long length = value is null ? 0 : ((ICollectionValue)value.Value!).Count;
        long start = Math.Min(Math.Max(options.LimitStart, 0), length);
        long count = Math.Min(Math.Max(options.LimitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length)
        {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) end = length - 1;

        var items = Load(value, options, ref start, ref end);
        bool scoreError = false;
        if (!options.DontSort)
        {
            scoreError = LoadWeights(client, items, options);
            bool store = options.StoreIndex > 0;
            bool byPattern = options.ByIndex > 0;
            bool desc = options.Desc;
            Comparison<SortItem> compare = options.Alpha
                ? (a, b) => Directed(desc, CompareAlpha(a, b, byPattern, store))
                : (a, b) => Directed(desc, CompareNumeric(a, b));
            // Redis sorts only the LIMIT range when it sorts BY a pattern (pqsort); otherwise glibc's
            // qsort, a merge sort, which keeps equal elements in load order.
            if (byPattern && (start != 0 || end != items.Length - 1)) PartialQuickSort.Sort(items.AsSpan(), compare, start, end);
            else Array.Sort(items, (a, b) => compare(a, b) is var c && c != 0 ? c : a.Position.CompareTo(b.Position));
        }

        long rows = end - start + 1;
        long outputLength = options.GetCount > 0 ? options.GetCount * rows : rows;
        if (scoreError) client.Reply.Error(Errors.SortScoreNotDouble);
        else if (options.StoreIndex == 0) ReplyResult(client, items, start, end, outputLength, options);
        else StoreResult(client, items, start, end, outputLength, options);
    }

    /// <summary>Reads the options; false after replying an error. cf. the parsing loop of sortCommandGeneric.</summary>
    private static bool TryParseOptions(Client client, bool readOnly, out SortOptions options)
    {
        var args = client.Args;
        options = new SortOptions { LimitCount = -1 };
        for (int j = 2; j < args.Count; j++)
        {
            int left = args.Count - j - 1;
            if (args.IsOption(j, "ASC"u8)) options.Desc = false;
            else if (args.IsOption(j, "DESC"u8)) options.Desc = true;
            else if (args.IsOption(j, "ALPHA"u8)) options.Alpha = true;
            else if (args.IsOption(j, "LIMIT"u8) && left >= 2)
            {
                if (!Numbers.TryParseLong(args[j + 1], out options.LimitStart)
                    || !Numbers.TryParseLong(args[j + 2], out options.LimitCount))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return false;
                }
                j += 2;
            }
            else if (!readOnly && args.IsOption(j, "STORE"u8) && left >= 1) options.StoreIndex = ++j;
            else if (args.IsOption(j, "BY"u8) && left >= 1)
            {
                options.ByIndex = ++j;
                // A pattern without '*' names one fixed key for every element: nothing to sort by.
                if (ArgList.CString(args[j]).IndexOf((byte)'*') < 0) options.DontSort = true;
            }
            else if (args.IsOption(j, "GET"u8) && left >= 1)
            {
                options.GetIndexes ??= new int[args.Count / 2];
                options.GetIndexes[options.GetCount++] = ++j;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The elements to sort. Without sorting, a list or sorted set loads only the LIMIT range,
    /// in its own order (reversed for DESC), and <paramref name="start"/> and <paramref name="end"/>
    /// are moved to index that range.
    /// </summary>
    private static SortItem[] Load(RedisObject? value, in SortOptions options, ref long start, ref long end)
    {
        if (value is null) return [];
        long length = ((ICollectionValue)value.Value!).Count;
        bool ranged = options.DontSort && value.Type != RedisType.Set;
        long size = ranged && (start != 0 || end != length - 1) ? end - start + 1 : length;
        var items = new SortItem[size];
        int n = 0;
        Span<byte> digits = stackalloc byte[DigitsLength];
        switch (value.Type)
        {
            case RedisType.List:
                var list = value.As<Quicklist>();
                if (ranged && end < start) break;
                var iterator = ranged
                    ? list.IterateFrom(options.Desc ? length - start - 1 : start, forward: !options.Desc)
                    : list.IterateFrom(0, forward: true);
                while (n < size && iterator.MoveNext()) Add(items, ref n, iterator.Current(digits).ToArray());
                break;
            case RedisType.Set:
                foreach (var member in value.As<RedisSet>()) Add(items, ref n, member.ToArray());
                break;
            default:
                var zset = value.As<SortedSet>();
                if (ranged && end < start) break;
                long rank = !ranged ? 0 : options.Desc ? length - 1 - start : start;
                var cursor = zset.IterateFrom(rank, reverse: ranged && options.Desc);
                while (n < size && cursor.MoveNext()) Add(items, ref n, cursor.Member);
                break;
        }
        if (ranged)
        {
            end -= start;
            start = 0;
        }
        return items;
    }

    private static void Add(SortItem[] items, ref int n, byte[] element)
    {
        items[n] = new SortItem { Element = element, Position = n };
        n++;
    }

    /// <summary>
    /// Gives each element its weight: itself or the value its BY pattern finds (a missing one
    /// weighs 0, or sorts first with ALPHA). True if a numeric weight is not a double, which
    /// strtod decides: its whole text up to the first NUL, no overflow, no NaN.
    /// </summary>
    private static bool LoadWeights(Client client, SortItem[] items, in SortOptions options)
    {
        bool error = false;
        Span<byte> digits = stackalloc byte[DigitsLength];
        for (int j = 0; j < items.Length; j++)
        {
            scoped ReadOnlySpan<byte> weight = items[j].Element;
            if (options.ByIndex > 0 && !TryLookupByPattern(client, client.Args[options.ByIndex], items[j].Element, digits, out weight)) continue;
            if (options.Alpha)
            {
                if (options.ByIndex > 0) items[j].CompareBy = weight.ToArray();
                continue;
            }
            int used = Doubles.Strtod(weight, out items[j].Score, out bool outOfRange);
            if (used != ArgList.CString(weight).Length || outOfRange || double.IsNaN(items[j].Score)) error = true;
        }
        return error;
    }

    /// <summary>
    /// The value a pattern names for one element (cf. lookupKeyByPattern): "#" is the element
    /// itself; otherwise the first '*' is replaced by the element to make a key name, and a
    /// "->field" after the '*' reads that field of a hash. A pattern without '*', a missing key
    /// or a key of another type gives nothing. '*', "->" and "#" are found as C string functions
    /// find them, before the first NUL.
    /// </summary>
    private static bool TryLookupByPattern(
        Client client, ReadOnlySpan<byte> pattern, byte[] element, Span<byte> digits, out ReadOnlySpan<byte> value)
    {
        value = default;
        var text = ArgList.CString(pattern);
        if (text.Length == 1 && text[0] == (byte)'#')
        {
            value = element;
            return true;
        }
        int star = text.IndexOf((byte)'*');
        if (star < 0) return false;
        int arrow = text[(star + 1)..].IndexOf("->"u8);
        int fieldStart = arrow < 0 ? -1 : star + 1 + arrow + 2;
        bool hasField = fieldStart >= 0 && fieldStart < text.Length;
        int postfixEnd = hasField ? fieldStart - 2 : pattern.Length;

        int keyLength = star + element.Length + (postfixEnd - star - 1);
        byte[] rented = ArrayPool<byte>.Shared.Rent(keyLength);
        try
        {
            pattern[..star].CopyTo(rented);
            element.CopyTo(rented.AsSpan(star));
            pattern[(star + 1)..postfixEnd].CopyTo(rented.AsSpan(star + element.Length));
            var found = client.Db.Lookup(rented.AsSpan(0, keyLength));
            if (found is null) return false;
            if (hasField)
            {
                return found.Type == RedisType.Hash && found.As<RedisHash>().TryGetValue(pattern[fieldStart..], digits, out value);
            }
            if (found.Type != RedisType.String) return false;
            value = found.StringSpan(digits);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Numeric order: by score, equal scores by the elements' bytes (so SORT is deterministic).</summary>
    private static int CompareNumeric(in SortItem a, in SortItem b) =>
        a.Score > b.Score ? 1 : a.Score < b.Score ? -1 : a.Element.AsSpan().SequenceCompareTo(b.Element);

    /// <summary>
    /// ALPHA order: by the BY values (missing ones first) or the elements. STORE compares all the
    /// bytes; a reply compares with strcoll, which in the C and C.UTF-8 locales is strcmp: up to the first NUL.
    /// </summary>
    private static int CompareAlpha(in SortItem a, in SortItem b, bool byPattern, bool store)
    {
        ReadOnlySpan<byte> x = a.Element, y = b.Element;
        if (byPattern)
        {
            if (a.CompareBy is null || b.CompareBy is null)
                return a.CompareBy == b.CompareBy ? 0 : a.CompareBy is null ? -1 : 1;
            x = a.CompareBy;
            y = b.CompareBy;
        }
        return store ? x.SequenceCompareTo(y) : ArgList.CString(x).SequenceCompareTo(ArgList.CString(y));
    }

    private static int Directed(bool desc, int compare) => desc ? -Math.Sign(compare) : Math.Sign(compare);

    private static void ReplyResult(Client client, SortItem[] items, long start, long end, long outputLength, in SortOptions options)
    {
        var reply = client.Reply;
        reply.ArrayHeader(outputLength);
        Span<byte> digits = stackalloc byte[DigitsLength];
        for (long j = start; j <= end; j++)
        {
            var element = items[j].Element;
            if (options.GetCount == 0) reply.Bulk(element);
            for (int g = 0; g < options.GetCount; g++)
            {
                if (TryLookupByPattern(client, client.Args[options.GetIndexes![g]], element, digits, out var value)) reply.Bulk(value);
                else reply.NullBulk();
            }
        }
    }

    /// <summary>STORE: the result becomes a list (a missing GET value an empty string); an empty result deletes the destination.</summary>
    private static void StoreResult(Client client, SortItem[] items, long start, long end, long outputLength, in SortOptions options)
    {
        var destination = client.Args[options.StoreIndex];
        var list = new Quicklist(client.Server.Config.ListMaxListpackSize);
        Span<byte> digits = stackalloc byte[DigitsLength];
        for (long j = start; j <= end; j++)
        {
            var element = items[j].Element;
            if (options.GetCount == 0) list.Push(element, head: false);
            for (int g = 0; g < options.GetCount; g++)
            {
                TryLookupByPattern(client, client.Args[options.GetIndexes![g]], element, digits, out var value);
                list.Push(value, head: false);
            }
        }
        if (outputLength > 0)
        {
            client.Db.Set(destination, RedisObject.Collection(RedisType.List, list));
            client.Db.SignalModified(destination);
            client.Server.Dirty += outputLength;
            KeyspaceEvents.Notify(client, NotifyClass.List, "sortstore"u8, destination);
        }
        else if (client.Db.Delete(destination))
        {
            client.Db.SignalModified(destination);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, destination);
        }
        client.Reply.Integer(outputLength);
    }
}
