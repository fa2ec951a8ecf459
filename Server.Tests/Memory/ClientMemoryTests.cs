// Unit tests for client memory accounting and eviction's choice, on clients with unconnected sockets
// and no event loop: the running totals, the buckets, the limit's rules. cf. updateClientMemUsage,
// getClientEvictionLimit and evictClients in networking.c.

using System.Net.Sockets;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Memory;

namespace EventLoopRedis.Tests.Memory;

public class ClientMemoryTests
{
    private RedisServer _server = null!;
    private readonly List<Socket> _sockets = new();
    private readonly List<Client> _closed = new();

    private ClientMemory Memory => _server.ClientMemory;

    [SetUp]
    public void CreateServer()
    {
        _server = new RedisServer(new ServerConfig());
        _closed.Clear();
        Memory.Close = client =>
        {
            client.IsClosing = true;
            _closed.Add(client);
        };
    }

    [TearDown]
    public void DisposeSockets()
    {
        foreach (var socket in _sockets) socket.Dispose();
        _sockets.Clear();
    }

    /// <summary>A client whose reply buffer holds <paramref name="pendingBytes"/> unsent bytes, charged.</summary>
    private Client NewClient(int pendingBytes = 0, bool noEvict = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(socket);
        var client = _server.CreateClient(socket);
        client.NoEvict = noEvict;
        if (pendingBytes > 0) client.Reply.Bulk(new byte[pendingBytes]);
        Memory.Update(client);
        return client;
    }

    [Test]
    public void TheTotalsFollowEachClientsChargeAndDropToZeroWhenTheyLeave()
    {
        var a = NewClient();
        var b = NewClient(pendingBytes: 100_000);
        Assert.That(Memory.NormalBytes, Is.EqualTo(ClientMemory.Usage(a) + ClientMemory.Usage(b)));
        Assert.That(ClientMemory.Usage(b), Is.GreaterThan(ClientMemory.Usage(a) + 100_000 - 16 * 1024));

        b.Reply.Advance(b.Reply.PendingBytes); // sent: the buffer shrinks back
        Memory.Update(b);
        Assert.That(Memory.NormalBytes, Is.EqualTo(ClientMemory.Usage(a) + ClientMemory.Usage(b)));

        _server.RemoveClient(a);
        _server.RemoveClient(b);
        Assert.That(Memory.NormalBytes, Is.Zero);
        Assert.That(Memory.TotalBytes, Is.Zero);
    }

    [Test]
    public void AChargeMovesWithTheClientsType()
    {
        var subscriber = NewClient();
        long charge = ClientMemory.Usage(subscriber);
        subscriber.IsSubscribed = true;
        Memory.Update(subscriber);
        Assert.That(Memory.NormalBytes, Is.EqualTo(charge), "pub/sub clients count as normal ones in INFO");
        subscriber.IsMaster = true;
        Memory.Update(subscriber);
        Assert.That(Memory.NormalBytes, Is.Zero);
        Assert.That(Memory.TotalBytes, Is.EqualTo(charge));
    }

    [Test]
    public void TheLimitIsBytesOrAPercentageOfMaxmemoryAndNeverUnder128Kb()
    {
        var config = _server.Config;
        Assert.That(Memory.Limit(), Is.Zero, "0 is off");
        config.MaxMemoryClients = 10;
        Assert.That(Memory.Limit(), Is.EqualTo(128 * 1024));
        config.MaxMemoryClients = 5_000_000;
        Assert.That(Memory.Limit(), Is.EqualTo(5_000_000));
        config.MaxMemoryClients = -10; // 10%
        Assert.That(Memory.Limit(), Is.Zero, "a percentage of no maxmemory is off");
        config.MaxMemory = 100L * 1024 * 1024;
        Assert.That(Memory.Limit(), Is.EqualTo(10L * 1024 * 1024));
    }

    [Test]
    public void EvictionTakesTheLargestClientsUntilUnderTheLimit()
    {
        var small = NewClient();
        var medium = NewClient(pendingBytes: 300_000);
        var large = NewClient(pendingBytes: 3_000_000);
        _server.Config.MaxMemoryClients = 1024 * 1024;

        Memory.EvictClients();

        Assert.That(_closed, Is.EqualTo(new[] { large }));
        Assert.That(Memory.EvictedClients, Is.EqualTo(1));
        Assert.That(Memory.NormalBytes, Is.EqualTo(ClientMemory.Usage(small) + ClientMemory.Usage(medium)));
        Memory.Update(large); // a closing client is not charged again
        Assert.That(Memory.NormalBytes, Is.EqualTo(ClientMemory.Usage(small) + ClientMemory.Usage(medium)));
    }

    [Test]
    public void NoEvictClientsCountButAreNeverEvicted()
    {
        var protectedHog = NewClient(pendingBytes: 3_000_000, noEvict: true);
        var bystander = NewClient();
        _server.Config.MaxMemoryClients = 1024 * 1024;

        Memory.EvictClients();

        Assert.That(_closed, Is.EqualTo(new[] { bystander }));
        Assert.That(Memory.NormalBytes, Is.EqualTo(ClientMemory.Usage(protectedHog)));

        // CLIENT NO-EVICT off takes effect at its next charge.
        protectedHog.NoEvict = false;
        Memory.Update(protectedHog);
        Memory.EvictClients();
        Assert.That(_closed, Is.EqualTo(new[] { bystander, protectedHog }));
        Assert.That(Memory.NormalBytes, Is.Zero);
    }

    [Test]
    public void ReplicasAndThePrimaryLinkAreNeverEvicted()
    {
        var master = NewClient(pendingBytes: 3_000_000);
        master.IsMaster = true;
        Memory.Update(master);
        _server.Config.MaxMemoryClients = 128 * 1024;

        Memory.EvictClients();

        Assert.That(_closed, Is.Empty);
        Assert.That(Memory.EvictedClients, Is.Zero);
    }

    [Test]
    public void MultiMemCountsTheQueueAndTheWatchedKeys()
    {
        var client = NewClient();
        Assert.That(ClientMemory.MultiUsage(client), Is.Zero);
        client.Args.Reset(new byte[1000]);
        client.Args.Add(0, 3);
        client.Args.Add(3, 997);
        client.Multi = new List<EventLoopRedis.Commands.QueuedCommand>();
        EventLoopRedis.Commands.TransactionCommands.Queue(client, _server.Commands.Find("SET"u8)!);
        Assert.That(ClientMemory.MultiUsage(client), Is.GreaterThanOrEqualTo(1000 + 2 * 8));
        EventLoopRedis.Commands.TransactionCommands.DiscardTransaction(client);
        Assert.That(ClientMemory.MultiUsage(client), Is.Zero);
    }
}
