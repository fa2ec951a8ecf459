// The commands redis-benchmark runs allocate nothing per call in steady state, measured over the
// whole per-command path (RESP parsing, dispatch, the command, the reply) as the loop runs it:
// a write allocates only the value it stores. In-process, on a socketless client.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class HotPathAllocationTests
{
    private const string Value = "value:0123456789"; // 16 bytes, as redis-benchmark's -d default is 3 and memtier's 32
    private const string SetScript = "return redis.call('SET',KEYS[1],ARGV[1])";

    private InProcessServer _server = null!;
    private IEnumerator<Step> _coroutine = null!;

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _coroutine = ClientCoroutine.Run(_server.Client, _server.Server.Executor);
        _server.Call("MSET", "key", Value, "a", "1", "b", "22", "counter", "7");
        // A quicklist whose head node has room (the RPUSHes filled the first node, the LPUSH starts a new one).
        _server.Call("EVAL", "for i=1,1000 do redis.call('RPUSH', KEYS[1], 'element:' .. i) end", "1", "list");
        _server.Call("LPUSH", "list", Value, Value);
        _server.Call("HSET", "small", "f", "v", "g", "w");
        _server.Call("EVAL", "for i=1,1000 do redis.call('HSET', KEYS[1], 'field:' .. i, i) end", "1", "big");
        _server.Call("SADD", "set", "a", "b", "c");
        _server.Call("SADD", "ints", "1", "2", "3");
        _server.Call("ZADD", "zset", "1", "a", "2", "b", "3", "c");
        _server.Call("XADD", "stream", "1-1", "field", "v");
    }

    [TearDown]
    public void Stop()
    {
        _coroutine.Dispose();
        _server.Dispose();
    }

    public static IEnumerable<TestCaseData> ReadsAndUpdates()
    {
        TestCaseData Case(string name, params string[][] cycle) => new TestCaseData((object)cycle).SetArgDisplayNames(name);
        yield return Case("PING", ["PING"]);
        yield return Case("GET", ["GET", "key"]);
        yield return Case("GET missing", ["GET", "nokey"]);
        yield return Case("INCR", ["INCR", "counter"]);
        yield return Case("MGET", ["MGET", "key", "a", "nokey"]);
        yield return Case("EXPIRE", ["EXPIRE", "key", "1000"]);
        // Pushes and pops at the same end: a steady length, the end node's listpack keeps its array.
        yield return Case("LPUSH+LPOP", ["LPUSH", "list", Value], ["LPOP", "list"]);
        yield return Case("RPUSH+RPOP", ["RPUSH", "list", Value], ["RPOP", "list"]);
        yield return Case("HSET listpack", ["HSET", "small", "f", "x"], ["HSET", "small", "f", "v"]);
        yield return Case("HSET hashtable", ["HSET", "big", "field:7", Value]);
        yield return Case("SADD existing", ["SADD", "set", "b"]);
        yield return Case("SADD+SREM intset", ["SADD", "ints", "5"], ["SREM", "ints", "5"]);
        yield return Case("ZADD", ["ZADD", "zset", "3", "c"], ["ZADD", "zset", "4", "c"]);
    }

    [TestCaseSource(nameof(ReadsAndUpdates))]
    public void AllocatesNothing(string[][] cycle) =>
        Assert.That(Measure(cycle), Is.Zero);

    [Test]
    public void Resp3RepliesAllocateNothing()
    {
        _server.Call("HELLO", "3");
        Assert.That(Measure(["GET", "key"], ["INCR", "counter"], ["HSET", "small", "f", "v"], ["MGET", "key", "nokey"]), Is.Zero);
    }

    [Test]
    public void SetAllocatesOnlyTheValueItStores() =>
        Assert.That(Measure(["SET", "key", Value]), Is.EqualTo(StoredValueBytes(Value)));

    [Test]
    public void MsetAllocatesOnlyTheValuesItStores() =>
        Assert.That(Measure(["MSET", "key", Value, "other", Value]), Is.EqualTo(2 * StoredValueBytes(Value)));

    [Test]
    public void EvalshaOfOneSetAllocatesOnlyTheValueItStores()
    {
        string sha = _server.Call("SCRIPT", "LOAD", SetScript).Split("\r\n")[1];
        Assert.That(Measure(["EVALSHA", sha, "1", "key", Value]), Is.EqualTo(StoredValueBytes(Value)));
    }

    private double Measure(params string[][] cycle)
    {
        // The fewest bytes of three batches: a command path that allocates does so in every batch, while a
        // one-off allocation by the runtime on this thread (seen in a full CI run: about 2 KB once) lands in one.
        double bytes = double.MaxValue;
        for (int round = 0; round < 3; round++)
            bytes = Math.Min(bytes, new WireBatch(100, cycle).AllocatedBytesPerCommand(_server.Client, _coroutine));
        TestContext.Progress.WriteLine($"{string.Join(" | ", cycle.Select(c => string.Join(' ', c)))}: {bytes} bytes/command");
        return bytes;
    }

    /// <summary>What storing <paramref name="value"/> as a string costs: the value object SET creates, measured.</summary>
    private static double StoredValueBytes(string value)
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(value);
        RedisObject.EncodedString(bytes); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(RedisObject.EncodedString(bytes));
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
