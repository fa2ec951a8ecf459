// The main stream commands, pipelined 16 deep through a client's coroutine as in PipelineBenchmarks,
// on a small stream (one node of 16 entries) and a large one (100,000 entries in 1,000 nodes).

using System.Text;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class StreamBenchmarks
{
    private const int Depth = 16;

    /// <summary>16 entries fit one node (100 entries by default); 100,000 make 1,000 nodes.</summary>
    [Params(16, 100_000)]
    public int Entries { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _xaddBatch = null!;
    private byte[] _xaddTrimBatch = null!;
    private byte[] _xrangeBatch = null!;
    private byte[] _xreadgroupBatch = null!;
    private byte[] _resetGroup = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        for (int first = 1; first <= Entries; first += 1000)
        {
            var fill = new StringBuilder();
            for (int i = first; i < Math.Min(Entries + 1, first + 1000); i++) fill.Append($"XADD stream {i}-0 field value:{i}\r\n");
            _client.Run(Encoding.ASCII.GetBytes(fill.ToString()));
        }
        _client.Run("XGROUP CREATE stream group 0\r\n"u8.ToArray());
        // Auto IDs after the explicit ones, so appends never fail.
        _xaddBatch = Repeat("XADD appended * field value\r\n");
        _xaddTrimBatch = Repeat($"XADD trimmed MAXLEN ~ {Entries} * field value\r\n");
        // Ten entries from the middle: a binary search, then a short walk.
        _xrangeBatch = Repeat($"XRANGE stream {Entries / 2} + COUNT 10\r\n");
        _xreadgroupBatch = Repeat("XREADGROUP GROUP group consumer COUNT 10 NOACK STREAMS stream >\r\n");
        _resetGroup = "XGROUP SETID stream group 0\r\n"u8.ToArray();
    }

    private static byte[] Repeat(string command) => PipelinedClient.Repeat(command, Depth);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedXAdd() => _client.Run(_xaddBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedXAddWithApproximateTrim() => _client.Run(_xaddTrimBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedXRange() => _client.Run(_xrangeBatch);

    /// <summary>Ten new entries per read, read by a group from its start again each batch.</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedXReadGroup()
    {
        _client.Run(_resetGroup);
        _client.Run(_xreadgroupBatch);
    }
}
