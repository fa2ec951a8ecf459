// Set commands: membership, random members, moving, and the set algebra with its *STORE forms.
// cf. the commands half of t_set.c (saddCommand ... sscanCommand, sinterGenericCommand,
// sunionDiffGenericCommand, spopWithCountCommand, srandmemberWithCountCommand).

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class SetCommands
{
    // SPOP with a count: below this ratio of what stays to what goes, build the remainder as a new set
    // instead of drawing the popped members one by one (SPOP_MOVE_STRATEGY_MUL).
    private const long SpopMoveStrategyMul = 5;

    // SRANDMEMBER with a count: when the set is at most this many times the count, copy it and remove
    // random members, rather than drawing random members until enough are unique (SRANDMEMBER_SUB_STRATEGY_MUL).
    private const long SrandmemberSubStrategyMul = 3;

    private static long MaxIntsetEntries(Client client) => client.Server.Config.SetMaxIntsetEntries;

    /// <summary>Looks <paramref name="key"/> up as a set; see <see cref="KeyLookup.TryLookup"/>.</summary>
    private static bool TryLookupSet(Client client, ReadOnlySpan<byte> key, out RedisSet? set, bool forWrite = false)
    {
        set = null;
        if (!KeyLookup.TryLookup(client, key, RedisType.Set, out var value, forWrite)) return false;
        set = value?.As<RedisSet>();
        return true;
    }

    private static void ReplyMember(Client client, in SetMember member)
    {
        if (member.IsInteger) client.Reply.BulkLong(member.Integer);
        else client.Reply.Bulk(member.StoredBytes);
    }

    // ---- single-set commands ---------------------------------------------------------

    /// <summary>Format: <c>SADD key member [member ...]</c>. Replies how many members were new.</summary>
    public static void SAdd(Client client)
    {
        var args = client.Args;
        var key = args[1];
        if (!TryLookupSet(client, key, out var set, forWrite: true)) return;
        if (set is null)
        {
            set = RedisSet.CreateFor(args[2]);
            client.Db.Set(key, RedisObject.Collection(RedisType.Set, set));
        }
        long max = MaxIntsetEntries(client), added = 0;
        for (int i = 2; i < args.Count; i++)
            if (set.Add(args[i], max)) added++;
        if (added > 0)
        {
            client.Db.SignalModified(key);
            client.Server.Dirty += added;
            KeyspaceEvents.Notify(client, NotifyClass.Set, "sadd"u8, key);
        }
        client.Reply.Integer(added);
    }

    /// <summary>Format: <c>SREM key member [member ...]</c>. Replies how many were removed; an emptied set is deleted.</summary>
    public static void SRem(Client client)
    {
        var args = client.Args;
        var key = args[1];
        if (!TryLookupSet(client, key, out var set, forWrite: true)) return;
        long removed = 0;
        if (set is not null)
        {
            for (int i = 2; i < args.Count; i++)
            {
                if (!set.Remove(args[i])) continue;
                removed++;
                if (set.Count == 0)
                {
                    client.Db.Delete(key);
                    break;
                }
            }
            if (removed > 0)
            {
                client.Db.SignalModified(key);
                client.Server.Dirty += removed;
                KeyspaceEvents.Notify(client, NotifyClass.Set, "srem"u8, key);
                if (set.Count == 0) KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
            }
        }
        client.Reply.Integer(removed);
    }

    /// <summary>
    /// Format: <c>SMOVE source destination member</c>. Replies 1 if the member was moved (or, with
    /// source and destination the same set, is there), 0 otherwise. A missing source is 0 before any
    /// type check; then both keys must hold sets.
    /// </summary>
    public static void SMove(Client client)
    {
        var args = client.Args;
        var db = client.Db;
        var source = db.LookupQuiet(args[1]);
        var destination = db.LookupQuiet(args[2]);
        if (source is null)
        {
            client.Reply.Integer(0);
            return;
        }
        if (source.Type != RedisType.Set || (destination is not null && destination.Type != RedisType.Set))
        {
            client.Reply.Error(Errors.WrongType);
            return;
        }
        var member = args[3];
        var sourceSet = source.As<RedisSet>();
        if (source == destination)
        {
            client.Reply.Integer(sourceSet.Contains(member) ? 1 : 0);
            return;
        }
        if (!sourceSet.Remove(member))
        {
            client.Reply.Integer(0);
            return;
        }
        KeyspaceEvents.Notify(client, NotifyClass.Set, "srem"u8, args[1]);
        if (sourceSet.Count == 0)
        {
            db.Delete(args[1]);
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, args[1]);
        }
        RedisSet destinationSet;
        if (destination is null)
        {
            destinationSet = RedisSet.CreateFor(member);
            db.Set(args[2], RedisObject.Collection(RedisType.Set, destinationSet));
        }
        else destinationSet = destination.As<RedisSet>();
        db.SignalModified(args[1]);
        client.Server.Dirty++;
        if (destinationSet.Add(member, MaxIntsetEntries(client)))
        {
            db.SignalModified(args[2]);
            client.Server.Dirty++; // the destination changed too
            KeyspaceEvents.Notify(client, NotifyClass.Set, "sadd"u8, args[2]);
        }
        client.Reply.Integer(1);
    }

    /// <summary>Format: <c>SISMEMBER key member</c>. Replies 1 or 0.</summary>
    public static void SIsMember(Client client)
    {
        if (!TryLookupSet(client, client.Args[1], out var set)) return;
        client.Reply.Integer(set is not null && set.Contains(client.Args[2]) ? 1 : 0);
    }

    /// <summary>Format: <c>SMISMEMBER key member [member ...]</c>. Replies 1 or 0 for each member; a missing key is an empty set.</summary>
    public static void SMIsMember(Client client)
    {
        var args = client.Args;
        if (!TryLookupSet(client, args[1], out var set)) return;
        client.Reply.ArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
            client.Reply.Integer(set is not null && set.Contains(args[i]) ? 1 : 0);
    }

    /// <summary>Format: <c>SCARD key</c>. Replies the number of members, 0 for a missing key.</summary>
    public static void SCard(Client client)
    {
        if (!TryLookupSet(client, client.Args[1], out var set)) return;
        client.Reply.Integer(set?.Count ?? 0);
    }

    /// <summary>Format: <c>SSCAN key cursor [MATCH pattern] [COUNT count]</c>. An intset comes whole, with cursor 0.</summary>
    public static void SScan(Client client) => ScanCommands.Collection(client, RedisType.Set, pairs: false);

    // ---- random members --------------------------------------------------------------

    /// <summary>
    /// Format: <c>SPOP key [count]</c>. Without a count, removes and replies one random member (null
    /// for a missing key); with one, see <see cref="SPopWithCount"/>.
    /// </summary>
    public static void SPop(Client client)
    {
        if (RanCountForm(client, SPopWithCount)) return;
        var key = client.Args[1];
        if (!TryLookupSet(client, key, out var set, forWrite: true)) return;
        if (set is null)
        {
            client.Reply.NullBulk();
            return;
        }
        var member = set.RandomMember();
        ReplyMember(client, member);
        set.Remove(member);
        KeyspaceEvents.Notify(client, NotifyClass.Set, "spop"u8, key);
        if (set.Count == 0)
        {
            client.Db.Delete(key);
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
        }
        client.Db.SignalModified(key);
        client.Server.Dirty++;
    }

    /// <summary>
    /// SPOP and SRANDMEMBER: with a count argument, runs <paramref name="withCount"/>; with more
    /// arguments, replies a syntax error. Returns whether it replied.
    /// </summary>
    private static bool RanCountForm(Client client, CommandHandler withCount)
    {
        if (client.Args.Count < 3) return false;
        if (client.Args.Count == 3) withCount(client);
        else client.Reply.Error(Errors.Syntax);
        return true;
    }

    /// <summary>
    /// SPOP key count: replies a set of up to count distinct random members and removes them. As in
    /// Redis: a count covering the whole set replies it all (as SUNION would) and deletes the key; a
    /// count small next to what remains draws and removes members one at a time; otherwise the members
    /// that stay are drawn into a new set, which replaces the old, whose leftovers are the reply.
    /// </summary>
    private static void SPopWithCount(Client client)
    {
        var args = client.Args;
        var key = args[1];
        if (!Numbers.TryParseLong(args[2], out long count) || count < 0)
        {
            client.Reply.Error(Errors.MustBePositive);
            return;
        }
        if (!TryLookupSet(client, key, out var set, forWrite: true)) return;
        if (set is null || count == 0)
        {
            client.Reply.SetHeader(0);
            return;
        }

        long size = set.Count, max = MaxIntsetEntries(client);
        KeyspaceEvents.Notify(client, NotifyClass.Set, "spop"u8, key);
        client.Server.Dirty += Math.Min(count, size);
        if (count >= size)
        {
            // As Redis does, through SUNION's code, which looks the key up again (a keyspace hit).
            UnionOrDiff(client, 1, 1, destinationArg: 0, diff: false);
            client.Db.Delete(key);
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
            client.Db.SignalModified(key);
            return;
        }

        client.Reply.SetHeader(count);
        long remaining = size - count;
        if (remaining * SpopMoveStrategyMul > count)
        {
            for (long i = 0; i < count; i++)
            {
                var member = set.RandomMember();
                ReplyMember(client, member);
                set.Remove(member);
            }
        }
        else
        {
            Span<byte> digits = stackalloc byte[20];
            RedisSet? kept = null;
            for (long i = 0; i < remaining; i++)
            {
                var member = set.RandomMember();
                kept ??= RedisSet.CreateFor(member.Span(digits));
                kept.Add(member, max);
                set.Remove(member);
            }
            foreach (var member in set) ReplyMember(client, member);
            client.Db.Set(key, RedisObject.Collection(RedisType.Set, kept!), keepTtl: true);
        }
        client.Db.SignalModified(key);
    }

    /// <summary>
    /// Format: <c>SRANDMEMBER key [count]</c>. Without a count, one random member (null for a missing
    /// key); with one, see <see cref="SRandMemberWithCount"/>. Never changes the set.
    /// </summary>
    public static void SRandMember(Client client)
    {
        if (RanCountForm(client, SRandMemberWithCount)) return;
        if (!TryLookupSet(client, client.Args[1], out var set)) return;
        if (set is null) client.Reply.NullBulk();
        else ReplyMember(client, set.RandomMember());
    }

    /// <summary>
    /// SRANDMEMBER key count, an array in both protocols. Redis's four cases: a negative count (or 1)
    /// draws |count| members independently, repeats allowed; a count covering the set replies it
    /// all; a count above a third of the set copies the set and removes random members down to
    /// count; a smaller one draws until count distinct members were found.
    /// </summary>
    private static void SRandMemberWithCount(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[2], out long requested))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (requested == long.MinValue)
        {
            client.Reply.Error(Errors.RandomCountOutOfRange);
            return;
        }
        if (!TryLookupSet(client, args[1], out var set)) return;
        if (set is null || requested == 0)
        {
            client.Reply.ArrayHeader(0);
            return;
        }

        long count = Math.Abs(requested), size = set.Count;
        if (requested < 0 || count == 1)
        {
            client.Reply.ArrayHeader(count);
            for (long i = 0; i < count; i++) ReplyMember(client, set.RandomMember());
            return;
        }
        if (count >= size)
        {
            client.Reply.ArrayHeader(size);
            foreach (var member in set) ReplyMember(client, member);
            return;
        }

        var picked = new Dict<bool>();
        if (count * SrandmemberSubStrategyMul > size)
        {
            foreach (var member in set) picked.TryAdd(member.ToArray(), false);
            for (long left = size; left > count; left--)
            {
                picked.TryGetRandom(out var drop, out _);
                picked.Remove(drop);
            }
        }
        else
        {
            while (picked.Count < count) picked.TryAdd(set.RandomMember().ToArray(), false);
        }
        client.Reply.ArrayHeader(count);
        foreach (var entry in picked) client.Reply.Bulk(entry.Key);
    }

    // ---- intersection ----------------------------------------------------------------

    /// <summary>Format: <c>SMEMBERS key</c>. The whole set (an intset in ascending order); as in Redis 7.0, SINTER of one key.</summary>
    public static void SMembers(Client client) => Intersect(client, 1, 1, destinationArg: 0, cardinalityOnly: false, limit: 0);

    /// <summary>Format: <c>SINTER key [key ...]</c>. The members common to every set; a missing key makes it empty.</summary>
    public static void SInter(Client client) =>
        Intersect(client, 1, client.Args.Count - 1, destinationArg: 0, cardinalityOnly: false, limit: 0);

    /// <summary>Format: <c>SINTERSTORE destination key [key ...]</c>. Stores the intersection; replies its size.</summary>
    public static void SInterStore(Client client) =>
        Intersect(client, 2, client.Args.Count - 2, destinationArg: 1, cardinalityOnly: false, limit: 0);

    /// <summary>
    /// Format: <c>SINTERCARD numkeys key [key ...] [LIMIT limit]</c>. Replies the size of the
    /// intersection, counting no further than a non-zero LIMIT.
    /// </summary>
    public static void SInterCard(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[1], out long keyCount) || keyCount < 1)
        {
            client.Reply.Error(Errors.NumKeysNotPositive);
            return;
        }
        if (keyCount > args.Count - 2)
        {
            client.Reply.Error(Errors.SinterCardKeysOverArgs);
            return;
        }
        long limit = 0;
        for (int i = 2 + (int)keyCount; i < args.Count; i++)
        {
            if (args.IsOption(i, "LIMIT"u8) && i + 1 < args.Count)
            {
                i++;
                if (!Numbers.TryParseLong(args[i], out limit) || limit < 0)
                {
                    client.Reply.Error(Errors.LimitNegative);
                    return;
                }
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        Intersect(client, 2, (int)keyCount, destinationArg: 0, cardinalityOnly: true, limit);
    }

    // The sets of the command running now, and the members SINTER found; reused (one thread runs every command).
    private static readonly List<RedisSet?> Sets = new();
    private static readonly List<SetMember> Found = new();

    /// <summary>
    /// cf. sinterGenericCommand: every key is looked up first (a missing one means an empty result,
    /// but a later key of another type is still WRONGTYPE); then the sets are sorted by size and the
    /// members of the smallest are tested against the others.
    /// </summary>
    private static void Intersect(Client client, int firstKey, int keyCount, int destinationArg, bool cardinalityOnly, long limit)
    {
        if (!TryLookupAll(client, firstKey, keyCount, out bool anyMissing)) return;
        var sets = Sets;
        try
        {
            if (anyMissing)
            {
                if (destinationArg > 0) StoreResult(client, client.Args[destinationArg], null, "sinterstore"u8);
                else if (cardinalityOnly) client.Reply.Integer(0);
                else client.Reply.SetHeader(0);
                return;
            }
            SortBySize(sets, 0, ascending: true);

            var smallest = sets[0]!;
            var result = destinationArg > 0 ? RedisSet.CreateIntset() : null;
            long max = MaxIntsetEntries(client), cardinality = 0;
            foreach (var member in smallest)
            {
                if (!InAllOthers(member, smallest, sets)) continue;
                if (cardinalityOnly)
                {
                    if (++cardinality == limit) break;
                }
                else if (result is not null) result.Add(member, max);
                else Found.Add(member);
            }

            if (cardinalityOnly) client.Reply.Integer(cardinality);
            else if (result is not null) StoreResult(client, client.Args[destinationArg], result, "sinterstore"u8);
            else
            {
                client.Reply.SetHeader(Found.Count);
                foreach (var member in Found) ReplyMember(client, member);
            }
        }
        finally
        {
            sets.Clear();
            Found.Clear();
        }
    }

    private static bool InAllOthers(in SetMember member, RedisSet first, List<RedisSet?> sets)
    {
        for (int j = 1; j < sets.Count; j++)
            if (sets[j] != first && !sets[j]!.Contains(member)) return false;
        return true;
    }

    // ---- union and difference ----------------------------------------------------------

    /// <summary>Format: <c>SUNION key [key ...]</c>. Every member of any of the sets; missing keys are empty sets.</summary>
    public static void SUnion(Client client) => UnionOrDiff(client, 1, client.Args.Count - 1, destinationArg: 0, diff: false);

    /// <summary>Format: <c>SUNIONSTORE destination key [key ...]</c>. Stores the union; replies its size.</summary>
    public static void SUnionStore(Client client) => UnionOrDiff(client, 2, client.Args.Count - 2, destinationArg: 1, diff: false);

    /// <summary>Format: <c>SDIFF key [key ...]</c>. The members of the first set that are in none of the others.</summary>
    public static void SDiff(Client client) => UnionOrDiff(client, 1, client.Args.Count - 1, destinationArg: 0, diff: true);

    /// <summary>Format: <c>SDIFFSTORE destination key [key ...]</c>. Stores the difference; replies its size.</summary>
    public static void SDiffStore(Client client) => UnionOrDiff(client, 2, client.Args.Count - 2, destinationArg: 1, diff: true);

    /// <summary>
    /// cf. sunionDiffGenericCommand. The result is built as a new set that starts as an intset, so it
    /// is encoded (and, replied, ordered) as Redis's would be: ascending while it stays an intset.
    /// </summary>
    private static void UnionOrDiff(Client client, int firstKey, int keyCount, int destinationArg, bool diff)
    {
        if (!TryLookupAll(client, firstKey, keyCount, out _)) return;
        var sets = Sets;
        try
        {
            long max = MaxIntsetEntries(client);
            var result = diff ? Difference(sets, max) : Union(sets, max);
            if (destinationArg > 0) StoreResult(client, client.Args[destinationArg], result, diff ? "sdiffstore"u8 : "sunionstore"u8);
            else ReplySet(client, result);
        }
        finally
        {
            sets.Clear();
        }
    }

    private static RedisSet Union(List<RedisSet?> sets, long maxIntsetEntries)
    {
        var result = RedisSet.CreateIntset();
        foreach (var set in sets)
        {
            if (set is null) continue;
            foreach (var member in set) result.Add(member, maxIntsetEntries);
        }
        return result;
    }

    /// <summary>
    /// Redis's two SDIFF algorithms, chosen as it chooses: (1) test each member of the first set
    /// against the others, about size(first) × sets / 2 work, with the others largest first; or (2) copy
    /// the first set and remove every member of the others, about the sum of all sizes.
    /// </summary>
    private static RedisSet Difference(List<RedisSet?> sets, long maxIntsetEntries)
    {
        var result = RedisSet.CreateIntset();
        var first = sets[0];
        if (first is null) return result;
        for (int j = 1; j < sets.Count; j++)
            if (sets[j] == first) return result; // the first set minus itself

        long algorithmOneWork = 0, algorithmTwoWork = 0;
        foreach (var set in sets)
        {
            if (set is null) continue;
            algorithmOneWork += first.Count;
            algorithmTwoWork += set.Count;
        }
        // Algorithm 1 has the better constant factor and may stop early on a match: it gets an edge.
        if (algorithmOneWork / 2 <= algorithmTwoWork)
        {
            SortBySize(sets, 1, ascending: false);
            foreach (var member in first)
            {
                bool elsewhere = false;
                for (int j = 1; j < sets.Count && !elsewhere; j++)
                    elsewhere = sets[j] is { } other && other.Contains(member);
                if (!elsewhere) result.Add(member, maxIntsetEntries);
            }
            return result;
        }

        foreach (var member in first) result.Add(member, maxIntsetEntries);
        for (int j = 1; j < sets.Count && result.Count > 0; j++)
        {
            if (sets[j] is not { } other) continue;
            foreach (var member in other) result.Remove(member);
        }
        return result;
    }

    // ---- shared steps ----------------------------------------------------------------

    /// <summary>
    /// Fills <see cref="Sets"/> with the sets at args[firstKey ..], null for a missing key; false after
    /// replying WRONGTYPE for a key of another type (the list is then cleared).
    /// </summary>
    private static bool TryLookupAll(Client client, int firstKey, int keyCount, out bool anyMissing)
    {
        anyMissing = false;
        for (int i = 0; i < keyCount; i++)
        {
            if (!TryLookupSet(client, client.Args[firstKey + i], out var set))
            {
                Sets.Clear();
                return false;
            }
            anyMissing |= set is null;
            Sets.Add(set);
        }
        return true;
    }

    /// <summary>
    /// A stable sort of sets[from ..] by size (a missing set counts as empty), as glibc's qsort (a merge
    /// sort) orders Redis's: sets of equal size keep their key order, which decides SINTER's reply order.
    /// </summary>
    private static void SortBySize(List<RedisSet?> sets, int from, bool ascending)
    {
        for (int i = from + 1; i < sets.Count; i++)
        {
            var set = sets[i];
            long size = set?.Count ?? 0;
            int j = i - 1;
            while (j >= from && (ascending ? (sets[j]?.Count ?? 0) > size : (sets[j]?.Count ?? 0) < size))
            {
                sets[j + 1] = sets[j];
                j--;
            }
            sets[j + 1] = set;
        }
    }

    /// <summary>Replies a set's members as a set (an array in RESP2).</summary>
    private static void ReplySet(Client client, RedisSet set)
    {
        client.Reply.SetHeader(set.Count);
        foreach (var member in set) ReplyMember(client, member);
    }

    /// <summary>
    /// The end of every *STORE: a non-empty result replaces whatever the destination held, time to live
    /// included (cf. setKey); an empty one deletes the destination. Replies the result's size.
    /// </summary>
    private static void StoreResult(Client client, ReadOnlySpan<byte> destination, RedisSet? result, ReadOnlySpan<byte> notification)
    {
        var db = client.Db;
        if (result is { Count: > 0 })
        {
            db.Set(destination, RedisObject.Collection(RedisType.Set, result));
            db.SignalModified(destination);
            client.Server.Dirty++;
            client.Reply.Integer(result.Count);
            KeyspaceEvents.Notify(client, NotifyClass.Set, notification, destination);
            return;
        }
        client.Reply.Integer(0);
        if (!db.Delete(destination)) return;
        db.SignalModified(destination);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, destination);
    }
}
