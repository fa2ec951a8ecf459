// Parse and dispatch a pipelined batch of 16 commands through a client's coroutine,
// exactly as the event loop does after a read, minus the sockets.

using System.Text;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Depth = 16;

    private PipelinedClient _client = null!;
    private byte[] _getBatch = null!;
    private byte[] _setBatch = null!;
    private byte[] _pingInlineBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        _getBatch = Repeat("*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000042\r\n");
        _setBatch = Repeat("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$3\r\nxxx\r\n");
        _pingInlineBatch = Repeat("PING\r\n");
        _client.Run(_setBatch); // so GET finds its key
    }

    private static byte[] Repeat(string command) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(command, Depth)));

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedGet() => _client.Run(_getBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedSet() => _client.Run(_setBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPingInline() => _client.Run(_pingInlineBatch);
}
