// Sorted set commands through a client's coroutine, as the event loop runs them minus the sockets:
// ZADD updating a member of a compact set and of a skip list set, and ZRANGE of 100 members.

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class SortedSetBenchmarks
{
    private const int Depth = 16;

    private Client _client = null!;
    private IEnumerator<Step> _coroutine = null!;
    private byte[] _zaddCompact = null!;
    private byte[] _zaddSkiplist = null!;
    private byte[] _zrange100 = null!;
    private byte[] _zrange100WithScores = null!;

    /// <summary>Members in the large set: far past zset-max-listpack-entries, so a skip list.</summary>
    [Params(100_000)]
    public int LargeSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var server = new RedisServer(new ServerConfig());
        _client = server.CreateClient(socket: null);
        _coroutine = ClientCoroutine.Run(_client, server.Executor);
        var fill = new StringBuilder();
        for (int i = 0; i < 100; i++) fill.Append(Command("ZADD", "small", i.ToString(), "member:" + i));
        for (int i = 0; i < LargeSize; i++) fill.Append(Command("ZADD", "large", (i % 1000).ToString(), "member:" + i));
        Run(Encoding.ASCII.GetBytes(fill.ToString()));

        // Alternating scores move the member every time (a delete and an insert in either encoding).
        _zaddCompact = Repeat(i => Command("ZADD", "small", (i % 2 == 0 ? 10.5 : 60.5).ToString(CultureInfo.InvariantCulture), "member:50"));
        _zaddSkiplist = Repeat(i => Command("ZADD", "large", (i % 2 == 0 ? 10.5 : 900.5).ToString(CultureInfo.InvariantCulture), "member:50000"));
        _zrange100 = Repeat(_ => Command("ZRANGE", "large", "50000", "50099"));
        _zrange100WithScores = Repeat(_ => Command("ZRANGE", "large", "50000", "50099", "WITHSCORES"));
    }

    private static string Command(params string[] args)
    {
        var text = new StringBuilder($"*{args.Length}\r\n");
        foreach (var arg in args) text.Append($"${arg.Length}\r\n{arg}\r\n");
        return text.ToString();
    }

    private static byte[] Repeat(Func<int, string> command) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, Depth).Select(command)));

    [Benchmark(OperationsPerInvoke = Depth)]
    public void ZAddCompact() => Run(_zaddCompact);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void ZAddSkiplist() => Run(_zaddSkiplist);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void ZRange100() => Run(_zrange100);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void ZRange100WithScores() => Run(_zrange100WithScores);

    private void Run(byte[] batch)
    {
        int offset = 0;
        while (offset < batch.Length)
        {
            int chunk = Math.Min(64 * 1024, batch.Length - offset);
            batch.AsSpan(offset, chunk).CopyTo(_client.Query.GetFreeSpace(chunk));
            _client.Query.Commit(chunk);
            offset += chunk;
            while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
            _client.Reply.Advance(_client.Reply.PendingBytes);
        }
    }
}
