// Protected mode: while the default user has no password, a server reachable from other hosts
// serves only loopback clients; the others get the DENIED text and are closed.
// cf. the protected_mode check in clientAcceptHandler (networking.c).

using System.Net;

namespace EventLoopRedis.Security;

internal static class ProtectedMode
{
    /// <summary>
    /// True when a connection from <paramref name="remote"/> must be refused: protected-mode is on,
    /// the default user needs no password (nopass), and the peer is not a loopback address.
    /// Unix sockets and the Lua pseudo-client have no IP peer and are always served.
    /// </summary>
    public static bool Refuses(bool protectedMode, AclUser defaultUser, EndPoint? remote)
    {
        if (!protectedMode || !defaultUser.NoPass || remote is not IPEndPoint peer) return false;
        var address = peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4() : peer.Address;
        return !IPAddress.IsLoopback(address);
    }
}
