// Client eviction (maxmemory-clients, CLIENT NO-EVICT) against real redis-server 7.0.15: the directive's
// values and error texts byte for byte, and what gets evicted, run on both servers and compared as
// behaviour (who is closed, who survives, evicted_clients), never as byte counts. cf. tests/unit/client-eviction.tcl.

using System.Net.Sockets;
using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Memory;

[NonParallelizable]
public class ClientEvictionTests : DifferentialFixture
{
    private const int Megabyte = 1024 * 1024;

    /// <summary>Every test leaves both servers without a client limit, with its counters and keys reset.</summary>
    [TearDown]
    public void ResetClientEviction()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CLIENT", "NO-EVICT", "on");
            connection.Call("CONFIG", "SET", "maxmemory-clients", "0", "maxmemory", "0");
            connection.Call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            connection.Call("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes");
            connection.Call("FLUSHALL");
            connection.Call("CONFIG", "RESETSTAT");
        }
    }

    // ---- the directive and the command ----------------------------------------------------------

    [Test]
    public void MaxmemoryClientsTakesBytesUnitsAndPercentagesAsRedis() => AssertSameReplies(
        ["CONFIG", "SET", "maxmemory-clients", "10"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "1kb"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "1gb"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "10%"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "100%"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "0%"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "9223372036854775807"], ["CONFIG", "GET", "maxmemory-clients"],
        // Stored signed as in Redis: 2^64-1 reads as -1, that is 1%.
        ["CONFIG", "SET", "maxmemory-clients", "18446744073709551615"], ["CONFIG", "GET", "maxmemory-clients"],
        ["CONFIG", "SET", "maxmemory-clients", "0"], ["CONFIG", "GET", "maxmemory-clients"]);

    [Test]
    public void MaxmemoryClientsRefusesBadValuesWithRedisTexts() => AssertSameReplies(
        ["CONFIG", "SET", "maxmemory-clients", "-1"],
        ["CONFIG", "SET", "maxmemory-clients", "101%"],
        ["CONFIG", "SET", "maxmemory-clients", "1.5%"],
        ["CONFIG", "SET", "maxmemory-clients", "05%"],
        ["CONFIG", "SET", "maxmemory-clients", "-5%"],
        ["CONFIG", "SET", "maxmemory-clients", "%"],
        ["CONFIG", "SET", "maxmemory-clients", "abc"],
        ["CONFIG", "SET", "maxmemory-clients", "1mb%"],
        ["CONFIG", "SET", "maxmemory-clients", "9223372036854775808"],
        ["CONFIG", "SET", "hz", "20", "maxmemory-clients", "x"],
        ["CONFIG", "GET", "hz"],
        ["CONFIG", "GET", "maxmemory-clients"]);

    [Test]
    public void ClientNoEvictRepliesAndErrorsAsRedis() => AssertSameReplies(
        ["CLIENT", "NO-EVICT", "on"], ["CLIENT", "NO-EVICT", "OFF"], ["CLIENT", "NO-EVICT", "On"],
        ["CLIENT", "NO-EVICT", "maybe"], ["CLIENT", "NO-EVICT"], ["CLIENT", "NO-EVICT", "on", "off"],
        ["CLIENT", "NO-EVICT", "off"]);

    [Test]
    public void NoEvictShowsAsFlagEInClientInfo()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            Assert.That(connection.Call("CLIENT", "INFO"), Does.Contain(" flags=N "), $"{Name(port)}");
            connection.Call("CLIENT", "NO-EVICT", "on");
            Assert.That(connection.Call("CLIENT", "INFO"), Does.Contain(" flags=e "), $"{Name(port)}");
            connection.Call("CLIENT", "NO-EVICT", "off");
            Assert.That(connection.Call("CLIENT", "INFO"), Does.Contain(" flags=N "), $"{Name(port)}");
        }
    }

    [Test]
    public void InfoHasTheClientMemoryAndEvictionFields()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            string memory = connection.Call("INFO", "memory");
            Assert.That(memory, Does.Contain("\r\nmem_clients_slaves:0\r\n"), $"{Name(port)}");
            Assert.That(memory, Does.Match(@"\r\nmem_clients_normal:\d+\r\n"), $"{Name(port)}");
            Assert.That(connection.Call("INFO", "stats"), Does.Contain("\r\nevicted_clients:0\r\n"), $"{Name(port)}");
        }
    }

    [Test]
    public void TotMemGrowsWithTheQueryBufferAndMultiMemWithTheQueue()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CLIENT", "SETNAME", "measured");
            long idle = Field(connection.Call("CLIENT", "INFO"), "tot-mem");
            Assert.That(Field(connection.Call("CLIENT", "INFO"), "multi-mem"), Is.EqualTo(0), $"{Name(port)}");
            connection.Call("MULTI");
            for (int i = 0; i < 100; i++) connection.Call("SET", "key" + i, new string('v', 1000));
            using var observer = new RespConnection(port);
            string line = observer.Call("CLIENT", "LIST");
            long multiMem = Field(line[line.IndexOf("name=measured", StringComparison.Ordinal)..], "multi-mem");
            Assert.That(multiMem, Is.GreaterThan(100 * 1000), $"{Name(port)}: 100 queued commands of 1 KB");
            connection.Call("DISCARD");
            Assert.That(Field(connection.Call("CLIENT", "INFO"), "multi-mem"), Is.EqualTo(0), $"{Name(port)}");

            // Half of a 300 KB argument waits in the query buffer: tot-mem counts it.
            using var partial = new RespConnection(port);
            partial.Call("CLIENT", "SETNAME", "partial");
            partial.SendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$300000\r\n" + new string('x', 150_000));
            Assert.That(() => TotMemOf(observer, "partial"), Is.GreaterThan(idle + 150_000).After(5000, 50), $"{Name(port)}");
        }
    }

    // ---- eviction -----------------------------------------------------------------------------

    [Test]
    public void TheClientWithTheLargestOutputIsEvictedAndTheOthersKeepBeingServed()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var admin = Admin(port);
            SetBigValue(port);
            using var reader = new RespConnection(port);
            reader.Call("CLIENT", "SETNAME", "reader");
            using var hog = new RespConnection(port);
            hog.Call("CLIENT", "SETNAME", "hog");
            // A client with a command half sent: a few hundred KB in its query buffer, under the limit alone.
            using var partial = new RespConnection(port);
            partial.SendRaw("*3\r\n$3\r\nSET\r\n$7\r\npartial\r\n$300000\r\n" + new string('p', 150_000));
            admin.Call("CONFIG", "SET", "maxmemory-clients", "2mb");

            SendWithoutReading(hog, 40, "GET", "big"); // 40 MB of replies it never reads

            Assert.That(() => Stat(admin, "evicted_clients"), Is.EqualTo(1).After(10_000, 50), $"{Name(port)}");
            Assert.That(IsClosedAfterDraining(hog, 5000), Is.True, $"{Name(port)}: the hog is closed");
            Assert.That(reader.Call("PING"), Is.EqualTo("+PONG\r\n"), $"{Name(port)}");
            partial.SendRaw(new string('p', 150_000) + "\r\n");
            Assert.That(Encoding.ASCII.GetString(partial.ReadReply()), Is.EqualTo("+OK\r\n"), $"{Name(port)}: the smaller client survived");
            Assert.That(admin.Call("STRLEN", "partial"), Is.EqualTo(":300000\r\n"), $"{Name(port)}");
            Assert.That(Stat(admin, "evicted_clients"), Is.EqualTo(1), $"{Name(port)}: only the hog went");
            admin.Call("CONFIG", "RESETSTAT");
            Assert.That(Stat(admin, "evicted_clients"), Is.EqualTo(0), $"{Name(port)}: CONFIG RESETSTAT zeroes it");
        }
    }

    [Test]
    public void ANoEvictClientSurvivesAndTheEvictableOnesGoInstead()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var admin = Admin(port);
            SetBigValue(port);
            using var bystander = new RespConnection(port);
            bystander.Call("CLIENT", "SETNAME", "bystander");
            using var hog = new RespConnection(port, receiveTimeoutMs: 30_000);
            hog.Call("CLIENT", "NO-EVICT", "on");
            admin.Call("CONFIG", "SET", "maxmemory-clients", "1mb");

            const int gets = 20;
            SendWithoutReading(hog, gets, "GET", "big");

            // The hog may not be evicted: the server evicts whoever it may, the bystander.
            Assert.That(IsClosedAfterDraining(bystander, 10_000), Is.True, $"{Name(port)}: the evictable client is closed");
            Assert.That(Stat(admin, "evicted_clients"), Is.GreaterThanOrEqualTo(1), $"{Name(port)}");
            // The hog gets every reply, intact.
            for (int i = 0; i < gets; i++)
            {
                var reply = hog.ReadReply();
                Assert.That(reply.Length, Is.EqualTo(Megabyte + 12), $"{Name(port)}: reply {i}");
            }
            Assert.That(hog.Call("PING"), Is.EqualTo("+PONG\r\n"), $"{Name(port)}");
        }
    }

    [Test]
    public void ASubscriberThatDoesNotReadIsEvictedAndThePublisherIsNot()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var admin = Admin(port);
            using var subscriber = new RespConnection(port);
            subscriber.Call("SUBSCRIBE", "news");
            subscriber.Socket.ReceiveBufferSize = 64 * 1024;
            using var publisher = new RespConnection(port);
            admin.Call("CONFIG", "SET", "maxmemory-clients", "1mb");

            // Messages under 16 KB keep the publisher's own query buffer small on both servers.
            string message = new('m', 16_000);
            for (int i = 0; i < 1500 && Stat(admin, "evicted_clients") == 0; i++)
                Assert.That(publisher.Call("PUBLISH", "news", message), Does.Match(@"^:[01]\r\n$"), $"{Name(port)}");

            Assert.That(() => Stat(admin, "evicted_clients"), Is.EqualTo(1).After(5000, 50), $"{Name(port)}");
            Assert.That(publisher.Call("PING"), Is.EqualTo("+PONG\r\n"), $"{Name(port)}");
            Assert.That(admin.Call("PUBSUB", "NUMSUB", "news"), Is.EqualTo("*2\r\n$4\r\nnews\r\n:0\r\n"), $"{Name(port)}");
        }
    }

    [Test]
    public void AClientQueuingABigTransactionIsEvictedAndNothingRuns()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var admin = Admin(port);
            admin.Call("CONFIG", "SET", "maxmemory-clients", "1mb");
            using var queuer = new RespConnection(port);
            Assert.That(queuer.Call("MULTI"), Is.EqualTo("+OK\r\n"));
            string value = new('q', 10_000);
            int queued = 0;
            try
            {
                // Up to 3 MB of queued SETs: the queue (multi-mem) passes the limit long before.
                for (; queued < 300; queued++) Assert.That(queuer.Call("SET", "key" + queued, value), Is.EqualTo("+QUEUED\r\n"));
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
            }
            Assert.That(queued, Is.LessThan(300), $"{Name(port)}: the queuer was cut off");
            Assert.That(() => Stat(admin, "evicted_clients"), Is.EqualTo(1).After(5000, 50), $"{Name(port)}");
            Assert.That(admin.Call("DBSIZE"), Is.EqualTo(":0\r\n"), $"{Name(port)}: nothing it queued ran");
        }
    }

    [Test]
    public void APercentageOfMaxmemoryWithoutMaxmemoryEvictsNobody()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var admin = Admin(port);
            SetBigValue(port);
            admin.Call("CONFIG", "SET", "maxmemory-clients", "1%");
            using var hog = new RespConnection(port, receiveTimeoutMs: 30_000);
            const int gets = 10;
            SendWithoutReading(hog, gets, "GET", "big");
            Thread.Sleep(300); // two cron ticks at hz 10
            for (int i = 0; i < gets; i++) Assert.That(hog.ReadReply().Length, Is.EqualTo(Megabyte + 12), $"{Name(port)}");
            Assert.That(Stat(admin, "evicted_clients"), Is.EqualTo(0), $"{Name(port)}");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private string Name(int port) => port == RedisPort ? "redis-server" : "EventLoopRedis";

    /// <summary>
    /// A 1 MB value to GET, set from a connection closed at once: the query buffer that read it stays
    /// big for a while on both servers (Redis keeps a fat argument's room for the next one) and would count.
    /// </summary>
    private static void SetBigValue(int port)
    {
        using var setter = new RespConnection(port);
        Assert.That(setter.Call("SET", "big", new string('b', Megabyte)), Is.EqualTo("+OK\r\n"));
    }

    /// <summary>A connection that eviction leaves alone, to set things up and read INFO.</summary>
    private static RespConnection Admin(int port)
    {
        var admin = new RespConnection(port);
        Assert.That(admin.Call("CLIENT", "NO-EVICT", "on"), Is.EqualTo("+OK\r\n"));
        return admin;
    }

    private static void SendWithoutReading(RespConnection connection, int times, params string[] command)
    {
        var one = RespConnection.Encode(command.Select(a => Encoding.Latin1.GetBytes(a)).ToArray());
        var all = new byte[one.Length * times];
        for (int i = 0; i < times; i++) one.CopyTo(all, i * one.Length);
        connection.Socket.Send(all, SocketFlags.None);
    }

    /// <summary>Reads and drops whatever the server sent until it closes the connection (true) or goes quiet for <paramref name="waitMs"/>.</summary>
    private static bool IsClosedAfterDraining(RespConnection connection, int waitMs)
    {
        var socket = connection.Socket;
        socket.ReceiveTimeout = waitMs;
        var buffer = new byte[256 * 1024];
        try
        {
            while (socket.Receive(buffer) > 0) { }
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // reset by the peer
        }
    }

    private static long Stat(RespConnection connection, string field) => Field(connection.Call("INFO", "stats"), field, ':');

    private static long TotMemOf(RespConnection observer, string name)
    {
        string list = observer.Call("CLIENT", "LIST");
        int at = list.IndexOf("name=" + name + " ", StringComparison.Ordinal);
        return at < 0 ? -1 : Field(list[at..], "tot-mem");
    }

    /// <summary>The number after <c>field=</c> (or <c>field:</c>) in a CLIENT LIST line or an INFO section.</summary>
    private static long Field(string text, string field, char separator = '=')
    {
        int at = text.IndexOf(field + separator, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"{field} in {text}");
        at += field.Length + 1;
        int end = at;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return long.Parse(text.AsSpan(at, end - at));
    }
}
