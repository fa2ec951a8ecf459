// The blocking commands on their non-blocking path (the key has data), pipelined 16 deep through a
// client's coroutine, on a compact and a large list/sorted set; and the cost a push to a brand-new
// key pays for the ready-keys hook when nobody waits (Database.KeyAdded -> BlockedClients).

using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class BlockingBenchmarks
{
    private const int Depth = 16;

    [Params(100, 1_000_000)]
    public int Size { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _blpopBatch = null!;
    private byte[] _blmoveBatch = null!;
    private byte[] _bzpopminBatch = null!;
    private byte[] _newKeyBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        for (int first = 0; first < Size; first += 10_000)
        {
            var push = new List<string> { "RPUSH", "list" };
            var add = new List<string> { "ZADD", "zset" };
            for (int i = first; i < Math.Min(first + 10_000, Size); i++)
            {
                push.Add("item-" + i);
                add.Add(i.ToString());
                add.Add("member-" + i);
            }
            _client.Run(PipelinedClient.Repeat(PipelinedClient.Command([.. push]), 1));
            _client.Run(PipelinedClient.Repeat(PipelinedClient.Command([.. add]), 1));
        }
        _blpopBatch = Batch("LPUSH", "list", "item-new", "BLPOP", "list", "0");
        _blmoveBatch = Batch("BLMOVE", "list", "list", "LEFT", "RIGHT", "0");
        _bzpopminBatch = Batch("ZADD", "zset", "-1", "member-new", "BZPOPMIN", "zset", "0");
        _newKeyBatch = Batch("LPUSH", "fresh", "x", "BLPOP", "fresh", "0");
    }

    /// <summary>Depth commands: the arguments hold one command, or two split where the second name starts.</summary>
    private static byte[] Batch(params string[] args)
    {
        int split = Array.FindIndex(args, 1, a => a is "BLPOP" or "BZPOPMIN");
        string commands = split < 0
            ? PipelinedClient.Command(args)
            : PipelinedClient.Command(args[..split]) + PipelinedClient.Command(args[split..]);
        return PipelinedClient.Repeat(commands, split < 0 ? Depth : Depth / 2);
    }

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PushThenBlpop() => _client.Run(_blpopBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void BlmoveRotate() => _client.Run(_blmoveBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void AddThenBzpopmin() => _client.Run(_bzpopminBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PushToNewKeyThenBlpop() => _client.Run(_newKeyBatch);
}
