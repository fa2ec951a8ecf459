// What client tracking costs a command, pipelined 16 deep through a client's coroutine: GET and
// SET with tracking off, on (default mode, the key already in the table), and with a BCAST
// client's prefix that the key does not match.

using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class TrackingBenchmarks
{
    private const int Depth = 16;

    [Params("off", "on", "bcast")]
    public string Tracking { get; set; } = "off";

    private PipelinedClient _client = null!;
    private byte[] _get = null!;
    private byte[] _mget = null!;
    private byte[] _set = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        _client.Run(PipelinedClient.Repeat(PipelinedClient.Command("MSET", "key:1", "x", "key:2", "y", "key:3", "z"), 1));
        if (Tracking == "on") _client.Run(PipelinedClient.Repeat(PipelinedClient.Command("CLIENT", "TRACKING", "on"), 1));
        if (Tracking == "bcast")
            _client.Run(PipelinedClient.Repeat(PipelinedClient.Command("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:"), 1));
        _get = PipelinedClient.Repeat(PipelinedClient.Command("GET", "key:1"), Depth);
        _mget = PipelinedClient.Repeat(PipelinedClient.Command("MGET", "key:1", "key:2", "key:3"), Depth);
        _set = PipelinedClient.Repeat(PipelinedClient.Command("SET", "key:2", "v"), Depth);
    }

    [Benchmark(OperationsPerInvoke = Depth)]
    public void Get() => _client.Run(_get);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void MGet() => _client.Run(_mget);

    /// <summary>SET of a key nobody tracks (the socketless client's own invalidations go nowhere).</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public void Set() => _client.Run(_set);
}
