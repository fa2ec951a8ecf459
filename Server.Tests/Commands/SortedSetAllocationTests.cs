// What a differential test cannot see of the sorted set commands: that their hot paths do not
// allocate (scores formatted on the stack, ranges collected into reused lists). In-process, on a
// socketless client.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class SortedSetAllocationTests
{
    private InProcessServer _server = null!;

    [SetUp]
    public void CreateServer()
    {
        _server = new InProcessServer();
        // A compact set and a skip list set with the same members.
        for (int i = 0; i < 100; i++) _server.Call("ZADD", "small", (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture), "member:" + i);
        _server.Call("EVAL", "for i=0,999 do redis.call('ZADD', KEYS[1], i * 1.5, 'member:' .. i) end return 1", "1", "large");
        Assert.That(_server.Call("OBJECT", "ENCODING", "small"), Does.Contain("listpack"));
        Assert.That(_server.Call("OBJECT", "ENCODING", "large"), Does.Contain("skiplist"));
    }

    [TearDown]
    public void Dispose() => _server.Dispose();

    [TestCase("ZSCORE", "member:42")]
    [TestCase("ZMSCORE", "member:1", "nope", "member:99")]
    [TestCase("ZRANK", "member:42")]
    [TestCase("ZREVRANK", "member:42")]
    [TestCase("ZCARD")]
    [TestCase("ZCOUNT", "(10", "50.5")]
    [TestCase("ZRANGE", "10", "60", "WITHSCORES")]
    [TestCase("ZRANGE", "(10", "+inf", "BYSCORE", "LIMIT", "5", "20")]
    [TestCase("ZREVRANGEBYSCORE", "+inf", "-inf", "WITHSCORES", "LIMIT", "0", "10")]
    [TestCase("ZADD", "XX", "CH", "63", "member:42")]
    [TestCase("ZINCRBY", "0", "member:42")]
    [TestCase("ZRANDMEMBER", "-10", "WITHSCORES")]
    public void ReadsAndInPlaceUpdatesAllocateNothing(params string[] command)
    {
        foreach (var key in new[] { "small", "large" })
        {
            string[] request = [command[0], key, .. command[1..]];
            AssertNoAllocation(request);
        }
    }

    [Test]
    public void MovingAMemberAllocatesNothing()
    {
        // Each ZINCRBY moves the member past others: a delete and an insert of the same entry.
        AssertNoAllocation(["ZINCRBY", "small", "200", "member:3"], ["ZINCRBY", "small", "-200", "member:3"]);
        AssertNoAllocation(["ZINCRBY", "large", "2000", "member:3"], ["ZINCRBY", "large", "-2000", "member:3"]);
    }

    /// <summary>Runs the commands in turn, warmed up, and asserts that 1000 rounds allocated nothing.</summary>
    private void AssertNoAllocation(params string[][] commands)
    {
        var requests = commands.Select(args => args.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()).ToArray();
        var buffers = requests.Select(parts => parts.SelectMany(p => p).ToArray()).ToArray();
        var client = _server.Client;
        void Execute(int n)
        {
            client.Args.Reset(buffers[n]);
            int offset = 0;
            foreach (var part in requests[n])
            {
                client.Args.Add(offset, part.Length);
                offset += part.Length;
            }
            _server.Server.Executor.Execute(client);
            client.Reply.Advance(client.Reply.PendingBytes);
        }
        // The slow log is off meanwhile: on a busy machine a run descheduled past slowlog-log-slower-than
        // would rightly record an entry, which is not the command's allocation (as PreparedRequest does).
        var config = client.Server.Config;
        long slowlog = config.SlowlogLogSlowerThan;
        config.SlowlogLogSlowerThan = -1;
        long allocated;
        try
        {
            for (int i = 0; i < 100; i++) Execute(i % buffers.Length); // warm up: JIT tiers, lazily created state
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) Execute(i % buffers.Length);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        finally
        {
            config.SlowlogLogSlowerThan = slowlog;
        }
        Assert.That(allocated, Is.Zero, string.Join(' ', commands[0]));
    }
}
