// CONFIG SET port and bind at run time: the listeners move, connected clients keep working,
// and a port or address that cannot be opened is refused with Redis's text, leaving the old
// listeners in place. cf. changeListener in server.c.

using System.Net.Sockets;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Config;

[TestFixture]
public class ConfigRebindTests
{
    private static bool Accepts(int port)
    {
        try
        {
            using var probe = new RespConnection(port);
            return probe.Call("PING") == "+PONG\r\n";
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Test]
    public void SetPortMovesTheListenerWhileConnectedClientsKeepWorking()
    {
        using var server = ServerProcess.StartOurs();
        using var existing = new RespConnection(server.Port);
        Assert.That(existing.Call("SET", "k", "before"), Is.EqualTo("+OK\r\n"));

        int newPort = ServerProcess.FreePort();
        Assert.That(existing.Call("CONFIG", "SET", "port", newPort.ToString()), Is.EqualTo("+OK\r\n"));
        Assert.That(existing.Call("GET", "k"), Is.EqualTo("$6\r\nbefore\r\n"), "the client connected to the old port keeps working");
        Assert.That(existing.Call("CONFIG", "GET", "port"), Is.EqualTo($"*2\r\n$4\r\nport\r\n${newPort.ToString().Length}\r\n{newPort}\r\n"));
        Assert.That(Accepts(newPort), Is.True, "new clients connect to the new port");
        Assert.That(Accepts(server.Port), Is.False, "the old port no longer listens");

        using var newcomer = new RespConnection(newPort);
        Assert.That(newcomer.Call("SET", "k", "after"), Is.EqualTo("+OK\r\n"));
        Assert.That(existing.Call("GET", "k"), Is.EqualTo("$5\r\nafter\r\n"));
    }

    [Test]
    public void APortInUseIsRefusedAsRedisRefusesItAndNothingMoves()
    {
        using var redis = ServerProcess.StartRedis();
        using var server = ServerProcess.StartOurs();
        using var ours = new RespConnection(server.Port);
        using var theirs = new RespConnection(redis.Port);
        string oursReply = ours.Call("CONFIG", "SET", "port", redis.Port.ToString());
        string redisReply = theirs.Call("CONFIG", "SET", "port", server.Port.ToString());
        Assert.That(oursReply, Is.EqualTo(redisReply));
        Assert.That(oursReply, Is.EqualTo("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n"));
        Assert.That(ours.Call("CONFIG", "SET", "port", "70000"), Is.EqualTo(theirs.Call("CONFIG", "SET", "port", "70000")));
        Assert.That(Accepts(server.Port), Is.True, "still listening where it was");
        Assert.That(ours.Call("CONFIG", "GET", "port"), Does.EndWith($"{server.Port}\r\n"));
    }

    [Test]
    public void SetBindReopensOnTheNewAddressesOrRefusesAsRedis()
    {
        using var redis = ServerProcess.StartRedis();
        using var server = ServerProcess.StartOurs();
        using var ours = new RespConnection(server.Port);
        using var theirs = new RespConnection(redis.Port);
        // An address this machine does not have cannot be bound.
        Assert.That(ours.Call("CONFIG", "SET", "bind", "192.0.2.1"), Is.EqualTo(theirs.Call("CONFIG", "SET", "bind", "192.0.2.1")));
        Assert.That(Accepts(server.Port), Is.True);
        Assert.That(ours.Call("CONFIG", "SET", "bind", "127.0.0.1 -::1"), Is.EqualTo("+OK\r\n"));
        Assert.That(ours.Call("CONFIG", "GET", "bind"), Is.EqualTo("*2\r\n$4\r\nbind\r\n$14\r\n127.0.0.1 -::1\r\n"));
        Assert.That(Accepts(server.Port), Is.True, "listening again on the new addresses");
        Assert.That(ours.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }
}
