// Client-side caching: which clients may hold which keys, and the invalidation messages sent
// when those keys change. cf. tracking.c (enableTracking, trackingRememberKeys,
// trackingInvalidateKey, trackingInvalidateKeysOnFlush, trackingBroadcastInvalidationMessages).

using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

/// <summary>
/// A client's CLIENT TRACKING settings (cf. the CLIENT_TRACKING_* flags, client_tracking_redirection
/// and client_tracking_prefixes of struct client). <see cref="Client.Tracking"/> is null while off.
/// </summary>
internal sealed class TrackingState
{
    /// <summary>The client that receives the invalidations instead (REDIRECT), 0 for the client itself.</summary>
    public long RedirectId { get; set; }
    public bool Bcast { get; set; }
    public bool OptIn { get; set; }
    public bool OptOut { get; set; }
    public bool NoLoop { get; set; }
    /// <summary>CLIENT CACHING YES (OPTIN) or NO (OPTOUT) holds for the next command (CLIENT_TRACKING_CACHING).</summary>
    public bool Caching { get; set; }
    /// <summary>The redirect client went away; set when an invalidation could not reach it (CLIENT_TRACKING_BROKEN_REDIR).</summary>
    public bool BrokenRedirect { get; set; }
    /// <summary>BCAST prefixes, in byte order as Redis's radix tree keeps them.</summary>
    public SortedSet<byte[]> Prefixes { get; } = new(ClientTracking.ByteOrder);
}

/// <summary>
/// The server's tracking tables, global over the databases as in Redis: key → ids of the clients
/// that read it (default mode), and prefix → its BCAST clients and the keys changed under it
/// during this event-loop cycle. Ids, not clients, sit in the key table: a client that stops
/// tracking or disconnects is dropped lazily, when one of its keys is invalidated.
/// </summary>
internal sealed class ClientTracking(RedisServer server)
{
    /// <summary>memcmp order, shorter first on a tie: the order of a radix tree's keys.</summary>
    public static readonly Comparer<byte[]> ByteOrder = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));

    private static readonly byte[] InvalidateWord = "invalidate"u8.ToArray();
    private static readonly byte[] ChannelName = "__redis__:invalidate"u8.ToArray();

    /// <summary>A BCAST prefix: who listens, and the keys changed under it since the last broadcast (cf. bcastState).</summary>
    private sealed class Prefix(byte[] name)
    {
        public byte[] Name { get; } = name;
        /// <summary>Changed key → the client that changed it last (null: expiry or the server), for NOLOOP.</summary>
        public SortedDictionary<byte[], Client?> Keys { get; } = new(ByteOrder);
        public List<Client> Clients { get; } = new();
    }

    private readonly Dict<List<long>> _table = new();
    /// <summary>The BCAST prefixes in byte order: a list, so a write walks it without allocating an enumerator.</summary>
    private readonly List<Prefix> _prefixes = new();
    /// <summary>Invalidations for the client running a command, sent after its reply; a null key stands for a flush.</summary>
    private readonly List<(Client Client, byte[]? Key)> _pending = new();
    private readonly List<KeyReference> _keys = new();
    private int _limitTimeouts;

    /// <summary>Clients with tracking on (INFO's tracking_clients).</summary>
    public int ClientCount { get; private set; }
    /// <summary>Client ids in the key table, stale ones included (tracking_total_items).</summary>
    public long TotalItems { get; private set; }
    public int TotalKeys => _table.Count;
    public int TotalPrefixes => _prefixes.Count;

    /// <summary>
    /// The client whose command runs now (cf. server.current_client): the one NOLOOP spares, and
    /// whose own invalidations wait until its reply is written. Null between commands.
    /// </summary>
    public Client? Current { get; private set; }

    // ---- turning tracking on and off -----------------------------------------------------------

    /// <summary>
    /// CLIENT TRACKING ON, after its checks: (re)sets the modes, keeps CACHING, adds the BCAST
    /// prefixes (the empty prefix when none is named). cf. enableTracking.
    /// </summary>
    public void Enable(Client client, long redirectId, bool bcast, bool optIn, bool optOut, bool noLoop, List<byte[]> prefixes)
    {
        var state = client.Tracking;
        if (state is null)
        {
            client.Tracking = state = new TrackingState();
            ClientCount++;
        }
        state.RedirectId = redirectId;
        state.BrokenRedirect = false;
        state.Bcast = bcast;
        state.OptIn = optIn;
        state.OptOut = optOut;
        state.NoLoop = noLoop;
        if (!bcast) return;
        if (prefixes.Count == 0) AddPrefix(client, state, []);
        foreach (var prefix in prefixes) AddPrefix(client, state, prefix);
    }

    private void AddPrefix(Client client, TrackingState state, byte[] name)
    {
        int at = FindPrefix(name);
        if (at < 0) _prefixes.Insert(at = ~at, new Prefix(name));
        if (state.Prefixes.Add(name)) _prefixes[at].Clients.Add(client);
    }

    /// <summary>The index of the prefix named <paramref name="name"/>, or the complement of where it would go.</summary>
    private int FindPrefix(byte[] name)
    {
        int low = 0, high = _prefixes.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            int order = ByteOrder.Compare(_prefixes[middle].Name, name);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return ~low;
    }

    /// <summary>CLIENT TRACKING OFF, RESET and disconnection (cf. disableTracking). Its ids in the key table stay, lazily.</summary>
    public void Disable(Client client)
    {
        if (client.Tracking is not { } state) return;
        foreach (var name in state.Prefixes)
        {
            int at = FindPrefix(name);
            var prefix = _prefixes[at];
            prefix.Clients.Remove(client);
            if (prefix.Clients.Count == 0) _prefixes.RemoveAt(at);
        }
        client.Tracking = null;
        ClientCount--;
    }

    // ---- remembering what a client read ----------------------------------------------------------

    /// <summary>
    /// After a read-only command ran for <paramref name="client"/>: the keys it named are remembered
    /// for the tracking client behind it. A command a script runs remembers the keys the script
    /// declared, for the script's caller; EVAL_RO and FCALL_RO themselves remember nothing (only
    /// what they read does). cf. the tracking part of call() and trackingRememberKeys in Redis 7.0.
    /// </summary>
    public void AfterReadOnlyCommand(Client client, CommandDef command)
    {
        if (command.FullName is "eval_ro" or "evalsha_ro" or "fcall_ro") return;
        var caller = client.Socket is null && server.Scripting.Running is { } run ? run.Caller : client;
        if (caller.Tracking is not { Bcast: false } state) return;
        if ((state.OptIn && !state.Caching) || (state.OptOut && state.Caching)) return;
        if (caller.LastCommand is not { } callerCommand || callerCommand.Has(CommandFlags.PubSub)) return;
        _keys.Clear();
        KeyFinder.Find(callerCommand, caller.Args, 0, _keys);
        foreach (var reference in _keys)
        {
            var key = caller.Args[reference.Position];
            if (!_table.TryGetValue(key, out var ids))
            {
                ids = new List<long>(1);
                _table.TryAdd(key.ToArray(), ids);
            }
            if (ids.Contains(caller.Id)) continue;
            ids.Add(caller.Id);
            TotalItems++;
        }
    }

    // ---- invalidating -------------------------------------------------------------------------

    /// <summary>
    /// The <see cref="Database.KeyModified"/> hook: every client that may cache <paramref name="key"/>
    /// is told, once, and forgotten for it; BCAST prefixes that match collect it for the end of the
    /// cycle. cf. trackingInvalidateKey.
    /// </summary>
    public void KeyModified(Database db, ReadOnlySpan<byte> key)
    {
        if (_table.Count == 0 && _prefixes.Count == 0) return; // the one check while nobody tracks
        // An expired key is deleted by nobody in particular (signalModifiedKey(NULL, ...)).
        var modifier = db.DeletingExpired ? null : server.Executor.ExecutingClient;
        Invalidate(key, modifier, broadcast: true);
    }

    private void Invalidate(ReadOnlySpan<byte> key, Client? modifier, bool broadcast)
    {
        if (broadcast && _prefixes.Count > 0) RememberForBroadcast(key, modifier);
        if (!_table.TryGetValue(key, out var ids)) return;
        foreach (long id in ids)
        {
            // Stale ids (gone, tracking off, or since switched to BCAST) are skipped.
            if (!server.Clients.TryGetValue(id, out var target) || target.Tracking is not { Bcast: false } state) continue;
            if (state.NoLoop && target == Current) continue;
            // The running command's reply comes first: its own invalidation waits (cf. tracking_pending_keys).
            if (target == Current && server.Executor.ExecutingClient is not null) _pending.Add((target, key.ToArray()));
            else Send(target, key, proto: false);
        }
        TotalItems -= ids.Count;
        _table.Remove(key);
    }

    private void RememberForBroadcast(ReadOnlySpan<byte> key, Client? modifier)
    {
        byte[]? copy = null;
        foreach (var prefix in _prefixes)
        {
            if (!key.StartsWith(prefix.Name)) continue;
            prefix.Keys[copy ??= key.ToArray()] = modifier;
        }
    }

    /// <summary>
    /// FLUSHDB and FLUSHALL: every tracking client is told all its keys are gone with a null
    /// (after its reply, if it is the one flushing), and the key table empties. cf. trackingInvalidateKeysOnFlush.
    /// </summary>
    public void KeysFlushed()
    {
        if (ClientCount > 0)
        {
            foreach (var client in server.Clients.Values)
            {
                if (client.Tracking is null) continue;
                if (client == Current) _pending.Add((client, null));
                else SendFlush(client);
            }
        }
        _table.Clear();
        TotalItems = 0;
    }

    // ---- the running command --------------------------------------------------------------------

    /// <summary>A top-level command (or a blocked one being served) starts for <paramref name="client"/>; returns the one it interrupts.</summary>
    public Client? Enter(Client client)
    {
        var previous = Current;
        Current = client;
        return previous;
    }

    /// <summary>The command is over (see <see cref="FlushPending"/>); <paramref name="previous"/> runs again.</summary>
    public void Leave(Client? previous)
    {
        FlushPending();
        Current = previous;
    }

    /// <summary>
    /// The invalidations a command caused for its own client follow its reply, once the outermost
    /// command is over: never in the middle of a transaction's or a script's replies.
    /// cf. trackingHandlePendingKeyInvalidations.
    /// </summary>
    public void FlushPending()
    {
        if (_pending.Count == 0 || server.Executor.ExecutingClient is not null) return;
        foreach (var (client, key) in _pending)
        {
            if (client.Tracking is null) continue; // it turned tracking off since (a transaction ran CLIENT TRACKING OFF)
            if (key is null) SendFlush(client);
            else Send(client, key, proto: false);
        }
        _pending.Clear();
    }

    // ---- BCAST, once per event-loop cycle -------------------------------------------------------

    /// <summary>
    /// Sends each BCAST prefix's changed keys, one array per prefix, to its clients (without the
    /// keys a NOLOOP client changed itself), then starts the next batch. Called before replies are
    /// flushed, as Redis's beforeSleep does. cf. trackingBroadcastInvalidationMessages.
    /// </summary>
    public void BroadcastPending()
    {
        if (ClientCount == 0 || _prefixes.Count == 0) return;
        foreach (var prefix in _prefixes)
        {
            if (prefix.Keys.Count == 0) continue;
            byte[]? all = null;
            foreach (var client in prefix.Clients)
            {
                if (client.Tracking!.NoLoop)
                {
                    if (BroadcastArray(prefix.Keys, client) is { } own) Send(client, own, proto: true);
                }
                else Send(client, all ??= BroadcastArray(prefix.Keys, null)!, proto: true);
            }
            prefix.Keys.Clear();
        }
    }

    /// <summary>The RESP array of the changed keys, leaving out those <paramref name="except"/> changed last; null when none is left.</summary>
    private static byte[]? BroadcastArray(SortedDictionary<byte[], Client?> keys, Client? except)
    {
        int count = 0;
        foreach (var (_, modifier) in keys)
        {
            if (except is null || modifier != except) count++;
        }
        if (count == 0) return null;
        var proto = new MemoryStream();
        Header(proto, (byte)'*', count);
        foreach (var (key, modifier) in keys)
        {
            if (except is not null && modifier == except) continue;
            Header(proto, (byte)'$', key.Length);
            proto.Write(key);
            proto.Write("\r\n"u8);
        }
        return proto.ToArray();
    }

    private static void Header(MemoryStream proto, byte kind, long count)
    {
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(count, digits, out int length);
        proto.WriteByte(kind);
        proto.Write(digits[..length]);
        proto.Write("\r\n"u8);
    }

    // ---- tracking-table-max-keys --------------------------------------------------------------

    /// <summary>
    /// Keeps the key table within tracking-table-max-keys by invalidating random keys, as if they had
    /// changed; the effort grows each time one call could not get under the limit. Called before
    /// each command and by the cron. cf. trackingLimitUsedSlots.
    /// </summary>
    public void LimitUsedSlots()
    {
        long max = server.Config.TrackingTableMaxKeys;
        if (max == 0) return;
        if (_table.Count <= max)
        {
            _limitTimeouts = 0;
            return;
        }
        for (int effort = 100 * (_limitTimeouts + 1); effort > 0; effort--)
        {
            if (!_table.TryGetRandom(out var key, out _)) break;
            Invalidate(key, null, broadcast: false);
            if (_table.Count <= max)
            {
                _limitTimeouts = 0;
                return;
            }
        }
        _limitTimeouts++;
    }

    // ---- writing the messages -------------------------------------------------------------------

    /// <summary>
    /// Writes one invalidation for <paramref name="client"/>'s cache: a push to itself (RESP3), or to its
    /// redirect client (a push in RESP3, a message on __redis__:invalidate to a RESP2 subscriber).
    /// <paramref name="payload"/> is a key, or with <paramref name="proto"/> a ready RESP value
    /// (BCAST's array, a flush's null). cf. sendTrackingMessage.
    /// </summary>
    private void Send(Client client, ReadOnlySpan<byte> payload, bool proto)
    {
        var state = client.Tracking!;
        var target = client;
        bool redirected = false;
        if (state.RedirectId != 0)
        {
            if (!server.Clients.TryGetValue(state.RedirectId, out var redirect))
            {
                state.BrokenRedirect = true;
                if (client.Protocol > 2)
                {
                    client.Reply.PushHeader(2);
                    client.Reply.Bulk("tracking-redir-broken"u8);
                    client.Reply.Integer(state.RedirectId);
                    server.PubSub.OutputAdded?.Invoke(client);
                }
                return;
            }
            target = redirect;
            redirected = true;
        }
        var reply = target.Reply;
        if (target.Protocol > 2)
        {
            reply.PushHeader(2);
            reply.Bulk(InvalidateWord);
        }
        else if (redirected && target.IsSubscribed)
        {
            reply.PushHeader(3);
            reply.Bulk("message"u8);
            reply.Bulk(ChannelName);
        }
        else return; // RESP2 has no way to push into a connection that is not subscribed
        if (proto) reply.Raw(payload);
        else
        {
            reply.ArrayHeader(1);
            reply.Bulk(payload);
        }
        server.PubSub.OutputAdded?.Invoke(target);
    }

    /// <summary>The flush's null is the tracking client's own null, whatever the connection it goes to speaks.</summary>
    private void SendFlush(Client client) => Send(client, client.Protocol > 2 ? "_\r\n"u8 : "$-1\r\n"u8, proto: true);
}
