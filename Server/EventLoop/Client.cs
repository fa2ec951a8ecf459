// One connection's state: socket, query buffer, reply buffer, selected database, flags.
// cf. struct client in server.h.

using System.Net;
using System.Net.Sockets;
using EventLoopRedis.Commands;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.EventLoop;

/// <summary>What CLIENT REPLY set (cf. CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP_NEXT, CLIENT_REPLY_SKIP).</summary>
internal enum ReplyMode
{
    On,
    Off,
    /// <summary>CLIENT REPLY SKIP ran: the next command's reply is dropped.</summary>
    SkipNext,
    /// <summary>The command running now has its reply dropped.</summary>
    Skip,
}

/// <summary>
/// Everything the server knows about one client. The Lua pseudo-client is a Client with
/// no <see cref="Socket"/>: commands cannot tell the difference, which is the point.
/// </summary>
internal sealed class Client
{
    public Client(long id, RedisServer server, Socket? socket)
    {
        Id = id;
        Server = server;
        Socket = socket;
        Db = server.Databases[0];
        CreatedMs = LastInteractionMs = LastCommandMs = Clock.UnixMs;
        SetDefaultUser();
        Reply.OnError = server.Stats.RecordError;
        if (socket is { Connected: true }) ReadAddresses();
    }

    /// <summary>Reads both ends' addresses, once the socket is connected (the link to a primary connects after it is made).</summary>
    public void ReadAddresses()
    {
        if (Socket?.RemoteEndPoint is IPEndPoint remote) Address = Format(remote);
        if (Socket?.LocalEndPoint is IPEndPoint local) LocalAddress = Format(local);
    }

    public long Id { get; }
    public RedisServer Server { get; }
    public Socket? Socket { get; }
    public string Address { get; private set; } = "";
    public string LocalAddress { get; private set; } = "";

    /// <summary>A loopback connection (or the Lua pseudo-client): what "local" allows in enable-*-command settings.</summary>
    public bool IsLocal => Socket?.RemoteEndPoint is not IPEndPoint remote || IPAddress.IsLoopback(remote.Address);

    /// <summary>Set by CLIENT SETNAME or HELLO SETNAME; null when unnamed.</summary>
    public byte[]? Name { get; set; }

    public Database Db { get; set; }
    public int Protocol
    {
        get => Reply.Protocol;
        set => Reply.Protocol = value;
    }

    public bool Authenticated { get; set; }

    /// <summary>The ACL user the connection runs as: the default user until AUTH or HELLO AUTH (cf. c->user).</summary>
    public Security.AclUser User { get; set; } = null!;

    /// <summary>Commands other than AUTH, HELLO and the like are refused until the client authenticates (cf. authRequired).</summary>
    public bool AuthRequired => !Authenticated && Server.Acl.DefaultNeedsAuth;

    /// <summary>Back to the default user, authenticated only if it needs no password (cf. clientSetDefaultAuth).</summary>
    public void SetDefaultUser()
    {
        User = Server.Acl.Default;
        Authenticated = User.NoPass && !User.Disabled;
    }

    /// <summary>
    /// Replays what this server (or its primary) already accepted: the AOF loader's client. Such a
    /// client may send what a user may not, e.g. XADD's LIMIT with an exact trim (cf. mustObeyClient).
    /// </summary>
    public bool MustObey { get; set; }
    public ReplyMode ReplyMode { get; set; }
    public bool NoEvict { get; set; }
    /// <summary>Set by MONITOR: receives a line per command run, and may not touch the keyspace (CLIENT_MONITOR).</summary>
    public bool IsMonitor { get; set; }

    /// <summary>The link to this server's primary, whose stream it applies without replies (CLIENT_MASTER; flag M).</summary>
    public bool IsMaster { get; set; }

    /// <summary>Set by QUIT, protocol errors and CLIENT KILL: close once the pending reply is sent.</summary>
    public bool CloseAfterReply { get; set; }

    /// <summary>Arguments of the running command the slow log shows as "(redacted)" (cf. redactClientCommandArgument).</summary>
    public List<int> RedactedArgs { get; } = new();

    public long CreatedMs { get; }
    public long LastInteractionMs { get; set; }
    public CommandDef? LastCommand { get; set; }

    // The three buffers of the protocol layers.
    public QueryBuffer Query { get; } = new();
    public RequestParser Parser { get; } = new();
    /// <summary>argv of the command running now; EXEC points it at each queued command in turn.</summary>
    public ArgList Args { get; set; } = new();
    public ReplyBuffer Reply { get; } = new();

    // Transactions (cf. c->mstate, c->watched_keys and the CLIENT_MULTI, CLIENT_DIRTY_* flags).
    /// <summary>The commands queued since MULTI, or null outside a transaction (CLIENT_MULTI).</summary>
    public List<QueuedCommand>? Multi { get; set; }
    /// <summary>A watched key changed: EXEC will reply the null array (CLIENT_DIRTY_CAS).</summary>
    public bool DirtyCas { get; set; }
    /// <summary>A command was refused while queuing: EXEC will reply EXECABORT (CLIENT_DIRTY_EXEC).</summary>
    public bool DirtyExec { get; set; }
    public List<WatchedKey> WatchedKeys { get; } = new();

    // Pub/Sub (cf. c->pubsub_channels, c->pubsub_patterns, c->pubsub_shard_channels, CLIENT_PUBSUB).
    public Dict<bool> Channels { get; } = new();
    public Dict<bool> ShardChannels { get; } = new();
    /// <summary>Patterns in the order they were subscribed (a list in Redis too: PUNSUBSCRIBE replies in this order).</summary>
    public List<byte[]> Patterns { get; } = new();
    /// <summary>Subscribed mode: in RESP2 only the subscription commands, PING, QUIT and RESET may run.</summary>
    public bool IsSubscribed { get; set; }
    /// <summary>When pending output first passed the soft client-output-buffer-limit (Unix ms), 0 when below it.</summary>
    public long SoftLimitReachedMs { get; set; }
    /// <summary>Set while EXEC runs its queue: commands that would wait for more (SSUBSCRIBE) refuse (CLIENT_DENY_BLOCKING).</summary>
    public bool DenyBlocking { get; set; }

    /// <summary>Error replies already counted in some command's failed_calls (cf. prev_err_count in call()).</summary>
    public long ErrorsAccounted { get; set; }

    /// <summary>CLIENT TRACKING's settings, null while tracking is off (cf. the CLIENT_TRACKING flags).</summary>
    public TrackingState? Tracking { get; set; }

    // Replication (cf. CLIENT_SLAVE, c->replstate, c->repl_ack_off and c->woff).
    /// <summary>Set by REPLCONF, SYNC or PSYNC: what this server knows of the client as a replica of it.</summary>
    public Replication.ReplicaState? Replica { get; set; }
    /// <summary>The stream offset right after this client's last write: what its WAIT waits for (cf. c->woff).</summary>
    public long WriteOffset { get; set; }

    // Memory accounting (cf. c->last_memory_usage, c->last_memory_type, c->mem_usage_bucket; Memory/ClientMemory.cs).
    /// <summary>What the client was last charged in the per-type totals.</summary>
    public long MemoryCharged { get; set; }
    public Memory.ClientMemoryType MemoryType { get; set; }
    /// <summary>The eviction bucket the client sits in, -1 when it may not be evicted; and its place there.</summary>
    public int MemoryBucket { get; set; } = -1;
    public int MemoryBucketSlot { get; set; }
    /// <summary>The bytes of the arguments MULTI has queued (cf. c->mstate.argv_len_sums).</summary>
    public long MultiArgBytes { get; set; }

    // Event-loop bookkeeping.
    /// <summary>True while the client sits in the loop's ready queue (it may hold a complete command).</summary>
    public bool IsReady { get; set; }

    /// <summary>True while reading is paused because too much output waits to be sent.</summary>
    public bool IsOutputThrottled { get; set; }

    /// <summary>True while its coroutine waits for something other than input (the master link connecting or loading): not read.</summary>
    public bool IsReadSuspended { get; set; }

    /// <summary>True while the client is in the loop's list of clients with replies to send.</summary>
    public bool HasPendingWrite { get; set; }

    /// <summary>True once the loop has scheduled the client to be closed at the end of the cycle.</summary>
    public bool IsClosing { get; set; }

    /// <summary>True while the client is idle and only polled in slices (see <see cref="EventLoop.ReadInterest"/>).</summary>
    public bool IsCold { get; set; }

    /// <summary>When the client last ran a command (or connected): what keeps it in the hot set.</summary>
    public long LastCommandMs { get; set; }

    /// <summary>The client's position in the cold list while <see cref="IsCold"/>.</summary>
    public int ColdSlot { get; set; }

    // Blocking (cf. c->btype, c->bpop and the CLIENT_BLOCKED flag).
    /// <summary>What the client's command waits for; None while it is not blocked.</summary>
    public BlockType BlockType { get; set; }
    private BlockState? _block;
    /// <summary>The keys, deadline and serve step of the blocked command (made on first use, then reused).</summary>
    public BlockState Block => _block ??= new BlockState();

    private static string Format(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        return $"{address}:{endPoint.Port}";
    }
}
