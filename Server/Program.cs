// Entry point: read the configuration, open the listening sockets, run the event loop.
// cf. main() in server.c.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using EventLoopRedis;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

// A parent that ignored SIGINT or SIGTERM (a background job) does not take them away from the server.
InheritedSignals.TakeBack();
var config = new ServerConfig();
try
{
    // As redis-server: -v/--version and -h/--help only when alone on the command line.
    if (args.Length == 1 && args[0] is "-v" or "--version")
    {
        Console.WriteLine(VersionLine());
        return 0;
    }
    if (args.Length == 1 && args[0] is "-h" or "--help")
    {
        Console.Error.Write(Usage());
        return 1;
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
if (server.Acl.LoadAtStartup() is { } aclError)
{
    Log.Warning(aclError);
    return 1;
}
// The AOF first: with appendonly yes it holds the dataset (cf. loadDataFromDisk).
if (!EventLoopRedis.Persistence.Aof.AofControl.StartUp(server)) return 1;
var listeners = server.Listeners;
try
{
    listeners.Open(config.Bind, config.Port, config.TcpBacklog);
}
catch (SocketException e)
{
    Log.Warning($"Failed listening on port {config.Port} (tcp), aborting: {e.Message}");
    return 1;
}
if (config.PidFile.Length > 0) File.WriteAllText(config.PidFile, $"{Environment.ProcessId}\n");

var timers = new Timers();
server.Timers = timers;
var loop = new EventLoop(server, listeners.Sockets, timers);
var cron = new ServerCron(server, loop);
timers.Add(1, cron.Tick);

// Signals only set a flag: the loop notices it within one cron period and exits between commands.
using var onSigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

Log.Notice($"Running mode=standalone, port={config.Port}.");
server.RecordStartupMemory();
Log.Notice("Server initialized");
// With appendonly yes the AOF, loaded above, is the dataset; otherwise dump.rdb (cf. loadDataFromDisk).
if (!config.AppendOnly && !EventLoopRedis.Persistence.Rdb.RdbFile.LoadAtStartup(server)) return 1;
// replicaof in the configuration: follow that primary from the start (cf. REPL_STATE_CONNECT set by the config).
if (config.ReplicaOfHost is { } primaryHost) server.ReplicaLink.SetMaster(primaryHost, config.ReplicaOfPort, atStartup: true);
CompactAfterLoad(server);
Log.Notice("Ready to accept connections tcp");
// A signal's shutdown saves as shutdown-on-sigterm/sigint say; if that save fails (and not "force"),
// the server goes on serving, as Redis does. SHUTDOWN has done its saving before it asked the loop to stop.
while (true)
{
    loop.Run();
    if (server.ShutdownSignal is not { } signal) break;
    string mode = signal == PosixSignal.SIGINT ? config.ShutdownOnSigint : config.ShutdownOnSigterm;
    if (server.Saver.PrepareForShutdown(save: mode == "save", noSave: mode == "nosave", force: mode == "force")) break;
    Log.Warning("Errors trying to shut down the server. Check the logs for more information.");
    server.ShutdownSignal = null;
    server.ShutdownRequested = false;
}
server.Trace.Close();
EventLoopRedis.Persistence.Aof.AofControl.ShutDown(server);

Log.Notice("User requested shutdown...");
listeners.Close();
if (config.PidFile.Length > 0) File.Delete(config.PidFile);
Log.Notice("EventLoopRedis is now ready to exit, bye bye...");
return 0;

// A load leaves its garbage and the collector's spare room behind: after loading 1,000,000 strings
// from an RDB a server held 271 MB RSS, 203 MB after one full compacting collection that gives the
// free space back (docs/reliability.md, "Lever by lever"). No client is served before this point,
// so the pause (a few hundred ms for a million keys) only delays the start, as the load itself does.
static void CompactAfterLoad(RedisServer server)
{
    long keys = 0;
    foreach (var db in server.Databases) keys += db.Count;
    if (keys == 0) return;
    var started = Stopwatch.GetTimestamp();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    Log.Verbose($"Heap compacted after the load: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
}

void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    // The flags first: the loop must see the request even if logging from this thread fails.
    server.ShutdownSignal = context.Signal;
    server.ShutdownRequested = true;
    Log.Warning($"Received {context.Signal} scheduling shutdown...");
}

// Redis's fields, so that scripts reading "v=" work: the Redis version followed, no git sha, the
// allocator (the .NET garbage collector) and this build's version.
static string VersionLine() =>
    $"EventLoopRedis server v={RedisServer.Version} sha=00000000:0 malloc=dotnet-gc bits={IntPtr.Size * 8} " +
    $"build={typeof(RedisServer).Assembly.GetName().Version?.ToString(3)}";

// redis-server's usage (cf. usage() in server.c), less what this server does not do: reading the
// configuration from stdin, --test-memory, --check-system and Sentinel.
static string Usage()
{
    const string name = "eventloop-redis-server";
    return $"Usage: {name} [/path/to/redis.conf] [options]\n" +
        $"       {name} -v or --version\n" +
        $"       {name} -h or --help\n" +
        "\n" +
        "Examples:\n" +
        $"       {name} (run the server with default conf)\n" +
        $"       {name} /etc/redis/6379.conf\n" +
        $"       {name} --port 7777\n" +
        $"       {name} /etc/myredis.conf --loglevel verbose\n" +
        $"       {name} --port 7777 --loop-trace yes (narrate the event loop's schedule)\n" +
        "\n" +
        "Every directive this server honours, commented: redis.conf at the root of its repository.\n";
}

