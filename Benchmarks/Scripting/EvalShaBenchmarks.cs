// EVALSHA through a client's coroutine, exactly as the event loop runs it after a read, minus
// the sockets: the script's redis.call goes through the shared pseudo-client.

using System.Text;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.Scripting;

[MemoryDiagnoser]
public class EvalShaBenchmarks
{
    private const int Depth = 16;

    private Client _client = null!;
    private IEnumerator<Step> _coroutine = null!;
    private byte[] _setBatch = null!;
    private byte[] _returnBatch = null!;
    private byte[] _getBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var server = new RedisServer(new ServerConfig());
        _client = server.CreateClient(socket: null);
        _coroutine = ClientCoroutine.Run(_client, server.Executor);
        string set = Load("return redis.call('SET',KEYS[1],ARGV[1])");
        string one = Load("return 1");
        _setBatch = Repeat($"*5\r\n$7\r\nEVALSHA\r\n$40\r\n{set}\r\n$1\r\n1\r\n$16\r\nkey:000000000042\r\n$3\r\nxxx\r\n");
        _returnBatch = Repeat($"*3\r\n$7\r\nEVALSHA\r\n$40\r\n{one}\r\n$1\r\n0\r\n");
        string get = Load("return redis.call('GET',KEYS[1])");
        _getBatch = Repeat($"*4\r\n$7\r\nEVALSHA\r\n$40\r\n{get}\r\n$1\r\n1\r\n$16\r\nkey:000000000042\r\n");
        Send(_setBatch); // so GET finds its key
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }

    /// <summary>SCRIPT LOAD; returns the SHA1 from the reply ("$40\r\n&lt;sha&gt;\r\n").</summary>
    private string Load(string script)
    {
        Send(Encoding.ASCII.GetBytes($"*3\r\n$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n${script.Length}\r\n{script}\r\n"));
        string sha = Encoding.ASCII.GetString(_client.Reply.Pending[5..45]);
        _client.Reply.Advance(_client.Reply.PendingBytes);
        return sha;
    }

    private static byte[] Repeat(string command) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(command, Depth)));

    /// <summary><c>EVALSHA sha 1 k v</c> of <c>return redis.call('SET',KEYS[1],ARGV[1])</c>.</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public void EvalShaSet() => Run(_setBatch);

    /// <summary><c>EVALSHA sha 0</c> of <c>return 1</c>: the engine's own cost, no redis.call.</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public void EvalShaReturn() => Run(_returnBatch);

    /// <summary><c>EVALSHA sha 1 k</c> of <c>return redis.call('GET',KEYS[1])</c>: a bulk reply into a Lua string and back.</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public void EvalShaGet() => Run(_getBatch);

    /// <summary>What one read event amounts to: bytes into the query buffer, resume until NeedInput, reply drained.</summary>
    private void Run(byte[] batch)
    {
        Send(batch);
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }

    private void Send(byte[] batch)
    {
        batch.CopyTo(_client.Query.GetFreeSpace(batch.Length));
        _client.Query.Commit(batch.Length);
        while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
    }
}
