// One of the numbered databases: the keyspace, the expires table, lazy and active expiry.
// cf. redisDb in server.h, db.c (lookupKey, setKey, dbDelete) and expire.c (activeExpireCycle).

namespace EventLoopRedis.Storage;

/// <summary>
/// Keys are binary byte strings. A key with a time to live also appears in the expires
/// table, sharing the same key array, so the active cycle walks only volatile keys.
/// A key past its time is invisible: every lookup checks it first (lazy expiry), and the
/// cron's <see cref="ActiveExpireCycle"/> reclaims the ones nobody touches again.
/// </summary>
internal sealed class Database
{
    private Dict<RedisObject> _keys = new();
    private Dict<long> _expires = new();
    private readonly ServerStats _stats;

    // State of the active expiry cycle: where the scan of the expires table stands.
    private ulong _expireCursor;
    private readonly List<byte[]> _expiredBatch = new();
    private readonly Action<byte[], long> _sampleExpire;
    private long _cycleNow;
    private int _cycleSampled;

    public Database(int id, ServerStats stats)
    {
        Id = id;
        _stats = stats;
        _sampleExpire = (key, when) =>
        {
            _cycleSampled++;
            if (when <= _cycleNow) _expiredBatch.Add(key);
        };
    }

    public int Id { get; }
    public int Count => _keys.Count;
    public int ExpiresCount => _expires.Count;

    /// <summary>
    /// The value under <paramref name="key"/>, or null when absent or expired (an expired
    /// key is deleted on the spot). Counts a keyspace hit or miss, as lookupKeyRead does.
    /// </summary>
    public RedisObject? Lookup(ReadOnlySpan<byte> key)
    {
        var value = LookupQuiet(key);
        if (value is null) _stats.KeyspaceMisses++;
        else _stats.KeyspaceHits++;
        return value;
    }

    /// <summary>Like <see cref="Lookup"/> without touching the hit/miss counters (writes, EXISTS...).</summary>
    public RedisObject? LookupQuiet(ReadOnlySpan<byte> key)
    {
        if (!_keys.TryGetValue(key, out var value)) return null;
        if (ExpireIfNeeded(key)) return null;
        value.LastAccessMs = Clock.UnixMs;
        return value;
    }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/>, replacing any old value.
    /// Like setKey, an overwrite clears the time to live unless <paramref name="keepTtl"/>.
    /// </summary>
    public void Set(ReadOnlySpan<byte> key, RedisObject value, bool keepTtl = false)
    {
        value.LastAccessMs = Clock.UnixMs;
        ref var slot = ref _keys.GetValueRefOrNullRef(key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref slot))
        {
            _keys.TryAdd(key.ToArray(), value);
            return;
        }
        slot = value;
        if (!keepTtl && _expires.Count > 0) _expires.Remove(key);
    }

    /// <summary>Deletes <paramref name="key"/>; true when it existed (and was not already expired).</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        if (ExpireIfNeeded(key)) return false;
        if (!_keys.Remove(key)) return false;
        if (_expires.Count > 0) _expires.Remove(key);
        return true;
    }

    /// <summary>Sets the absolute expiry time of an existing key, in Unix milliseconds.</summary>
    public void SetExpire(ReadOnlySpan<byte> key, long unixMs)
    {
        if (_keys.TryGetEntry(key, out var storedKey, out _)) _expires.Set(storedKey, unixMs);
    }

    /// <summary>The absolute expiry time of <paramref name="key"/> in Unix ms, or -1 when it has none.</summary>
    public long GetExpire(ReadOnlySpan<byte> key) =>
        _expires.Count > 0 && _expires.TryGetValue(key, out long when) ? when : -1;

    /// <summary>Empties the database (FLUSHDB); returns how many keys it held.</summary>
    public int Clear()
    {
        int removed = _keys.Count;
        _keys = new Dict<RedisObject>();
        _expires = new Dict<long>();
        _expireCursor = 0;
        return removed;
    }

    /// <summary>Exchanges the contents of two databases (SWAPDB).</summary>
    public void SwapWith(Database other)
    {
        (_keys, other._keys) = (other._keys, _keys);
        (_expires, other._expires) = (other._expires, _expires);
        _expireCursor = other._expireCursor = 0;
    }

    /// <summary>Deletes <paramref name="key"/> when its time has passed; true if it did.</summary>
    private bool ExpireIfNeeded(ReadOnlySpan<byte> key)
    {
        if (_expires.Count == 0) return false;
        if (!_expires.TryGetValue(key, out long when) || when > Clock.UnixMs) return false;
        _keys.Remove(key);
        _expires.Remove(key);
        _stats.ExpiredKeys++;
        return true;
    }

    /// <summary>
    /// One slice of active expiry, cf. activeExpireCycle: sample about 20 volatile keys
    /// along a scan of the expires table, delete the expired ones, and go on while more
    /// than 10% of a sample had expired and <paramref name="deadlineTicks"/> (a
    /// Stopwatch timestamp) has not passed. Returns whether the database looks like it
    /// still holds many expired keys (so the caller may come back sooner).
    /// </summary>
    public bool ActiveExpireCycle(long deadlineTicks)
    {
        const int KeysPerLoop = 20;
        while (_expires.Count > 0)
        {
            _cycleNow = Clock.UnixMs;
            _cycleSampled = 0;
            _expiredBatch.Clear();
            int buckets = 0;
            do
            {
                _expireCursor = _expires.Scan(_expireCursor, _sampleExpire);
                buckets++;
            } while (_expireCursor != 0 && _cycleSampled < KeysPerLoop && buckets < KeysPerLoop * 20);

            foreach (var key in _expiredBatch)
            {
                _keys.Remove(key);
                _expires.Remove(key);
            }
            _stats.ExpiredKeys += _expiredBatch.Count;

            bool manyExpired = _cycleSampled > 0 && _expiredBatch.Count * 10 > _cycleSampled;
            if (!manyExpired) return false;
            if (System.Diagnostics.Stopwatch.GetTimestamp() >= deadlineTicks) return true;
        }
        return false;
    }

    /// <summary>Cron housekeeping: incremental rehashing and shrinking of both tables.</summary>
    public void ResizeAndRehash()
    {
        _keys.ShrinkIfNeeded();
        _expires.ShrinkIfNeeded();
        _keys.RehashMilliseconds(1);
        _expires.RehashMilliseconds(1);
    }
}
