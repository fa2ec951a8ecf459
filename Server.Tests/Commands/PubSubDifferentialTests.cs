// Differential tests for pub/sub: transcripts of publishers and subscribers (RESP2 and RESP3)
// run against redis-server 7.0 and EventLoopRedis, every reply and push compared byte for byte.

using EventLoopRedis.Tests.Support;
using static EventLoopRedis.Tests.Support.TranscriptStep;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class PubSubDifferentialTests : DifferentialFixture
{
    private void AssertSame(params TranscriptStep[] steps) => Transcript.AssertSame(RedisPort, OurPort, steps);

    [Test]
    public void SubscribersReceiveWhatIsPublished() => AssertSame(
        Send(1, "SUBSCRIBE", "a", "b"), Read(1), Read(1),
        Call(2, "PUBLISH", "a", "hello"), Read(1), Call(2, "PUBLISH", "b", ""), Read(1), Call(2, "PUBLISH", "c", "nobody"),
        Send(1, "SUBSCRIBE", "a"), Read(1), Call(3, "SUBSCRIBE", "a"), Call(2, "PUBLISH", "a", "both"), Read(1), Read(3),
        Send(1, "UNSUBSCRIBE", "a", "x"), Read(1), Read(1), Call(2, "PUBLISH", "a", "only 3"), Read(3),
        Call(1, "UNSUBSCRIBE"), Call(1, "UNSUBSCRIBE"), Call(1, "GET", "k"), Call(2, "PUBLISH", "b", "none"));

    [Test]
    public void PatternSubscribersReceivePmessages() => AssertSame(
        // Patterns sit in a hash table in Redis: a channel that two patterns match gets its two
        // pmessages in hash order, so each channel here matches one pattern at most.
        Send(1, "PSUBSCRIBE", "n*", "x[ab]", "n*"), Read(1), Read(1), Read(1),
        Call(2, "PUBLISH", "news.a", "x"), Read(1), Call(2, "PUBLISH", "xb", "y"), Read(1), Call(2, "PUBLISH", "xc", "y"),
        Call(2, "PUBLISH", "other", "z"), Send(1, "SUBSCRIBE", "nine"), Read(1), Call(2, "PUBLISH", "nine", "9"), Read(1), Read(1),
        Call(3, "PSUBSCRIBE", "*"), Call(2, "PUBLISH", "", "empty channel"), Call(2, "PUBLISH", "e", "star"), Read(3),
        Send(1, "PUNSUBSCRIBE", "x[ab]", "nope"), Read(1), Read(1),
        Send(1, "PSUBSCRIBE", "z1", "z2", "z3"), Read(1), Read(1), Read(1),
        Send(1, "PUNSUBSCRIBE"), Read(1), Read(1), Read(1), Read(1), Call(1, "PUNSUBSCRIBE"), Call(1, "UNSUBSCRIBE"),
        Call(1, "PING"));

    [Test]
    public void Resp2SubscribedModeAllowsOnlySubscriptionCommands() => AssertSame(
        Call(1, "SUBSCRIBE", "a"), Call(1, "PING"), Call(1, "PING", "hi"), Call(1, "PING", "a", "b"), Call(1, "GET", "k"),
        Call(1, "SET", "k", "v"), Call(1, "MULTI"), Call(1, "EXEC"), Call(1, "CLIENT", "ID"), Call(1, "FOO"), Call(1, "PUBLISH", "a", "m"),
        Call(1, "PSUBSCRIBE", "p*"), Call(1, "SSUBSCRIBE", "s"), Call(1, "SUNSUBSCRIBE", "s"), Call(1, "UNSUBSCRIBE", "a"),
        Call(1, "GET", "k"), Call(1, "PUNSUBSCRIBE"), Call(1, "GET", "k"), Call(1, "PING"), Call(1, "SUBSCRIBE"),
        Call(1, "SUBSCRIBE", "x"), Call(1, "RESET"), Call(1, "GET", "k"), Call(2, "PUBLISH", "x", "gone"),
        Call(1, "SUBSCRIBE", "x"), Call(1, "QUIT"));

    [Test]
    public void Resp3SubscribersGetPushesAndRunAnyCommand() => AssertSame(
        CallUnchecked(1, "HELLO", "3"), Call(1, "SUBSCRIBE", "a"), Call(1, "PSUBSCRIBE", "a*"), Call(1, "SET", "k", "v"),
        Call(1, "GET", "k"), Call(1, "PING"), Call(2, "PUBLISH", "a", "m"), Read(1), Read(1),
        Call(1, "PUBLISH", "a", "to myself"), Read(1), Read(1), Call(1, "UNSUBSCRIBE"), Call(1, "PUNSUBSCRIBE", "a*"),
        Call(1, "UNSUBSCRIBE"), Call(1, "PUNSUBSCRIBE"), Call(1, "SSUBSCRIBE", "s"), Call(2, "SPUBLISH", "s", "x"), Read(1),
        Call(1, "SUNSUBSCRIBE"), Call(1, "SUNSUBSCRIBE"), Call(1, "MULTI"), Call(1, "SUBSCRIBE", "t"), Call(1, "EXEC"));

    [Test]
    public void ShardChannelsAreSeparateFromChannels() => AssertSame(
        Send(1, "SSUBSCRIBE", "s", "t"), Read(1), Read(1), Call(1, "SUBSCRIBE", "s"), Call(1, "PSUBSCRIBE", "*"),
        Call(2, "SPUBLISH", "s", "shard"), Read(1), Call(2, "PUBLISH", "s", "plain"), Read(1), Read(1),
        Call(2, "PUBSUB", "SHARDCHANNELS", "s"), Call(2, "PUBSUB", "SHARDCHANNELS", "t*"), Call(2, "PUBSUB", "SHARDNUMSUB", "s", "x"),
        Call(2, "PUBSUB", "SHARDNUMSUB"), Call(2, "PUBSUB", "CHANNELS", "s"), Call(2, "PUBSUB", "NUMSUB", "s", "t"),
        Call(2, "PUBSUB", "NUMPAT"), Send(1, "SUNSUBSCRIBE", "s", "zz"), Read(1), Read(1), Call(2, "SPUBLISH", "s", "none"),
        Call(2, "PUBSUB", "SHARDCHANNELS"), Call(1, "SUNSUBSCRIBE"), Call(1, "SUNSUBSCRIBE"));

    [Test]
    public void IntrospectionMatchesRedis() => AssertSame(
        Call(0, "PUBSUB", "CHANNELS"), Call(0, "PUBSUB", "NUMPAT"), Call(0, "PUBSUB", "NUMSUB"),
        Call(1, "SUBSCRIBE", "news"), Call(2, "SUBSCRIBE", "news"), Call(3, "PSUBSCRIBE", "n*"), Call(4, "PSUBSCRIBE", "n*"),
        Call(0, "PUBSUB", "CHANNELS"), Call(0, "PUBSUB", "CHANNELS", "n?ws"), Call(0, "PUBSUB", "CHANNELS", "x*"),
        Call(0, "PUBSUB", "NUMSUB", "news", "n*", "none"), Call(0, "PUBSUB", "NUMPAT"), Call(0, "PUBLISH", "news", "x"),
        Call(0, "PUBSUB", "CHANNELS", "a", "b"), Call(0, "PUBSUB", "SHARDCHANNELS", "a", "b"), Call(0, "PUBSUB", "NUMPAT", "x"),
        Call(0, "PUBSUB", "FOO"), Call(0, "PUBSUB"), Call(0, "PUBSUB", "HELP"), Call(0, "PUBLISH", "a"),
        Call(0, "SPUBLISH", "a", "b", "c"), Call(0, "PSUBSCRIBE"), Call(0, "SSUBSCRIBE"),
        CallUnchecked(0, "HELLO", "3"), Call(0, "PUBSUB", "NUMSUB", "news"), Call(0, "PUBSUB", "CHANNELS"),
        Call(0, "PUBSUB", "HELP"));

    [Test]
    public void ScriptsAndTransactionsMayPublish() => AssertSame(
        Call(1, "SUBSCRIBE", "a"), Call(2, "EVAL", "return redis.call('publish', 'a', ARGV[1])", "0", "from lua"), Read(1),
        Call(2, "EVAL", "return redis.call('subscribe', 'a')", "0"), Call(2, "MULTI"), Call(2, "PUBLISH", "a", "queued"),
        Call(2, "PUBLISH", "b", "none"), Call(2, "EXEC"), Read(1),
        Call(3, "MULTI"), Call(3, "SUBSCRIBE", "b"), Call(3, "SSUBSCRIBE", "c"), Call(3, "PING"), Call(3, "EXEC"),
        Call(3, "PING"), Call(2, "PUBLISH", "b", "to 3"), Read(3));

    [Test]
    public void BinaryChannelsAndMessagesPassUnchanged() => AssertSame(
        Call(1, "SUBSCRIBE", "c\0\r\n\xff"), Call(1, "PSUBSCRIBE", "p\0*"), Call(2, "PUBLISH", "c\0\r\n\xff", "m\0\r\n\xfe"),
        Read(1), Call(2, "PUBLISH", "p\0x\xff", "\0"), Read(1), Call(2, "PUBSUB", "CHANNELS"),
        Call(2, "PUBSUB", "NUMSUB", "c\0\r\n\xff"), Call(1, "UNSUBSCRIBE", "c\0\r\n\xff"));

    /// <summary>A subscription to 1,000 channels in one command, then a message to each.</summary>
    [Test]
    public void ManyChannelsMatchRedis()
    {
        var channels = Enumerable.Range(0, 1000).Select(i => $"ch:{i}").ToArray();
        var steps = new List<TranscriptStep> { Send(1, ["SUBSCRIBE", .. channels]) };
        steps.AddRange(channels.Select(_ => Read(1)));
        foreach (var channel in channels.Take(200))
        {
            steps.Add(Call(2, "PUBLISH", channel, channel));
            steps.Add(Read(1));
        }
        steps.Add(Call(2, "PUBSUB", "NUMSUB", "ch:0", "ch:999", "ch:1000"));
        steps.Add(Call(1, "UNSUBSCRIBE", "ch:5"));
        Transcript.AssertSame(RedisPort, OurPort, steps);
    }

    [Test]
    public void OutputBufferLimitConfigMatchesRedis() => AssertSame(
        Call(0, "CONFIG", "GET", "client-output-buffer-limit"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 2k 3 replica 1 1 1"),
        Call(0, "CONFIG", "GET", "client-output-buffer-limit"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "foo 1 2 3"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "pubsub x 2 3"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "pubsub -1 0 0"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "NORMAL 1gb 0 0 slave 268435456 67108864 60"),
        Call(0, "CONFIG", "GET", "client-output-buffer-limit"),
        Call(0, "CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
        Call(0, "CONFIG", "GET", "client-output-buffer-limit"));

    [Test]
    public void CommandTableEntriesMatchRedis() => AssertSame(
        Call(0, "COMMAND", "INFO", "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "publish", "ssubscribe", "sunsubscribe", "spublish"),
        Call(0, "COMMAND", "INFO", "pubsub|channels", "pubsub|numsub", "pubsub|numpat", "pubsub|shardchannels", "pubsub|shardnumsub", "pubsub|help"),
        Call(0, "COMMAND", "DOCS", "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "publish", "ssubscribe", "sunsubscribe", "spublish"),
        Call(0, "COMMAND", "DOCS", "pubsub|channels", "pubsub|numsub", "pubsub|numpat", "pubsub|shardchannels", "pubsub|shardnumsub", "pubsub|help"),
        Call(0, "COMMAND", "GETKEYS", "spublish", "a", "b"), Call(0, "COMMAND", "GETKEYS", "ssubscribe", "a", "b"));

    /// <summary>CLIENT INFO's mode fields (flags, sub, psub, ssub, multi) as Redis reports them; the rest holds ids and times.</summary>
    [Test]
    public void ClientInfoShowsSubscriptionsAndTransactionsLikeRedis()
    {
        static string Fields(string info) => string.Join(' ', info.Split(' ')
            .Where(f => f.StartsWith("flags=") || f.StartsWith("sub=") || f.StartsWith("psub=") || f.StartsWith("ssub=") || f.StartsWith("multi=")));
        string Run(int port)
        {
            using var subscriber = new RespConnection(port);
            using var other = new RespConnection(port);
            var log = new System.Text.StringBuilder();
            subscriber.Call("HELLO", "3");
            log.Append(Fields(subscriber.Call("CLIENT", "INFO"))).Append('\n');
            subscriber.Call("SUBSCRIBE", "a");
            subscriber.Call("SSUBSCRIBE", "b");
            subscriber.Call("PSUBSCRIBE", "c*");
            log.Append(Fields(subscriber.Call("CLIENT", "INFO"))).Append('\n');
            subscriber.Call("WATCH", "k");
            other.Call("SET", "k", "1");
            subscriber.Call("MULTI");
            subscriber.Call("PING");
            subscriber.Call("PING");
            log.Append(Fields(other.Call("CLIENT", "LIST", "TYPE", "pubsub"))).Append('\n');
            subscriber.Call("EXEC");
            subscriber.Call("RESET");
            log.Append(Fields(subscriber.Call("CLIENT", "INFO")));
            return log.ToString();
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }

    [Test]
    public void InfoCountsChannelsAndPatternsLikeRedis()
    {
        static string Counts(RespConnection connection) => string.Join(' ', connection.Call("INFO", "stats").Split("\r\n")
            .Where(l => l.StartsWith("pubsub_channels:") || l.StartsWith("pubsub_patterns:")));
        string Run(int port)
        {
            using var first = new RespConnection(port);
            using var second = new RespConnection(port);
            using var observer = new RespConnection(port);
            var log = new System.Text.StringBuilder(Counts(observer));
            first.Send("SUBSCRIBE", "a", "b");
            first.ReadReply();
            first.ReadReply();
            first.Call("PSUBSCRIBE", "p*");
            second.Call("SUBSCRIBE", "a");
            second.Call("PSUBSCRIBE", "p*");
            log.Append(" | ").Append(Counts(observer));
            first.Call("RESET");
            log.Append(" | ").Append(Counts(observer));
            return log.ToString();
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }
}
