// DEBUG against redis-server 7.0.15, both started with enable-debug-command: digests of every type
// byte for byte, every PROTOCOL type in RESP2 and RESP3, OBJECT, SET-ACTIVE-EXPIRE, SLEEP; and the
// refusal when the option is off or local.

using System.Diagnostics;
using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class DebugDifferentialTests : DifferentialFixture
{
    protected override string[] ServerArguments => ["--enable-debug-command", "yes"];

    /// <summary>Every type in its compact and its general encoding, binary data, a TTL, in two databases.</summary>
    private static readonly string[][] Dataset =
    [
        ["SET", "string", "hello"], ["SET", "int", "12345"], ["SET", "bin\0\xff", "\r\n\0"], ["SET", "ttl", "v", "EX", "1000"],
        ["RPUSH", "list", "a", "b", "1", "c"], ["SADD", "intset", "3", "1", "2"], ["SADD", "set", "x", "y", "\0z"],
        ["HSET", "hash", "f1", "v1", "f2", "2"], ["ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c", "1e300", "d"],
        ["EVAL", """
            for i = 1, 600 do
              redis.call('rpush', 'biglist', 'element:' .. i)
              redis.call('hset', 'bighash', 'field:' .. i, i)
              redis.call('sadd', 'bigset', 'member:' .. i)
              redis.call('sadd', 'bigintset', i * 7)
              redis.call('zadd', 'bigzset', i / 3, 'member:' .. i)
            end
            """, "0"],
        ["SELECT", "1"], ["SET", "string", "hello"], ["SELECT", "0"],
    ];

    [Test]
    public void DigestsAreRedisDigests() => AssertSameReplies(
        [
            ["DEBUG", "DIGEST"], ["DEBUG", "DIGEST-VALUE"], ["DEBUG", "DIGEST-VALUE", "nosuch"],
            ["SELECT", "1"], ["FLUSHDB"], ["SELECT", "0"],
            .. Dataset,
            ["DEBUG", "DIGEST"],
            ["DEBUG", "DIGEST-VALUE", "string", "int", "bin\0\xff", "ttl", "list", "intset", "set", "hash", "zset", "nosuch"],
            ["DEBUG", "DIGEST-VALUE", "biglist", "bighash", "bigset", "bigintset", "bigzset"],
            ["OBJECT", "ENCODING", "bighash"], ["OBJECT", "ENCODING", "bigzset"], ["OBJECT", "ENCODING", "bigset"],
            ["DEBUG", "DIGEST"], ["DEBUG", "DIGEST", "x"],
            // Streams: the entries' IDs, fields and values count; deleted entries and groups do not.
            ["XADD", "stream", "1-1", "f", "v"], ["XADD", "stream", "2-5", "f", "v", "g", "w"], ["XADD", "stream", "3-0", "x", "\0\xff"],
            ["DEBUG", "DIGEST-VALUE", "stream"], ["XDEL", "stream", "2-5"], ["DEBUG", "DIGEST-VALUE", "stream"],
            ["XGROUP", "CREATE", "stream", "grp", "0"], ["DEBUG", "DIGEST-VALUE", "stream"], ["DEBUG", "DIGEST"],
            ["SELECT", "1"], ["FLUSHDB"], ["SELECT", "0"],
        ]);

    [TestCase(false)]
    [TestCase(true)]
    public void ProtocolRepliesWithEveryTypeAsRedis(bool resp3)
    {
        var commands = new List<string[]>();
        if (resp3) commands.Add([Unchecked, "HELLO", "3"]);
        foreach (var type in new[] { "string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push", "verbatim", "true", "false", "STRING", "nosuch" })
            commands.Add(["DEBUG", "PROTOCOL", type]);
        commands.Add(["PING"]);
        AssertSameReplies(commands.ToArray());
    }

    [Test]
    public void SubcommandsCheckTheirArgumentsAsRedis() => AssertSameReplies(
        ["DEBUG"], ["DEBUG", "NOSUCH"], ["DEBUG", "SLEEP"], ["DEBUG", "SLEEP", "0", "1"], ["DEBUG", "SLEEP", "abc"], ["DEBUG", "SLEEP", "0"],
        ["DEBUG", "OBJECT"], ["DEBUG", "OBJECT", "nosuch"], ["DEBUG", "SET-ACTIVE-EXPIRE"], ["DEBUG", "DIGEST", "x"],
        ["DEBUG", "PROTOCOL"], ["DEBUG", "ERROR", "CUSTOM my error"], ["DEBUG", "ERROR", "plain"], ["DEBUG", "LOG", "from a test"],
        ["DEBUG", "SET-ACTIVE-EXPIRE", "1"], ["CONFIG", "SET", "enable-debug-command", "no"], ["CONFIG", "GET", "enable-debug-command"]);

    [Test]
    public void PopulateAddsTheKeysAndValuesRedisAdds() => AssertSameReplies(
        ["DEBUG", "POPULATE", "3"], ["EXISTS", "key:0", "key:1", "key:2", "key:3"], ["GET", "key:0"], ["GET", "key:2"], ["OBJECT", "ENCODING", "key:1"],
        ["DEBUG", "POPULATE", "2", "p", "10"], ["GET", "p:1"], ["DEBUG", "POPULATE", "2", "short", "3"], ["GET", "short:1"],
        ["DEBUG", "POPULATE", "1", "big", "100"], ["STRLEN", "big:0"], ["OBJECT", "ENCODING", "big:0"],
        ["DEBUG", "POPULATE", "2", "zero", "0"], ["GET", "zero:1"], ["DEBUG", "POPULATE", "1", ""], ["GET", ":0"],
        ["DEBUG", "POPULATE", "2", "nul\0after"], ["EXISTS", "nul:0", "nul:1", "nul"], ["DBSIZE"],
        ["DEBUG", "POPULATE", "3", new string('z', 200)], ["GET", new string('z', 127)], ["DBSIZE"], ["DEBUG", "POPULATE", "1", new string('y', 127)], ["KEYS", "yyy*"],
        ["DEBUG", "POPULATE", "0"], ["DBSIZE"], ["DEBUG", "DIGEST"]);

    [Test]
    public void PopulateLeavesExistingKeysAlone() => AssertSameReplies(
        ["SET", "key:5", "mine"], ["RPUSH", "key:6", "a"], ["SET", "key:7", "gone", "PX", "1"], [Pause, "20"],
        ["DEBUG", "POPULATE", "10"], ["GET", "key:5"], ["TYPE", "key:6"], ["GET", "key:7"], ["DBSIZE"], ["DEBUG", "DIGEST"]);

    [Test]
    public void PopulateChecksItsArgumentsAsRedis() => AssertSameReplies(
        ["DEBUG", "POPULATE"], ["DEBUG", "POPULATE", "-1"], ["DEBUG", "POPULATE", "abc"], ["DEBUG", "POPULATE", "+1"],
        ["DEBUG", "POPULATE", "01"], ["DEBUG", "POPULATE", "99999999999999999999"], ["DEBUG", "POPULATE", "2", "q", "-1"],
        ["DEBUG", "POPULATE", "2", "q", "x"], ["DEBUG", "POPULATE", "1", "a", "1", "extra"], ["dEbUg", "pOpUlAtE", "1"], ["DBSIZE"]);

    [Test]
    public void PopulateOfAHundredThousandKeysDigestsAsRedis() => AssertSameReplies(
        ["DEBUG", "POPULATE", "100000"], ["DEBUG", "POPULATE", "100000", "sized", "20"], ["DBSIZE"], ["DEBUG", "DIGEST"],
        ["GET", "key:99999"], ["GET", "sized:12345"]);

    [Test]
    public void ListpackAndQuicklistAnswerAsRedisForEveryEncoding()
    {
        string[] keys = ["hash", "list", "string", "zset", "intset", "set", "bighash", "bigzset", "nosuch"];
        List<string[]> commands =
        [
            ["HSET", "hash", "a", "1", "b", "2"], ["RPUSH", "list", "a", "b", "c"], ["SET", "string", "x"], ["ZADD", "zset", "1", "a", "2.5", "b"],
            ["SADD", "intset", "1", "2"], ["SADD", "set", "a", "b"],
            ["EVAL", "for i = 1, 200 do redis.call('hset', 'bighash', 'f' .. i, i) redis.call('zadd', 'bigzset', i, 'm' .. i) end", "0"],
        ];
        foreach (var key in keys)
        {
            commands.Add(["OBJECT", "ENCODING", key]);
            commands.Add(["DEBUG", "LISTPACK", key]);
            commands.Add(["DEBUG", "QUICKLIST", key]);
            commands.Add(["DEBUG", "QUICKLIST", key, "1"]);
        }
        commands.AddRange([["DEBUG", "LISTPACK"], ["DEBUG", "LISTPACK", "hash", "x"], ["DEBUG", "QUICKLIST"], ["DEBUG", "QUICKLIST", "list", "1", "2"],
            ["DEBUG", "QUICKLIST", "list", "junk"], ["DEBUG", "QUICKLIST", "hash", "junk"]]);
        AssertSameReplies(commands.ToArray());
    }

    /// <summary>
    /// DEBUG HTSTATS and HTSTATS-KEY: the errors byte for byte, and each table's size and sections
    /// (a rehash in progress included) as Redis's; which buckets the keys fall in is each server's own
    /// hashing, and so is how a rehash in progress shares the elements, so those lines are masked.
    /// </summary>
    [Test]
    public void HashTableStatsShowTheTablesRedisShows()
    {
        string Stats(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            var text = new List<string>();
            foreach (var command in new[]
            {
                new[] { "DEBUG", "HTSTATS", "0" }, ["DEBUG", "HTSTATS", "15"], ["DEBUG", "HTSTATS", "16"], ["DEBUG", "HTSTATS", "-1"], ["DEBUG", "HTSTATS", "x"],
                ["DEBUG", "HTSTATS-KEY", "nosuch"], ["DEBUG", "HTSTATS"], ["DEBUG", "HTSTATS-KEY"],
                ["DEBUG", "POPULATE", "1000"], ["SET", "volatile", "1", "EX", "1000"], ["DEBUG", "HTSTATS", "0"],
                ["HSET", "hash", "a", "1"], ["SADD", "intset", "1"], ["SADD", "set", "a", "b"], ["ZADD", "zset", "1", "a"],
                ["EVAL", "for i = 1, 300 do redis.call('hset', 'bighash', 'f' .. i, i) redis.call('zadd', 'bigzset', i, 'm' .. i) redis.call('sadd', 'bigset', 'm' .. i) end", "0"],
                ["DEBUG", "HTSTATS-KEY", "hash"], ["DEBUG", "HTSTATS-KEY", "intset"], ["DEBUG", "HTSTATS-KEY", "set"], ["DEBUG", "HTSTATS-KEY", "zset"],
                ["DEBUG", "HTSTATS-KEY", "bighash"], ["DEBUG", "HTSTATS-KEY", "bigzset"], ["DEBUG", "HTSTATS-KEY", "bigset"], ["DEBUG", "HTSTATS-KEY", "key:1"],
            })
            {
                string reply = connection.Call(command);
                reply = Regex.Replace(reply, @"^\$\d+\r\n", "$N\r\n");
                reply = Regex.Replace(reply, @"( number of elements| different slots| max chain length| avg chain length \((counted|computed)\)): [\d.]+", "$1: N");
                reply = Regex.Replace(reply, @"   \d+: \d+ \([\d.]+%\)\n", "");
                text.Add(reply);
            }
            return string.Join("\n", text);
        }
        string expected = Stats(RedisPort);
        Assert.That(Stats(OurPort), Is.EqualTo(expected));
    }

    [Test]
    public void PauseCronStopsActiveExpiryUntilResumed() => AssertSameReplies(
        ["DEBUG", "PAUSE-CRON", "1"], ["SET", "a", "1", "PX", "1"], ["SET", "b", "1", "PX", "1"], [Pause, "400"], ["DBSIZE"],
        ["DEBUG", "PAUSE-CRON", "0"], [Pause, "600"], ["DBSIZE"], ["DEBUG", "PAUSE-CRON"], ["DEBUG", "PAUSE-CRON", "1", "2"], ["DEBUG", "PAUSE-CRON", "junk"]);

    /// <summary>DEBUG OBJECT of each kind of value (its RDB size included), with what is the process's own (address, LRU clock) masked.</summary>
    private static string Objects(int port)
    {
        using var connection = new RespConnection(port);
        connection.Call("FLUSHALL");
        foreach (var command in Dataset) connection.Call(command);
        connection.Call("SET", "small", "5");
        var text = new List<string>();
        foreach (var key in new[] { "string", "int", "small", "list", "intset", "set", "hash", "zset", "biglist", "bighash", "bigset", "bigzset" })
        {
            string line = connection.Call("DEBUG", "OBJECT", key);
            line = Regex.Replace(line, @"at:0x[0-9a-f]+", "at:ADDR");
            line = Regex.Replace(line, @"lru:\d+ lru_seconds_idle:\d+", "lru:N lru_seconds_idle:N");
            // A quicklist's node sizes are each server's own layout; its shape must match.
            line = Regex.Replace(line, @"ql_uncompressed_size:\d+", "ql_uncompressed_size:N");
            text.Add(line);
        }
        return string.Join("\n", text);
    }

    [Test]
    public void ObjectDescribesValuesAsRedis() => Assert.That(Objects(OurPort), Is.EqualTo(Objects(RedisPort)));

    [Test]
    public void SetActiveExpireZeroLeavesExpiredKeysForLookupsToFind() => AssertSameReplies(
        ["DEBUG", "SET-ACTIVE-EXPIRE", "0"], ["SET", "a", "1", "PX", "1"], ["SET", "b", "1", "PX", "1"], [Pause, "400"],
        ["DBSIZE"], ["GET", "a"], ["DBSIZE"],
        ["DEBUG", "SET-ACTIVE-EXPIRE", "1"], [Pause, "600"], ["DBSIZE"]);

    [Test]
    public void SleepStopsTheServer()
    {
        using var connection = new RespConnection(OurPort);
        var watch = Stopwatch.StartNew();
        Assert.That(connection.Call("DEBUG", "SLEEP", "0.2"), Is.EqualTo("+OK\r\n"));
        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(190));
    }
}

[TestFixture]
public class DebugRefusedDifferentialTests : DifferentialFixture
{
    [Test]
    public void DebugIsRefusedByDefault() => AssertSameReplies(
        ["DEBUG", "SLEEP", "0"], ["DEBUG", "HELP"], ["DEBUG", "NOSUCH"], ["DEBUG"], ["CONFIG", "GET", "enable-debug-command"],
        ["CONFIG", "SET", "enable-debug-command", "yes"],
        ["MULTI"], ["DEBUG", "DIGEST"], ["EXEC"],
        ["EVAL", "return redis.call('debug', 'digest')", "0"]);
}

[TestFixture]
public class DebugLocalDifferentialTests : DifferentialFixture
{
    protected override string[] ServerArguments => ["--enable-debug-command", "local"];

    [Test]
    public void LocalAllowsLoopbackClients() => AssertSameReplies(
        ["DEBUG", "DIGEST"], ["CONFIG", "GET", "enable-debug-command"]);
}

/// <summary>What DEBUG writes to this server's log, and the string matcher's fuzz test (which takes half a minute in Redis).</summary>
[TestFixture]
public class DebugLogTests
{
    [Test]
    public void ListpackAndQuicklistPrintTheirEntriesToTheLog()
    {
        using var server = ServerProcess.StartOurs("--enable-debug-command", "yes");
        using var connection = new RespConnection(server.Port);
        connection.Call("HSET", "hash", "field", "value");
        connection.Call("RPUSH", "list", "first", "second");
        Assert.That(connection.Call("DEBUG", "LISTPACK", "hash"), Is.EqualTo("+Listpack structure printed on stdout\r\n"));
        Assert.That(connection.Call("DEBUG", "QUICKLIST", "list", "1"), Is.EqualTo("+Quicklist structure printed on stdout\r\n"));
        // The log reaches the test through an asynchronous pipe reader: wait for the last line (a busy machine is slow).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Output.Contains("{index 1, 6 bytes: second}") && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.That(server.Output, Does.Contain("DEBUG LISTPACK hash: {num entries 2}").And.Contain("{index 1, 5 bytes: value}"));
        Assert.That(server.Output, Does.Contain("{count : 2}").And.Contain("{index 1, 6 bytes: second}"));
    }

    [Test]
    public void StringMatchTestRunsTheMatcherAndPasses()
    {
        using var server = ServerProcess.StartOurs("--enable-debug-command", "yes");
        using var connection = new RespConnection(server.Port, receiveTimeoutMs: 60_000);
        Assert.That(connection.Call("DEBUG", "STRINGMATCH-TEST"), Is.EqualTo("+Apparently Redis did not crash: test passed\r\n"));
        Assert.That(connection.Call("DEBUG", "STRINGMATCH-TEST", "x"), Does.StartWith("-ERR unknown subcommand or wrong number of arguments for 'STRINGMATCH-TEST'"));
    }
}
