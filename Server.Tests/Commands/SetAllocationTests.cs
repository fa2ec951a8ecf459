// The hot paths of the set commands allocate nothing per call: membership tests, adding a member
// already there, cardinality, and reads of an intset's members (formatted straight into the reply).

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class SetAllocationTests
{
    private InProcessServer _server = null!;

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _server.Call("SADD", "ints", "1", "2", "3", "40000", "-5");
        _server.Call("SADD", "strs", "a", "b", "c", "member:1");
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    [TestCase("SISMEMBER", "ints", "40000")]
    [TestCase("SISMEMBER", "ints", "x")]
    [TestCase("SISMEMBER", "strs", "member:1")]
    [TestCase("SMISMEMBER", "strs", "a", "z", "1")]
    [TestCase("SADD", "ints", "3")]
    [TestCase("SADD", "strs", "b")]
    [TestCase("SADD", "ints", "7")]
    [TestCase("SREM", "ints", "9")]
    [TestCase("SCARD", "strs")]
    [TestCase("SMEMBERS", "ints")]
    [TestCase("SMEMBERS", "strs")]
    [TestCase("SINTER", "ints", "strs")]
    [TestCase("SINTERCARD", "2", "strs", "ints")]
    [TestCase("SRANDMEMBER", "ints")]
    [TestCase("SRANDMEMBER", "strs", "-3")]
    public void RunsWithoutAllocating(params string[] command) =>
        Assert.That(_server.AllocatedBytesPerThousand(command), Is.Zero);
}
