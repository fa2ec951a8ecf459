// The HyperLogLog commands, pipelined 16 deep through a client's coroutine as in PipelineBenchmarks,
// on a sparse HLL (100 elements, a few hundred bytes of opcodes) and a dense one (100,000 elements).

using System.Text;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class HyperLogLogBenchmarks
{
    private const int Depth = 16;

    /// <summary>100 elements keep the HLL sparse (under hll-sparse-max-bytes 3000); 100,000 make it dense.</summary>
    [Params(100, 100_000)]
    public int Elements { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _pfaddExisting = null!;
    private byte[] _pfaddNew = null!;
    private byte[] _pfcountCached = null!;
    private byte[] _pfcountTwoKeys = null!;
    private byte[] _pfmerge = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        for (int first = 0; first < Elements; first += 1000)
        {
            var elements = new StringBuilder();
            for (int i = first; i < Math.Min(Elements, first + 1000); i++) elements.Append($" element:{i}");
            string shared = elements.ToString();
            // "other" shares half of the elements, so merges and unions do real work.
            string half = elements.Replace("element:", "e:", 0, elements.Length / 2).ToString();
            _client.Run(Encoding.ASCII.GetBytes($"PFADD hll{shared}\r\nPFADD other{half}\r\n"));
        }
        _client.Run(Encoding.ASCII.GetBytes("PFCOUNT hll\r\n"));
        _pfaddExisting = Repeat("PFADD hll element:1\r\n");
        _pfcountCached = Repeat("PFCOUNT hll\r\n");
        _pfcountTwoKeys = Repeat("PFCOUNT hll other\r\n");
        _pfmerge = Repeat("PFMERGE merged hll other\r\n");
    }

    /// <summary>Sixteen elements not added before, so each PFADD may change a register (fresh per iteration).</summary>
    [IterationSetup(Target = nameof(PipelinedPfAddNewElements))]
    public void NewElements()
    {
        var batch = new StringBuilder();
        for (int i = 0; i < Depth; i++) batch.Append($"PFADD hll new:{_round}:{i}\r\n");
        _round++;
        _pfaddNew = Encoding.ASCII.GetBytes(batch.ToString());
    }

    private static byte[] Repeat(string command) => PipelinedClient.Repeat(command, Depth);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPfAddExistingElement() => _client.Run(_pfaddExisting);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPfAddNewElements() => _client.Run(_pfaddNew);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPfCountCached() => _client.Run(_pfcountCached);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPfCountTwoKeys() => _client.Run(_pfcountTwoKeys);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPfMerge() => _client.Run(_pfmerge);
}
