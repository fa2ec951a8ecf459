// The main hash commands, pipelined 16 deep through a client's coroutine as in PipelineBenchmarks,
// on a compact hash (a listpack of 16 fields) and a large one (a hash table of 100,000 fields).

using System.Text;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class HashBenchmarks
{
    private const int Depth = 16;

    /// <summary>16 fields stay a listpack (the default limit is 128); 100,000 make a hash table.</summary>
    [Params(16, 100_000)]
    public int Fields { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _hsetBatch = null!;
    private byte[] _hgetBatch = null!;
    private byte[] _hmgetBatch = null!;
    private byte[] _hincrbyBatch = null!;
    private byte[] _hexistsBatch = null!;
    private byte[] _hgetallOnce = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        for (int first = 0; first < Fields; first += 1000)
        {
            var fill = new StringBuilder("HSET hash");
            for (int i = first; i < Math.Min(Fields, first + 1000); i++) fill.Append($" field:{i} value:{i}");
            Run(Encoding.ASCII.GetBytes(fill + "\r\n"));
        }
        // A field in the middle, so a listpack search walks half of it.
        string field = $"field:{Fields / 2}";
        _hsetBatch = Repeat($"HSET hash {field} newvalue\r\n");
        _hgetBatch = Repeat($"HGET hash {field}\r\n");
        _hmgetBatch = Repeat($"HMGET hash field:0 {field} missing\r\n");
        _hincrbyBatch = Repeat("HINCRBY hash counter 1\r\n");
        _hexistsBatch = Repeat($"HEXISTS hash {field}\r\n");
        _hgetallOnce = Encoding.ASCII.GetBytes("HGETALL hash\r\n");
    }

    private static byte[] Repeat(string command) => PipelinedClient.Repeat(command, Depth);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedHSet() => Run(_hsetBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedHGet() => Run(_hgetBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedHMGet() => Run(_hmgetBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedHIncrBy() => Run(_hincrbyBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedHExists() => Run(_hexistsBatch);

    /// <summary>One HGETALL of the whole hash: the cost of walking it and encoding every pair.</summary>
    [Benchmark]
    public void HGetAll() => Run(_hgetallOnce);

    private void Run(byte[] batch) => _client.Run(batch);
}
