// Parse and dispatch a pipelined batch of 16 commands through a client's coroutine,
// exactly as the event loop does after a read, minus the sockets.

using System.Text;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Depth = 16;

    private Client _client = null!;
    private IEnumerator<Step> _coroutine = null!;
    private byte[] _getBatch = null!;
    private byte[] _setBatch = null!;
    private byte[] _pingInlineBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var server = new RedisServer(new ServerConfig());
        _client = server.CreateClient(socket: null);
        _coroutine = ClientCoroutine.Run(_client, server.Executor);
        _getBatch = Repeat("*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000042\r\n");
        _setBatch = Repeat("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$3\r\nxxx\r\n");
        _pingInlineBatch = Repeat("PING\r\n");
        Run(_setBatch); // so GET finds its key
    }

    private static byte[] Repeat(string command) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(command, Depth)));

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedGet() => Run(_getBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedSet() => Run(_setBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void PipelinedPingInline() => Run(_pingInlineBatch);

    /// <summary>What one read event amounts to: bytes into the query buffer, resume until NeedInput, reply drained.</summary>
    private void Run(byte[] batch)
    {
        batch.CopyTo(_client.Query.GetFreeSpace(batch.Length));
        _client.Query.Commit(batch.Length);
        while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }
}
