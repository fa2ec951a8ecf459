// Protected mode: with no password on the default user, a client connecting through a
// non-loopback address gets Redis's DENIED text and is closed; loopback clients are served.
// Tests here use only loopback, so the decision is unit-tested for every kind of peer; the
// live check through a non-loopback address is a manual step in docs/security.md.

using System.Net;
using System.Net.Sockets;
using System.Text;
using EventLoopRedis.Security;

namespace EventLoopRedis.Tests.Security;

[TestFixture]
public class ProtectedModeTests
{
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
