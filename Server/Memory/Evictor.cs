// maxmemory: how much memory this server counts as used, and the eviction that brings it back
// under the limit. cf. getMaxmemoryState, performEvictions, evictionTimeProc and evictionTimeLimitUs
// in evict.c, and the maxmemory check of processCommand in server.c.

using System.Diagnostics;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Memory;

/// <summary>What <see cref="Evictor.PerformEvictions"/> found (cf. EVICT_OK, EVICT_RUNNING, EVICT_FAIL).</summary>
internal enum EvictionResult
{
    /// <summary>Under the limit (or eviction may not run now).</summary>
    Ok,
    /// <summary>Still over the limit, but eviction goes on between commands: writes are allowed meanwhile.</summary>
    Running,
    /// <summary>Over the limit with nothing the policy may evict: denyoom commands are refused.</summary>
    Fail,
}

/// <summary>
/// <para>
/// <b>used_memory here.</b> Redis counts every byte its allocator hands out. A managed runtime has
/// no such counter: the GC heap includes garbage until the next collection, so it moves when the
/// collector runs, not when keys come and go, and an evictor reading it would delete far too much
/// (the freed keys do not show until a collection). So this server counts what it can account for:
/// the managed heap measured at start-up (the server's fixed cost), plus each database's dataset
/// estimate (<see cref="Database.DatasetBytes"/>: keys, values and hash-table entries sized as
/// MEMORY USAGE sizes them, kept up to date as keys change), plus what the clients are
/// charged (<see cref="ClientMemory"/>, kept as running totals). docs/reliability.md compares it with RSS and the GC heap.
/// </para>
/// <para>
/// <b>Eviction</b> follows performEvictions: while used memory is over maxmemory, pick a key by
/// the policy (through the <see cref="EvictionPool"/>, or at random), delete it, count what the
/// estimate dropped by, until enough is freed. The loop is bounded in time by
/// maxmemory-eviction-tenacity (500 µs at the default 10); when it runs out, a timer carries on
/// between the loop's cycles, so a large CONFIG SET maxmemory cut never stalls the clients.
/// </para>
/// </summary>
internal sealed class Evictor
{
    private readonly RedisServer _server;
    private readonly EvictionPool _pool = new();
    private readonly Func<int, byte[], bool> _poolKeyExists;
    private EvictionPolicy _policy;
    private int _nextDb;

    // Whether the timer that continues an unfinished eviction is scheduled (cf. isEvictionProcRunning).
    private bool _continuing;

    // When used memory first went over the limit in the current episode (Stopwatch ticks; 0 when under).
    private long _exceededSince;
    private long _totalExceededTicks;

    public Evictor(RedisServer server)
    {
        _server = server;
        _poolKeyExists = (db, key) =>
        {
            var database = _server.Databases[db];
            return _policy.AllKeys() ? database.ContainsIncludingExpired(key) : database.GetExpire(key) != -1;
        };
    }

    /// <summary>The policy in force; maxmemory-policy sets it, and with it how values record their accesses.</summary>
    public EvictionPolicy Policy
    {
        get => _policy;
        set
        {
            _policy = value;
            _server.Access.Lfu = value.IsLfu();
        }
    }

    /// <summary>Evicted keys since start-up are in ServerStats; this is INFO's total_eviction_exceeded_time, in ms.</summary>
    public long TotalExceededMilliseconds => (_totalExceededTicks + CurrentExceededTicks) * 1000 / Stopwatch.Frequency;

    /// <summary>How long used memory has been over maxmemory in the current episode, in ms (current_eviction_exceeded_time).</summary>
    public long CurrentExceededMilliseconds => CurrentExceededTicks * 1000 / Stopwatch.Frequency;

    private long CurrentExceededTicks => _exceededSince == 0 ? 0 : Stopwatch.GetTimestamp() - _exceededSince;

    /// <summary>CONFIG RESETSTAT: forgets the time spent over the limit.</summary>
    public void ResetStats()
    {
        _totalExceededTicks = 0;
        if (_exceededSince != 0) _exceededSince = Stopwatch.GetTimestamp();
    }

    // ---- used memory ------------------------------------------------------------------------

    /// <summary>The bytes the dataset estimates of all databases add up to.</summary>
    public long DatasetBytes()
    {
        long total = 0;
        foreach (var db in _server.Databases) total += db.DatasetBytes();
        return total;
    }

    /// <summary>used_memory: start-up heap, dataset estimate and what the clients are charged (see the class comment).</summary>
    public long UsedMemory() => _server.StartupMemory + DatasetBytes() + _server.ClientMemory.TotalBytes;

    // ---- eviction ------------------------------------------------------------------------------

    /// <summary>
    /// Brings used memory back under maxmemory if it is over and the policy allows (cf.
    /// performEvictions). Runs before every command while maxmemory is set; Fail means a denyoom
    /// command must be refused.
    /// </summary>
    public EvictionResult PerformEvictions()
    {
        // A script past busy-reply-threshold is mid-run, and a paused server keeps its dataset still.
        if (_server.Scripting.IsBusy || _server.Blocking.Pause != EventLoop.PauseMode.Off) return EvictionResult.Ok;

        var result = EvictionResult.Fail;
        long maxmemory = _server.Config.MaxMemory;
        long used = UsedMemory();
        if (maxmemory == 0 || used <= maxmemory) result = EvictionResult.Ok;
        else if (_policy != EvictionPolicy.NoEviction) result = Evict(used - maxmemory);
        UpdateExceededTime(result);
        return result;
    }

    private EvictionResult Evict(long toFree)
    {
        long started = Stopwatch.GetTimestamp();
        long budgetTicks = TimeLimitMicroseconds(_server.Config.MaxMemoryEvictionTenacity) is long us and < long.MaxValue / 1_000_000
            ? us * Stopwatch.Frequency / 1_000_000
            : long.MaxValue;
        long freed = 0;
        int keysFreed = 0;
        var result = EvictionResult.Ok;
        while (freed < toFree)
        {
            if (!TryPickKey(out var db, out var key))
            {
                result = EvictionResult.Fail; // nothing left that the policy may evict
                break;
            }
            freed += db.Evict(key);
            keysFreed++;
            if (keysFreed % 16 == 0 && Stopwatch.GetTimestamp() - started > budgetTicks)
            {
                StartContinuing();
                break;
            }
        }
        if (result == EvictionResult.Ok && _continuing) result = EvictionResult.Running;
        _server.Latency.AddSampleIfNeeded("eviction-cycle", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            _server.Config.LatencyMonitorThreshold);
        return result;
    }

    /// <summary>
    /// The time one eviction call may take (cf. evictionTimeLimitUs): 50 µs per tenacity step up to
    /// 10, then 15% more per step (about 2 minutes at 99), and no limit at 100.
    /// </summary>
    public static long TimeLimitMicroseconds(int tenacity) =>
        tenacity <= 10 ? 50L * tenacity
        : tenacity < 100 ? (long)(500.0 * Math.Pow(1.15, tenacity - 10.0))
        : long.MaxValue;

    /// <summary>
    /// Carries an unfinished eviction on from a timer that fires on every loop cycle (cf.
    /// startEvictionTimeProc), until memory is under the limit or nothing is left to evict.
    /// </summary>
    private void StartContinuing()
    {
        if (_continuing || _server.Timers is not { } timers) return;
        _continuing = true;
        timers.Add(0, () =>
        {
            if (PerformEvictions() == EvictionResult.Running) return 0;
            _continuing = false;
            return -1;
        });
    }

    private void UpdateExceededTime(EvictionResult result)
    {
        if (result != EvictionResult.Ok)
        {
            if (_exceededSince == 0) _exceededSince = Stopwatch.GetTimestamp();
        }
        else if (_exceededSince != 0)
        {
            _totalExceededTicks += Stopwatch.GetTimestamp() - _exceededSince;
            _exceededSince = 0;
        }
    }

    /// <summary>The next key to evict under the policy, false when there is none.</summary>
    private bool TryPickKey(out Database db, out byte[] key)
    {
        var databases = _server.Databases;
        bool allKeys = _policy.AllKeys();
        if (!_policy.UsesPool())
        {
            // The random policies: one random key, visiting the databases in turn.
            for (int i = 0; i < databases.Length; i++)
            {
                _nextDb = (_nextDb + 1) % databases.Length;
                db = databases[_nextDb];
                if (db.TrySampleKey(!allKeys, out key, out _, out _)) return true;
            }
            db = null!;
            key = null!;
            return false;
        }

        while (true)
        {
            // Sample every database into the pool, so the choice is not local to one of them.
            long totalKeys = 0;
            for (int i = 0; i < databases.Length; i++)
            {
                int keys = allKeys ? databases[i].Count : databases[i].ExpiresCount;
                if (keys == 0) continue;
                Populate(i, databases[i], allKeys);
                totalKeys += keys;
            }
            if (totalKeys == 0)
            {
                db = null!;
                key = null!;
                return false;
            }
            if (_pool.TryTakeBest(_poolKeyExists, out int dbIndex, out key))
            {
                db = databases[dbIndex];
                return true;
            }
        }
    }

    /// <summary>Samples maxmemory-samples keys of <paramref name="db"/> into the pool (cf. evictionPoolPopulate).</summary>
    private void Populate(int dbIndex, Database db, bool allKeys)
    {
        var access = _server.Access;
        int samples = _server.Config.MaxMemorySamples;
        for (int j = 0; j < samples; j++)
        {
            if (!db.TrySampleKey(!allKeys, out var key, out var value, out long expiresAt)) return;
            ulong score = _policy.IsLru() ? (ulong)ObjectAccess.IdleMilliseconds(value)
                : _policy.IsLfu() ? (ulong)(255 - access.DecayedCounter(value))
                : ulong.MaxValue - (ulong)expiresAt; // volatile-ttl: the sooner it expires, the better
            _pool.Offer(key, dbIndex, score);
        }
    }
}
