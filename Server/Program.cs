// Entry point: read the configuration, open the listening sockets, run the event loop.
// cf. main() in server.c.

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using EventLoopRedis;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

var config = new ServerConfig();
try
{
    if (args.Length == 1 && args[0] is "-v" or "--version")
    {
        Console.WriteLine($"EventLoopRedis (Redis {RedisServer.Version} compatible) bits={IntPtr.Size * 8}");
        return 0;
    }
    ConfigLoader.Load(config, args);
}
catch (ConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (config.LogFile.Length > 0) Log.Output = new StreamWriter(config.LogFile, append: true);
Log.MinLevel = Log.Parse(config.LogLevel);
Log.Notice("oO0OoO0OoO0Oo EventLoopRedis is starting oO0OoO0OoO0Oo");
Log.Notice($"EventLoopRedis version={RedisServer.Version}, bits={IntPtr.Size * 8}, pid={Environment.ProcessId}, just started");

var server = new RedisServer(config);
List<Socket> listeners;
try
{
    listeners = Listen(config);
}
catch (SocketException e)
{
    Log.Warning($"Failed listening on port {config.Port} (tcp), aborting: {e.Message}");
    return 1;
}
if (config.PidFile.Length > 0) File.WriteAllText(config.PidFile, $"{Environment.ProcessId}\n");

var timers = new Timers();
var loop = new EventLoop(server, listeners, timers);
var cron = new ServerCron(server, loop);
timers.Add(1, cron.Tick);

// Signals only set a flag: the loop notices it within one cron period and exits between commands.
using var onSigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

Log.Notice($"Running mode=standalone, port={config.Port}.");
server.RecordStartupMemory();
Log.Notice("Server initialized");
Log.Notice("Ready to accept connections tcp");
loop.Run();
server.Trace.Close();

Log.Notice("User requested shutdown...");
foreach (var listener in listeners) listener.Close();
if (config.PidFile.Length > 0) File.Delete(config.PidFile);
Log.Notice("EventLoopRedis is now ready to exit, bye bye...");
return 0;

void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    Log.Warning($"Received {context.Signal} scheduling shutdown...");
    server.ShutdownRequested = true;
}

static List<Socket> Listen(ServerConfig config)
{
    var sockets = new List<Socket>();
    foreach (var address in config.Bind)
    {
        // "*" and "::*" mean every address, as in redis.conf; a leading "-" marks an optional address.
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
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (ip.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            socket.Bind(new IPEndPoint(ip, config.Port));
            socket.Listen(config.TcpBacklog);
            socket.Blocking = false;
            sockets.Add(socket);
        }
        catch (SocketException) when (optional)
        {
            socket.Dispose();
        }
    }
    return sockets;
}
