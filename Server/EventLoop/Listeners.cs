// The listening sockets, opened from bind and port at start-up and reopened by CONFIG SET port
// or bind while the server runs. cf. listenToPort and changeListener in server.c.

using System.Net;
using System.Net.Sockets;

namespace EventLoopRedis.EventLoop;

/// <summary>
/// One list the event loop polls for new connections. Rebinding replaces its sockets, and puts
/// the old ones back when a new address cannot be opened, so a refused address leaves the server
/// listening where it was; connected clients are never touched, only the listening sockets change.
/// </summary>
internal sealed class Listeners
{
    /// <summary>The sockets the loop selects on; replaced in place on a rebind.</summary>
    public List<Socket> Sockets { get; } = new();

    /// <summary>Opens the listeners at start-up; throws the first socket error.</summary>
    public void Open(string[] bind, int port, int backlog) => Sockets.AddRange(OpenAll(bind, port, backlog));

    /// <summary>
    /// Moves the listeners from <paramref name="oldBind"/>:<paramref name="oldPort"/> to
    /// <paramref name="bind"/>:<paramref name="port"/>. The old sockets are closed first (the new
    /// addresses may include them); if a new one cannot be opened, the old ones are reopened and
    /// false is returned.
    /// </summary>
    public bool TryRebind(string[] bind, int port, string[] oldBind, int oldPort, int backlog)
    {
        Close();
        try
        {
            Sockets.AddRange(OpenAll(bind, port, backlog));
            Log.Notice($"Listening on port {port} ({string.Join(' ', bind)})");
            return true;
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            Log.Warning($"Failed listening on port {port} ({string.Join(' ', bind)}): {e.Message}");
            Sockets.AddRange(OpenAll(oldBind, oldPort, backlog));
            return false;
        }
    }

    public void Close()
    {
        foreach (var socket in Sockets) socket.Dispose();
        Sockets.Clear();
    }

    private static List<Socket> OpenAll(string[] bind, int port, int backlog)
    {
        var sockets = new List<Socket>();
        try
        {
            foreach (var address in bind)
            {
                if (Open(address, port, backlog) is { } socket) sockets.Add(socket);
            }
            return sockets;
        }
        catch
        {
            foreach (var socket in sockets) socket.Dispose();
            throw;
        }
    }

    /// <summary>One address: "*" and "::*" mean every address, as in redis.conf; a leading "-" marks an optional one (null if it failed).</summary>
    private static Socket? Open(string address, int port, int backlog)
    {
        bool optional = address.StartsWith('-');
        string text = optional ? address[1..] : address;
        var ip = text switch
        {
            "*" => IPAddress.Any,
            "::*" => IPAddress.IPv6Any,
            _ => IPAddress.Parse(text),
        };
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone, as Redis sets it: on Linux .NET's ReuseAddress also sets SO_REUSEPORT,
            // which would let a second server bind a port in use and silently share its connections.
            if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
            else socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (ip.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(backlog);
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException) when (optional)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
