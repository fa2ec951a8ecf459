// The server's configuration: one table of directives shared by the config file, the
// command line, CONFIG GET and CONFIG SET. cf. the standardConfig table in config.c.

using System.Globalization;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Config;

/// <summary>
/// Every setting the server knows, typed. A directive is in <see cref="Directives"/> only
/// if its value is true of this server: a setting for a feature that does not exist yet
/// either is absent (an unknown option, as Redis reports it) or accepts only the value
/// that describes this server (say <c>daemonize no</c>), so that nothing is
/// ever acknowledged and then silently ignored.
/// </summary>
internal sealed class ServerConfig
{
    public int Port { get; set; } = 6379;
    public string[] Bind { get; set; } = ["127.0.0.1"];
    public int TcpBacklog { get; set; } = 511;
    public int Databases { get; set; } = 16;
    public string RequirePass { get; set; } = "";
    public int Hz { get; set; } = 10;
    public int MaxClients { get; set; } = 10000;
    public long Timeout { get; set; }
    public long TcpKeepAlive { get; set; } = 300;
    public long ProtoMaxBulkLen { get; set; } = 512L * 1024 * 1024;
    public long ClientQueryBufferLimit { get; set; } = 1024L * 1024 * 1024;
    public string LogLevel { get; set; } = "notice";
    public string LogFile { get; set; } = "";
    public string PidFile { get; set; } = "";
    public bool ActiveRehashing { get; set; } = true;
    public int ActiveExpireEffort { get; set; } = 1;
    public string Dir { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>no, yes, or local (loopback clients only): who may CONFIG SET a protected parameter such as dir.</summary>
    public string EnableProtectedConfigs { get; set; } = "no";

    private static readonly string[] ProtectedActionValues = ["no", "yes", "local"];

    /// <summary>no, yes, or local: who may run DEBUG (read at start-up only, as in Redis).</summary>
    public string EnableDebugCommand { get; set; } = "no";

    /// <summary>Commands taking at least this many microseconds go to the slow log; negative turns it off.</summary>
    public long SlowlogLogSlowerThan { get; set; } = 10000;
    public long SlowlogMaxLen { get; set; } = 128;

    /// <summary>Events (slow commands, loop cycles, expire cycles) of at least this many milliseconds go to LATENCY; 0 turns it off.</summary>
    public long LatencyMonitorThreshold { get; set; }

    /// <summary>Whether every command's durations feed its histogram (LATENCY HISTOGRAM, INFO latencystats).</summary>
    public bool LatencyTracking { get; set; } = true;

    /// <summary>The percentiles INFO latencystats reports for each command.</summary>
    public double[] LatencyTrackingInfoPercentiles { get; set; } = [50, 99, 99.9];

    /// <summary>Milliseconds after which a running script lets the loop serve other clients (BUSY); 0 never.</summary>
    public long BusyReplyThreshold { get; set; } = 5000;

    /// <summary>loop-trace: the event loop narrates its schedule in the log, whatever the loglevel.</summary>
    public bool LoopTrace { get; set; }
    /// <summary>loop-trace-file: the same events as Chrome Trace Event Format JSON; "" for none.</summary>
    public string LoopTraceFile { get; set; } = "";
    /// <summary>Applies loop-trace and loop-trace-file to the running server; returns why not, or null.</summary>
    public Func<string?>? LoopTraceChanged { get; set; }

    // ---- RDB (issue 12) ----
    /// <summary>dbfilename: the RDB file's name inside dir, which SAVE writes and start-up loads.</summary>
    public string DbFilename { get; set; } = "dump.rdb";
    /// <summary>rdbcompression: LZF-compress strings longer than 20 bytes in RDB files and DUMP payloads.</summary>
    public bool RdbCompression { get; set; } = true;
    /// <summary>rdbchecksum: end RDB files with a CRC64 and check it when loading.</summary>
    public bool RdbChecksum { get; set; } = true;
    /// <summary>sanitize-dump-payload: no, yes or clients. This server checks every payload's structure deeply whatever it says.</summary>
    public string SanitizeDumpPayload { get; set; } = "no";

    /// <summary>A file name only, as Redis refuses a path for dbfilename (cf. isValidDBfilename).</summary>
    private string? SetDbFilename(string name)
    {
        if (name.Contains('/')) return "dbfilename can't be a path, just a filename";
        DbFilename = name;
        return null;
    }

    // ---- BGSAVE (issue 12) ----
    /// <summary>save: the save points, each "after Seconds seconds if at least Changes changes" (cf. server.saveparams).</summary>
    public List<(long Seconds, long Changes)> SavePoints { get; set; } = [(3600, 1), (300, 100), (60, 10000)]; // Redis's default without a config file
    /// <summary>stop-writes-on-bgsave-error: refuse writes with MISCONF while the last background save failed.</summary>
    public bool StopWritesOnBgsaveError { get; set; } = true;
    /// <summary>rdb-key-save-delay (hidden): microseconds a background save spends per key, to make it slow in tests.</summary>
    public long RdbKeySaveDelay { get; set; }
    /// <summary>rdb-save-incremental-fsync: fsync the file every 4 MB during a background save.</summary>
    public bool RdbSaveIncrementalFsync { get; set; } = true;

    /// <summary>shutdown-on-sigint: what SIGINT's shutdown does: default (save if save points exist), save, nosave, now, force.</summary>
    public string ShutdownOnSigint { get; set; } = "default";
    /// <summary>shutdown-on-sigterm: the same for SIGTERM.</summary>
    public string ShutdownOnSigterm { get; set; } = "default";
    private static readonly string[] ShutdownOnSignalValues = ["default", "save", "nosave", "now", "force"];

    /// <summary>"seconds changes" pairs, or "" for none; refused whole as setConfigSaveOption does.</summary>
    private string? SetSavePoints(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length % 2 == 1) return "Invalid save parameters";
        var points = new List<(long, long)>();
        for (int i = 0; i < words.Length; i += 2)
        {
            if (!long.TryParse(words[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds) || seconds < 1 ||
                !long.TryParse(words[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long changes) || changes < 0)
                return "Invalid save parameters";
            points.Add((seconds, changes));
        }
        SavePoints = points;
        return null;
    }

    // Encoding thresholds of the collection types: past them a compact encoding converts to
    // the general one (cf. the *_max_listpack_* fields of struct redisServer).
    public long HashMaxListpackEntries { get; set; } = 512;
    public long HashMaxListpackValue { get; set; } = 64;
    public long ZsetMaxListpackEntries { get; set; } = 128;
    public long ZsetMaxListpackValue { get; set; } = 64;
    /// <summary>Positive: entries per quicklist node; -1..-5: node size 4, 8, 16, 32 or 64 KB.</summary>
    public int ListMaxListpackSize { get; set; } = -2;
    public long SetMaxIntsetEntries { get; set; } = 512;
    /// <summary>A sparse HyperLogLog that would grow past this many bytes (header included) turns dense.</summary>
    public long HllSparseMaxBytes { get; set; } = 3000;

    /// <summary>notify-keyspace-events: which keyspace events are published, and on which channels.</summary>
    public NotifyClass NotifyKeyspaceEvents { get; set; }

    /// <summary>A stream node (Redis's listpack) takes entries until it would pass this many bytes; 0 is no limit.</summary>
    public long StreamNodeMaxBytes { get; set; } = 4096;
    /// <summary>A stream node takes at most this many entries, live and deleted; 0 is no limit.</summary>
    public long StreamNodeMaxEntries { get; set; } = 100;

    /// <summary>
    /// client-output-buffer-limit, per class of client (normal, replica, pubsub): a client whose
    /// pending output reaches the hard limit, or stays past the soft limit for the soft seconds,
    /// is disconnected (cf. clientBufferLimitsConfig). Zero disables a limit.
    /// </summary>
    public OutputBufferLimit[] OutputBufferLimits { get; } =
    [
        new(0, 0, 0),
        new(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
        new(32L * 1024 * 1024, 8L * 1024 * 1024, 60),
    ];

    // ---- replication as a replica (issue 13: replica helper) ----
    /// <summary>replicaof: the primary this server follows (host, or null when it is a primary) and its port; REPLICAOF keeps them current.</summary>
    public string? ReplicaOfHost { get; set; }
    public int ReplicaOfPort { get; set; }
    /// <summary>masterauth and masteruser: what the link to the primary sends as AUTH [user] password.</summary>
    public string MasterAuth { get; set; } = "";
    public string MasterUser { get; set; } = "";
    /// <summary>replica-read-only: a replica refuses normal clients' writes with READONLY.</summary>
    public bool ReplicaReadOnly { get; set; } = true;
    /// <summary>replica-serve-stale-data: while the link is down a replica still answers from the data it has (else MASTERDOWN).</summary>
    public bool ReplicaServeStaleData { get; set; } = true;
    /// <summary>repl-timeout: seconds of silence after which the link to the primary is dropped (and replicas by a primary).</summary>
    public long ReplTimeout { get; set; } = 60;

    /// <summary>"host port", or "no one" (accepted, nothing to follow), as setConfigReplicaOfOption reads them.</summary>
    private string? SetReplicaOf(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 2) return "wrong number of arguments";
        if (words[0].Equals("no", StringComparison.OrdinalIgnoreCase) && words[1].Equals("one", StringComparison.OrdinalIgnoreCase))
        {
            ReplicaOfHost = null;
            return null;
        }
        if (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535) return "Invalid master port";
        ReplicaOfHost = words[0];
        ReplicaOfPort = port;
        return null;
    }

    // ---- maxmemory, eviction, Lua heap cap ----

    /// <summary>maxmemory: past this many bytes of used memory, evict by the policy or refuse denyoom commands; 0 is no limit.</summary>
    public long MaxMemory { get; set; }
    /// <summary>maxmemory-policy: noeviction, allkeys-lru ... volatile-ttl.</summary>
    public string MaxMemoryPolicy { get; set; } = "noeviction";
    /// <summary>Keys sampled per database for each eviction.</summary>
    public int MaxMemorySamples { get; set; } = 5;
    /// <summary>0-100: how long one eviction call may run before the rest is left to a timer.</summary>
    public int MaxMemoryEvictionTenacity { get; set; } = 10;
    public int LfuLogFactor { get; set; } = 10;
    public int LfuDecayTime { get; set; } = 1;
    /// <summary>
    /// lua-heap-limit (this server's own): the most bytes each Lua state (EVAL's, FUNCTION's) may hold;
    /// an allocation past it fails, so the script gets Lua's "not enough memory" error. 0 is no limit.
    /// </summary>
    public long LuaHeapLimit { get; set; } = 1024L * 1024 * 1024;
    /// <summary>
    /// maxmemory-clients: evict clients once the normal and pub/sub ones use this much together; a
    /// negative value is a percentage of maxmemory (-10 for "10%", as Redis stores it); 0 is off.
    /// </summary>
    public long MaxMemoryClients { get; set; }
    /// <summary>Applies a changed maxmemory* or lfu-* directive to the running server (the name says which).</summary>
    public Action<string>? MemoryConfigChanged { get; set; }

    private static readonly string[] MaxMemoryPolicies =
        ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"];

    // ACL, requirepass, protected mode (issue 16: acl helper).
    /// <summary>Whether new users and selectors start with every channel (allchannels) or none (resetchannels).</summary>
    public string AclPubsubDefault { get; set; } = "resetchannels";
    /// <summary>The ACL file ACL LOAD and ACL SAVE use, and users are loaded from at start-up; "" for none.</summary>
    public string AclFile { get; set; } = "";
    public long AclLogMaxLen { get; set; } = 128;
    /// <summary>With no password on the default user, only loopback clients are served.</summary>
    public bool ProtectedMode { get; set; } = true;
    /// <summary>Set by the server's ACL: requirepass becomes the default user's password.</summary>
    public Action<string>? RequirePassChanged { get; set; }
    /// <summary>The "user name rules..." lines of the configuration, checked, merged, loaded once the server is built.</summary>
    public List<byte[][]> UserDefinitions { get; } = new();

    /// <summary>The absolute path of the file the server started with, null without one (CONFIG REWRITE writes it).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Each directive's value before any file or argument was applied: what CONFIG REWRITE leaves out.</summary>
    public IReadOnlyDictionary<Directive, string> Defaults { get; }

    public IReadOnlyList<Directive> Directives { get; }

    private readonly Dictionary<string, Directive> _byName = new(StringComparer.OrdinalIgnoreCase);

    public ServerConfig()
    {
        var table = BuildTable();
        foreach (var d in table)
        {
            _byName[d.Name] = d;
            foreach (var alias in d.Aliases) _byName[alias] = d;
        }
        // The rest of Redis's parameters: known, reported, and refused unless set to what they are.
        foreach (var d in UnimplementedConfigs.All())
        {
            if (_byName.ContainsKey(d.Name)) continue;
            table.Add(d);
            _byName[d.Name] = d;
            foreach (var alias in d.Aliases) _byName[alias] = d;
        }
        Directives = table;
        var defaults = new Dictionary<Directive, string>();
        foreach (var d in table) defaults[d] = d.Get();
        Defaults = defaults;
    }

    public Directive? Find(string name) => _byName.GetValueOrDefault(name);

    // ---- client tracking (issue 8) ----
    /// <summary>The most keys the tracking table remembers before it invalidates some (0: no limit).</summary>
    public long TrackingTableMaxKeys { get; set; } = 1000000;

    private List<Directive> BuildTable()
    {
        var table = new List<Directive>
        {
            new("port", () => Port.ToString(CultureInfo.InvariantCulture), SetPort),
            new("bind", () => string.Join(' ', Bind), SetBind, MultiArg: true),
            Int("tcp-backlog", 0, int.MaxValue, () => TcpBacklog, v => TcpBacklog = (int)v, mutable: false),
            Int("databases", 1, int.MaxValue, () => Databases, v => Databases = (int)v, mutable: false),
            String("requirepass", () => RequirePass, v =>
            {
                RequirePass = v;
                RequirePassChanged?.Invoke(v);
            }) with { Sensitive = true },
            Int("hz", 0, int.MaxValue, () => Hz, v => Hz = (int)Math.Clamp(v, 1, 500)),
            Int("maxclients", 1, int.MaxValue, () => MaxClients, v => MaxClients = (int)v),
            Int("timeout", 0, int.MaxValue, () => Timeout, v => Timeout = v),
            Int("tcp-keepalive", 0, int.MaxValue, () => TcpKeepAlive, v => TcpKeepAlive = v),
            Memory("proto-max-bulk-len", 1024 * 1024, long.MaxValue, () => ProtoMaxBulkLen, v => ProtoMaxBulkLen = v),
            Memory("client-query-buffer-limit", 1024 * 1024, long.MaxValue, () => ClientQueryBufferLimit,
                v => ClientQueryBufferLimit = v),
            Enum("loglevel", ["debug", "verbose", "notice", "warning"], () => LogLevel, v => LogLevel = v),
            String("logfile", () => LogFile, v => LogFile = v, mutable: false),
            String("pidfile", () => PidFile, v => PidFile = v, mutable: false),
            Bool("activerehashing", () => ActiveRehashing, v => ActiveRehashing = v),
            Int("active-expire-effort", 1, 10, () => ActiveExpireEffort, v => ActiveExpireEffort = (int)v),
            new("dir", () => Dir, SetDir) { Protected = true, Rewrite = RewriteKind.Quoted },
            Enum("enable-protected-configs", ProtectedActionValues, () => EnableProtectedConfigs, v => EnableProtectedConfigs = v)
                with { Mutable = false },
            Enum("enable-debug-command", ProtectedActionValues, () => EnableDebugCommand, v => EnableDebugCommand = v)
                with { Mutable = false },
            Int("slowlog-log-slower-than", -1, long.MaxValue, () => SlowlogLogSlowerThan, v => SlowlogLogSlowerThan = v),
            Int("slowlog-max-len", 0, long.MaxValue, () => SlowlogMaxLen, v => SlowlogMaxLen = v),
            Int("latency-monitor-threshold", 0, long.MaxValue, () => LatencyMonitorThreshold, v => LatencyMonitorThreshold = v),
            Bool("latency-tracking", () => LatencyTracking, v => LatencyTracking = v),
            new("latency-tracking-info-percentiles", () => string.Join(' ', LatencyTrackingInfoPercentiles.Select(ConfigValues.FormatPercentile)),
                SetLatencyTrackingInfoPercentiles, MultiArg: true),
            Int("busy-reply-threshold", 0, long.MaxValue, () => BusyReplyThreshold, v => BusyReplyThreshold = v)
                with { Aliases = ["lua-time-limit"] },
            Int("hash-max-listpack-entries", 0, long.MaxValue, () => HashMaxListpackEntries, v => HashMaxListpackEntries = v)
                with { Aliases = ["hash-max-ziplist-entries"] },
            Int("hash-max-listpack-value", 0, long.MaxValue, () => HashMaxListpackValue, v => HashMaxListpackValue = v)
                with { Aliases = ["hash-max-ziplist-value"] },
            Int("zset-max-listpack-entries", 0, long.MaxValue, () => ZsetMaxListpackEntries, v => ZsetMaxListpackEntries = v)
                with { Aliases = ["zset-max-ziplist-entries"] },
            Int("zset-max-listpack-value", 0, long.MaxValue, () => ZsetMaxListpackValue, v => ZsetMaxListpackValue = v)
                with { Aliases = ["zset-max-ziplist-value"] },
            Int("list-max-listpack-size", int.MinValue, int.MaxValue, () => ListMaxListpackSize, v => ListMaxListpackSize = (int)v)
                with { Aliases = ["list-max-ziplist-size"] },
            Int("set-max-intset-entries", 0, int.MaxValue, () => SetMaxIntsetEntries, v => SetMaxIntsetEntries = v),
            Memory("stream-node-max-bytes", 0, long.MaxValue, () => StreamNodeMaxBytes, v => StreamNodeMaxBytes = v),
            Int("stream-node-max-entries", 0, long.MaxValue, () => StreamNodeMaxEntries, v => StreamNodeMaxEntries = v),
            Memory("hll-sparse-max-bytes", 0, long.MaxValue, () => HllSparseMaxBytes, v => HllSparseMaxBytes = v),
            new("client-output-buffer-limit", FormatOutputBufferLimits, SetOutputBufferLimits, MultiArg: true)
                { Rewrite = RewriteKind.OutputBufferLimits },
            new("notify-keyspace-events", () => NotifyClasses.ToLetters(NotifyKeyspaceEvents), text =>
            {
                if (!NotifyClasses.TryParse(text, out var flags)) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
                NotifyKeyspaceEvents = flags;
                return null;
            }),
            // This server's own: the schedule trace (docs/coroutines.md, "Watch it happen"). Hidden, so
            // that CONFIG GET * lists exactly Redis's parameters; their exact names find them.
            Bool("loop-trace", () => LoopTrace, v =>
            {
                LoopTrace = v;
                LoopTraceChanged?.Invoke();
            }) with { Hidden = true },
            // A file the server writes: protected like dir, so CONFIG SET cannot aim it anywhere by default.
            new("loop-trace-file", () => LoopTraceFile, SetLoopTraceFile) { Protected = true, Hidden = true },
            // ---- RDB and BGSAVE (issue 12: rdb and bgsave helpers) ----
            new("dbfilename", () => DbFilename, SetDbFilename) { Protected = true, Rewrite = RewriteKind.Quoted },
            Bool("rdbcompression", () => RdbCompression, v => RdbCompression = v),
            Bool("rdbchecksum", () => RdbChecksum, v => RdbChecksum = v) with { Mutable = false },
            Enum("sanitize-dump-payload", ["no", "yes", "clients"], () => SanitizeDumpPayload, v => SanitizeDumpPayload = v),
            new("save", () => string.Join(' ', SavePoints.Select(p => $"{p.Seconds} {p.Changes}")), SetSavePoints, MultiArg: true),
            Bool("stop-writes-on-bgsave-error", () => StopWritesOnBgsaveError, v => StopWritesOnBgsaveError = v),
            Int("rdb-key-save-delay", int.MinValue, int.MaxValue, () => RdbKeySaveDelay, v => RdbKeySaveDelay = v) with { Hidden = true },
            Bool("rdb-save-incremental-fsync", () => RdbSaveIncrementalFsync, v => RdbSaveIncrementalFsync = v),
            Enum("shutdown-on-sigint", ShutdownOnSignalValues, () => ShutdownOnSigint, v => ShutdownOnSigint = v),
            Enum("shutdown-on-sigterm", ShutdownOnSignalValues, () => ShutdownOnSigterm, v => ShutdownOnSigterm = v),
            // ---- AOF and propagation (issue 12: aof helper) ----
            new("appendonly", () => AppendOnly ? "yes" : "no", SetAppendOnly),
            Enum("appendfsync", ["everysec", "always", "no"], () => AppendFsync, v => AppendFsync = v),
            new("appenddirname", () => AppendDirName, text => SetPlainName(text, v => AppendDirName = v, "appenddirname can't be a path, just a dirname"), Mutable: false)
                { Rewrite = RewriteKind.Quoted },
            new("appendfilename", () => AppendFilename, text => SetPlainName(text, v => AppendFilename = v, "appendfilename can't be a path, just a filename"), Mutable: false)
                { Rewrite = RewriteKind.Quoted },
            Bool("aof-load-truncated", () => AofLoadTruncated, v => AofLoadTruncated = v),
            // ---- ACL, requirepass, protected mode (issue 16: acl helper) ----
            Enum("acl-pubsub-default", ["allchannels", "resetchannels"], () => AclPubsubDefault, v => AclPubsubDefault = v),
            String("aclfile", () => AclFile, v => AclFile = v, mutable: false),
            Int("acllog-max-len", 0, long.MaxValue, () => AclLogMaxLen, v => AclLogMaxLen = v),
            Bool("protected-mode", () => ProtectedMode, v => ProtectedMode = v),
            // ---- maxmemory, eviction, Lua heap cap (issue 16: eviction helper) ----
            Memory("maxmemory", 0, long.MaxValue, () => MaxMemory, v =>
            {
                MaxMemory = v;
                MemoryConfigChanged?.Invoke("maxmemory");
            }),
            Enum("maxmemory-policy", MaxMemoryPolicies, () => MaxMemoryPolicy, v =>
            {
                MaxMemoryPolicy = v;
                MemoryConfigChanged?.Invoke("maxmemory-policy");
            }),
            Int("maxmemory-samples", 1, int.MaxValue, () => MaxMemorySamples, v => MaxMemorySamples = (int)v),
            Int("maxmemory-eviction-tenacity", 0, 100, () => MaxMemoryEvictionTenacity, v => MaxMemoryEvictionTenacity = (int)v),
            Int("lfu-log-factor", 0, int.MaxValue, () => LfuLogFactor, v =>
            {
                LfuLogFactor = (int)v;
                MemoryConfigChanged?.Invoke("lfu-log-factor");
            }),
            Int("lfu-decay-time", 0, int.MaxValue, () => LfuDecayTime, v =>
            {
                LfuDecayTime = (int)v;
                MemoryConfigChanged?.Invoke("lfu-decay-time");
            }),
            new("maxmemory-clients", () => MaxMemoryClients < 0
                ? (-MaxMemoryClients).ToString(CultureInfo.InvariantCulture) + "%"
                : MaxMemoryClients.ToString(CultureInfo.InvariantCulture), SetMaxMemoryClients) { Rewrite = RewriteKind.Memory },
            // This server's own, hidden as loop-trace is (CONFIG GET * lists Redis's parameters only).
            Memory("lua-heap-limit", 0, long.MaxValue, () => LuaHeapLimit, v =>
            {
                LuaHeapLimit = v;
                MemoryConfigChanged?.Invoke("lua-heap-limit");
            }) with { Hidden = true },
            // ---- replication as a primary (issue 13: primary helper) ----
            Memory("repl-backlog-size", 1, long.MaxValue, () => ReplBacklogSize, v =>
            {
                ReplBacklogSize = Math.Max(v, Replication.ReplicationBacklog.MinSize); // cf. resizeReplicationBacklog
                ReplBacklogResized?.Invoke(ReplBacklogSize);
            }),
            Int("repl-backlog-ttl", 0, long.MaxValue, () => ReplBacklogTtl, v => ReplBacklogTtl = v),
            Bool("repl-diskless-sync", () => ReplDisklessSync, v => ReplDisklessSync = v),
            Int("repl-diskless-sync-delay", 0, int.MaxValue, () => ReplDisklessSyncDelay, v => ReplDisklessSyncDelay = v),
            Int("repl-diskless-sync-max-replicas", 0, int.MaxValue, () => ReplDisklessSyncMaxReplicas, v => ReplDisklessSyncMaxReplicas = v),
            Int("repl-ping-replica-period", 1, int.MaxValue, () => ReplPingReplicaPeriod, v => ReplPingReplicaPeriod = v)
                with { Aliases = ["repl-ping-slave-period"] },
            Int("min-replicas-to-write", 0, int.MaxValue, () => MinReplicasToWrite, v => MinReplicasToWrite = v)
                with { Aliases = ["min-slaves-to-write"] },
            Int("min-replicas-max-lag", 0, int.MaxValue, () => MinReplicasMaxLag, v => MinReplicasMaxLag = v)
                with { Aliases = ["min-slaves-max-lag"] },
            // ---- replication as a replica (issue 13: replica helper) ----
            new("replicaof", () => ReplicaOfHost is null ? "" : $"{ReplicaOfHost} {ReplicaOfPort}", SetReplicaOf, Mutable: false, MultiArg: true)
                { Aliases = ["slaveof"] },
            String("masterauth", () => MasterAuth, v => MasterAuth = v) with { Sensitive = true },
            String("masteruser", () => MasterUser, v => MasterUser = v) with { Sensitive = true },
            Bool("replica-read-only", () => ReplicaReadOnly, v => ReplicaReadOnly = v) with { Aliases = ["slave-read-only"] },
            Bool("replica-serve-stale-data", () => ReplicaServeStaleData, v => ReplicaServeStaleData = v) with { Aliases = ["slave-serve-stale-data"] },
            Int("repl-timeout", 1, int.MaxValue, () => ReplTimeout, v => ReplTimeout = v),
            // ---- AOF rewrite (issue 12: aofrw helper) ----
            Bool("aof-use-rdb-preamble", () => AofUseRdbPreamble, v => AofUseRdbPreamble = v),
            Bool("aof-rewrite-incremental-fsync", () => AofRewriteIncrementalFsync, v => AofRewriteIncrementalFsync = v),
            Bool("aof-disable-auto-gc", () => AofDisableAutoGc, v =>
            {
                AofDisableAutoGc = v;
                AofAutoGcChanged?.Invoke();
            }),
            Int("auto-aof-rewrite-percentage", 0, int.MaxValue, () => AutoAofRewritePercentage, v => AutoAofRewritePercentage = v),
            Memory("auto-aof-rewrite-min-size", 0, long.MaxValue, () => AutoAofRewriteMinSize, v => AutoAofRewriteMinSize = v),
            // ---- client tracking (issue 8) ----
            Int("tracking-table-max-keys", 0, long.MaxValue, () => TrackingTableMaxKeys, v => TrackingTableMaxKeys = v),
            // Features that do not exist here: only the value that says so is accepted.
            OnlyBoolNo("daemonize", "daemonizing is not implemented", mutable: false),
        };
        return table;
    }

    private static readonly string[] ClientClassNames = ["normal", "slave", "pubsub"];

    private string FormatOutputBufferLimits() => string.Join(' ', OutputBufferLimits.Select((limit, i) =>
        $"{ClientClassNames[i]} {limit.Hard} {limit.Soft} {limit.SoftSeconds}"));

    /// <summary>"class hard soft seconds" groups; only the classes named change (cf. updateClientOutputBufferLimit).</summary>
    private string? SetOutputBufferLimits(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length % 4 != 0) return "Wrong number of arguments in buffer limit configuration.";
        var parsed = new (int Class, OutputBufferLimit Limit)[words.Length / 4];
        for (int i = 0; i < words.Length; i += 4)
        {
            int clientClass = words[i].ToLowerInvariant() switch
            {
                "normal" => 0,
                "slave" or "replica" => 1,
                "pubsub" => 2,
                _ => -1,
            };
            if (clientClass < 0) return "Invalid client class specified in buffer limit configuration.";
            if (!ConfigValues.TryParseMemory(words[i + 1], out ulong hard) || !ConfigValues.TryParseMemory(words[i + 2], out ulong soft)
                || !long.TryParse(words[i + 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                || hard > long.MaxValue || soft > long.MaxValue || seconds < 0)
                return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            parsed[i / 4] = (clientClass, new OutputBufferLimit((long)hard, (long)soft, seconds));
        }
        foreach (var (clientClass, limit) in parsed) OutputBufferLimits[clientClass] = limit;
        return null;
    }

    /// <summary>
    /// Reopens the listening sockets on a new bind list or port, false if one cannot be opened;
    /// set by the server once it runs (before, a value is only recorded). cf. changeListener.
    /// </summary>
    public Func<string[], int, bool>? Rebind { get; set; }

    private string? SetPort(string text)
    {
        if (!Numbers.TryParseLong(System.Text.Encoding.Latin1.GetBytes(text), out long port))
            return "argument couldn't be parsed into an integer";
        if (port < 0 || port > 65535) return ConfigValues.OutOfRange(0, 65535);
        if (port != Port && Rebind is not null && !Rebind(Bind, (int)port)) return "Unable to listen on this port. Check server logs.";
        Port = (int)port;
        return null;
    }

    private string? SetBind(string text)
    {
        var addresses = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (addresses.Length > 16) return "Too many bind addresses specified.";
        if (Rebind is not null && !Rebind(addresses, Port)) return "Failed to bind to specified addresses.";
        Bind = addresses;
        return null;
    }

    /// <summary>A byte count, or a percentage from 0% to 100% (cf. numericConfig with MEMORY_CONFIG | PERCENT_CONFIG).</summary>
    private string? SetMaxMemoryClients(string text)
    {
        if (ConfigValues.TryParseMemory(text, out ulong bytes))
        {
            // As in Redis, the value is stored signed: past 2^63 it reads as a negative, a percentage.
            long value = unchecked((long)bytes);
            if (value < 0 && (value == long.MinValue || -value > 100)) return "percentage argument must be less or equal to 100";
            MaxMemoryClients = value;
            return null;
        }
        if (text.Length > 1 && text[^1] == '%' && Numbers.TryParseLong(System.Text.Encoding.Latin1.GetBytes(text[..^1]), out long percent) && percent >= 0)
        {
            if (percent > 100) return "percentage argument must be less or equal to 100";
            MaxMemoryClients = -percent;
            return null;
        }
        return "argument must be a memory or percent value";
    }

    /// <summary>Space-separated numbers from 0 to 100, or nothing (cf. setConfigLatencyTrackingInfoPercentilesOutputOption).</summary>
    private string? SetLatencyTrackingInfoPercentiles(string text)
    {
        var words = text.Length == 0 ? [] : text.Split(' ');
        var percentiles = new double[words.Length];
        for (int i = 0; i < words.Length; i++)
        {
            if (!Util.Doubles.TryParse(System.Text.Encoding.Latin1.GetBytes(words[i]), out percentiles[i]))
                return "Invalid latency-tracking-info-percentiles parameters";
            if (percentiles[i] < 0 || percentiles[i] > 100)
                return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
        }
        LatencyTrackingInfoPercentiles = percentiles;
        return null;
    }

    private string? SetLoopTraceFile(string path)
    {
        string previous = LoopTraceFile;
        LoopTraceFile = path;
        if (LoopTraceChanged?.Invoke() is not { } error) return null;
        LoopTraceFile = previous;
        return error;
    }

    private string? SetDir(string path)
    {
        try
        {
            Directory.SetCurrentDirectory(path);
            Dir = Directory.GetCurrentDirectory();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return e is DirectoryNotFoundException ? "No such file or directory" : e.Message;
        }
    }

    // ---- replication as a primary -------------------------------------------------------------

    /// <summary>repl-backlog-size: stream bytes kept for partial resyncs (at least 16 KB).</summary>
    public long ReplBacklogSize { get; set; } = 1024 * 1024;
    /// <summary>Set by the server: resizes the backlog when CONFIG SET changes repl-backlog-size.</summary>
    public Action<long>? ReplBacklogResized { get; set; }
    /// <summary>repl-backlog-ttl: seconds without replicas after which the backlog is freed; 0 keeps it.</summary>
    public long ReplBacklogTtl { get; set; } = 3600;
    /// <summary>repl-diskless-sync: full syncs stream the RDB to the replicas instead of saving it to disk first.</summary>
    public bool ReplDisklessSync { get; set; } = true;
    /// <summary>repl-diskless-sync-delay: seconds a diskless sync waits for more replicas to share it.</summary>
    public long ReplDisklessSyncDelay { get; set; } = 5;
    /// <summary>repl-diskless-sync-max-replicas: a diskless sync starts at once when this many wait (0: no such limit).</summary>
    public long ReplDisklessSyncMaxReplicas { get; set; }
    /// <summary>repl-ping-replica-period: seconds between the PINGs in the stream.</summary>
    public long ReplPingReplicaPeriod { get; set; } = 10;
    /// <summary>min-replicas-to-write: writes are refused unless this many replicas ACKed within min-replicas-max-lag (0: off).</summary>
    public long MinReplicasToWrite { get; set; }
    /// <summary>min-replicas-max-lag: seconds an ACK counts for min-replicas-to-write (0: off).</summary>
    public long MinReplicasMaxLag { get; set; } = 10;

    // ---- the append-only file ------------------------------------------------------------

    /// <summary>appendonly: whether writes go to the AOF (Persistence/Aof). At start-up only recorded; once running, <see cref="AppendOnlyChanged"/> opens or closes it.</summary>
    public bool AppendOnly { get; set; }
    /// <summary>appendfsync: always, everysec or no.</summary>
    public string AppendFsync { get; set; } = "everysec";
    public string AppendDirName { get; set; } = "appendonlydir";
    public string AppendFilename { get; set; } = "appendonly.aof";
    /// <summary>aof-load-truncated: a truncated last command is dropped (yes) or refuses the start (no).</summary>
    public bool AofLoadTruncated { get; set; } = true;

    /// <summary>Set by the server once it runs: turns the AOF on or off, returning Redis's refusal or null.</summary>
    public Func<bool, string?>? AppendOnlyChanged { get; set; }

    private string? SetAppendOnly(string text)
    {
        if (!ConfigValues.TryParseBool(text, out bool on)) return "argument must be 'yes' or 'no'";
        if (on != AppendOnly && AppendOnlyChanged?.Invoke(on) is { } error) return error;
        AppendOnly = on;
        return null;
    }

    // ---- AOF rewrite (issue 12) ----
    /// <summary>aof-use-rdb-preamble: a rewrite writes its base as an RDB file (<c>.base.rdb</c>) or as commands (<c>.base.aof</c>).</summary>
    public bool AofUseRdbPreamble { get; set; } = true;
    /// <summary>aof-rewrite-incremental-fsync: the rewrite fsyncs its base every 4 MB.</summary>
    public bool AofRewriteIncrementalFsync { get; set; } = true;
    /// <summary>aof-disable-auto-gc: history files stay on disk after a rewrite.</summary>
    public bool AofDisableAutoGc { get; set; }
    /// <summary>Set by the server: aof-disable-auto-gc turned off deletes the history files left meanwhile.</summary>
    public Action? AofAutoGcChanged { get; set; }
    /// <summary>auto-aof-rewrite-percentage: rewrite once the AOF grew by this much over its size after the last rewrite; 0 never.</summary>
    public long AutoAofRewritePercentage { get; set; } = 100;
    /// <summary>auto-aof-rewrite-min-size: no automatic rewrite while the AOF is smaller.</summary>
    public long AutoAofRewriteMinSize { get; set; } = 64L * 1024 * 1024;

    // appenddirname and appendfilename name an entry inside dir, never a path (cf. isValidAOFfilename, isValidAOFdirname).
    private static string? SetPlainName(string text, Action<string> set, string error)
    {
        if (text.Length == 0 || text == "." || text == ".." || text.Contains('/') || text.Contains('\\')) return error;
        set(text);
        return null;
    }

    // ---- directive kinds ---------------------------------------------------------------

    private static Directive Int(string name, long min, long max, Func<long> get, Action<long> set, bool mutable = true) =>
        new(name, () => get().ToString(CultureInfo.InvariantCulture), text =>
        {
            if (!Numbers.TryParseLong(System.Text.Encoding.Latin1.GetBytes(text), out long v))
                return "argument couldn't be parsed into an integer";
            if (v < min || v > max) return ConfigValues.OutOfRange(min, max);
            set(v);
            return null;
        }, mutable);

    private static Directive Memory(string name, long min, long max, Func<long> get, Action<long> set) =>
        new(name, () => get().ToString(CultureInfo.InvariantCulture), text =>
        {
            if (!ConfigValues.TryParseMemory(text, out ulong bytes)) return "argument must be a memory value";
            if (bytes < (ulong)min || bytes > (ulong)max) return ConfigValues.OutOfRange(min, max);
            set((long)bytes);
            return null;
        }) { Rewrite = RewriteKind.Memory };

    private static Directive Bool(string name, Func<bool> get, Action<bool> set) =>
        new(name, () => get() ? "yes" : "no", text =>
        {
            if (!ConfigValues.TryParseBool(text, out bool v)) return "argument must be 'yes' or 'no'";
            set(v);
            return null;
        });

    private static Directive Enum(string name, string[] values, Func<string> get, Action<string> set) =>
        new(name, get, text =>
        {
            var match = values.FirstOrDefault(v => v.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (match is null) return $"argument(s) must be one of the following: {string.Join(", ", values)}";
            set(match);
            return null;
        });

    private static Directive String(string name, Func<string> get, Action<string> set, bool mutable = true) =>
        new(name, get, text =>
        {
            set(text);
            return null;
        }, mutable) { Rewrite = RewriteKind.Quoted };

    /// <summary>A directive for a feature this server lacks (daemonizing): it accepts only "no".</summary>
    private static Directive OnlyBoolNo(string name, string why, bool mutable = true) =>
        new(name, () => "no", text =>
        {
            if (!ConfigValues.TryParseBool(text, out bool yes)) return "argument must be 'yes' or 'no'";
            return yes ? $"only 'no' is supported: {why}" : null;
        }, mutable);
}

/// <summary>One class's client-output-buffer-limit: bytes, bytes, seconds (0 disables each).</summary>
internal sealed record OutputBufferLimit(long Hard, long Soft, long SoftSeconds);

/// <summary>
/// One configuration directive: how to read its value as text and how to set it from text.
/// <see cref="Set"/> returns null on success or the reason the value was refused, in
/// Redis's words, for both CONFIG SET and the config file to report.
/// </summary>
internal sealed record Directive(string Name, Func<string> Get, Func<string, string?> Set, bool Mutable = true, bool MultiArg = false)
{
    public string[] Aliases { get; init; } = [];

    /// <summary>Left out of CONFIG GET patterns; only its exact name finds it (cf. HIDDEN_CONFIG).</summary>
    public bool Hidden { get; init; }

    /// <summary>CONFIG SET refuses it unless enable-protected-configs allows the client (cf. PROTECTED_CONFIG).</summary>
    public bool Protected { get; init; }

    /// <summary>Its value is redacted from the slow log (cf. SENSITIVE_CONFIG).</summary>
    public bool Sensitive { get; init; }

    /// <summary>How CONFIG REWRITE writes its line(s).</summary>
    public RewriteKind Rewrite { get; init; }
}

/// <summary>How CONFIG REWRITE writes a value (cf. the rewriteConfig*Option functions).</summary>
internal enum RewriteKind
{
    /// <summary>As CONFIG GET shows it (numbers, yes/no, enums, lists of words).</summary>
    Plain,
    /// <summary>A string, always double-quoted with C escapes (sdscatrepr).</summary>
    Quoted,
    /// <summary>Bytes, with the largest unit that divides them: 1gb, 64mb, 512kb.</summary>
    Memory,
    /// <summary>One line per client class, limits in memory units.</summary>
    OutputBufferLimits,
}
