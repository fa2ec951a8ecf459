// client-output-buffer-limit's decision, with a clock the test controls: the hard limit cuts at
// once, the soft limit only after its seconds have passed with the output still above it.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
public class OutputBufferLimitsTests
{
    private static InProcessServer ServerWithLimits(string limits)
    {
        var server = new InProcessServer();
        Assert.That(server.Call("CONFIG", "SET", "client-output-buffer-limit", limits), Is.EqualTo("+OK\r\n"));
        return server;
    }

    private static void Pend(InProcessServer server, int bytes) => server.Client.Reply.Bulk(new byte[bytes]);

    [Test]
    public void TheHardLimitCutsAtOnce()
    {
        using var server = ServerWithLimits("pubsub 150 0 0");
        server.Client.IsSubscribed = true;
        Pend(server, 100);
        Assert.That(OutputBufferLimits.Exceeded(server.Client, server.Server.Config, 1000), Is.False);
        Pend(server, 100);
        Assert.That(OutputBufferLimits.Exceeded(server.Client, server.Server.Config, 1000), Is.True);
    }

    [Test]
    public void TheSoftLimitCutsOnlyAfterItsSeconds()
    {
        using var server = ServerWithLimits("pubsub 0 100 2");
        var client = server.Client;
        var config = server.Server.Config;
        client.IsSubscribed = true;
        Pend(server, 200);
        Assert.That(OutputBufferLimits.Exceeded(client, config, 10_000), Is.False, "the clock starts");
        Assert.That(OutputBufferLimits.Exceeded(client, config, 11_500), Is.False);
        Assert.That(OutputBufferLimits.Exceeded(client, config, 12_999), Is.False, "2 whole seconds are allowed");
        Assert.That(OutputBufferLimits.Exceeded(client, config, 13_000), Is.True);
    }

    [Test]
    public void DrainingBelowTheSoftLimitRestartsItsClock()
    {
        using var server = ServerWithLimits("pubsub 0 100 2");
        var client = server.Client;
        var config = server.Server.Config;
        client.IsSubscribed = true;
        Pend(server, 200);
        Assert.That(OutputBufferLimits.Exceeded(client, config, 10_000), Is.False);
        client.Reply.TakeAll();
        Assert.That(OutputBufferLimits.Exceeded(client, config, 11_000), Is.False);
        Pend(server, 200);
        Assert.That(OutputBufferLimits.Exceeded(client, config, 14_000), Is.False, "a new clock starts");
        Assert.That(OutputBufferLimits.Exceeded(client, config, 17_000), Is.True);
    }

    [Test]
    public void ClientsAreJudgedByTheirClass()
    {
        using var server = ServerWithLimits("normal 0 0 0 pubsub 10 0 0");
        Pend(server, 1000);
        Assert.That(OutputBufferLimits.Exceeded(server.Client, server.Server.Config, 1000), Is.False, "normal: no limit");
        server.Client.IsSubscribed = true;
        Assert.That(OutputBufferLimits.Exceeded(server.Client, server.Server.Config, 1000), Is.True, "pubsub");
        server.Client.IsSubscribed = false;
        server.Call("CONFIG", "SET", "client-output-buffer-limit", "normal 500 0 0"); // takes the pending output too
        Pend(server, 1000);
        Assert.That(OutputBufferLimits.Exceeded(server.Client, server.Server.Config, 1000), Is.True, "normal: 500 bytes");
    }
}
