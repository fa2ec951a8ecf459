// The command table, part: pub/sub (cf. pubsub.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] PubSubGroup() =>
    [
        new("subscribe", PubSubCommands.Subscribe, -2, "pubsub noscript loading stale", "@pubsub @slow",
            group: "pubsub", since: "2.0.0", summary: "Listen for messages published to the given channels", complexity: "O(N) where N is the number of channels to subscribe to.",
            args:
            [
                Arg("channel", "string", flags: "multiple"),
            ]),
        new("unsubscribe", PubSubCommands.Unsubscribe, -1, "pubsub noscript loading stale", "@pubsub @slow",
            group: "pubsub", since: "2.0.0", summary: "Stop listening for messages posted to the given channels", complexity: "O(N) where N is the number of clients already subscribed to a channel.",
            args:
            [
                Arg("channel", "string", flags: "optional multiple"),
            ]),
        new("psubscribe", PubSubCommands.PSubscribe, -2, "pubsub noscript loading stale", "@pubsub @slow",
            group: "pubsub", since: "2.0.0", summary: "Listen for messages published to channels matching the given patterns", complexity: "O(N) where N is the number of patterns the client is already subscribed to.",
            args:
            [
                Arg("pattern", "block", flags: "multiple", args:
                    [
                        Arg("pattern", "pattern"),
                    ]),
            ]),
        new("punsubscribe", PubSubCommands.PUnsubscribe, -1, "pubsub noscript loading stale", "@pubsub @slow",
            group: "pubsub", since: "2.0.0", summary: "Stop listening for messages posted to channels matching the given patterns", complexity: "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
            args:
            [
                Arg("pattern", "pattern", flags: "optional multiple"),
            ]),
        new("publish", PubSubCommands.Publish, 3, "pubsub loading stale fast", "@pubsub @fast",
            group: "pubsub", since: "2.0.0", summary: "Post a message to a channel", complexity: "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
            args:
            [
                Arg("channel", "string"),
                Arg("message", "string"),
            ]),
        new("pubsub", null, -2, "", "@slow",
            group: "pubsub", since: "2.8.0", summary: "A container for Pub/Sub commands", complexity: "Depends on subcommand.",
            subcommands:
            [
                new("pubsub|numsub", PubSubCommands.NumSub, -2, "pubsub loading stale", "@pubsub @slow",
                    group: "pubsub", since: "2.8.0", summary: "Get the count of subscribers for channels", complexity: "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
                    args:
                    [
                        Arg("channel", "string", flags: "optional multiple"),
                    ]),
                new("pubsub|numpat", PubSubCommands.NumPat, 2, "pubsub loading stale", "@pubsub @slow",
                    group: "pubsub", since: "2.8.0", summary: "Get the count of unique patterns pattern subscriptions", complexity: "O(1)"),
                new("pubsub|channels", PubSubCommands.Channels, -2, "pubsub loading stale", "@pubsub @slow",
                    group: "pubsub", since: "2.8.0", summary: "List active channels", complexity: "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
                    args:
                    [
                        Arg("pattern", "pattern", flags: "optional"),
                    ]),
                new("pubsub|shardchannels", PubSubCommands.ShardChannels, -2, "pubsub loading stale", "@pubsub @slow",
                    group: "pubsub", since: "7.0.0", summary: "List active shard channels", complexity: "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
                    args:
                    [
                        Arg("pattern", "pattern", flags: "optional"),
                    ]),
                new("pubsub|help", PubSubCommands.Help, 2, "loading stale", "@slow",
                    group: "pubsub", since: "6.2.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)"),
                new("pubsub|shardnumsub", PubSubCommands.ShardNumSub, -2, "pubsub loading stale", "@pubsub @slow",
                    group: "pubsub", since: "7.0.0", summary: "Get the count of subscribers for shard channels", complexity: "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
                    args:
                    [
                        Arg("shardchannel", "string", flags: "optional multiple"),
                    ]),
            ]),
        new("ssubscribe", PubSubCommands.SSubscribe, -2, "pubsub noscript loading stale", "@pubsub @slow", keys: (1, -1, 1),
            group: "pubsub", since: "7.0.0", summary: "Listen for messages published to the given shard channels", complexity: "O(N) where N is the number of shard channels to subscribe to.",
            specs: [Spec("not_key", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("shardchannel", "string", flags: "multiple"),
            ]),
        new("sunsubscribe", PubSubCommands.SUnsubscribe, -1, "pubsub noscript loading stale", "@pubsub @slow", keys: (1, -1, 1),
            group: "pubsub", since: "7.0.0", summary: "Stop listening for messages posted to the given shard channels", complexity: "O(N) where N is the number of clients already subscribed to a shard channel.",
            specs: [Spec("not_key", Index(1), Range(-1, 1, 0))],
            args:
            [
                Arg("shardchannel", "string", flags: "optional multiple"),
            ]),
        new("spublish", PubSubCommands.SPublish, 3, "pubsub loading stale fast", "@pubsub @fast", keys: (1, 1, 1),
            group: "pubsub", since: "7.0.0", summary: "Post a message to a shard channel", complexity: "O(N) where N is the number of clients subscribed to the receiving shard channel.",
            specs: [Spec("not_key", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("shardchannel", "string"),
                Arg("message", "string"),
            ]),
    ];
}
