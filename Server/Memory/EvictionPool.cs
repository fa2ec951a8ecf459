// The eviction pool: the best candidates for eviction seen so far, across samples and databases.
// cf. struct evictionPoolEntry, evictionPoolAlloc and evictionPoolPopulate in evict.c.

namespace EventLoopRedis.Memory;

/// <summary>
/// Sixteen entries in ascending order of score ("idle": a longer idle time, a lower LFU counter or
/// a nearer expiry scores higher); the best candidate is the rightmost. Each eviction samples
/// maxmemory-samples keys per database into the pool, so a key that scored well in an earlier
/// round can still be chosen later: that memory across rounds is what makes Redis's approximated
/// LRU close to a true one with only 5 samples. Entries are not removed when their key is deleted
/// by someone else; the evictor checks that a picked key still exists ("ghosts" are skipped).
/// </summary>
internal sealed class EvictionPool
{
    public const int Size = 16; // EVPOOL_SIZE

    private readonly Entry[] _entries = new Entry[Size];

    private struct Entry
    {
        public byte[]? Key;
        public ulong Score;
        public int Db;
    }

    /// <summary>
    /// Offers one sampled key (cf. the insertion in evictionPoolPopulate): it goes in if there is a
    /// free entry or it scores higher than the worst one, which then drops out.
    /// </summary>
    public void Offer(byte[] key, int db, ulong score)
    {
        var pool = _entries;
        int k = 0;
        while (k < Size && pool[k].Key is not null && pool[k].Score < score) k++;
        if (k == 0 && pool[Size - 1].Key is not null) return; // worse than everything, and no room
        if (k < Size && pool[k].Key is null)
        {
            // An empty entry: it is at the right end of the occupied ones, nothing to move.
        }
        else if (pool[Size - 1].Key is null)
        {
            // Room on the right: shift k.. one to the right.
            Array.Copy(pool, k, pool, k + 1, Size - k - 1);
        }
        else
        {
            // Full: drop the worst (leftmost) and insert just before the first better entry.
            k--;
            Array.Copy(pool, 1, pool, 0, k);
        }
        pool[k] = new Entry { Key = key, Score = score, Db = db };
    }

    /// <summary>
    /// Takes candidates from the best down until <paramref name="exists"/> confirms one (each taken
    /// entry leaves the pool, existing or not). False when the pool holds no live candidate.
    /// </summary>
    public bool TryTakeBest(Func<int, byte[], bool> exists, out int db, out byte[] key)
    {
        for (int k = Size - 1; k >= 0; k--)
        {
            var entry = _entries[k];
            if (entry.Key is null) continue;
            _entries[k] = default;
            if (exists(entry.Db, entry.Key))
            {
                db = entry.Db;
                key = entry.Key;
                return true;
            }
        }
        db = 0;
        key = null!;
        return false;
    }

    /// <summary>The keys in the pool from worst to best, for tests.</summary>
    public IEnumerable<(byte[] Key, ulong Score)> Entries()
    {
        foreach (var entry in _entries)
            if (entry.Key is not null) yield return (entry.Key, entry.Score);
    }
}
