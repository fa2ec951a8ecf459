// What maxmemory costs per command: the same pipelined writes and reads without a limit and with
// one that is never reached (so every command runs performEvictions' check and the changed values
// are measured before the next one). cf. the maxmemory part of processCommand.

using BenchmarkDotNet.Attributes;
using EventLoopRedis.Benchmarks.Commands;

namespace EventLoopRedis.Benchmarks.Memory;

[MemoryDiagnoser]
public class MaxmemoryBenchmarks
{
    private const int Depth = 16;

    /// <summary>"0" is no limit (the cron measures changed values); "1gb" checks the limit before every command.</summary>
    [Params("0", "1gb")]
    public string Maxmemory { get; set; } = "0";

    private PipelinedClient _client = null!;
    private byte[] _set = null!, _get = null!, _hset = null!, _lpush = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        _client.Run(PipelinedClient.Repeat(PipelinedClient.Command("CONFIG", "SET", "maxmemory", Maxmemory, "maxmemory-policy", "allkeys-lru"), 1));
        // A hash of 100 small fields (listpack encoded) and a long list: values whose re-measuring is not O(1).
        for (int i = 0; i < 100; i++) _client.Run(PipelinedClient.Repeat(PipelinedClient.Command("HSET", "hash", "field:" + i, "value"), 1));
        _client.Run(PipelinedClient.Repeat(PipelinedClient.Command("RPUSH", "list", "a", "b", "c", "d"), 1000));
        _set = PipelinedClient.Repeat(PipelinedClient.Command("SET", "key:000000000042", "xxx"), Depth);
        _get = PipelinedClient.Repeat(PipelinedClient.Command("GET", "key:000000000042"), Depth);
        _hset = PipelinedClient.Repeat(PipelinedClient.Command("HSET", "hash", "field:7", "other"), Depth);
        _lpush = PipelinedClient.Repeat(PipelinedClient.Command("LPUSH", "list", "x") + PipelinedClient.Command("RPOP", "list"), Depth / 2);
        _client.Run(_set);
    }

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedSet() => _client.Run(_set);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedGet() => _client.Run(_get);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedHsetOnListpackHash() => _client.Run(_hset);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLpushRpopOnLongList() => _client.Run(_lpush);

    /// <summary>What the check before every command reads: used_memory, the dataset estimate of every database summed.</summary>
    [Benchmark]
    public void UsedMemory() => _usedMemory = _client.Server.Evictor.UsedMemory();

    private long _usedMemory;
}
