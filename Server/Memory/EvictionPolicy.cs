// The maxmemory-policy values and what each implies. cf. the MAXMEMORY_* flags in server.h.

namespace EventLoopRedis.Memory;

/// <summary>What to delete when used memory passes maxmemory (maxmemory-policy).</summary>
internal enum EvictionPolicy
{
    NoEviction,
    AllKeysLru,
    AllKeysLfu,
    AllKeysRandom,
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
}

internal static class EvictionPolicies
{
    /// <summary>The policy named as maxmemory-policy spells it (the config table has checked the name).</summary>
    public static EvictionPolicy Parse(string name) => name switch
    {
        "allkeys-lru" => EvictionPolicy.AllKeysLru,
        "allkeys-lfu" => EvictionPolicy.AllKeysLfu,
        "allkeys-random" => EvictionPolicy.AllKeysRandom,
        "volatile-lru" => EvictionPolicy.VolatileLru,
        "volatile-lfu" => EvictionPolicy.VolatileLfu,
        "volatile-random" => EvictionPolicy.VolatileRandom,
        "volatile-ttl" => EvictionPolicy.VolatileTtl,
        _ => EvictionPolicy.NoEviction,
    };

    /// <summary>Values keep an LFU counter instead of an access time (MAXMEMORY_FLAG_LFU).</summary>
    public static bool IsLfu(this EvictionPolicy policy) => policy is EvictionPolicy.AllKeysLfu or EvictionPolicy.VolatileLfu;

    /// <summary>Candidates are ranked by idle time (MAXMEMORY_FLAG_LRU).</summary>
    public static bool IsLru(this EvictionPolicy policy) => policy is EvictionPolicy.AllKeysLru or EvictionPolicy.VolatileLru;

    /// <summary>Every key may go, not only the ones with a time to live (MAXMEMORY_FLAG_ALLKEYS).</summary>
    public static bool AllKeys(this EvictionPolicy policy) =>
        policy is EvictionPolicy.AllKeysLru or EvictionPolicy.AllKeysLfu or EvictionPolicy.AllKeysRandom;

    /// <summary>Candidates go through the eviction pool (every policy but the random ones and noeviction).</summary>
    public static bool UsesPool(this EvictionPolicy policy) => policy.IsLru() || policy.IsLfu() || policy == EvictionPolicy.VolatileTtl;
}
