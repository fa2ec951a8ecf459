// What a value's access field (RedisObject.LastAccessMs) records and how it is read: LRU time or
// LFU counter. cf. the LFU part of evict.c (LFULogIncr, LFUDecrAndReturn, estimateObjectIdleTime),
// updateLFU in db.c and objectSetLRUOrLFU in object.c.

namespace EventLoopRedis.Storage;

/// <summary>
/// One per server, shared by its databases. Under an LRU (or non-LFU) policy a value's field is the
/// Unix millisecond of its last access; under an LFU policy it is Redis's 24-bit layout, the 16-bit
/// "last decrement time" in minutes above an 8-bit logarithmic counter. The policy only changes how
/// the bits are read and written: switching leaves them as they are, so for a while after a switch
/// each value reads oddly until it is next accessed, exactly as in Redis.
/// </summary>
internal sealed class ObjectAccess
{
    /// <summary>A new value's counter, so that it can collect a few accesses before it looks unused (LFU_INIT_VAL).</summary>
    public const int LfuInitialCounter = 5;

    // Redis draws from rand(); a fixed seed keeps a run reproducible.
    private readonly Random _random = new(16);

    /// <summary>True under allkeys-lfu or volatile-lfu.</summary>
    public bool Lfu { get; set; }

    /// <summary>lfu-log-factor: how many accesses it takes to raise the counter (higher: slower).</summary>
    public int LfuLogFactor { get; set; } = 10;

    /// <summary>lfu-decay-time: minutes per decrement of an unaccessed value's counter; 0 never decays.</summary>
    public int LfuDecayMinutes { get; set; } = 1;

    /// <summary>A value is stored for the first time (cf. the lru set by createObject).</summary>
    public void Created(RedisObject value) =>
        value.LastAccessMs = Lfu ? (MinutesNow() << 8) | LfuInitialCounter : Clock.CoarseUnixMs;

    /// <summary>A lookup used the value (cf. lookupKey's updateLFU, or its LRU_CLOCK update).</summary>
    public void Touched(RedisObject value)
    {
        if (!Lfu)
        {
            value.LastAccessMs = Clock.CoarseUnixMs;
            return;
        }
        long counter = LogIncrement(DecayedCounter(value));
        value.LastAccessMs = (MinutesNow() << 8) | counter;
    }

    /// <summary>
    /// The counter with the decay due since the last decrement applied, without storing it (cf.
    /// LFUDecrAndReturn): one less per lfu-decay-time minutes elapsed. OBJECT FREQ reports it.
    /// </summary>
    public long DecayedCounter(RedisObject value)
    {
        long ldt = (value.LastAccessMs >> 8) & 0xFFFF;
        long counter = value.LastAccessMs & 0xFF;
        long periods = LfuDecayMinutes > 0 ? MinutesElapsed(ldt) / LfuDecayMinutes : 0;
        return periods > counter ? 0 : counter - periods;
    }

    /// <summary>
    /// RESTORE's FREQ or IDLETIME, or an RDB file's FREQ or IDLE opcode (cf. objectSetLRUOrLFU):
    /// under an LFU policy a frequency (0..255) becomes the counter, otherwise an idle time in
    /// seconds becomes the access time; the one that does not fit the policy is ignored. -1 is none.
    /// </summary>
    public void Restored(RedisObject value, long frequency, long idleSeconds)
    {
        if (Lfu)
        {
            if (frequency >= 0) value.LastAccessMs = (MinutesNow() << 8) | frequency;
        }
        else if (idleSeconds >= 0) value.LastAccessMs = Clock.CoarseUnixMs - idleSeconds * 1000;
    }

    /// <summary>Milliseconds since the value's last access under LRU (cf. estimateObjectIdleTime).</summary>
    public static long IdleMilliseconds(RedisObject value) => Math.Max(0, Clock.CoarseUnixMs - value.LastAccessMs);

    /// <summary>
    /// Raises the counter with probability 1 / ((counter - 5) * lfu-log-factor + 1), saturating at
    /// 255 (cf. LFULogIncr): about a million accesses bring it to 255 at the default factor of 10.
    /// </summary>
    private long LogIncrement(long counter)
    {
        if (counter == 255) return 255;
        double baseValue = Math.Max(0, counter - LfuInitialCounter);
        double p = 1.0 / (baseValue * LfuLogFactor + 1);
        return _random.NextDouble() < p ? counter + 1 : counter;
    }

    /// <summary>The current time in minutes, its low 16 bits (cf. LFUGetTimeInMinutes).</summary>
    private static long MinutesNow() => Clock.CoarseUnixMs / 1000 / 60 & 0xFFFF;

    /// <summary>Minutes since <paramref name="ldt"/>, the 16-bit clock wrapping at most once (cf. LFUTimeElapsed).</summary>
    private static long MinutesElapsed(long ldt)
    {
        long now = MinutesNow();
        return now >= ldt ? now - ldt : 65535 - ldt + now;
    }
}
