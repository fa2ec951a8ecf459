// One of the numbered databases: the keyspace, the expires table, lazy and active expiry.
// cf. redisDb in server.h, db.c (lookupKey, setKey, dbDelete, dbRandomKey, keysCommand, the dictScan
// loop of scanGenericCommand) and expire.c (activeExpireCycle).

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EventLoopRedis.Storage;

/// <summary>
/// Keys are binary byte strings. A key with a time to live also appears in the expires
/// table, sharing the same key array, so the active cycle walks only volatile keys.
/// A key past its time is invisible: every lookup checks it first (lazy expiry), and the
/// cron's <see cref="ActiveExpireCycle"/> reclaims the ones nobody touches again.
/// </summary>
/// <summary>What a database reports of itself, for keyspace notifications (cf. the NOTIFY_NEW, NOTIFY_EXPIRED and NOTIFY_KEY_MISS events).</summary>
internal enum KeyEvent
{
    /// <summary>A key that did not exist was added (dbAdd).</summary>
    Added,
    /// <summary>A key was deleted because its time had passed, lazily or by the active cycle.</summary>
    Expired,
    /// <summary>A read found no key.</summary>
    Missed,
    /// <summary>A key was deleted to bring memory back under maxmemory.</summary>
    Evicted,
}

internal sealed class Database
{
    private Dict<RedisObject> _keys = new();
    private Dict<long> _expires = new();
    private readonly ServerStats _stats;

    // State of the active expiry cycle: where its scan of the expires table stands, and what
    // the current sample found (Dict.Scan's callback may not delete, so expired keys are
    // collected first and deleted after each sample).
    private ulong _expireCursor;
    private readonly List<byte[]> _expiredBatch = new();
    private readonly Action<byte[], long> _sampleExpire;
    private long _cycleNow;
    private int _cycleSampled;

    // Where SCAN's bucket visits put the keys they find; the delegate is made once, not per call.
    private List<byte[]>? _scanTarget;
    private readonly Action<byte[], RedisObject> _collectKey;

    // The dataset estimate (see DatasetBytes): the bytes of every key array and of every value as
    // last measured, and the values changed since (measured when the estimate is next read). A value
    // is in the queue at most once while queued, which its MeasureState tells without a search.
    private long _keyAndValueBytes;
    private List<RedisObject> _unmeasured = [];

    public Database(int id, ServerStats stats)
    {
        Id = id;
        _stats = stats;
        _sampleExpire = (key, when) =>
        {
            _cycleSampled++;
            if (IsPast(when, _cycleNow)) _expiredBatch.Add(key);
        };
        _collectKey = (key, _) => _scanTarget!.Add(key);
    }

    public int Id { get; }

    /// <summary>How values record their accesses (LRU time or LFU counter); one per server, shared by its databases.</summary>
    public ObjectAccess Access { get; set; } = new();

    public int Count => _keys.Count;
    public int ExpiresCount => _expires.Count;

    /// <summary>The keyspace and expires tables themselves, for DEBUG HTSTATS.</summary>
    public (Dict<RedisObject> Keys, Dict<long> Expires) Tables => (_keys, _expires);

    // ---- lookups: the lookupKey* family ---------------------------------------------------

    /// <summary>
    /// The value under <paramref name="key"/>, or null when absent or expired (an expired key
    /// is deleted on the spot). Counts a keyspace hit or miss and refreshes the access time,
    /// as lookupKeyRead does.
    /// </summary>
    public RedisObject? Lookup(ReadOnlySpan<byte> key) => Find(key, countStats: true, touch: true);

    /// <summary>For writes (lookupKeyWrite): refreshes the access time, counts no hit or miss.</summary>
    public RedisObject? LookupQuiet(ReadOnlySpan<byte> key) => Find(key, countStats: false, touch: true);

    /// <summary>
    /// For commands that inspect a key without using it (EXISTS, TYPE, TTL, OBJECT):
    /// counts the hit or miss but leaves the access time alone, as LOOKUP_NOTOUCH does,
    /// so that OBJECT IDLETIME does not reset what it measures.
    /// </summary>
    public RedisObject? LookupNoTouch(ReadOnlySpan<byte> key) => Find(key, countStats: true, touch: false);

    /// <summary>For the server's own bookkeeping (serving blocked clients): no hit or miss, no access time, no keymiss event; an expired key is deleted.</summary>
    public RedisObject? Peek(ReadOnlySpan<byte> key) => Find(key, countStats: false, touch: false, notifyMiss: false);

    /// <summary>As <see cref="LookupNoTouch"/>, but a miss raises no keymiss event (OBJECT's LOOKUP_NONOTIFY).</summary>
    public RedisObject? LookupNoTouchNoNotify(ReadOnlySpan<byte> key) => Find(key, countStats: true, touch: false, notifyMiss: false);

    /// <summary>
    /// The stored value as it is, even if its TTL passed, counting nothing and touching nothing,
    /// as a bare dictFind does (MEMORY USAGE, DEBUG OBJECT).
    /// </summary>
    public RedisObject? PeekRaw(ReadOnlySpan<byte> key) => _keys.TryGetValue(key, out var found) ? found : null;

    /// <summary>Bytes of the keyspace and expires hash tables' own arrays and entries (MEMORY STATS overhead.hashtable.*).</summary>
    public (long Main, long Expires) HashTableOverhead() =>
        (MemoryUsage.KeyspaceOverhead(_keys.Count, _keys.BucketCount, _keys.EntryCapacity, withObjects: true),
         MemoryUsage.KeyspaceOverhead(_expires.Count, _expires.BucketCount, _expires.EntryCapacity, withObjects: false));

    private RedisObject? Find(ReadOnlySpan<byte> key, bool countStats, bool touch, bool notifyMiss = true)
    {
        RedisObject? value = _keys.TryGetValue(key, out var found) && !ExpireIfNeeded(key) ? found : null;
        if (value is not null && touch) Access.Touched(value);
        if (countStats)
        {
            if (value is null)
            {
                _stats.KeyspaceMisses++;
                if (notifyMiss) KeyEventRaised?.Invoke(this, KeyEvent.Missed, key);
            }
            else _stats.KeyspaceHits++;
        }
        return value;
    }

    // ---- writes ---------------------------------------------------------------------------

    /// <summary>A key of this database has changed; see <see cref="SignalModified"/>.</summary>
    public delegate void KeyModifiedHandler(Database db, ReadOnlySpan<byte> key);

    /// <summary>Who wants to hear of changed keys (WATCH, client-side caching): the server wires them up.</summary>
    public KeyModifiedHandler? KeyModified { get; set; }

    /// <summary>A key was added, not overwritten (cf. dbAdd): blocked clients may wait for it.</summary>
    public delegate void KeyAddedHandler(Database db, ReadOnlySpan<byte> key, RedisObject value);

    /// <summary>Who wants to hear of added keys (the blocked clients' ready keys): the server wires it up.</summary>
    public KeyAddedHandler? KeyAdded { get; set; }

    /// <summary>
    /// cf. signalModifiedKey in db.c: every command that changes the value under
    /// <paramref name="key"/> (in place, or by setting or deleting it) calls this once it has,
    /// at the same points where Redis's command calls signalModifiedKey; a command that
    /// changes nothing (SETNX on an existing key, SREM of a missing member) does not.
    /// </summary>
    public void SignalModified(ReadOnlySpan<byte> key)
    {
        if (_keys.TryGetValue(key, out var value)) QueueMeasure(value); // its size may have changed
        KeyModified?.Invoke(this, key);
    }

    /// <summary>
    /// <see cref="SignalModified"/> for a command that holds the key's value (looked up or just stored):
    /// the same, without searching the keyspace for it again.
    /// </summary>
    public void SignalModified(ReadOnlySpan<byte> key, RedisObject value)
    {
        QueueMeasure(value);
        KeyModified?.Invoke(this, key);
    }

    /// <summary>
    /// <see cref="SignalModified"/> for a key whose whole value <see cref="Set"/> has just stored: that value
    /// is already due to be measured, so this spares SignalModified's second search of the keyspace.
    /// </summary>
    public void SignalReplaced(ReadOnlySpan<byte> key) => KeyModified?.Invoke(this, key);

    /// <summary>
    /// True while <see cref="SignalModified"/> reports an expired key's deletion: a change made by no
    /// client (signalModifiedKey with a NULL client), which client tracking's NOLOOP must not spare.
    /// </summary>
    public bool DeletingExpired { get; private set; }

    /// <summary>A key of this database is about to change; see <see cref="AboutToChange"/>.</summary>
    public delegate void KeyChangingHandler(Database db, ReadOnlySpan<byte> key);

    /// <summary>Who must see a key's value before it changes (a snapshot in progress): the server wires it up while one runs.</summary>
    public KeyChangingHandler? KeyChanging { get; set; }

    /// <summary>
    /// Called before the value or time to live under <paramref name="key"/> is changed, replaced or
    /// deleted, whether or not the key exists: by this class for its own writes and deletions
    /// (expiry included), by the executor for every key a write command names (commands change
    /// values in place), and when blocked clients are served. A snapshot in progress serialises the
    /// key's old value first (see Persistence/Snapshot.cs). Costs a null test when none runs.
    /// </summary>
    public void AboutToChange(ReadOnlySpan<byte> key) => KeyChanging?.Invoke(this, key);

    /// <summary>The keyspace table itself, for a snapshot that walks it and holds on to it across FLUSHDB and SWAPDB.</summary>
    internal Dict<RedisObject> KeysTable => _keys;

    /// <summary>The expires table that goes with <see cref="KeysTable"/>.</summary>
    internal Dict<long> ExpiresTable => _expires;

    /// <summary>A key was added, expired or missed; see <see cref="KeyEvent"/>.</summary>
    public delegate void KeyEventHandler(Database db, KeyEvent what, ReadOnlySpan<byte> key);

    /// <summary>Who publishes keyspace notifications of what happens here: the server wires it up.</summary>
    public KeyEventHandler? KeyEventRaised { get; set; }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/>, replacing any old value.
    /// Like setKey, an overwrite clears the time to live unless <paramref name="keepTtl"/>.
    /// </summary>
    public void Set(ReadOnlySpan<byte> key, RedisObject value, bool keepTtl = false)
    {
        AboutToChange(key);
        // Redis searches the keyspace twice here (setKey's lookupKeyWrite, then dbAdd or dbOverwrite), and
        // each search moves the incremental rehash a step: so does this one search plus a step.
        _keys.RehashStepIfAllowed();
        ref var slot = ref _keys.GetValueRefOrAddDefault(key, out bool exists);
        if (!exists)
        {
            value.AccountedBytes = 0;
            QueueMeasure(value);
            Access.Created(value);
            _keyAndValueBytes += MemoryUsage.ArrayBytes(key.Length);
            slot = value;
            KeyAdded?.Invoke(this, key, value);
            KeyEventRaised?.Invoke(this, KeyEvent.Added, key);
            return;
        }
        // An overwrite keeps the LFU counter of the value it replaces (cf. dbSetValue), so SET does
        // not make a hot key look new; under LRU the new value is simply accessed now.
        if (Access.Lfu) value.LastAccessMs = slot.LastAccessMs;
        else Access.Created(value);
        if (!ReferenceEquals(slot, value))
        {
            Forget(slot);
            value.AccountedBytes = 0;
        }
        QueueMeasure(value);
        slot = value;
        if (!keepTtl && _expires.Count > 0) _expires.Remove(key);
    }

    /// <summary>
    /// Adds a key read from an RDB file, with its expiry time (-1 for none), quietly: no
    /// notification, no waking of blocked clients (cf. dbAddRDBLoad). False when the key exists,
    /// unless <paramref name="replace"/> (DEBUG RELOAD MERGE), which replaces it.
    /// </summary>
    public bool AddLoaded(byte[] key, RedisObject value, long expireAtMs, bool replace)
    {
        if (_keys.TryGetValue(key, out _))
        {
            if (!replace) return false;
            Remove(key);
        }
        // Counted in the dataset estimate and given a fresh access field (an LFU counter under an
        // LFU policy), as a value created by a command is; the loader then applies IDLE or FREQ.
        value.AccountedBytes = 0;
        QueueMeasure(value);
        Access.Created(value);
        _keyAndValueBytes += MemoryUsage.ArrayBytes(key.Length);
        _keys.TryAdd(key, value);
        if (expireAtMs != -1) _expires.Set(key, expireAtMs);
        return true;
    }

    /// <summary>Deletes <paramref name="key"/>; true when it existed (and was not already expired).</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        if (ExpireIfNeeded(key)) return false;
        return Remove(key);
    }

    /// <summary>
    /// Deletes <paramref name="key"/> to free memory (cf. the dbSyncDelete of performEvictions): as DEL
    /// does, and then as a changed key (WATCH, tracking) and an <c>evicted</c> event. Returns the bytes
    /// the dataset estimate drops by, 0 when the key was not there.
    /// </summary>
    public long Evict(ReadOnlySpan<byte> key)
    {
        long before = DatasetBytes();
        if (!Remove(key)) return 0;
        _stats.EvictedKeys++;
        SignalModified(key);
        KeyEventRaised?.Invoke(this, KeyEvent.Evicted, key);
        return before - DatasetBytes();
    }

    // Removes a stored key, expired or not, with its time to live and its share of the estimate.
    private bool Remove(ReadOnlySpan<byte> key)
    {
        AboutToChange(key); // a snapshot in progress saves the value first
        if (!_keys.Remove(key, out _, out var value)) return false;
        Forget(value!);
        _keyAndValueBytes -= MemoryUsage.ArrayBytes(key.Length);
        if (_expires.Count > 0) _expires.Remove(key);
        return true;
    }

    // A value leaves this database: its measured bytes leave the estimate.
    private void Forget(RedisObject value)
    {
        _keyAndValueBytes -= value.AccountedBytes;
        value.AccountedBytes = 0;
        if (value.Measure == MeasureState.Queued) value.Measure = MeasureState.Gone;
    }

    // A value's size may have changed: measure it when the estimate is next read. A Gone value that
    // comes back is queued again here (it may sit in another database's queue: only MOVE takes a
    // value across, and it settles the queue first; a second entry is skipped once measured).
    private void QueueMeasure(RedisObject value)
    {
        if (value.Measure == MeasureState.Queued) return;
        value.Measure = MeasureState.Queued;
        _unmeasured.Add(value);
    }

    /// <summary>
    /// Gives the value and time to live of <paramref name="source"/> to <paramref name="destination"/>,
    /// replacing whatever that held (RENAME). The caller has looked <paramref name="source"/> up:
    /// it exists and is not expired.
    /// </summary>
    public void Rename(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        AboutToChange(source);
        AboutToChange(destination);
        _keys.Remove(source, out _, out var value);
        _keyAndValueBytes -= MemoryUsage.ArrayBytes(source.Length);
        long when = TakeExpire(source);
        if (_keys.Remove(destination, out _, out var replaced))
        {
            Forget(replaced!);
            _keyAndValueBytes -= MemoryUsage.ArrayBytes(destination.Length);
        }
        if (_expires.Count > 0) _expires.Remove(destination);
        _keyAndValueBytes += MemoryUsage.ArrayBytes(destination.Length);

        var key = destination.ToArray();
        _keys.TryAdd(key, value!);
        KeyEventRaised?.Invoke(this, KeyEvent.Added, key);
        if (when != -1) _expires.Set(key, when);
        KeyAdded?.Invoke(this, key, value!);
    }

    /// <summary>
    /// Moves <paramref name="key"/>, with its time to live, into <paramref name="target"/> (MOVE).
    /// The caller has checked that it exists here and not there.
    /// </summary>
    public void MoveTo(ReadOnlySpan<byte> key, Database target)
    {
        AboutToChange(key);
        target.AboutToChange(key);
        long when = TakeExpire(key);
        MeasureQueued(); // the value's bytes are settled, so they move with it
        _keys.Remove(key, out var storedKey, out var value);
        long bytes = MemoryUsage.ArrayBytes(key.Length) + value!.AccountedBytes;
        _keyAndValueBytes -= bytes;
        target._keyAndValueBytes += bytes;
        // The key array leaves this dict, so the other database can own it without a copy.
        target._keys.TryAdd(storedKey!, value!);
        target.KeyEventRaised?.Invoke(target, KeyEvent.Added, storedKey);
        if (when != -1) target._expires.Set(storedKey!, when);
        target.KeyAdded?.Invoke(target, storedKey, value!);
    }

    /// <summary>Empties the database (FLUSHDB); returns how many keys it held.</summary>
    public int Clear()
    {
        int removed = _keys.Count;
        _keys = new Dict<RedisObject>();
        _expires = new Dict<long>();
        _expireCursor = 0;
        _keyAndValueBytes = 0;
        foreach (var value in _unmeasured) value.Measure = MeasureState.Settled;
        ReleaseQueue();
        return removed;
    }

    /// <summary>Exchanges the contents of two databases (SWAPDB).</summary>
    public void SwapWith(Database other)
    {
        (_keys, other._keys) = (other._keys, _keys);
        (_expires, other._expires) = (other._expires, _expires);
        (_keyAndValueBytes, other._keyAndValueBytes) = (other._keyAndValueBytes, _keyAndValueBytes);
        (_unmeasured, other._unmeasured) = (other._unmeasured, _unmeasured);
        _expireCursor = other._expireCursor = 0;
    }

    // ---- times to live ----------------------------------------------------------------------

    /// <summary>Sets the absolute expiry time of an existing key, in Unix milliseconds.</summary>
    public void SetExpire(ReadOnlySpan<byte> key, long unixMs)
    {
        AboutToChange(key);
        if (_keys.TryGetEntry(key, out var storedKey, out _)) _expires.Set(storedKey, unixMs);
    }

    /// <summary>The absolute expiry time of <paramref name="key"/> in Unix ms, or -1 when it has none.</summary>
    public long GetExpire(ReadOnlySpan<byte> key) =>
        _expires.Count > 0 && _expires.TryGetValue(key, out long when) ? when : -1;

    /// <summary>Makes <paramref name="key"/> persistent (PERSIST); true if it had a time to live.</summary>
    public bool RemoveExpire(ReadOnlySpan<byte> key)
    {
        if (_expires.Count == 0) return false;
        AboutToChange(key);
        return _expires.Remove(key);
    }

    /// <summary>
    /// Deletes <paramref name="key"/> when its time has passed; true if it did. Every lookup
    /// calls this first, which is what makes an expired key invisible (cf. expireIfNeeded).
    /// </summary>
    public bool ExpireIfNeeded(ReadOnlySpan<byte> key)
    {
        if (_expires.Count == 0) return false;
        if (!_expires.TryGetValue(key, out long when) || !IsPast(when, Clock.UnixMs)) return false;
        // A replica applying its primary's stream sees every key: the primary decides what expired, and sends its DEL.
        if (ExpiredLooksLive?.Invoke() == true) return false;
        // While CLIENT PAUSE holds writes the dataset stands still: the key reads as gone but stays
        // stored until the pause ends (cf. checkClientPauseTimeoutAndReturnIfPaused in expireIfNeeded).
        if (ExpiryPaused?.Invoke() != true) DeleteExpired(key);
        return true;
    }

    /// <summary>
    /// True while expired keys must not be deleted: the server is paused by CLIENT PAUSE, or it is a replica,
    /// whose primary deletes them (cf. expireIfNeeded's masterhost check).
    /// </summary>
    public Func<bool>? ExpiryPaused { get; set; }

    /// <summary>True while an expired key must read as present: a replica applies its primary's command.</summary>
    public Func<bool>? ExpiredLooksLive { get; set; }

    /// <summary>
    /// True when <paramref name="key"/> is still stored but its time has passed (cf. keyIsExpired):
    /// WATCH remembers this, since Redis 7.0 treats the later deletion of such a key as no change.
    /// </summary>
    public bool IsKeyExpired(ReadOnlySpan<byte> key) =>
        _expires.Count > 0 && _expires.TryGetValue(key, out long when) && IsPast(when, Clock.UnixMs);

    /// <summary>True when <paramref name="key"/> is stored, expired or not (cf. dictFind on db->dict).</summary>
    public bool ContainsIncludingExpired(ReadOnlySpan<byte> key) => _keys.TryGetValue(key, out _);

    // As keyIsExpired: a key expiring at millisecond t is still there during t itself.
    private static bool IsPast(long when, long now) => now > when;

    private bool IsExpiredAt(byte[] key, long now) =>
        _expires.Count > 0 && _expires.TryGetValue(key, out long when) && IsPast(when, now);

    private void DeleteExpired(ReadOnlySpan<byte> key)
    {
        // A sample may list a key twice (the scan can wrap around a small table): count it once.
        if (!Remove(key)) return;
        _stats.ExpiredKeys++;
        KeyEventRaised?.Invoke(this, KeyEvent.Expired, key);
        DeletingExpired = true;
        SignalModified(key); // as deleteExpiredKeyAndPropagate: an expired key is a changed key (WATCH sees it)
        DeletingExpired = false;
    }

    private long TakeExpire(ReadOnlySpan<byte> key) =>
        _expires.Count > 0 && _expires.Remove(key, out _, out long when) ? when : -1;

    // ---- walking the keyspace -------------------------------------------------------------

    /// <summary>
    /// Every key and value, expired or not, in table order, for a synchronous save (SAVE, DEBUG
    /// RELOAD): the database must not change until the enumerator is disposed (foreach does).
    /// </summary>
    public Dict<RedisObject>.Enumerator GetEnumerator() => _keys.GetEnumerator();

    /// <summary>
    /// Adds to <paramref name="into"/> every live key that <paramref name="pattern"/> matches (KEYS).
    /// Expired keys are skipped but not deleted here: the walk must not change the table.
    /// </summary>
    public void CollectKeys(ReadOnlySpan<byte> pattern, List<byte[]> into)
    {
        // A lone "*" matches every key, even the empty one, which Glob's "*" does not (as in Redis).
        bool all = pattern is [(byte)'*'];
        long now = Clock.UnixMs;
        foreach (var (key, _) in _keys)
        {
            if ((all || Glob.Match(pattern, key)) && !IsExpiredAt(key, now)) into.Add(key);
        }
    }

    /// <summary>
    /// One SCAN step (cf. the dictScan loop of scanGenericCommand): visits buckets from
    /// <paramref name="cursor"/> until <paramref name="count"/> keys were found, the table is done,
    /// or count*10 buckets were visited (so a sparse table cannot make one call long). Adds the keys
    /// found, expired or not, to <paramref name="into"/> and returns the next cursor, 0 when done.
    /// Every key present for the whole scan is returned by some call, however the table is resized
    /// between calls (see <see cref="Dict{TValue}.Scan"/>).
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<byte[]> into)
    {
        _scanTarget = into;
        // As in Redis, a huge COUNT wraps the limit negative, which then never runs out.
        long bucketsLeft = unchecked(count * 10);
        do
        {
            cursor = _keys.Scan(cursor, _collectKey);
        } while (cursor != 0 && bucketsLeft-- != 0 && into.Count < count);
        _scanTarget = null;
        return cursor;
    }

    /// <summary>
    /// A random live key, or null when there is none (RANDOMKEY). Expired keys drawn on the way
    /// are deleted and another is drawn, as dbRandomKey does.
    /// </summary>
    public byte[]? RandomKey()
    {
        while (_keys.TryGetRandom(out var key, out _))
        {
            if (!ExpireIfNeeded(key)) return key;
        }
        return null;
    }

    // ---- memory --------------------------------------------------------------------------------

    /// <summary>
    /// The estimated bytes of this database's keys and values on the heap, as MEMORY USAGE counts
    /// them (cf. what zmalloc_used_memory would see of the dataset). Kept up to date as keys come and
    /// go; a value changed in place (SignalModified) is measured again here, once, however often it
    /// changed since, so a command pays a queue insertion, not a measurement.
    /// </summary>
    /// <remarks>
    /// With maxmemory set this runs for all 16 databases before every command; one that has never
    /// held a key (no table, nothing queued) is answered inline, leaving the work to those in use.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long DatasetBytes() =>
        _unmeasured.Count == 0 && _keys.BucketCount == 0 && _expires.BucketCount == 0 ? _keyAndValueBytes : MeasuredDatasetBytes();

    private long MeasuredDatasetBytes()
    {
        MeasureQueued();
        var (main, expires) = HashTableOverhead();
        return _keyAndValueBytes + main + expires;
    }

    // Measures the queued values (each once, however often it changed since) and empties the queue.
    private void MeasureQueued()
    {
        if (_unmeasured.Count == 0) return;
        foreach (var value in _unmeasured)
        {
            if (value.Measure == MeasureState.Queued)
            {
                long bytes = MemoryUsage.OfValue(value, MemoryUsage.DefaultSamples);
                _keyAndValueBytes += bytes - value.AccountedBytes;
                value.AccountedBytes = bytes;
            }
            value.Measure = MeasureState.Settled;
        }
        ReleaseQueue();
    }

    /// <summary>Room in the queue of values to measure, for tests of its sizing.</summary>
    internal int MeasureQueueCapacity => _unmeasured.Capacity;

    // Empties the queue; after a burst of writes (a load), gives back the big array too. Not while
    // writes keep coming at the same pace: at 600,000 SET/s the cron finds 60,000 values queued each
    // tick, and trimming the list back every time made it grow again through arrays of 64 KB to
    // 512 KB (most on the large object heap), about 1 MB of garbage per tick.
    private void ReleaseQueue()
    {
        int used = _unmeasured.Count;
        _unmeasured.Clear();
        if (_unmeasured.Capacity > 4096 && used < _unmeasured.Capacity / 4)
            _unmeasured.Capacity = Math.Max(4096, 2 * used);
    }

    /// <summary>
    /// A random key for the eviction pool, from the whole keyspace or (<paramref name="volatileOnly"/>)
    /// from the keys with a time to live (cf. dictGetSomeKeys on db->dict or db->expires). False when
    /// there is none.
    /// </summary>
    public bool TrySampleKey(bool volatileOnly, out byte[] key, out RedisObject value, out long expiresAt)
    {
        expiresAt = -1;
        if (!volatileOnly)
        {
            bool found = _keys.TryGetRandom(out key!, out value!);
            if (found && _expires.Count > 0) expiresAt = GetExpire(key);
            return found;
        }
        value = null!;
        return _expires.TryGetRandom(out key!, out expiresAt) && _keys.TryGetValue(key, out value!);
    }

    // ---- cron housekeeping ------------------------------------------------------------------

    /// <summary>
    /// This database's share of activeExpireCycle. Repeatedly samples about
    /// <paramref name="keysPerLoop"/> volatile keys along a scan of the expires table and deletes
    /// the expired ones; goes on while more than <paramref name="acceptableStalePercent"/>% of a
    /// sample had expired. Returns true when it stopped because <paramref name="deadlineTicks"/>
    /// (a Stopwatch timestamp) passed, so that the next cron call visits every database.
    /// </summary>
    public bool ActiveExpireCycle(int keysPerLoop, int acceptableStalePercent, long deadlineTicks)
    {
        int sampled, expired;
        do
        {
            int volatileKeys = _expires.Count;
            if (volatileKeys == 0) return false;

            // Below 1% fill, a sample would mostly visit empty buckets: wait until the cron
            // has shrunk the table (ResizeAndRehash).
            if (_expires.BucketCount > 4 && volatileKeys * 100L < _expires.BucketCount) return false;

            int wanted = Math.Min(volatileKeys, keysPerLoop);
            long maxBuckets = wanted * 20L;
            _cycleNow = Clock.UnixMs;
            _cycleSampled = 0;
            for (long buckets = 0; _cycleSampled < wanted && buckets < maxBuckets; buckets++)
                _expireCursor = _expires.Scan(_expireCursor, _sampleExpire);

            foreach (var key in _expiredBatch) DeleteExpired(key);
            sampled = _cycleSampled;
            expired = _expiredBatch.Count;
            _expiredBatch.Clear();

            // Redis reads the clock every 16 samples to save system calls; a Stopwatch read is
            // cheap enough to check after each one, which keeps the overshoot smaller.
            if (Stopwatch.GetTimestamp() >= deadlineTicks) return true;
        } while (sampled == 0 || expired * 100 / sampled > acceptableStalePercent);
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
