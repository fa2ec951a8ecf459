// The main list commands, pipelined 16 deep through a client's coroutine as the event loop runs
// them, on a compact list (100 elements, one quicklist node) and a large one (1,000,000, ~1,600 nodes).

using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class ListBenchmarks
{
    private const int Depth = 16;

    [Params(100, 1_000_000)]
    public int Size { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _pushPopBatch = null!;
    private byte[] _indexBatch = null!;
    private byte[] _rangeHeadBatch = null!;
    private byte[] _rangeMiddleBatch = null!;
    private byte[] _setBatch = null!;
    private byte[] _rotateBatch = null!;
    private byte[] _posBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        for (int first = 0; first < Size; first += 10_000)
        {
            var push = new List<string> { "RPUSH", "list" };
            for (int i = first; i < Math.Min(first + 10_000, Size); i++) push.Add("item-" + i);
            _client.Run(PipelinedClient.Repeat(PipelinedClient.Command([.. push]), 1));
        }
        string middle = (Size / 2).ToString();
        _pushPopBatch = Batch(Depth / 2, "LPUSH", "list", "item-new", "|", "RPOP", "list");
        _indexBatch = Batch(Depth, "LINDEX", "list", middle);
        _rangeHeadBatch = Batch(Depth, "LRANGE", "list", "0", "9");
        _rangeMiddleBatch = Batch(Depth, "LRANGE", "list", middle, (Size / 2 + 9).ToString());
        _setBatch = Batch(Depth, "LSET", "list", middle, "item-set");
        _rotateBatch = Batch(Depth, "LMOVE", "list", "list", "LEFT", "RIGHT");
        _posBatch = Batch(Depth, "LPOS", "list", "absent", "MAXLEN", "50");
    }

    /// <summary>The commands in <paramref name="words"/> (separated by "|"), <paramref name="times"/> times over.</summary>
    private static byte[] Batch(int times, params string[] words)
    {
        var commands = string.Join("", string.Join(' ', words).Split(" | ").Select(c => PipelinedClient.Command(c.Split(' '))));
        return PipelinedClient.Repeat(commands, times);
    }

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLPushRPop() => _client.Run(_pushPopBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLIndexMiddle() => _client.Run(_indexBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLRangeFirstTen() => _client.Run(_rangeHeadBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLRangeTenInTheMiddle() => _client.Run(_rangeMiddleBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLSetMiddle() => _client.Run(_setBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLMoveRotate() => _client.Run(_rotateBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedLPosMaxLen50() => _client.Run(_posBatch);
}
