// redis-benchmark's default tests as it runs them with -r 100000 -P 16: each command names one of
// 100,000 random keys (or members, or fields), so lookups miss the caches as they do on the wire;
// through a client's coroutine, minus the sockets.

using System.Text;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class KeyspaceBenchmarks
{
    private const int Depth = 16;
    private const int Batches = 4096;
    private const int Keyspace = 100_000;

    private PipelinedClient _client = null!;
    private byte[][] _set = null!, _get = null!, _sadd = null!, _hset = null!, _incr = null!, _zadd = null!;
    private byte[][] _mset = null!, _lpush = null!, _rpush = null!, _lpushLpop = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        var random = new Random(42);
        _set = Build(random, n => PipelinedClient.Command("SET", $"key:{n:D12}", "xxx"));
        _get = Build(random, n => PipelinedClient.Command("GET", $"key:{n:D12}"));
        _sadd = Build(random, n => PipelinedClient.Command("SADD", "myset", $"element:{n:D12}"));
        _hset = Build(random, n => PipelinedClient.Command("HSET", "myhash", $"element:{n:D12}", "xxx"));
        _incr = Build(random, n => PipelinedClient.Command("INCR", $"counter:{n:D12}"));
        _zadd = Build(random, n => PipelinedClient.Command("ZADD", "myzset", n.ToString(), $"element:{n:D12}"));
        // MSET as redis-benchmark sends it: ten random keys of the same keyspace as SET's.
        _mset = Build(random, n => PipelinedClient.Command(
            ["MSET", .. Enumerable.Range(0, 10).SelectMany(i => new[] { $"key:{(n + i * 7919) % Keyspace:D12}", "xxx" })]));
        _lpush = Build(random, _ => PipelinedClient.Command("LPUSH", "mylist", "xxx"));
        _rpush = Build(random, _ => PipelinedClient.Command("RPUSH", "mylist", "xxx"));
        // A push and a pop in turn keep the list's length (and the measurement) steady.
        _lpushLpop = Build(random, n => n % 2 == 0 ? PipelinedClient.Command("LPUSH", "poplist", "xxx") : PipelinedClient.Command("LPOP", "poplist"));
        // Every key, member and field exists, as after redis-benchmark's warm-up.
        foreach (var batches in new[] { _set, _sadd, _hset, _incr, _zadd })
            for (int pass = 0; pass < 30; pass++)
                foreach (var batch in batches) _client.Run(batch);
    }

    private static byte[][] Build(Random random, Func<int, string> command)
    {
        var batches = new byte[Batches][];
        for (int b = 0; b < Batches; b++)
        {
            var text = new StringBuilder();
            for (int i = 0; i < Depth; i++) text.Append(command(random.Next(Keyspace)));
            batches[b] = Encoding.ASCII.GetBytes(text.ToString());
        }
        return batches;
    }

    // Every 4,096 batches (65,536 commands, what the server runs between two cron ticks at about
    // 650,000 a second) the values written meanwhile are measured for used_memory, as the cron does:
    // that work is part of a write's cost, and without it the queue of values to measure would grow
    // without end and show its growth as allocation.
    private void Run(byte[][] batches)
    {
        _client.Run(batches[_next++ & (Batches - 1)]);
        if ((_next & (Batches - 1)) == 0) _client.Server.Evictor.DatasetBytes();
    }

    [Benchmark(OperationsPerInvoke = Depth)] public void Set() => Run(_set);
    [Benchmark(OperationsPerInvoke = Depth)] public void Get() => Run(_get);
    [Benchmark(OperationsPerInvoke = Depth)] public void SAdd() => Run(_sadd);
    [Benchmark(OperationsPerInvoke = Depth)] public void HSet() => Run(_hset);
    [Benchmark(OperationsPerInvoke = Depth)] public void Incr() => Run(_incr);
    [Benchmark(OperationsPerInvoke = Depth)] public void ZAdd() => Run(_zadd);
    [Benchmark(OperationsPerInvoke = Depth)] public void MSet() => Run(_mset);
    [Benchmark(OperationsPerInvoke = Depth)] public void LPush() => Run(_lpush);
    [Benchmark(OperationsPerInvoke = Depth)] public void RPush() => Run(_rpush);
    [Benchmark(OperationsPerInvoke = Depth)] public void LPushOrLPop() => Run(_lpushLpop);
}
