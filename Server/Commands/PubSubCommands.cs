// Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB's introspection.
// cf. pubsub.c (subscribeCommand, publishCommand, pubsubCommand, ssubscribeCommand ...).

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

/// <summary>
/// Subscribing is a mode of the client, not a new way for its coroutine to wait: the coroutine
/// goes on parsing and running commands as before (in RESP2 the executor lets only the
/// subscription commands, PING, QUIT and RESET through), while messages published by other
/// clients are appended to its reply buffer by <see cref="PubSub.Publish"/> and leave with the
/// loop's normal flush.
/// </summary>
internal static class PubSubCommands
{
    /// <summary>Format: <c>SUBSCRIBE channel [channel ...]</c>. One reply per channel.</summary>
    public static void Subscribe(Client client)
    {
        // Special treatment for MULTI, as in Redis: a transaction may subscribe.
        if (!MaySubscribe(client, "ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client"u8, allowedInMulti: true)) return;
        var pubsub = client.Server.PubSub;
        for (int i = 1; i < client.Args.Count; i++) pubsub.Subscribe(client, client.Args[i], pubsub.Global);
        client.IsSubscribed = true;
    }

    /// <summary>Format: <c>SSUBSCRIBE shardchannel [shardchannel ...]</c></summary>
    public static void SSubscribe(Client client)
    {
        if (!MaySubscribe(client, "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"u8, allowedInMulti: false)) return;
        var pubsub = client.Server.PubSub;
        for (int i = 1; i < client.Args.Count; i++) pubsub.Subscribe(client, client.Args[i], pubsub.Shard);
        client.IsSubscribed = true;
    }

    /// <summary>Format: <c>PSUBSCRIBE pattern [pattern ...]</c></summary>
    public static void PSubscribe(Client client)
    {
        if (!MaySubscribe(client, "ERR PSUBSCRIBE isn't allowed for a DENY BLOCKING client"u8, allowedInMulti: true)) return;
        for (int i = 1; i < client.Args.Count; i++) client.Server.PubSub.PSubscribe(client, client.Args[i]);
        client.IsSubscribed = true;
    }

    /// <summary>A client that expects one reply per command (inside EXEC) cannot enter subscribed mode.</summary>
    private static bool MaySubscribe(Client client, ReadOnlySpan<byte> refusal, bool allowedInMulti)
    {
        if (!client.DenyBlocking || (allowedInMulti && client.Multi is not null)) return true;
        client.Reply.Error(refusal);
        return false;
    }

    /// <summary>Format: <c>UNSUBSCRIBE [channel [channel ...]]</c>. Without channels, from all of them.</summary>
    public static void Unsubscribe(Client client) => UnsubscribeGeneric(client, client.Server.PubSub.Global);

    /// <summary>Format: <c>SUNSUBSCRIBE [shardchannel [shardchannel ...]]</c></summary>
    public static void SUnsubscribe(Client client) => UnsubscribeGeneric(client, client.Server.PubSub.Shard);

    private static void UnsubscribeGeneric(Client client, ChannelKind kind)
    {
        var pubsub = client.Server.PubSub;
        if (client.Args.Count == 1) pubsub.UnsubscribeAll(client, kind, notify: true);
        else for (int i = 1; i < client.Args.Count; i++) pubsub.Unsubscribe(client, client.Args[i], kind, notify: true);
        LeaveSubscribedModeIfDone(client);
    }

    /// <summary>Format: <c>PUNSUBSCRIBE [pattern [pattern ...]]</c></summary>
    public static void PUnsubscribe(Client client)
    {
        var pubsub = client.Server.PubSub;
        if (client.Args.Count == 1) pubsub.PUnsubscribeAll(client, notify: true);
        else for (int i = 1; i < client.Args.Count; i++) pubsub.PUnsubscribe(client, client.Args[i], notify: true);
        LeaveSubscribedModeIfDone(client);
    }

    private static void LeaveSubscribedModeIfDone(Client client)
    {
        if (client.Channels.Count + client.Patterns.Count + client.ShardChannels.Count == 0) client.IsSubscribed = false;
    }

    /// <summary>Format: <c>PUBLISH channel message</c>. Replies how many clients received it.</summary>
    public static void Publish(Client client)
    {
        var pubsub = client.Server.PubSub;
        client.Reply.Integer(pubsub.Publish(client.Args[1], client.Args[2], pubsub.Global));
    }

    /// <summary>Format: <c>SPUBLISH shardchannel message</c></summary>
    public static void SPublish(Client client)
    {
        var pubsub = client.Server.PubSub;
        client.Reply.Integer(pubsub.Publish(client.Args[1], client.Args[2], pubsub.Shard));
    }

    /// <summary>Format: <c>PUBSUB CHANNELS [pattern]</c></summary>
    public static void Channels(Client client) => ListChannels(client, client.Server.PubSub.Global);

    /// <summary>Format: <c>PUBSUB SHARDCHANNELS [pattern]</c></summary>
    public static void ShardChannels(Client client) => ListChannels(client, client.Server.PubSub.Shard);

    private static void ListChannels(Client client, ChannelKind kind)
    {
        var args = client.Args;
        if (args.Count > 3)
        {
            client.Reply.Error(Errors.SubcommandSyntax(CommandExecutor.Printable(args[1], 128), "PUBSUB"));
            return;
        }
        var channels = client.Server.PubSub.ActiveChannels(kind, args.Count == 3 ? args[2] : default, all: args.Count == 2);
        client.Reply.ArrayHeader(channels.Count);
        foreach (var channel in channels) client.Reply.Bulk(channel);
    }

    /// <summary>Format: <c>PUBSUB NUMSUB [channel [channel ...]]</c>. Pairs of channel and subscriber count.</summary>
    public static void NumSub(Client client) => CountSubscribers(client, client.Server.PubSub.Global);

    /// <summary>Format: <c>PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]</c></summary>
    public static void ShardNumSub(Client client) => CountSubscribers(client, client.Server.PubSub.Shard);

    private static void CountSubscribers(Client client, ChannelKind kind)
    {
        var args = client.Args;
        var pubsub = client.Server.PubSub;
        client.Reply.ArrayHeader((args.Count - 2) * 2); // an array even in RESP3, as in Redis
        for (int i = 2; i < args.Count; i++)
        {
            client.Reply.Bulk(args[i]);
            client.Reply.Integer(pubsub.SubscriberCount(kind, args[i]));
        }
    }

    /// <summary>Format: <c>PUBSUB NUMPAT</c>. The number of distinct patterns subscribed to.</summary>
    public static void NumPat(Client client) => client.Reply.Integer(client.Server.PubSub.PatternCount);

    /// <summary>Format: <c>PUBSUB HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "PUBSUB",
    [
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    ]);

    // ---- the executor's side --------------------------------------------------------------

    /// <summary>The commands a RESP2 client in subscribed mode may still run.</summary>
    private static readonly HandlerId[] s_allowedWhileSubscribed =
    [
        HandlerId.Of(Subscribe), HandlerId.Of(SSubscribe), HandlerId.Of(PSubscribe), HandlerId.Of(Unsubscribe),
        HandlerId.Of(SUnsubscribe), HandlerId.Of(PUnsubscribe), HandlerId.Of(ConnectionCommands.Ping),
        HandlerId.Of(ConnectionCommands.Quit), HandlerId.Of(ConnectionCommands.Reset),
    ];

    public static bool AllowedWhileSubscribed(CommandDef command)
    {
        var handler = command.HandlerId;
        foreach (var allowed in s_allowedWhileSubscribed)
            if (handler == allowed) return true;
        return false;
    }
}
