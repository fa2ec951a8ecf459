// Protected mode: with no password on the default user, a client connecting through a
// non-loopback address gets Redis's DENIED text and is closed; loopback clients are served.
// The live tests use this machine's own non-loopback address; the decision is also unit-tested.

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using EventLoopRedis.Security;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Security;

[TestFixture]
public class ProtectedModeTests
{
    /// <summary>An IPv4 address of this machine that is not loopback, or null when it has none.</summary>
    private static IPAddress? ExternalAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    /// <summary>Connects through <paramref name="address"/>, sends PING, and returns all it reads until the server closes or goes quiet.</summary>
    private static string PingThrough(IPAddress address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(address, port);
        socket.ReceiveTimeout = 2000;
        socket.Send("PING\r\n"u8);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = socket.Receive(buffer)) > 0)
            {
                text.Append(Encoding.Latin1.GetString(buffer, 0, n));
                if (text.ToString().EndsWith("+PONG\r\n", StringComparison.Ordinal) || text.ToString().StartsWith("-NOAUTH", StringComparison.Ordinal)) return text.ToString();
            }
            return text.Append("<closed>").ToString();
        }
        catch (SocketException e)
        {
            // A close with the PING still unread arrives as a reset: closed all the same.
            return text.Append(e.SocketErrorCode == SocketError.ConnectionReset ? "<closed>" : "<timeout>").ToString();
        }
    }

    private static string Exchange(ServerProcess server, IPAddress external, params string[][] setup)
    {
        using (var local = new RespConnection(server.Port))
        {
            foreach (var command in setup) local.Call(command);
        }
        return PingThrough(external, server.Port);
    }

    [Test]
    public void NonLoopbackClientsGetRedissDeniedTextUntilThereIsAPassword()
    {
        var external = ExternalAddress();
        if (external is null) Assert.Ignore("this machine has no non-loopback IPv4 address; the decision is unit-tested below");
        string[] arguments = ["--bind", "127.0.0.1", external!.ToString(), "--protected-mode", "yes"];
        using var redis = ServerProcess.StartRedis(arguments);
        using var ours = ServerProcess.StartOurs(arguments);
        string[][][] scenarios =
        [
            [],
            [["CONFIG", "SET", "requirepass", "pw"]],
            [["AUTH", "pw"], ["CONFIG", "SET", "requirepass", ""], ["ACL", "SETUSER", "default", ">pw2"]],
            [["AUTH", "pw2"], ["ACL", "SETUSER", "default", "nopass"], ["CONFIG", "SET", "protected-mode", "no"]],
            [["CONFIG", "SET", "protected-mode", "yes"]],
        ];
        foreach (var setup in scenarios)
        {
            string expected = Exchange(redis, external, setup);
            Assert.That(Exchange(ours, external, setup), Is.EqualTo(expected), string.Join("; ", setup.Select(c => string.Join(' ', c))));
        }
        Assert.That(Exchange(ours, external), Does.StartWith("-DENIED Redis is running in protected mode").And.EndWith("<closed>"));
        // Loopback clients are always served.
        using var local = new RespConnection(ours.Port);
        Assert.That(local.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }

    private static AclUser DefaultUser(bool withPassword)
    {
        var index = new AclCommandIndex(new EventLoopRedis.Commands.CommandTable());
        var user = new AclUser("default"u8.ToArray(), index, () => false);
        foreach (var rule in new[] { "on", "+@all", "~*", "&*", withPassword ? ">pw" : "nopass" }) user.Apply(Encoding.ASCII.GetBytes(rule));
        return user;
    }

    [TestCase(true, false, "192.0.2.7", true)]
    [TestCase(true, false, "10.1.2.3", true)]
    [TestCase(true, false, "::ffff:10.1.2.3", true)]
    [TestCase(true, false, "2001:db8::1", true)]
    [TestCase(true, false, "127.0.0.1", false)]
    [TestCase(true, false, "::1", false)]
    [TestCase(true, false, "::ffff:127.0.0.1", false)]
    [TestCase(true, true, "192.0.2.7", false)]
    [TestCase(false, false, "192.0.2.7", false)]
    public void RefusesOnlyRemoteClientsWhileProtectedWithoutPassword(bool protectedMode, bool password, string peer, bool refused)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(peer), 40000);
        Assert.That(ProtectedMode.Refuses(protectedMode, DefaultUser(password), endPoint), Is.EqualTo(refused));
    }

    [Test]
    public void ClientsWithoutAnIpPeerAreServed() =>
        Assert.That(ProtectedMode.Refuses(true, DefaultUser(false), new UnixDomainSocketEndPoint("/tmp/redis.sock")), Is.False);
}
