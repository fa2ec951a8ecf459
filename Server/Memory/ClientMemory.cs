// What each client costs in memory, the per-type totals INFO reports, and client eviction (maxmemory-clients).
// cf. getClientMemoryUsage, updateClientMemUsage, getClientEvictionLimit and evictClients in networking.c.

using System.Numerics;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Memory;

/// <summary>The classes whose memory INFO adds up separately (cf. CLIENT_TYPE_NORMAL, _SLAVE, _PUBSUB, _MASTER).</summary>
internal enum ClientMemoryType
{
    Normal,
    Replica,
    PubSub,
    Master,
}

/// <summary>
/// <para>
/// <b>What a client is charged</b> (cf. getClientMemoryUsage): its query buffer as allocated, its reply
/// buffer as allocated (one growable array here, where Redis has a 16 KB buffer plus a list of blocks),
/// a fixed cost for the client itself, what MULTI has queued (the arguments' bytes, a slot per queued
/// command, each watched key), and the per-client overhead of its subscriptions. A command's arguments
/// are slices of the query buffer here (Redis copies them into argv), so they are already in the first
/// term and are not counted twice.
/// </para>
/// <para>
/// <b>Kept incremental.</b> Each client remembers what it was last charged; <see cref="Update"/> replaces
/// that in the running totals, in O(1) (plus O(1) to move the client between buckets). The loop calls it
/// where a client's buffers change: after a read, after a command, after a send, when a publish adds to
/// its output, and from the cron. No command walks all clients.
/// </para>
/// <para>
/// <b>Eviction</b> (cf. evictClients): evictable clients (normal and pub/sub ones without CLIENT NO-EVICT)
/// sit in buckets by size, powers of two from 32 KB to 4 GB. While the normal and pub/sub clients'
/// total is at or over the limit, a client of the largest non-empty bucket is closed. It runs before each
/// command and after each flush of replies, as Redis runs it in processCommand and beforeSleep.
/// </para>
/// </summary>
internal sealed class ClientMemory
{
    // What this server charges for the Client object itself and its small fixed parts (the argument
    // offset arrays, the subscription tables while empty); Redis charges zmalloc_size(c).
    public const int ClientStructBytes = 1024;
    private const int PointerBytes = 8;
    private const int ListNodeBytes = 24;          // sizeof(listNode)
    private const int DictEntryBytes = 24;         // sizeof(dictEntry)
    private const int WatchedKeyBytes = 24 + 24;   // sizeof(listNode) + sizeof(watchedKey)
    private const int QueuedCommandBytes = 24;     // sizeof(multiCmd)

    // Buckets by size: up to 32 KB (2^15), then one per power of two, the last for 4 GB and more.
    private const int BucketMinLog = 15;           // CLIENT_MEM_USAGE_BUCKET_MIN_LOG
    private const int BucketMaxLog = 33;           // CLIENT_MEM_USAGE_BUCKET_MAX_LOG
    private const int BucketCount = 1 + BucketMaxLog - BucketMinLog;

    /// <summary>A limit under 128 KB would cut everyone off, the administrator first (cf. getClientEvictionLimit).</summary>
    public const long MinimumLimit = 128 * 1024;

    private readonly RedisServer _server;
    private readonly List<Client>[] _buckets = new List<Client>[BucketCount];
    private readonly long[] _byType = new long[4];

    public ClientMemory(RedisServer server)
    {
        _server = server;
        for (int i = 0; i < BucketCount; i++) _buckets[i] = new List<Client>();
    }

    /// <summary>Closes an evicted client (the loop's ScheduleClose); unset, the client is killed at the cycle's end.</summary>
    public Action<Client>? Close { get; set; }

    /// <summary>INFO stats evicted_clients; CONFIG RESETSTAT zeroes it.</summary>
    public long EvictedClients { get; set; }

    /// <summary>INFO memory mem_clients_normal: normal and pub/sub clients (the ones eviction looks at).</summary>
    public long NormalBytes => _byType[(int)ClientMemoryType.Normal] + _byType[(int)ClientMemoryType.PubSub];

    /// <summary>INFO memory mem_clients_slaves.</summary>
    public long ReplicaBytes => _byType[(int)ClientMemoryType.Replica];

    /// <summary>Every connected client's charge, the part of used_memory the clients make.</summary>
    public long TotalBytes => _byType[0] + _byType[1] + _byType[2] + _byType[3];

    // ---- what a client costs ---------------------------------------------------------------------

    /// <summary>tot-mem of CLIENT LIST (cf. getClientMemoryUsage).</summary>
    public static long Usage(Client c)
    {
        long mem = ClientStructBytes + c.Query.Data.Length + c.Reply.Capacity + MultiUsage(c);
        mem += (long)c.Patterns.Count * ListNodeBytes;
        mem += (long)c.Channels.Count * DictEntryBytes + c.Channels.BucketCount * PointerBytes;
        return mem;
    }

    /// <summary>multi-mem of CLIENT LIST: queued commands and watched keys (cf. multiStateMemOverhead).</summary>
    public static long MultiUsage(Client c) =>
        c.MultiArgBytes + (long)(c.Multi?.Capacity ?? 0) * QueuedCommandBytes + (long)c.WatchedKeys.Count * WatchedKeyBytes;

    /// <summary>What one queued command's arguments add to multi-mem (cf. argv_len_sums in queueMultiCommand).</summary>
    public static long QueuedArgBytes(Protocol.ArgList args) => args.Buffer.Length + (long)args.Count * PointerBytes;

    /// <summary>The class a client's memory is added to (cf. getClientType).</summary>
    public static ClientMemoryType TypeOf(Client c) =>
        c.IsMaster ? ClientMemoryType.Master
        : c.Replica is { IsReplica: true } && !c.IsMonitor ? ClientMemoryType.Replica
        : c.IsSubscribed ? ClientMemoryType.PubSub
        : ClientMemoryType.Normal;

    // ---- the running totals ------------------------------------------------------------------------

    /// <summary>
    /// Charges a client what it uses now, in place of what it was charged last time, and moves it to
    /// its bucket, or out of the buckets when it may not be evicted (cf. updateClientMemUsage).
    /// </summary>
    public void Update(Client c)
    {
        if (c.Socket is null || c.IsClosing) return; // pseudo-clients are not charged; a closing one was taken out
        long mem = Usage(c);
        var type = TypeOf(c);
        _byType[(int)c.MemoryType] -= c.MemoryCharged;
        _byType[(int)type] += mem;
        c.MemoryType = type;
        c.MemoryCharged = mem;

        bool evictable = type is ClientMemoryType.Normal or ClientMemoryType.PubSub && !c.NoEvict;
        int bucket = evictable ? BucketOf(mem) : -1;
        if (bucket != c.MemoryBucket)
        {
            LeaveBucket(c);
            if (bucket >= 0)
            {
                var list = _buckets[bucket];
                c.MemoryBucket = bucket;
                c.MemoryBucketSlot = list.Count;
                list.Add(c);
            }
        }
    }

    /// <summary>Takes a closing client out of the totals and the buckets (cf. removeClientFromMemUsageBucket in freeClient).</summary>
    public void Remove(Client c)
    {
        _byType[(int)c.MemoryType] -= c.MemoryCharged;
        c.MemoryCharged = 0;
        LeaveBucket(c);
    }

    /// <summary>The cron's pass: charges every client again, so a change no hook saw is caught within a tick.</summary>
    public void UpdateAll()
    {
        foreach (var client in _server.Clients.Values) Update(client);
    }

    private static int BucketOf(long mem)
    {
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)mem);
        return Math.Clamp(bits, BucketMinLog, BucketMaxLog) - BucketMinLog;
    }

    private void LeaveBucket(Client c)
    {
        if (c.MemoryBucket < 0) return;
        // Swap with the last so leaving is O(1); the order inside a bucket is of no consequence.
        var list = _buckets[c.MemoryBucket];
        int slot = c.MemoryBucketSlot;
        var last = list[^1];
        list[slot] = last;
        last.MemoryBucketSlot = slot;
        list.RemoveAt(list.Count - 1);
        c.MemoryBucket = -1;
    }

    // ---- eviction -------------------------------------------------------------------------------------

    /// <summary>maxmemory-clients in bytes: the absolute value, or its percentage of maxmemory; 0 is off (cf. getClientEvictionLimit).</summary>
    public long Limit()
    {
        long setting = _server.Config.MaxMemoryClients;
        long limit;
        if (setting < 0)
        {
            long maxmemory = _server.Config.MaxMemory;
            if (maxmemory <= 0) return 0;
            limit = (long)(maxmemory * (-setting / 100.0));
        }
        else if (setting > 0) limit = setting;
        else return 0;
        return Math.Max(limit, MinimumLimit);
    }

    /// <summary>
    /// Closes the largest evictable clients while the normal and pub/sub clients' total is at or over
    /// maxmemory-clients (cf. evictClients). Costs a comparison while under the limit.
    /// </summary>
    public void EvictClients()
    {
        long limit = _server.Config.MaxMemoryClients == 0 ? 0 : Limit();
        if (limit == 0) return;
        int bucket = BucketCount - 1;
        while (NormalBytes >= limit)
        {
            while (bucket >= 0 && _buckets[bucket].Count == 0) bucket--;
            if (bucket < 0)
            {
                Log.Warning("Over client maxmemory after evicting all evictable clients");
                return;
            }
            var client = _buckets[bucket][0];
            Log.Notice("Evicting client: " + Commands.ClientCommands.InfoLine(client));
            Remove(client);
            EvictedClients++;
            if (Close is { } close) close(client);
            else _server.Kill(client);
        }
    }
}
