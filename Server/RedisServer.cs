// The server's global state: configuration, databases, command table, clients, statistics.
// cf. struct redisServer in server.h, and serverCron in server.c.

using System.Diagnostics;
using System.Net.Sockets;
using EventLoopRedis.Commands;
using EventLoopRedis.Config;
using EventLoopRedis.Diagnostics;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Memory;
using EventLoopRedis.Scripting;
using EventLoopRedis.Storage;

namespace EventLoopRedis;

internal sealed class RedisServer
{
    /// <summary>The Redis release whose behaviour this server follows; INFO reports it.</summary>
    public const string Version = "7.0.15";

    public RedisServer(ServerConfig config)
    {
        Config = config;
        Stats = new ServerStats();
        Databases = new Database[config.Databases];
        Watches = new WatchedKeys(config.Databases);
        Blocking = new BlockedClients(config.Databases);
        Tracking = new ClientTracking(this);
        for (int i = 0; i < Databases.Length; i++)
        {
            Databases[i] = new Database(i, Stats) { Access = Access };
            Databases[i].KeyModified = Watches.Touch;
            Databases[i].KeyModified += Tracking.KeyModified;
            Databases[i].KeyAdded = Blocking.SignalKeyAsReady;
            Databases[i].ExpiryPaused = () => Blocking.Pause != PauseMode.Off || Replication.IsReplica;
            Databases[i].ExpiredLooksLive = () => _replicaLink is { Applying: true };
            Databases[i].KeyEventRaised = (db, what, key) =>
            {
                KeyspaceEvents.OnDatabaseEvent(this, db, what, key);
                if (what == KeyEvent.Expired) Propagation.ExpiredKeyDeleted(db.Id, key);
            };
        }
        SnapshotRunner = new Persistence.SnapshotRunner(this);
        Saver = new Persistence.SnapshotSaver(this);
        Replicas = new Replication.Replicas(this);
        Saver.Finished = Replicas.BackgroundSaveDone;
        config.ReplBacklogResized = Replicas.ResizeBacklog;
        AofRewriter = new Persistence.AofRewriter(this);
        Commands = new CommandTable();
        Executor = new CommandExecutor(this);
        Acl = new Security.Acl(this);
        RunId = Util.RandomBytes.Hex(20);
        Scripting = new ScriptEngine(this);
        Evictor = new Evictor(this);
        ClientMemory = new ClientMemory(this);
        ApplyMemoryConfig("maxmemory-policy");
        ApplyMemoryConfig("lfu-log-factor");
        ApplyMemoryConfig("lfu-decay-time");
        config.MemoryConfigChanged = ApplyMemoryConfig;
        // Once the server runs, a new port or bind is applied by reopening the listeners.
        config.Rebind = (bind, port) =>
            Listeners.Sockets.Count == 0 || Listeners.TryRebind(bind, port, config.Bind, config.Port, config.TcpBacklog);
        Trace = new LoopTrace(Stats, LoopStats);
        config.LoopTraceChanged = ConfigureTrace;
        if (ConfigureTrace() is { } error)
        {
            Log.Warning($"loop-trace-file: {error}; no trace file is written");
            config.LoopTraceFile = "";
        }
    }

    /// <summary>How values record their accesses (LRU time or LFU counter), shared by the databases.</summary>
    public ObjectAccess Access { get; } = new();

    /// <summary>maxmemory: used memory as this server counts it, and the eviction of keys past the limit.</summary>
    public Evictor Evictor { get; }

    /// <summary>What each client costs, the totals INFO reports, and client eviction (maxmemory-clients).</summary>
    public ClientMemory ClientMemory { get; }

    /// <summary>The loop's time events, once it runs (eviction carries on from a timer); null before.</summary>
    public Timers? Timers { get; set; }

    /// <summary>Applies a changed maxmemory*, lfu-* or lua-heap-limit directive (cf. their apply functions in config.c).</summary>
    private void ApplyMemoryConfig(string name)
    {
        switch (name)
        {
            case "maxmemory-policy": Evictor.Policy = EvictionPolicies.Parse(Config.MaxMemoryPolicy); break;
            case "lfu-log-factor": Access.LfuLogFactor = Config.LfuLogFactor; break;
            case "lfu-decay-time": Access.LfuDecayMinutes = Config.LfuDecayTime; break;
            case "lua-heap-limit": Scripting.ApplyHeapLimit(Config.LuaHeapLimit); break;
            case "maxmemory":
                // cf. updateMaxmemory: warn when the new limit is below what is used, and start evicting now.
                if (Config.MaxMemory == 0) break;
                long used = Evictor.UsedMemory();
                if (Config.MaxMemory < used)
                    Log.Warning($"WARNING: the new maxmemory value set via CONFIG SET ({Config.MaxMemory}) is smaller than the current " +
                        $"memory usage ({used}). This will result in key eviction and/or the inability to accept new write commands " +
                        "depending on the maxmemory-policy.");
                Evictor.PerformEvictions();
                break;
        }
    }

    /// <summary>Counters of the loop's schedule, for INFO eventloop.</summary>
    public LoopStats LoopStats { get; } = new();
    /// <summary>The schedule trace: --loop-trace and loop-trace-file.</summary>
    public LoopTrace Trace { get; }

    private string? ConfigureTrace() => Trace.Configure(Config.LoopTrace, Config.LoopTraceFile);

    public ServerConfig Config { get; }
    public ServerStats Stats { get; }
    /// <summary>SLOWLOG: the slowest recent commands, filled by the executor.</summary>
    public SlowLog SlowLog { get; } = new();
    /// <summary>LATENCY: events that took at least latency-monitor-threshold milliseconds.</summary>
    public LatencyMonitor Latency { get; } = new();

    /// <summary>The garbage collector's counts and pauses for INFO memory's gc_* lines.</summary>
    public GcStats Gc { get; } = new();
    public Database[] Databases { get; }
    public CommandTable Commands { get; }
    public CommandExecutor Executor { get; }
    /// <summary>ACL users, the permission check and the ACL log.</summary>
    public Security.Acl Acl { get; }
    /// <summary>WATCH: which clients watch which keys (cf. db->watched_keys).</summary>
    public WatchedKeys Watches { get; }
    /// <summary>Clients waiting in BLPOP & co., WAIT or CLIENT PAUSE, and the keys that may wake them (cf. blocked.c).</summary>
    public BlockedClients Blocking { get; }
    /// <summary>Channels, shard channels and patterns, and who listens to them.</summary>
    public PubSub PubSub { get; } = new();
    /// <summary>CLIENT TRACKING: which clients may cache which keys, and their invalidations (cf. tracking.c).</summary>
    public ClientTracking Tracking { get; }
    /// <summary>MONITOR: the clients fed a line per command.</summary>
    public Monitors Monitors { get; } = new();
    /// <summary>EVAL, FUNCTION and FCALL: the Lua engine and its shared pseudo-client.</summary>
    public ScriptEngine Scripting { get; }
    public string RunId { get; }
    public long StartTimeMs { get; } = Clock.UnixMs;
    /// <summary>When the dataset was last saved (or loaded at start-up), Unix seconds: what LASTSAVE replies (cf. server.lastsave).</summary>
    public long LastSaveUnixSeconds { get; set; } = Clock.UnixMs / 1000;
    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();
    /// <summary>The managed heap once the server was built, before any client (cf. used_memory_startup).</summary>
    public long StartupMemory { get; private set; }

    /// <summary>Called once start-up is done: records the memory a server with no data uses.</summary>
    public void RecordStartupMemory() => StartupMemory = Stats.SampleMemory();

    /// <summary>Every connected client by id, in the order they connected (CLIENT LIST, CLIENT KILL).</summary>
    public SortedDictionary<long, Client> Clients { get; } = new();

    /// <summary>The listening sockets, which CONFIG SET port and bind move.</summary>
    public Listeners Listeners { get; } = new();

    /// <summary>DEBUG SET-ACTIVE-EXPIRE: whether the cron expires keys nobody reads (cf. server.active_expire_enabled).</summary>
    public bool ActiveExpireEnabled { get; set; } = true;

    /// <summary>DEBUG PAUSE-CRON: whether the periodic cron is skipped (cf. server.pause_cron).</summary>
    public bool CronPaused { get; set; }

    /// <summary>
    /// Changes to the dataset since the last save (cf. server.dirty): each write command adds
    /// what Redis's adds (one per key set, per member added, per element popped...). A call
    /// that raised it is propagated to the AOF (see Persistence/Propagation.cs); save points
    /// and INFO's rdb_changes_since_last_save read it.
    /// </summary>
    public long Dirty;

    /// <summary>The write stream: what each call changed, fed to the AOF (and later to replicas).</summary>
    public Persistence.Propagation Propagation { get; } = new();

    /// <summary>The append-only file while appendonly is yes (see Persistence/Aof/AofControl.cs).</summary>
    public Persistence.Aof.AppendOnlyFile? Aof { get; set; }

    /// <summary>True while EXEC runs its queued commands (cf. server.in_exec): BGSAVE is then only scheduled.</summary>
    public bool InExec { get; set; }

    /// <summary>The one background snapshot job: BGSAVE's, BGREWRITEAOF's or a diskless full sync's (Persistence/SnapshotRunner.cs).</summary>
    public Persistence.SnapshotRunner SnapshotRunner { get; }

    /// <summary>BGSAVE: the background save in progress, its outcome, the save points (Persistence/SnapshotSaver.cs).</summary>
    public Persistence.SnapshotSaver Saver { get; }

    /// <summary>BGREWRITEAOF and the automatic rewrite (Persistence/AofRewriter.cs).</summary>
    public Persistence.AofRewriter AofRewriter { get; }

    /// <summary>Replication: role, ids, offset, the link to a primary (Replication/ReplicationState.cs).</summary>
    public Replication.ReplicationState Replication { get; } = new();

    /// <summary>As a replica: REPLICAOF, the link to the primary and its stream (Replication/MasterLink.cs).</summary>
    public Replication.MasterLink ReplicaLink => _replicaLink ??= new Replication.MasterLink(this);
    private Replication.MasterLink? _replicaLink;
    /// <summary>The replicas that follow this server, the backlog, WAIT (Replication/Replicas.cs).</summary>
    public Replication.Replicas Replicas { get; }

    /// <summary>
    /// True while a background job that holds the dataset's snapshot runs (cf. hasActiveChildProcess):
    /// Redis runs one child at a time, and so does this server's one <see cref="SnapshotRunner"/>.
    /// </summary>
    public bool HasActiveChild => SnapshotRunner.IsRunning;

    /// <summary>Set by SHUTDOWN or a signal; the loop finishes its cycle and returns.</summary>
    public volatile bool ShutdownRequested;

    /// <summary>The signal that asked for the shutdown, null when SHUTDOWN did (its saving is then done).</summary>
    public System.Runtime.InteropServices.PosixSignal? ShutdownSignal { get; set; }

    private long _nextClientId;

    /// <summary>A new client; one with a socket is listed in <see cref="Clients"/> unless <paramref name="listed"/> is false (the link to a primary until it syncs).</summary>
    public Client CreateClient(Socket? socket, bool listed = true)
    {
        var client = new Client(++_nextClientId, this, socket);
        if (socket is not null && listed) Clients.Add(client.Id, client);
        return client;
    }

    /// <summary>Forgets a closed client: its watches and subscriptions go with it (cf. freeClient).</summary>
    public void RemoveClient(Client client)
    {
        Clients.Remove(client.Id);
        ClientMemory.Remove(client);
        Blocking.Remove(client);
        TransactionCommands.DiscardTransaction(client);
        PubSub.RemoveClient(client);
        Monitors.Remove(client);
        Tracking.Disable(client);
        if (client.IsMaster) ReplicaLink.Closed(client);
        Replicas.Remove(client);
    }

    /// <summary>Clients that CLIENT KILL asked the loop to close at the end of this cycle.</summary>
    public List<Client> KilledClients { get; } = new();

    public void Kill(Client client) => KilledClients.Add(client);

    public long UptimeSeconds => (long)Stopwatch.GetElapsedTime(StartTimestamp).TotalSeconds;
}
