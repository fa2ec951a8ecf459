// SORT, pipelined 4 deep through a client's coroutine as the event loop runs it, over a compact list
// (100 numbers) and a large one (100,000): numeric, ALPHA, BY a pattern with LIMIT (the partial
// quicksort), BY nosort with LIMIT (the direct range) and STORE.

using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class SortBenchmarks
{
    private const int Depth = 4;

    [Params(100, 100_000)]
    public int Size { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _numeric = null!;
    private byte[] _alpha = null!;
    private byte[] _byPatternLimit = null!;
    private byte[] _noSortLimit = null!;
    private byte[] _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        for (int first = 0; first < Size; first += 10_000)
        {
            var push = new List<string> { "RPUSH", "list" };
            var weights = new List<string> { "MSET" };
            for (int i = first; i < Math.Min(first + 10_000, Size); i++)
            {
                string element = ((i * 7919L) % 100_003).ToString();
                push.Add(element);
                weights.Add("w_" + element);
                weights.Add((i % 1000).ToString());
            }
            _client.Run(PipelinedClient.Repeat(PipelinedClient.Command([.. push]) + PipelinedClient.Command([.. weights]), 1));
        }
        _numeric = Batch("SORT", "list", "LIMIT", "0", "10");
        _alpha = Batch("SORT", "list", "ALPHA", "LIMIT", "0", "10");
        _byPatternLimit = Batch("SORT", "list", "BY", "w_*", "LIMIT", "0", "10");
        _noSortLimit = Batch("SORT", "list", "BY", "nosort", "LIMIT", "10", "10");
        _store = Batch("SORT", "list", "STORE", "dest");
    }

    private static byte[] Batch(params string[] words) => PipelinedClient.Repeat(PipelinedClient.Command(words), Depth);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SortNumericFirstTen() => _client.Run(_numeric);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SortAlphaFirstTen() => _client.Run(_alpha);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SortByPatternFirstTen() => _client.Run(_byPatternLimit);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SortNoSortRange() => _client.Run(_noSortLimit);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SortStore() => _client.Run(_store);
}
