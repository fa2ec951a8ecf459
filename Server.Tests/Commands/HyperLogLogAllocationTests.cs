// The hot paths of the HyperLogLog commands allocate nothing per call: PFADD on a sparse or dense HLL,
// PFCOUNT from the cache or over several keys (the merged registers live on the stack), PFMERGE.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class HyperLogLogAllocationTests
{
    private InProcessServer _server = null!;

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _server.Call("PFADD", "sparse", "a", "b", "c", "d");
        var elements = new List<string> { "PFADD", "dense" };
        for (int i = 0; i < 5000; i++) elements.Add($"element:{i}");
        _server.Call([.. elements]);
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    [TestCase("PFADD", "sparse", "a")]
    [TestCase("PFADD", "sparse", "b", "c", "d")]
    [TestCase("PFADD", "dense", "element:7")]
    [TestCase("PFCOUNT", "sparse")]
    [TestCase("PFCOUNT", "dense")]
    [TestCase("PFCOUNT", "sparse", "dense", "missing")]
    [TestCase("PFMERGE", "merged", "sparse", "dense")]
    [TestCase("PFMERGE", "sparse2", "sparse")]
    public void RunsWithoutAllocating(params string[] command) =>
        Assert.That(_server.AllocatedBytesPerThousand(command), Is.Zero);

    [Test]
    public void TheFixtureHoldsOneSparseAndOneDenseHll()
    {
        Assert.That(_server.Call("PFDEBUG", "ENCODING", "sparse"), Is.EqualTo("+sparse\r\n"));
        Assert.That(_server.Call("PFDEBUG", "ENCODING", "dense"), Is.EqualTo("+dense\r\n"));
    }
}
