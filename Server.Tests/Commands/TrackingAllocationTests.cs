// Client tracking's cost on the per-command path: nothing while nobody tracks, and for a tracking
// client nothing per read beyond the table entry of a key read for the first time.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class TrackingAllocationTests
{
    private InProcessServer _server = null!;

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _server.Call("MSET", "a", "1", "b", "2", "counter", "1");
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    [TestCase("GET", "a")]
    [TestCase("INCR", "counter")]
    public void NobodyTrackingCostsNothing(params string[] command) =>
        Assert.That(_server.AllocatedBytesPerThousand(command), Is.Zero);

    [TestCase("GET", "a")]
    [TestCase("MGET", "a", "b", "missing")]
    [TestCase("HGET", "nohash", "f")]
    public void ReadingAKeyAlreadyTrackedAllocatesNothing(params string[] command)
    {
        _server.Call("CLIENT", "TRACKING", "on");
        _server.Call(command);
        Assert.That(_server.AllocatedBytesPerThousand(command), Is.Zero);
    }

    [Test]
    public void WritingAnUntrackedKeyWhileOthersTrackAllocatesNothing()
    {
        _server.Call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:");
        Assert.That(_server.AllocatedBytesPerThousand("INCR", "counter"), Is.Zero);
    }

    [Test]
    public void OptInReadsWithoutCachingAllocateNothing()
    {
        _server.Call("CLIENT", "TRACKING", "on", "OPTIN");
        Assert.That(_server.AllocatedBytesPerThousand("GET", "a"), Is.Zero);
    }
}
