// The channel registry: who listens to which channel, shard channel or pattern, and the
// delivery of a published message into each listener's reply buffer.
// cf. pubsub.c (pubsubSubscribeChannel, pubsubUnsubscribe*, pubsubPublishMessage) and the
// pubsub_channels, pubsub_patterns and pubsub_shard_channels tables of struct redisServer.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

/// <summary>
/// Plain channels and shard channels work alike and differ in names only (cf. pubsubtype):
/// the words of their replies, and which count a subscription reply reports.
/// </summary>
internal sealed class ChannelKind(bool shard, byte[] subscribe, byte[] unsubscribe, byte[] message)
{
    public bool IsShard { get; } = shard;
    public byte[] SubscribeWord { get; } = subscribe;
    public byte[] UnsubscribeWord { get; } = unsubscribe;
    public byte[] MessageWord { get; } = message;

    /// <summary>Channel → its subscribers, in the order they subscribed.</summary>
    public Dict<List<Client>> Subscribers { get; } = new();

    public Dict<bool> Of(Client client) => IsShard ? client.ShardChannels : client.Channels;

    /// <summary>The count a (un)subscribe reply carries: channels and patterns, or shard channels alone.</summary>
    public int SubscriptionCount(Client client) =>
        IsShard ? client.ShardChannels.Count : client.Channels.Count + client.Patterns.Count;
}

internal sealed class PubSub
{
    public ChannelKind Global { get; } = new(false, "subscribe"u8.ToArray(), "unsubscribe"u8.ToArray(), "message"u8.ToArray());
    public ChannelKind Shard { get; } = new(true, "ssubscribe"u8.ToArray(), "sunsubscribe"u8.ToArray(), "smessage"u8.ToArray());

    /// <summary>Pattern → the clients subscribed to it.</summary>
    private readonly Dict<List<Client>> _patterns = new();

    /// <summary>
    /// Called after a message was appended to a client's reply buffer, so the event loop
    /// sends it with its normal write path (and checks client-output-buffer-limit).
    /// </summary>
    public Action<Client>? OutputAdded { get; set; }

    public int PatternCount => _patterns.Count;

    // ---- subscribing ------------------------------------------------------------------------

    /// <summary>Subscribes to one channel (again is harmless) and replies [subscribe, channel, count].</summary>
    public void Subscribe(Client client, ReadOnlySpan<byte> channel, ChannelKind kind)
    {
        var mine = kind.Of(client);
        if (!mine.TryGetValue(channel, out _))
        {
            var name = channel.ToArray();
            mine.TryAdd(name, true);
            if (!kind.Subscribers.TryGetValue(channel, out var clients))
            {
                clients = new List<Client>(1);
                kind.Subscribers.TryAdd(name, clients);
            }
            clients.Add(client);
        }
        SubscriptionReply(client, kind.SubscribeWord, channel, kind.SubscriptionCount(client));
    }

    /// <summary>Unsubscribes from one channel; with <paramref name="notify"/> replies [unsubscribe, channel, count].</summary>
    public void Unsubscribe(Client client, ReadOnlySpan<byte> channel, ChannelKind kind, bool notify)
    {
        if (kind.Of(client).Remove(channel)) RemoveListener(kind.Subscribers, channel, client);
        if (notify) SubscriptionReply(client, kind.UnsubscribeWord, channel, kind.SubscriptionCount(client));
    }

    /// <summary>Unsubscribes from every channel of the kind; with none, the reply names a null channel.</summary>
    public void UnsubscribeAll(Client client, ChannelKind kind, bool notify)
    {
        var mine = kind.Of(client);
        if (mine.Count == 0)
        {
            if (notify) SubscriptionReply(client, kind.UnsubscribeWord, [], kind.SubscriptionCount(client), nullChannel: true);
            return;
        }
        foreach (var channel in Keys(mine)) Unsubscribe(client, channel, kind, notify);
    }

    /// <summary>Subscribes to a pattern and replies [psubscribe, pattern, count].</summary>
    public void PSubscribe(Client client, ReadOnlySpan<byte> pattern)
    {
        if (IndexOf(client.Patterns, pattern) < 0)
        {
            var copy = pattern.ToArray();
            client.Patterns.Add(copy);
            if (!_patterns.TryGetValue(pattern, out var clients))
            {
                clients = new List<Client>(1);
                _patterns.TryAdd(copy, clients);
            }
            clients.Add(client);
        }
        SubscriptionReply(client, "psubscribe"u8, pattern, Global.SubscriptionCount(client));
    }

    public void PUnsubscribe(Client client, ReadOnlySpan<byte> pattern, bool notify)
    {
        int at = IndexOf(client.Patterns, pattern);
        if (at >= 0)
        {
            client.Patterns.RemoveAt(at);
            RemoveListener(_patterns, pattern, client);
        }
        if (notify) SubscriptionReply(client, "punsubscribe"u8, pattern, Global.SubscriptionCount(client));
    }

    /// <summary>Unsubscribes from every pattern, in the order they were subscribed.</summary>
    public void PUnsubscribeAll(Client client, bool notify)
    {
        if (client.Patterns.Count == 0)
        {
            if (notify) SubscriptionReply(client, "punsubscribe"u8, [], Global.SubscriptionCount(client), nullChannel: true);
            return;
        }
        foreach (var pattern in client.Patterns.ToArray()) PUnsubscribe(client, pattern, notify);
    }

    /// <summary>Drops every subscription of a client that is going away or RESET, without replies.</summary>
    public void RemoveClient(Client client)
    {
        if (!client.IsSubscribed) return;
        UnsubscribeAll(client, Global, notify: false);
        UnsubscribeAll(client, Shard, notify: false);
        PUnsubscribeAll(client, notify: false);
        client.IsSubscribed = false;
    }

    // ---- publishing ---------------------------------------------------------------------------

    /// <summary>
    /// Appends the message to the reply buffer of every subscriber of the channel, then of
    /// every pattern that matches it; returns how many received it (cf. pubsubPublishMessage).
    /// </summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, ChannelKind kind)
    {
        int receivers = 0;
        if (kind.Subscribers.TryGetValue(channel, out var clients))
        {
            foreach (var client in clients)
            {
                if (!CanReceive(client)) continue;
                var reply = client.Reply;
                reply.PushHeader(3);
                reply.Bulk(kind.MessageWord);
                reply.Bulk(channel);
                reply.Bulk(message);
                OutputAdded?.Invoke(client);
                receivers++;
            }
        }
        if (kind.IsShard || _patterns.Count == 0) return receivers;
        foreach (var (pattern, listeners) in _patterns)
        {
            if (!Glob.Match(pattern, channel)) continue;
            foreach (var client in listeners)
            {
                if (!CanReceive(client)) continue;
                var reply = client.Reply;
                reply.PushHeader(4);
                reply.Bulk("pmessage"u8);
                reply.Bulk(pattern);
                reply.Bulk(channel);
                reply.Bulk(message);
                OutputAdded?.Invoke(client);
                receivers++;
            }
        }
        return receivers;
    }

    /// <summary>A client being closed (say, past its output buffer limit) gets nothing more, but still counts.</summary>
    private static bool CanReceive(Client client) => !client.IsClosing;

    // ---- PUBSUB introspection -----------------------------------------------------------------

    /// <summary>The channels of the kind with at least one subscriber that match the pattern (all when null).</summary>
    public List<byte[]> ActiveChannels(ChannelKind kind, ReadOnlySpan<byte> pattern, bool all)
    {
        var found = new List<byte[]>();
        foreach (var (channel, _) in kind.Subscribers)
        {
            if (all || Glob.Match(pattern, channel)) found.Add(channel);
        }
        return found;
    }

    public int SubscriberCount(ChannelKind kind, ReadOnlySpan<byte> channel) =>
        kind.Subscribers.TryGetValue(channel, out var clients) ? clients.Count : 0;

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>[word, channel (or null), count], as a push in RESP3 (cf. addReplyPubsub(Un)Subscribed).</summary>
    private static void SubscriptionReply(Client client, ReadOnlySpan<byte> word, ReadOnlySpan<byte> channel, int count,
        bool nullChannel = false)
    {
        var reply = client.Reply;
        reply.PushHeader(3);
        reply.Bulk(word);
        if (nullChannel) reply.NullBulk();
        else reply.Bulk(channel);
        reply.Integer(count);
    }

    private static void RemoveListener(Dict<List<Client>> table, ReadOnlySpan<byte> name, Client client)
    {
        if (!table.TryGetValue(name, out var clients)) return;
        clients.Remove(client);
        if (clients.Count == 0) table.Remove(name);
    }

    private static int IndexOf(List<byte[]> patterns, ReadOnlySpan<byte> pattern)
    {
        for (int i = 0; i < patterns.Count; i++)
        {
            if (patterns[i].AsSpan().SequenceEqual(pattern)) return i;
        }
        return -1;
    }

    private static List<byte[]> Keys(Dict<bool> set)
    {
        var keys = new List<byte[]>(set.Count);
        foreach (var (key, _) in set) keys.Add(key);
        return keys;
    }
}
