// Behaviour of the event loop seen from real sockets: pipelining, fairness, slow and
// misbehaving clients. Each test talks to a real server process on an ephemeral port.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
[NonParallelizable]
public class EventLoopTests
{
    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public void Start() => _server = ServerProcess.StartOurs();

    [OneTimeTearDown]
    public void Stop() => _server.Dispose();

    private RespConnection Connect() => new(_server.Port);

    /// <summary>The slowest of <paramref name="count"/> PING round trips, in milliseconds.</summary>
    private static double SlowestPing(RespConnection connection, int count)
    {
        double slowest = 0;
        for (int i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.That(connection.Call("PING"), Is.EqualTo("+PONG\r\n"));
            slowest = Math.Max(slowest, watch.Elapsed.TotalMilliseconds);
        }
        return slowest;
    }

    [Test]
    public void PipelinedCommandsAreAllAnsweredInOrder()
    {
        using var client = Connect();
        const int count = 10_000;
        var batch = new StringBuilder();
        for (int i = 0; i < count; i++) batch.Append($"*2\r\n$4\r\nECHO\r\n${i.ToString().Length}\r\n{i}\r\n");
        client.SendRaw(batch.ToString());
        for (int i = 0; i < count; i++)
            Assert.That(RespConnection.Latin1(client.ReadReply()), Is.EqualTo($"${i.ToString().Length}\r\n{i}\r\n"));
    }

    [Test]
    public void PipelinedMixOfInlineAndMultibulkIsAnsweredInOrder()
    {
        using var client = Connect();
        client.SendRaw("SET pipe 1\r\n*2\r\n$3\r\nGET\r\n$4\r\npipe\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
        Assert.That(RespConnection.Latin1(client.ReadReply()), Is.EqualTo("+OK\r\n"));
        Assert.That(RespConnection.Latin1(client.ReadReply()), Is.EqualTo("$1\r\n1\r\n"));
        Assert.That(RespConnection.Latin1(client.ReadReply()), Is.EqualTo("+PONG\r\n"));
        Assert.That(RespConnection.Latin1(client.ReadReply()), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void HalfCommandDoesNotDelayAnotherClientsPing()
    {
        using var slow = Connect();
        using var other = Connect();
        slow.SendRaw("*2\r\n$4\r\nECHO\r\n$11\r\nhello");
        Assert.That(SlowestPing(other, 200), Is.LessThan(100));
        slow.SendRaw(" world\r\n");
        Assert.That(RespConnection.Latin1(slow.ReadReply()), Is.EqualTo("$11\r\nhello world\r\n"));
    }

    [Test]
    public void SlowSenderOfABigValueDoesNotDelayOthers()
    {
        using var slow = Connect();
        using var other = Connect();
        const int size = 4 * 1024 * 1024;
        slow.SendRaw($"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n${size}\r\n");
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        for (int sent = 0; sent < size; sent += chunk.Length)
        {
            slow.SendRaw(chunk);
            Assert.That(SlowestPing(other, 2), Is.LessThan(100));
        }
        slow.SendRaw("\r\n");
        Assert.That(RespConnection.Latin1(slow.ReadReply()), Is.EqualTo("+OK\r\n"));
        Assert.That(other.Call("STRLEN-IS-NOT-HERE-YET").StartsWith("-ERR unknown command"), Is.True);
    }

    [Test]
    public void ClientThatNeverReadsItsRepliesDoesNotBlockOthers()
    {
        using var setup = Connect();
        Assert.That(setup.Call("SET", "hog", new string('v', 512 * 1024)), Is.EqualTo("+OK\r\n"));

        using var hog = Connect();
        hog.Socket.SendTimeout = 200;
        var request = Encoding.ASCII.GetBytes("*2\r\n$3\r\nGET\r\n$3\r\nhog\r\n");
        var stop = DateTime.UtcNow.AddSeconds(2);
        var writer = Task.Run(() =>
        {
            // Keeps asking for 512 KB replies and never reads one: its socket buffers fill,
            // the server stops reading it, and at last our sends time out.
            try
            {
                while (DateTime.UtcNow < stop) hog.SendRaw(request);
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        });

        using var other = Connect();
        while (!writer.IsCompleted)
            Assert.That(SlowestPing(other, 10), Is.LessThan(100));
        Assert.That(SlowestPing(other, 10), Is.LessThan(100));
    }

    [Test]
    public void ProtocolErrorClosesOnlyTheOffendingClient()
    {
        using var good = Connect();
        using var bad = Connect();
        Assert.That(good.Call("SET", "survivor", "1"), Is.EqualTo("+OK\r\n"));
        bad.SendRaw("*1\r\n$x\r\n");
        Assert.That(RespConnection.Latin1(bad.ReadReply()), Is.EqualTo("-ERR Protocol error: invalid bulk length\r\n"));
        Assert.That(bad.IsClosedByPeer(), Is.True);
        Assert.That(good.Call("GET", "survivor"), Is.EqualTo("$1\r\n1\r\n"));
    }

    [Test]
    public void QuitRepliesThenCloses()
    {
        using var client = Connect();
        Assert.That(client.Call("QUIT"), Is.EqualTo("+OK\r\n"));
        Assert.That(client.IsClosedByPeer(), Is.True);
    }

    [Test]
    public void ClientKillClosesTheOtherConnection()
    {
        using var victim = Connect();
        using var killer = Connect();
        string id = victim.Call("CLIENT", "ID")[1..^2];
        Assert.That(killer.Call("CLIENT", "KILL", "ID", id), Is.EqualTo(":1\r\n"));
        Assert.That(victim.IsClosedByPeer(), Is.True);
        Assert.That(killer.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void ClientListShowsEveryConnectionWithRedisFields()
    {
        using var a = Connect();
        using var b = Connect();
        a.Call("CLIENT", "SETNAME", "alpha");
        string list = b.Call("CLIENT", "LIST");
        Assert.That(list, Does.Contain(" name=alpha "));
        Assert.That(list, Does.Match(@"id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=\S* age=\d+ idle=\d+ flags=N db=0 "));
        Assert.That(list, Does.Contain("cmd=client|list user=default redir=-1 resp=2"));
    }

    [Test]
    public void IdleClientsAreClosedAfterTimeout()
    {
        using var admin = Connect();
        using var idle = Connect();
        Assert.That(idle.Call("PING"), Is.EqualTo("+PONG\r\n"));
        Assert.That(admin.Call("CONFIG", "SET", "timeout", "1"), Is.EqualTo("+OK\r\n"));
        try
        {
            Assert.That(idle.IsClosedByPeer(waitMs: 4000), Is.True);
        }
        finally
        {
            using var reset = Connect(); // the admin connection has been idle too long by now
            reset.Call("CONFIG", "SET", "timeout", "0");
        }
    }

    [Test]
    public void InfoCountsCommandsAndErrors()
    {
        using var client = Connect();
        client.Call("CONFIG", "RESETSTAT");
        client.Call("GET", "x");
        client.Call("NOSUCHCOMMAND");
        client.Call("GET");
        string info = client.Call("INFO", "ALL");
        Assert.That(info, Does.Contain("cmdstat_get:calls=1,"));
        Assert.That(info, Does.Match(@"cmdstat_get:calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0"));
        Assert.That(info, Does.Contain("errorstat_ERR:count=2"));
        Assert.That(info, Does.Contain("total_error_replies:2"));
        Assert.That(info, Does.Contain("redis_version:7.0.15"));
        Assert.That(info, Does.Contain($"tcp_port:{_server.Port}"));
        Assert.That(info, Does.Contain($"process_id:{_server.Pid}"));
        Assert.That(info, Does.Contain("cluster_enabled:0"));
    }

    [Test]
    public void QuitWithRepliesOffStillClosesTheConnection()
    {
        // With CLIENT REPLY OFF, QUIT leaves no reply to flush: the close must not wait for one.
        using var quiet = Connect();
        Assert.That(quiet.Call("CLIENT", "SETNAME", "quiet"), Is.EqualTo("+OK\r\n"));
        quiet.SendRaw("CLIENT REPLY OFF\r\nQUIT\r\n");
        Assert.That(quiet.IsClosedByPeer(), Is.True);
        using var observer = Connect();
        Assert.That(observer.Call("CLIENT", "LIST"), Does.Not.Contain("name=quiet"));
    }
}
