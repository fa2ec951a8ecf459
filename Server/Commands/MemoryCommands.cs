// MEMORY and its subcommands: what a key costs, where the heap goes, and advice.
// cf. memoryCommand, objectComputeSize, getMemoryOverheadData and getMemoryDoctorReport in object.c.
// How each number is measured on .NET is in docs/operations.md (MEMORY).

using System.Globalization;
using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Commands;

internal static class MemoryCommands
{
    /// <summary>
    /// Format: <c>MEMORY USAGE key [SAMPLES count]</c>: the bytes the key and its value take,
    /// sampling <c>count</c> elements of a collection (default 5, 0 all); null for no key.
    /// </summary>
    public static void Usage(Client client)
    {
        var args = client.Args;
        long samples = MemoryUsage.DefaultSamples;
        for (int i = 3; i < args.Count; i++)
        {
            if (!args.Is(i, "SAMPLES"u8) || i + 1 >= args.Count)
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
            if (!Numbers.TryParseLong(args[i + 1], out samples))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            if (samples < 0)
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
            if (samples == 0) samples = long.MaxValue;
            i++;
        }
        if (client.Db.PeekRaw(args[2]) is not { } value)
        {
            client.Reply.NullBulk();
            return;
        }
        client.Reply.Integer(MemoryUsage.OfKey(args[2], value, samples));
    }

    /// <summary>The figures MEMORY STATS and MEMORY DOCTOR share (cf. struct redisMemOverhead).</summary>
    private sealed record Overhead(
        long Peak, long Total, long Startup, long ClientsNormal, List<(int Db, long Main, long Expires)> Dbs,
        long OverheadTotal, long Keys, long GcHeap, long GcCommitted, long Rss)
    {
        public long NetUsage => Total - Startup;
        public long Dataset => Math.Max(0, Total - OverheadTotal);
    }

    private static Overhead Measure(RedisServer server)
    {
        long total = server.Stats.RecordUsedMemory(server.Evictor.UsedMemory());
        long clients = server.ClientMemory.NormalBytes;
        var dbs = new List<(int, long, long)>();
        long overhead = server.StartupMemory + server.ClientMemory.TotalBytes, keys = 0;
        foreach (var db in server.Databases)
        {
            if (db.Count == 0) continue;
            var (main, expires) = db.HashTableOverhead();
            dbs.Add((db.Id, main, expires));
            overhead += main + expires;
            keys += db.Count;
        }
        // The heap as of the last collection (before the first one, what is allocated now).
        var gc = GC.GetGCMemoryInfo();
        long heap = gc.Index == 0 ? total : gc.HeapSizeBytes;
        long committed = gc.Index == 0 ? total : gc.TotalCommittedBytes;
        return new Overhead(server.Stats.PeakMemory, total, server.StartupMemory, clients, dbs, overhead, keys,
            heap, committed, Environment.WorkingSet);
    }

    /// <summary>Format: <c>MEMORY STATS</c>: a map of Redis's fields, those this server can measure.</summary>
    public static void Stats(Client client)
    {
        var m = Measure(client.Server);
        var reply = client.Reply;
        reply.MapHeader(20 + m.Dbs.Count);
        Field(reply, "peak.allocated", m.Peak);
        Field(reply, "total.allocated", m.Total);
        Field(reply, "startup.allocated", m.Startup);
        Field(reply, "replication.backlog", 0);
        Field(reply, "clients.slaves", client.Server.ClientMemory.ReplicaBytes);
        Field(reply, "clients.normal", m.ClientsNormal);
        Field(reply, "cluster.links", 0);
        Field(reply, "aof.buffer", 0);
        foreach (var (db, main, expires) in m.Dbs)
        {
            reply.Bulk($"db.{db}");
            reply.MapHeader(3);
            Field(reply, "overhead.hashtable.main", main);
            Field(reply, "overhead.hashtable.expires", expires);
            Field(reply, "overhead.hashtable.slot-to-keys", 0); // cluster mode only
        }
        Field(reply, "overhead.total", m.OverheadTotal);
        Field(reply, "keys.count", m.Keys);
        Field(reply, "keys.bytes-per-key", m.Keys == 0 ? 0 : m.NetUsage / m.Keys);
        Field(reply, "dataset.bytes", m.Dataset);
        Field(reply, "dataset.percentage", m.NetUsage <= 0 ? 0 : (float)m.Dataset * 100 / m.NetUsage);
        Field(reply, "peak.percentage", m.Peak == 0 ? 0 : (float)m.Total * 100 / m.Peak);
        Field(reply, "allocator.allocated", m.GcHeap);
        Field(reply, "allocator.active", m.GcCommitted);
        Field(reply, "allocator-fragmentation.ratio", m.GcHeap == 0 ? 0 : (float)m.GcCommitted / m.GcHeap);
        Field(reply, "allocator-fragmentation.bytes", m.GcCommitted - m.GcHeap);
        Field(reply, "fragmentation", m.Total == 0 ? 0 : (float)m.Rss / m.Total);
        Field(reply, "fragmentation.bytes", m.Rss - m.Total);
    }

    private static void Field(ReplyBuffer reply, string name, long value)
    {
        reply.Bulk(name);
        reply.Integer(value);
    }

    private static void Field(ReplyBuffer reply, string name, double value)
    {
        reply.Bulk(name);
        Span<byte> text = stackalloc byte[Doubles.MaxFormattedLength];
        reply.Double(text[..Doubles.Format(value, text)]);
    }

    /// <summary>Format: <c>MEMORY DOCTOR</c>: Redis's report, from the checks that have a meaning on .NET.</summary>
    public static void Doctor(Client client)
    {
        var server = client.Server;
        var m = Measure(server);
        var gc = GC.GetGCMemoryInfo();
        // A data set under 5 MB: Redis compares its whole allocation; here the runtime alone is more, so the data is compared.
        bool empty = m.NetUsage < 5 * 1024 * 1024;
        bool bigPeak = false, allocatorFragmentation = false, bigClientBuffers = false, manyScripts = false;
        int reports = empty ? 1 : 0;
        if (!empty)
        {
            if ((float)m.Peak / m.Total > 1.5) { bigPeak = true; reports++; }
            if ((double)gc.FragmentedBytes / Math.Max(1, m.GcHeap - gc.FragmentedBytes) > 0.1 && gc.FragmentedBytes > 10 << 20)
            {
                allocatorFragmentation = true;
                reports++;
            }
            if (server.Clients.Count > 0 && m.ClientsNormal / server.Clients.Count > 1024 * 200) { bigClientBuffers = true; reports++; }
            if (server.Scripting.Eval.Count > 1000) { manyScripts = true; reports++; }
        }
        var report = new StringBuilder();
        if (reports == 0)
            report.Append("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n");
        else if (empty)
            report.Append("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n");
        else
        {
            report.Append("Sam, I detected a few issues in this Redis instance memory implants:\n\n");
            if (bigPeak)
                report.Append(" * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n");
            if (allocatorFragmentation)
                report.Append(" * High allocator fragmentation: This instance has an allocator external fragmentation greater than 1.1. This problem is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or may result from a workload that causes the allocator to fragment memory a lot. You can try enabling 'activedefrag' config option.\n\n");
            if (bigClientBuffers)
                report.Append(" * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.\n\n");
            if (manyScripts)
                report.Append(" * Many scripts: There seem to be many cached scripts in this instance (more than 1000). This may be because scripts are generated and `EVAL`ed, instead of being parameterized (with KEYS and ARGV), `SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called periodically, the scripts' caches may end up consuming most of your memory.\n\n");
            report.Append("I'm here to keep you safe, Sam. I want to help you.\n");
        }
        client.Reply.Verbatim(Encoding.ASCII.GetBytes(report.ToString()), "txt"u8);
    }

    /// <summary>Format: <c>MEMORY MALLOC-STATS</c>: the .NET garbage collector's own statistics, in place of jemalloc's.</summary>
    public static void MallocStats(Client client)
    {
        var inv = CultureInfo.InvariantCulture;
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        var text = new StringBuilder();
        text.Append("___ Begin .NET GC statistics ___\n");
        text.Append(inv, $"Server GC: {(System.Runtime.GCSettings.IsServerGC ? "yes" : "no")}, latency mode: {System.Runtime.GCSettings.LatencyMode}\n");
        text.Append(inv, $"Heap size: {gc.HeapSizeBytes}\nCommitted: {gc.TotalCommittedBytes}\nFragmented: {gc.FragmentedBytes}\n");
        text.Append(inv, $"Promoted by the last collection: {gc.PromotedBytes}\nPinned objects: {gc.PinnedObjectsCount}\n");
        text.Append(inv, $"Total allocated since start: {GC.GetTotalAllocatedBytes()}\nPause time: {GC.GetTotalPauseDuration().TotalMilliseconds:F3} ms ({gc.PauseTimePercentage:F2}%)\n");
        string[] generations = ["gen0", "gen1", "gen2", "large object heap", "pinned object heap"];
        var sizes = gc.GenerationInfo;
        for (int g = 0; g < sizes.Length && g < generations.Length; g++)
        {
            string collections = g <= GC.MaxGeneration ? $", collections: {GC.CollectionCount(g)}" : "";
            text.Append(inv, $"{generations[g]}: size {sizes[g].SizeAfterBytes}, fragmented {sizes[g].FragmentationAfterBytes}{collections}\n");
        }
        text.Append("--- End .NET GC statistics ---\n");
        client.Reply.Verbatim(Encoding.ASCII.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>
    /// Format: <c>MEMORY PURGE</c>: a full, compacting collection (the large object heap
    /// included) that returns free memory to the system, as jemalloc's purge does.
    /// </summary>
    public static void Purge(Client client)
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        client.Reply.Ok();
    }

    /// <summary>Format: <c>MEMORY HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "MEMORY",
    [
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    ]);
}
