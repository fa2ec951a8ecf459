// The set type: an intset while every member is an integer and there are few of them, else a hash table.
// cf. the set type API in src/t_set.c (setTypeCreate, setTypeAdd, setTypeRemove, setTypeIsMember,
// setTypeNext, setTypeRandomElement, setTypeConvert, setTypeDup).

using System.Diagnostics.CodeAnalysis;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Storage;

/// <summary>
/// One member of a set as iteration or a random draw yields it: a number when it comes from an
/// intset (no bytes exist for it until it is formatted), else the member's bytes as the hash table
/// stores them. cf. the (sdsele, llele) pair setTypeNext fills.
/// </summary>
internal readonly struct SetMember
{
    private readonly byte[]? _bytes;
    private readonly long _integer;

    public SetMember(long integer) => _integer = integer;
    public SetMember(byte[] bytes) => _bytes = bytes;

    /// <summary>True when the member came from an intset and is <see cref="Integer"/>.</summary>
    [MemberNotNullWhen(false, nameof(StoredBytes))]
    public bool IsInteger => _bytes is null;

    public long Integer => _integer;

    /// <summary>The stored bytes of a hash table member; never write to them.</summary>
    public byte[]? StoredBytes => _bytes;

    /// <summary>The member as bytes, formatting an integer into <paramref name="digits"/> (at least 20 bytes).</summary>
    public ReadOnlySpan<byte> Span(Span<byte> digits) =>
        _bytes ?? (ReadOnlySpan<byte>)digits[..Numbers.FormatLong(_integer, digits)];

    /// <summary>The member as an array the caller may keep (a stored member is shared, never copied: members are immutable).</summary>
    public byte[] ToArray()
    {
        if (_bytes is not null) return _bytes;
        Span<byte> digits = stackalloc byte[20];
        return Span(digits).ToArray();
    }
}

/// <summary>
/// A Redis set. Commands see this one API and never the encoding, as t_set.c's commands see
/// setTypeAdd and friends. A set starts as an <see cref="Intset"/> when its first member is an
/// integer (as string2ll reads it) and becomes a hash table, for good, when a member that is not an
/// integer arrives or it grows past set-max-intset-entries (which the command passes in: storage does
/// not read the configuration).
/// </summary>
internal sealed class RedisSet : IScannableCollection
{
    /// <summary>An intset never grows past 2^30 entries, whatever set-max-intset-entries says (as in Redis).</summary>
    private const long IntsetHardLimit = 1L << 30;

    // Exactly one of the two is set. The dict's values are unused: a set is a dict of keys only.
    private Intset? _intset;
    private Dict<bool>? _dict;

    /// <summary>The hash table, or null while the set is an intset (DEBUG HTSTATS-KEY).</summary>
    public Dict<bool>? HashTable => _dict;

    private RedisSet(Intset? intset, Dict<bool>? dict)
    {
        _intset = intset;
        _dict = dict;
    }

    /// <summary>An empty set that can hold <paramref name="firstMember"/> (cf. setTypeCreate).</summary>
    public static RedisSet CreateFor(ReadOnlySpan<byte> firstMember) =>
        Numbers.TryParseLong(firstMember, out _) ? CreateIntset() : new RedisSet(null, new Dict<bool>());

    /// <summary>An empty intset, which converts itself as members arrive (cf. createIntsetObject for the set algebra results).</summary>
    public static RedisSet CreateIntset() => new(new Intset(), null);

    /// <summary>An empty hash table set, for a loader that knows the set will not fit an intset (cf. createSetObject).</summary>
    public static RedisSet CreateHashtable() => new(null, new Dict<bool>());

    /// <summary>The intset of an intset-encoded set, null for a hash table: what RDB writes as SET_INTSET.</summary>
    public Intset? IntsetOrNull => _intset;

    public long Count => _intset?.Count ?? _dict!.Count;

    public ObjectEncoding Encoding => _intset is not null ? ObjectEncoding.Intset : ObjectEncoding.Hashtable;

    /// <summary>
    /// Adds <paramref name="member"/>; false when it was already there (cf. setTypeAdd). The bytes are
    /// copied when stored.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> member, long maxIntsetEntries)
    {
        if (_intset is not null)
        {
            if (Numbers.TryParseLong(member, out long value))
            {
                if (!_intset.Add(value)) return false;
                if (_intset.Count > Math.Min(maxIntsetEntries, IntsetHardLimit)) ConvertToHashtable();
                return true;
            }
            ConvertToHashtable();
        }
        _dict!.GetValueRefOrAddDefault(member, out bool exists);
        return !exists;
    }

    /// <summary>Adds a member taken from another set (the set algebra results), without parsing a number again.</summary>
    public bool Add(in SetMember member, long maxIntsetEntries)
    {
        if (member.IsInteger && _intset is not null)
        {
            if (!_intset.Add(member.Integer)) return false;
            if (_intset.Count > Math.Min(maxIntsetEntries, IntsetHardLimit)) ConvertToHashtable();
            return true;
        }
        if (member.IsInteger) return Add(FormatInteger(member.Integer), maxIntsetEntries);
        if (_intset is not null) return Add(member.StoredBytes, maxIntsetEntries);
        // A hash table member of another set is immutable, so this set may share its bytes.
        return _dict!.TryAdd(member.StoredBytes, false);
    }

    /// <summary>Removes <paramref name="member"/>; false when it was not there (cf. setTypeRemove).</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_intset is not null) return Numbers.TryParseLong(member, out long value) && _intset.Remove(value);
        if (!_dict!.Remove(member)) return false;
        // As setTypeRemove does with htNeedsResize: a set emptied by SREM or SPOP gives its buckets back.
        _dict.ShrinkIfNeeded();
        return true;
    }

    public bool Remove(in SetMember member)
    {
        if (_intset is not null && member.IsInteger) return _intset.Remove(member.Integer);
        Span<byte> digits = stackalloc byte[20];
        return Remove(member.Span(digits));
    }

    /// <summary>Whether <paramref name="member"/> is in the set (cf. setTypeIsMember).</summary>
    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (_intset is not null) return Numbers.TryParseLong(member, out long value) && _intset.Contains(value);
        return _dict!.TryGetValue(member, out _);
    }

    /// <summary>Whether a member of another set is here; an intset member against an intset compares numbers.</summary>
    public bool Contains(in SetMember member)
    {
        if (_intset is not null && member.IsInteger) return _intset.Contains(member.Integer);
        Span<byte> digits = stackalloc byte[20];
        return Contains(member.Span(digits));
    }

    /// <summary>A random member of a non-empty set (cf. setTypeRandomElement).</summary>
    public SetMember RandomMember()
    {
        if (_intset is not null) return new SetMember(_intset.Random());
        _dict!.TryGetRandom(out var key, out _);
        return new SetMember(key!);
    }

    /// <summary>
    /// Walks the members: an intset in ascending order, a hash table in bucket order. Rehashing is
    /// paused meanwhile; the set must not change until the enumerator is disposed (foreach does).
    /// </summary>
    public Enumerator GetEnumerator() => new(this);

    public struct Enumerator : IDisposable
    {
        private readonly Intset? _intset;
        private Dict<bool>.Enumerator _dict;
        private readonly bool _hasDict;
        private int _index;

        internal Enumerator(RedisSet set)
        {
            _intset = set._intset;
            _index = -1;
            _hasDict = set._dict is not null;
            if (_hasDict) _dict = set._dict!.GetEnumerator();
        }

        public SetMember Current => _intset is not null ? new SetMember(_intset[_index]) : new SetMember(_dict.Current.Key);

        public bool MoveNext() => _intset is not null ? ++_index < _intset.Count : _dict.MoveNext();

        public void Dispose()
        {
            if (_hasDict) _dict.Dispose();
        }
    }

    public ICollectionValue Duplicate()
    {
        if (_intset is not null) return new RedisSet(_intset.Clone(), null);
        var copy = new Dict<bool>();
        foreach (var entry in _dict!) copy.TryAdd(entry.Key, false);
        return new RedisSet(null, copy);
    }

    // The batch a hash table scan fills; one thread runs every command, so one field serves all sets.
    [ThreadStatic] private static List<byte[]>? s_scanTarget;
    private static readonly Action<byte[], bool> CollectMember = (member, _) => s_scanTarget!.Add(member);

    /// <summary>
    /// SSCAN's walk (cf. scanGenericCommand): an intset is returned whole with cursor 0; a hash table
    /// is walked bucket by bucket until about <paramref name="count"/> members were found or
    /// 10 × count buckets were visited.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<byte[]> into)
    {
        if (_intset is not null)
        {
            foreach (var member in this) into.Add(member.ToArray());
            return 0;
        }
        s_scanTarget = into;
        long bucketsLeft = unchecked(count * 10);
        do
        {
            cursor = _dict!.Scan(cursor, CollectMember);
        } while (cursor != 0 && bucketsLeft-- != 0 && into.Count < count);
        s_scanTarget = null;
        return cursor;
    }

    /// <summary>cf. setTypeConvert: every integer becomes its decimal bytes in a new hash table.</summary>
    private void ConvertToHashtable()
    {
        var dict = new Dict<bool>();
        var intset = _intset!;
        for (int i = 0; i < intset.Count; i++) dict.TryAdd(FormatInteger(intset[i]), false);
        _dict = dict;
        _intset = null;
    }

    private static byte[] FormatInteger(long value) => new SetMember(value).ToArray();
}
