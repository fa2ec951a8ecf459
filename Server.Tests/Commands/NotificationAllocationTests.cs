// Keyspace notifications cost nothing when off: a write that notifies allocates no more than one
// that does not. With them on and nobody listening, building the channel names allocates nothing either.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class NotificationAllocationTests
{
    private InProcessServer _server = null!;

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _server.Call("SET", "counter", "1");
        _server.Call("HSET", "h", "f", "1");
        _server.Call("SADD", "s", "a");
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    [TestCase("", "INCR", "counter")]
    [TestCase("", "HINCRBY", "h", "f", "1")]
    [TestCase("", "SADD", "s", "b")]
    [TestCase("", "EXPIRE", "counter", "100")]
    [TestCase("KEA", "INCR", "counter")]
    [TestCase("KEA", "HINCRBY", "h", "f", "1")]
    [TestCase("KEA", "EXPIRE", "counter", "100")]
    [TestCase("KEAnm", "GET", "nokey")]
    public void NotifyingWritesDoNotAllocate(string flags, params string[] command)
    {
        _server.Call("CONFIG", "SET", "notify-keyspace-events", flags);
        Assert.That(_server.AllocatedBytesPerThousand(command), Is.Zero);
    }
}
