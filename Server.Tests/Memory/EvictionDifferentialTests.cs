// maxmemory and eviction against real redis-server 7.0.15: OOM refusals and their texts (commands,
// transactions, scripts), which keys each policy lets survive (judged statistically, on both servers),
// LFU counters, the evicted event and the INFO fields. cf. tests/unit/maxmemory.tcl.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Memory;

public class EvictionDifferentialTests : DifferentialFixture
{
    private static readonly string Value = new('v', 1000);

    /// <summary>Every test leaves both servers without a limit and with the default policy and LFU settings.</summary>
    [TearDown]
    public void ResetMemoryConfig()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "maxmemory-samples", "5",
                "lfu-log-factor", "10", "lfu-decay-time", "1", "notify-keyspace-events", "");
            connection.Call("FLUSHALL");
        }
    }

    // ---- refusals ---------------------------------------------------------------------------

    [Test]
    public void NoevictionRefusesDenyoomCommandsAndAllowsReadsAndDeletes() => AssertSameReplies(
        ["SET", "a", "1"],
        ["RPUSH", "list", "x"],
        ["CONFIG", "SET", "maxmemory", "1"],
        ["SET", "b", "2"],
        ["APPEND", "a", "more"],
        ["RPUSH", "list", "y"],
        ["INCR", "counter"],
        ["GET", "a"],
        ["LRANGE", "list", "0", "-1"],
        ["EXPIRE", "a", "100"],
        ["DEL", "a"],
        ["DBSIZE"],
        ["CONFIG", "SET", "maxmemory", "0"],
        ["SET", "b", "2"]);

    [Test]
    public void OutOfMemoryInsideMultiRefusesQueuingAndAbortsExec() => AssertSameReplies(
        ["CONFIG", "SET", "maxmemory", "1"],
        ["MULTI"],
        ["GET", "a"],
        ["SET", "a", "1"],
        ["EXEC"],
        ["MULTI"],
        ["DISCARD"],
        ["CONFIG", "SET", "maxmemory", "0"]);

    [Test]
    public void ExecOfATransactionWithADenyoomCommandIsRefusedWhenMemoryRanOutMeanwhile() => Transcript.AssertSame(RedisPort, OurPort,
    [
        TranscriptStep.Call(1, "FLUSHALL"),
        TranscriptStep.Call(1, "MULTI"),
        TranscriptStep.Call(1, "SET", "a", "1"),
        TranscriptStep.Call(1, "EVAL", "#!lua\nreturn redis.call('get','a')", "0"),
        TranscriptStep.Call(2, "CONFIG", "SET", "maxmemory", "1"),
        TranscriptStep.Call(1, "EXEC"),
        TranscriptStep.Call(1, "MULTI"),
        TranscriptStep.Call(1, "GET", "a"),
        TranscriptStep.Call(1, "EXEC"),
        TranscriptStep.Call(2, "CONFIG", "SET", "maxmemory", "0"),
    ]);

    [Test]
    public void ScriptsFollowTheirFlagsWhenMemoryIsOut() => AssertSameReplies(
        ["SET", "x", "1"],
        ["CONFIG", "SET", "maxmemory", "1"],
        // No shebang: EVAL runs, and its first write fails inside it (until a write, redis.call checks).
        ["EVAL", "return redis.call('set','x',2)", "0"],
        ["EVAL", "return redis.pcall('set','x',2)", "0"],
        ["EVAL", "redis.call('get','x'); return redis.call('set','x',2)", "0"],
        ["EVAL", "return redis.call('get','x')", "0"],
        // A shebang without flags makes EVAL itself denyoom; no-writes and allow-oom do not.
        ["EVAL", "#!lua\nreturn redis.call('get','x')", "0"],
        ["EVAL", "#!lua flags=no-writes\nreturn redis.call('get','x')", "0"],
        ["EVAL", "#!lua flags=no-writes\nreturn redis.call('set','x',3)", "0"],
        ["EVAL", "#!lua flags=allow-oom\nreturn redis.call('set','x',4)", "0"],
        ["EVAL_RO", "return redis.call('get','x')", "0"],
        ["SCRIPT", "LOAD", IncrScript],
        ["EVALSHA", Sha1(IncrScript), "0"],
        ["EVALSHA_RO", Sha1(IncrScript), "0"],
        ["GET", "x"],
        ["CONFIG", "SET", "maxmemory", "0"]);

    private const string IncrScript = "#!lua flags=allow-oom\nreturn redis.call('incr','x')";

    private static string Sha1(string script) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.Latin1.GetBytes(script)));

    [Test]
    public void FunctionsFollowTheirFlagsWhenMemoryIsOut() => AssertSameReplies(
        ["FUNCTION", "FLUSH"],
        ["FUNCTION", "LOAD", "#!lua name=memlib\n" +
            "redis.register_function('plain', function() return redis.call('set','y',1) end)\n" +
            "redis.register_function{function_name='oom_ok', callback=function() return redis.call('set','y',2) end, flags={'allow-oom'}}\n" +
            "redis.register_function{function_name='reader', callback=function() return redis.call('get','y') end, flags={'no-writes'}}"],
        ["CONFIG", "SET", "maxmemory", "1"],
        ["FCALL", "plain", "0"],
        ["FCALL", "oom_ok", "0"],
        ["FCALL", "reader", "0"],
        ["FCALL_RO", "reader", "0"],
        ["CONFIG", "SET", "maxmemory", "0"],
        ["FUNCTION", "FLUSH"]);

    // ---- which keys go --------------------------------------------------------------------

    [TestCase("allkeys-lru")]
    [TestCase("allkeys-lfu")]
    [TestCase("allkeys-random")]
    public void AnAllkeysPolicyEvictsEverythingThenRefuses(string policy) => AssertSameReplies(
        ["CONFIG", "SET", "maxmemory-policy", policy],
        ["MSET", "a", "1", "b", "2", "c", "3"],
        ["SET", "d", "4", "EX", "100"],
        ["CONFIG", "SET", "maxmemory", "1"],
        ["DBSIZE"],
        ["SET", "e", "5"],
        ["CONFIG", "SET", "maxmemory", "0"],
        ["DBSIZE"]);

    [TestCase("volatile-lru")]
    [TestCase("volatile-lfu")]
    [TestCase("volatile-random")]
    [TestCase("volatile-ttl")]
    public void AVolatilePolicyNeverEvictsPersistentKeys(string policy)
    {
        var commands = new List<string[]> { new[] { "CONFIG", "SET", "maxmemory-policy", policy } };
        for (int i = 0; i < 30; i++)
        {
            commands.Add(["SET", "persistent:" + i, Value]);
            commands.Add(["SET", "volatile:" + i, Value, "EX", (1000 + i).ToString()]);
        }
        commands.Add(["CONFIG", "SET", "maxmemory", "1"]);
        commands.Add(["DBSIZE"]);
        commands.Add(["KEYS", "volatile:*"]);
        commands.Add(["EXISTS", .. Enumerable.Range(0, 30).Select(i => "persistent:" + i)]);
        commands.Add(["SET", "one-more", "x"]);
        commands.Add(["CONFIG", "SET", "maxmemory", "0"]);
        AssertSameReplies(commands.ToArray());
    }

    [Test]
    public void AllkeysLruKeepsTheKeysReadRecently() => AssertHotKeysSurvive("allkeys-lru", (connection, hot) =>
    {
        Thread.Sleep(1100); // Redis's LRU clock counts seconds: the reads must come a tick after the writes
        Pipeline(connection, hot.Select(key => new[] { "GET", key }));
    });

    [Test]
    public void AllkeysLfuKeepsTheKeysReadOften() => AssertHotKeysSurvive("allkeys-lfu", (connection, hot) =>
    {
        for (int round = 0; round < 20; round++) Pipeline(connection, hot.Select(key => new[] { "GET", key }));
    });

    /// <summary>
    /// On each server: 1,000 keys, every tenth made hot by <paramref name="makeHot"/>, then 400 more
    /// keys with the limit at the memory used before them: at least 90% of the hot keys must survive.
    /// </summary>
    private void AssertHotKeysSurvive(string policy, Action<RespConnection, string[]> makeHot)
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CONFIG", "SET", "maxmemory-policy", policy);
            Fill(connection, "key:", 1000, ttlSeconds: null);
            var hot = Enumerable.Range(0, 1000).Where(i => i % 10 == 0).Select(i => "key:" + i).ToArray();
            makeHot(connection, hot);
            LimitToCurrentUseThenAdd(connection, "new:", 400);

            double hotSurvival = Survival(connection, hot);
            double coldSurvival = Survival(connection, Enumerable.Range(0, 1000).Where(i => i % 10 != 0).Select(i => "key:" + i));
            TestContext.Out.WriteLine($"port {port}: hot keys survived {hotSurvival:P0}, cold keys {coldSurvival:P0}");
            Assert.That(coldSurvival, Is.LessThan(0.9), "the added keys should have forced evictions");
            Assert.That(hotSurvival, Is.GreaterThanOrEqualTo(0.9), $"{policy} evicted hot keys (port {port})");
        }
    }

    [Test]
    public void VolatileTtlEvictsTheNearestExpiriesFirst()
    {
        var random = new Random(7);
        var ttls = Enumerable.Range(0, 600).Select(i => 1000 + i).OrderBy(_ => random.Next()).ToArray();
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
            Pipeline(connection, ttls.Select(ttl => new[] { "SET", "ttl:" + ttl, Value, "EX", ttl.ToString() }));
            LimitToCurrentUseThenAdd(connection, "persistent:", 200);

            var evicted = ttls.Where(ttl => connection.Call("EXISTS", "ttl:" + ttl) == ":0\r\n").ToList();
            double nearestThird = evicted.Count(ttl => ttl < 1200) / (double)Math.Max(1, evicted.Count);
            double nearestHalf = evicted.Count(ttl => ttl < 1300) / (double)Math.Max(1, evicted.Count);
            TestContext.Out.WriteLine($"port {port}: {evicted.Count} evicted, {nearestThird:P0} of them among the nearest third, {nearestHalf:P0} among the nearest half");
            Assert.That(evicted, Has.Count.GreaterThan(50), "the added keys should have forced evictions");
            Assert.That(nearestHalf, Is.GreaterThanOrEqualTo(0.9), $"keys far from expiring were evicted first (port {port})");
            Assert.That(Survival(connection, Enumerable.Range(0, 200).Select(i => "persistent:" + i)), Is.EqualTo(1.0));
        }
    }

    [Test]
    public void ConfigSetMaxmemoryBelowUseEvictsUntilUnderTheLimit()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            using var other = new RespConnection(port);
            connection.Call("CONFIG", "RESETSTAT");
            connection.Call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            Fill(connection, "key:", 20_000, ttlSeconds: null);
            long used = UsedMemory(connection);
            long limit = used - (used - UsedMemoryOfEmpty(port)) / 2;
            Assert.That(connection.Call("CONFIG", "SET", "maxmemory", limit.ToString()), Is.EqualTo("+OK\r\n"));
            Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"), "another client is served while eviction goes on");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (UsedMemory(connection) > limit)
            {
                Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), $"used_memory stayed above {limit} (port {port})");
                Thread.Sleep(20);
            }
            long keys = long.Parse(connection.Call("DBSIZE")[1..^2]);
            long evicted = InfoField(connection, "stats", "evicted_keys");
            TestContext.Out.WriteLine($"port {port}: {keys} keys left, {evicted} evicted");
            Assert.That(keys, Is.InRange(2_000, 18_000));
            // Read after DBSIZE, and eviction may still trim a little as the replies themselves take memory.
            Assert.That(evicted, Is.InRange(20_000 - keys, 20_000 - keys + 500));
            connection.Call("CONFIG", "SET", "maxmemory", "0");
            connection.Call("CONFIG", "RESETSTAT");
        }
    }

    [Test]
    public void AnEvictedKeyCountsAsChangedForWatch() => Transcript.AssertSame(RedisPort, OurPort,
    [
        TranscriptStep.Call(1, "FLUSHALL"),
        TranscriptStep.Call(1, "SET", "watched", "1"),
        TranscriptStep.Call(1, "WATCH", "watched"),
        TranscriptStep.Call(2, "CONFIG", "SET", "maxmemory-policy", "allkeys-random"),
        TranscriptStep.Call(2, "CONFIG", "SET", "maxmemory", "1"),
        TranscriptStep.Call(2, "CONFIG", "SET", "maxmemory", "0"),
        TranscriptStep.Call(1, "EXISTS", "watched"),
        TranscriptStep.Call(1, "MULTI"),
        TranscriptStep.Call(1, "SET", "other", "2"),
        TranscriptStep.Call(1, "EXEC"),
    ]);

    // ---- LFU counters ---------------------------------------------------------------------

    [Test]
    public void ObjectFreqAndIdletimeAnswerByPolicy() => AssertSameReplies(
        ["SET", "k", "v"],
        ["OBJECT", "FREQ", "k"],
        ["OBJECT", "FREQ", "missing"],
        ["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"],
        ["SET", "fresh", "v"],
        ["OBJECT", "FREQ", "fresh"],
        ["OBJECT", "IDLETIME", "fresh"],
        ["OBJECT", "IDLETIME", "missing"],
        ["CONFIG", "SET", "maxmemory-policy", "volatile-lfu"],
        ["OBJECT", "FREQ", "fresh"],
        ["CONFIG", "SET", "maxmemory-policy", "volatile-lru"],
        ["OBJECT", "FREQ", "fresh"]);

    [Test]
    public void RepliesAreTheSameInResp3() => AssertSameReplies(
        [Unchecked, "HELLO", "3"],
        ["SET", "k", "v"],
        ["OBJECT", "FREQ", "k"],
        ["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu", "lfu-log-factor", "0"],
        ["SET", "fresh", "v"],
        ["GET", "fresh"],
        ["OBJECT", "FREQ", "fresh"],
        ["OBJECT", "FREQ", "missing"],
        ["OBJECT", "IDLETIME", "fresh"],
        ["CONFIG", "SET", "maxmemory-policy", "noeviction"],
        ["CONFIG", "SET", "maxmemory", "1"],
        ["SET", "x", "1"],
        ["EVAL", "return redis.call('set','x',2)", "0"],
        ["EVAL", "#!lua\nreturn 1", "0"],
        ["CONFIG", "SET", "maxmemory", "0"],
        ["CONFIG", "GET", "maxmemory-policy"]);

    [Test]
    public void WithLogFactorZeroEveryReadRaisesTheCounterByOne()
    {
        var commands = new List<string[]>
        {
            new[] { "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu", "lfu-log-factor", "0" },
            new[] { "SET", "k", "v" },
        };
        for (int i = 0; i < 10; i++) commands.Add(["GET", "k"]);
        commands.Add(["OBJECT", "FREQ", "k"]);
        commands.Add(["SET", "k", "overwritten keeps the counter"]);
        commands.Add(["OBJECT", "FREQ", "k"]);
        for (int i = 0; i < 300; i++) commands.Add(["GET", "k"]);
        commands.Add(["OBJECT", "FREQ", "k"]);
        AssertSameReplies(commands.ToArray());
    }

    [Test]
    public void TheCounterGrowsLogarithmicallyAsInRedis()
    {
        var counters = new Dictionary<int, long>();
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            connection.Call("SET", "k", "v");
            Pipeline(connection, Enumerable.Repeat(new[] { "GET", "k" }, 1000));
            counters[port] = long.Parse(connection.Call("OBJECT", "FREQ", "k")[1..^2]);
        }
        TestContext.Out.WriteLine($"after 1000 reads: redis-server {counters[RedisPort]}, ours {counters[OurPort]}");
        // With lfu-log-factor 10, 1000 reads raise 5 to about 19 (99% of runs: 15 to 25).
        Assert.That(counters[RedisPort], Is.InRange(12, 28), "redis-server itself is outside the expected range");
        Assert.That(counters[OurPort], Is.InRange(12, 28));
    }

    // ---- notifications and INFO -------------------------------------------------------------

    [Test]
    public void EvictedKeysArePublishedAsEvictedEvents()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            using var subscriber = new RespConnection(port);
            connection.Call("CONFIG", "SET", "notify-keyspace-events", "Ee", "maxmemory-policy", "allkeys-random");
            subscriber.Call("SUBSCRIBE", "__keyevent@0__:evicted");
            connection.Call("MSET", "a", "1", "b", "2", "c", "3");
            connection.Call("CONFIG", "SET", "maxmemory", "1");
            var keys = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                var push = (List<object?>)Resp.Parse(subscriber.ReadReply())!;
                Assert.That(push[0], Is.EqualTo("message"));
                Assert.That(push[1], Is.EqualTo("__keyevent@0__:evicted"));
                keys.Add((string)push[2]!);
            }
            Assert.That(keys, Is.EquivalentTo(new[] { "a", "b", "c" }), $"port {port}");
            connection.Call("CONFIG", "SET", "maxmemory", "0");
        }
    }

    [Test]
    public void InfoReportsTheLimitThePolicyAndTheEvictions()
    {
        var reports = new List<string>();
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("CONFIG", "RESETSTAT");
            connection.Call("CONFIG", "SET", "maxmemory", "123mb", "maxmemory-policy", "volatile-ttl");
            var memory = InfoLines(connection, "memory").Where(l => l.StartsWith("maxmemory", StringComparison.Ordinal));
            connection.Call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            connection.Call("MSET", "a", "1", "b", "2");
            connection.Call("CONFIG", "SET", "maxmemory", "1");
            var stats = InfoLines(connection, "stats").Where(l => l.StartsWith("evicted_", StringComparison.Ordinal));
            var times = InfoLines(connection, "stats").Where(l => l.Contains("eviction_exceeded_time")).ToList();
            Assert.That(times, Has.Count.EqualTo(2), $"port {port}");
            Assert.That(times, Has.All.Match(@"^(total|current)_eviction_exceeded_time:\d+$"));
            connection.Call("CONFIG", "SET", "maxmemory", "0");
            reports.Add(string.Join("\n", memory.Concat(stats)));
        }
        Assert.That(reports[1], Is.EqualTo(reports[0]));
        Assert.That(reports[0], Does.Contain("maxmemory_human:123.00M").And.Contain("evicted_keys:2"));
    }

    [Test]
    public void ConfigKnowsTheMemoryDirectivesAsRedisDoes() => AssertSameReplies(
        ["CONFIG", "GET", "maxmemory"],
        ["CONFIG", "GET", "maxmemory-policy"],
        ["CONFIG", "GET", "maxmemory-samples"],
        ["CONFIG", "GET", "maxmemory-eviction-tenacity"],
        ["CONFIG", "GET", "lfu-log-factor"],
        ["CONFIG", "GET", "lfu-decay-time"],
        ["CONFIG", "SET", "maxmemory", "1gb"],
        ["CONFIG", "GET", "maxmemory"],
        ["CONFIG", "SET", "maxmemory", "-1"],
        ["CONFIG", "SET", "maxmemory-policy", "LRU"],
        ["CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LFU"],
        ["CONFIG", "GET", "maxmemory-policy"],
        ["CONFIG", "SET", "maxmemory-samples", "0"],
        ["CONFIG", "SET", "maxmemory-eviction-tenacity", "101"],
        ["CONFIG", "SET", "lfu-log-factor", "-1"],
        ["CONFIG", "SET", "maxmemory", "0"]);

    // ---- helpers ------------------------------------------------------------------------------

    private static void Pipeline(RespConnection connection, IEnumerable<string[]> commands)
    {
        var batch = new MemoryStream();
        int count = 0;
        foreach (var command in commands)
        {
            batch.Write(RespConnection.Encode(command.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()));
            count++;
        }
        connection.SendRaw(batch.ToArray());
        for (int i = 0; i < count; i++) connection.ReadReply();
    }

    private static void Fill(RespConnection connection, string prefix, int count, int? ttlSeconds) =>
        Pipeline(connection, Enumerable.Range(0, count).Select(i => ttlSeconds is { } ttl
            ? new[] { "SET", prefix + i, Value, "EX", ttl.ToString() }
            : new[] { "SET", prefix + i, Value }));

    /// <summary>Sets maxmemory to what the server uses now, then adds keys of the same size: each one needs an eviction.</summary>
    private static void LimitToCurrentUseThenAdd(RespConnection connection, string prefix, int count)
    {
        connection.Call("CONFIG", "SET", "maxmemory", UsedMemory(connection).ToString());
        Fill(connection, prefix, count, ttlSeconds: null);
        connection.Call("CONFIG", "SET", "maxmemory", "0");
    }

    private static double Survival(RespConnection connection, IEnumerable<string> keys)
    {
        var list = keys.ToList();
        return list.Count(key => connection.Call("EXISTS", key) == ":1\r\n") / (double)list.Count;
    }

    private static long UsedMemory(RespConnection connection) => InfoField(connection, "memory", "used_memory");

    private static long UsedMemoryOfEmpty(int port)
    {
        using var connection = new RespConnection(port);
        return InfoField(connection, "memory", "used_memory_startup");
    }

    private static long InfoField(RespConnection connection, string section, string field) =>
        long.Parse(InfoLines(connection, section).Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..]);

    private static IEnumerable<string> InfoLines(RespConnection connection, string section) =>
        ((string)Resp.Parse(connection.CallBytes(Encoding.ASCII.GetBytes("INFO"), Encoding.ASCII.GetBytes(section)))!)
            .Split("\r\n");
}
