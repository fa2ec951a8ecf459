// The limits that protect the server from one client, run the same way against redis-server 7.0.15
// and against this server: client-query-buffer-limit, proto-max-bulk-len, client-output-buffer-limit
// normal, maxclients and timeout. cf. readQueryFromClient, checkClientOutputBufferLimits,
// acceptCommonHandler (networking.c) and clientsCronHandleTimeout (timeout.c).

using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
public class ClientLimitsTests
{
    public enum Server { Redis, Ours }

    private static ServerProcess Start(Server kind, params string[] arguments) =>
        kind == Server.Redis ? ServerProcess.StartRedis(arguments) : ServerProcess.StartOurs(arguments);

    /// <summary>Whether the client with <paramref name="id"/> is in CLIENT LIST.</summary>
    private static bool Listed(RespConnection admin, long id) => admin.Call("CLIENT", "LIST").Contains($"id={id} ");

    private static long Id(RespConnection connection) => long.Parse(connection.Call("CLIENT", "ID")[1..].TrimEnd());

    /// <summary>Waits until the server has closed <paramref name="socket"/>; what it said before is returned.</summary>
    private static string ReadUntilClosed(Socket socket, int timeoutMs = 10_000)
    {
        socket.ReceiveTimeout = timeoutMs;
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            for (int read; (read = socket.Receive(buffer)) > 0;) received.Write(buffer, 0, read);
        }
        catch (SocketException e) when (e.SocketErrorCode != SocketError.TimedOut)
        {
            // reset after closing: closed
        }
        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static void SendInBackground(Socket socket, byte[] bytes) => Task.Run(() =>
    {
        try
        {
            socket.Send(bytes);
        }
        catch (SocketException)
        {
            // closed by the server while sending: the point of the test
        }
    });

    [Test]
    public void ASingleCommandBeyondTheQueryBufferLimitClosesOnlyItsClient([Values] Server kind)
    {
        using var server = Start(kind);
        using var admin = new RespConnection(server.Port);
        Assert.That(admin.Call("CONFIG", "SET", "client-query-buffer-limit", "1mb"), Is.EqualTo("+OK\r\n"));
        using var victim = new RespConnection(server.Port);
        var value = new byte[2 * 1024 * 1024];
        SendInBackground(victim.Socket, [.. "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2097152\r\n"u8, .. value, .. "\r\n"u8]);
        Assert.That(ReadUntilClosed(victim.Socket), Is.Empty, "closed without a reply");
        Assert.That(admin.Call("EXISTS", "k"), Is.EqualTo(":0\r\n"));
        Assert.That(admin.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void ABulkLongerThanProtoMaxBulkLenGetsTheProtocolErrorAndIsClosed([Values] Server kind)
    {
        using var server = Start(kind);
        using var admin = new RespConnection(server.Port);
        Assert.That(admin.Call("CONFIG", "SET", "proto-max-bulk-len", "1mb"), Is.EqualTo("+OK\r\n"));
        using (var fits = new RespConnection(server.Port))
        {
            var reply = fits.CallBytes("ECHO"u8.ToArray(), new byte[1024 * 1024]);
            Assert.That(reply.Length, Is.EqualTo("$1048576\r\n".Length + 1024 * 1024 + 2));
        }
        using var victim = new RespConnection(server.Port);
        victim.SendRaw("*2\r\n$4\r\nECHO\r\n$1048577\r\n");
        Assert.That(ReadUntilClosed(victim.Socket), Is.EqualTo("-ERR Protocol error: invalid bulk length\r\n"));
        Assert.That(admin.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void AClientThatNeverReadsAHugeReplyIsDroppedByTheNormalOutputLimit([Values] Server kind)
    {
        using var server = Start(kind);
        using var admin = new RespConnection(server.Port);
        Assert.That(admin.Call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"), Is.EqualTo("+OK\r\n"));
        Assert.That(admin.Call("SETRANGE", "big", "4194303", "x"), Is.EqualTo(":4194304\r\n"));
        using var victim = new RespConnection(server.Port);
        long id = Id(victim);
        victim.Socket.ReceiveBufferSize = 4096;
        victim.SendRaw(string.Concat(Enumerable.Repeat("GET big\r\n", 8)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Listed(admin, id) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.That(Listed(admin, id), Is.False, "the client that does not read is still connected");
        Assert.That(admin.Call("STRLEN", "big"), Is.EqualTo(":4194304\r\n"));
        using var other = new RespConnection(server.Port);
        Assert.That(other.Call("GETRANGE", "big", "4194300", "-1"), Is.EqualTo("$4\r\n\0\0\0x\r\n"));
    }

    [Test]
    public void ConnectionsBeyondMaxclientsGetTheErrorAndAreClosed([Values] Server kind)
    {
        using var server = Start(kind, "--maxclients", "2");
        using var first = new RespConnection(server.Port);
        // The start-up probe's connection may not be closed yet: wait until only ours is left.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Regex.Matches(first.Call("CLIENT", "LIST"), "id=").Count > 1 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        using var second = new RespConnection(server.Port);
        Assert.That(second.Call("PING"), Is.EqualTo("+PONG\r\n"));
        using var third = new RespConnection(server.Port);
        Assert.That(ReadUntilClosed(third.Socket), Is.EqualTo("-ERR max number of clients reached\r\n"));
        Assert.That(first.Call("PING"), Is.EqualTo("+PONG\r\n"));
        second.Dispose();
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (Regex.Matches(first.Call("CLIENT", "LIST"), "id=").Count > 1 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        using var fourth = new RespConnection(server.Port);
        Assert.That(fourth.Call("PING"), Is.EqualTo("+PONG\r\n"), "a freed place is taken again");
    }

    [Test]
    public void TimeoutClosesIdleClientsButNotSubscribersOrBlockedOnes([Values] Server kind)
    {
        using var server = Start(kind, "--timeout", "1");
        using var idle = new RespConnection(server.Port);
        Assert.That(idle.Call("PING"), Is.EqualTo("+PONG\r\n"));
        using var subscriber = new RespConnection(server.Port);
        Assert.That(subscriber.Call("SUBSCRIBE", "news"), Is.EqualTo("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n"));
        using var blocked = new RespConnection(server.Port);
        blocked.Send("BLPOP", "queue", "0");

        Assert.That(idle.IsClosedByPeer(waitMs: 6000), Is.True, "the idle client is closed");
        Thread.Sleep(1500); // the others have been idle as long, and longer than the timeout
        using var admin = new RespConnection(server.Port);
        Assert.That(admin.Call("PUBLISH", "news", "still here"), Is.EqualTo(":1\r\n"));
        Assert.That(subscriber.Call("PING"), Is.EqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$10\r\nstill here\r\n"));
        Assert.That(admin.Call("LPUSH", "queue", "job"), Is.EqualTo(":1\r\n"));
        Assert.That(RespConnection.Latin1(blocked.ReadReply()), Is.EqualTo("*2\r\n$5\r\nqueue\r\n$3\r\njob\r\n"));
    }
}
