// CONFIG GET and CONFIG SET against redis-server 7.0.15: every parameter Redis has is known here,
// with Redis's default and type rules; what this server does not implement is refused, not ignored.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Config;

[TestFixture]
public class ConfigDifferentialTests : DifferentialFixture
{
    /// <summary>Parameters whose value describes the process, not a default: where it listens, runs and logs.</summary>
    private static readonly HashSet<string> ValuesOfThisProcess =
        ["port", "dir", "save", "bind", "logfile", "pidfile", "daemonize"];

    private static readonly string[] Hidden =
        ["key-load-delay", "rdb-key-save-delay", "loading-process-events-interval-bytes", "use-exit-on-panic", "watchdog-period"];

    private static Dictionary<string, string> ConfigGet(int port, params string[] patterns)
    {
        using var connection = new RespConnection(port);
        var reply = Resp.AsMap(connection.CallBytes([.. new[] { "CONFIG", "GET" }.Concat(patterns).Select(p => Encoding.Latin1.GetBytes(p))]));
        return reply.ToDictionary(kv => kv.Key, kv => (string)kv.Value!);
    }

    [Test]
    public void ConfigGetStarKnowsEveryParameterRedisHas()
    {
        var redis = ConfigGet(RedisPort, "*");
        var ours = ConfigGet(OurPort, "*");
        var missing = redis.Keys.Where(name => !ours.ContainsKey(name)).Order().ToList();
        TestContext.Out.WriteLine($"Redis has {redis.Count} parameters; missing here: [{string.Join(", ", missing)}]");
        Assert.That(missing, Is.Empty, "parameters redis-server 7.0.15 has and this server lacks");
        Assert.That(ours.Keys.Where(name => !redis.ContainsKey(name)), Is.Empty, "parameters Redis does not have");
    }

    [Test]
    public void DefaultsAreRedisDefaults()
    {
        var redis = ConfigGet(RedisPort, "*");
        var ours = ConfigGet(OurPort, "*");
        var different = redis.Where(kv => !ValuesOfThisProcess.Contains(kv.Key) && ours.GetValueOrDefault(kv.Key) != kv.Value)
            .Select(kv => $"{kv.Key}: redis '{kv.Value}', ours '{ours.GetValueOrDefault(kv.Key)}'").ToList();
        Assert.That(different, Is.Empty, string.Join("\n", different));
    }

    [Test]
    public void HiddenParametersAnswerOnlyTheirExactName()
    {
        foreach (var name in Hidden)
        {
            AssertSameReplies(["CONFIG", "GET", name], ["CONFIG", "GET", name.ToUpperInvariant()]);
            Assert.That(ConfigGet(OurPort, name[..^1] + "*"), Does.Not.ContainKey(name));
        }
    }

    [TestCase("hz", "HZ", "timeout")]
    [TestCase("slaveof", "replicaof", "SLAVE-READ-ONLY")]
    [TestCase("*max*", "maxmemory")]
    [TestCase("tls-*")]
    [TestCase("*repl*", "*replica*")]
    [TestCase("[a-c]*")]
    public void ConfigGetMatchesAsRedisDoes(params string[] patterns) =>
        Assert.That(ConfigGet(OurPort, patterns), Is.EquivalentTo(ConfigGet(RedisPort, patterns)));

    private static readonly object[] Scripts =
    [
        new object[] { "type errors as Redis words them", new[] { new[] { "CONFIG", "SET", "activedefrag", "maybe" },
            ["CONFIG", "SET", "acllog-max-len", "x"], ["CONFIG", "SET", "acllog-max-len", "-1"], ["CONFIG", "SET", "acllog-max-len", "+5"],
            ["CONFIG", "SET", "acllog-max-len", "05"], ["CONFIG", "SET", "maxmemory-samples", "0"], ["CONFIG", "SET", "repl-backlog-size", "x"],
            ["CONFIG", "SET", "repl-backlog-size", "-1"], ["CONFIG", "SET", "repl-backlog-size", "0"], ["CONFIG", "SET", "maxmemory-policy", "lru"],
            ["CONFIG", "SET", "maxmemory-clients", "x"], ["CONFIG", "SET", "maxmemory-clients", "101%"], ["CONFIG", "SET", "appendfsync", "sometimes"],
            ["CONFIG", "SET", "hz", "1.5"], ["CONFIG", "SET", "hz", "-1"], ["CONFIG", "SET", "proto-max-bulk-len", "1kb"],
            ["CONFIG", "SET", "proto-max-bulk-len", "1x"], ["CONFIG", "SET", "client-query-buffer-limit", "-5"], ["CONFIG", "SET", "loglevel", "loud"],
            ["CONFIG", "SET", "slowlog-log-slower-than", "-2"], ["CONFIG", "SET", "list-max-ziplist-size", "x"],
            ["CONFIG", "SET", "lua-time-limit", "abc"], ["CONFIG", "SET", "key-load-delay", "x"], ["CONFIG", "SET", "oom-score-adj", "x"] } },
        new object[] { "setting what it already is", new[] { new[] { "CONFIG", "SET", "activedefrag", "no" },
            ["CONFIG", "SET", "maxmemory-policy", "NOEVICTION"], ["CONFIG", "SET", "lfu-log-factor", "10"], ["CONFIG", "SET", "repl-backlog-size", "1mb"],
            ["CONFIG", "SET", "appendfsync", "everysec"], ["CONFIG", "SET", "slave-read-only", "yes"], ["CONFIG", "SET", "maxmemory-clients", "0"],
            ["CONFIG", "SET", "notify-keyspace-events", ""], ["CONFIG", "SET", "tls-port", "0"], ["CONFIG", "SET", "watchdog-period", "0"] } },
        new object[] { "names: unknown, immutable, protected, duplicate, aliases", new[] { new[] { "CONFIG", "SET", "daemonize", "no" },
            ["CONFIG", "SET", "replicaof", "no one"], ["CONFIG", "SET", "slaveof", "x"], ["CONFIG", "SET", "dir", "/tmp"],
            ["CONFIG", "SET", "dbfilename", "x.rdb"], ["CONFIG", "SET", "daemonize", "no", "foo", "bar"], ["CONFIG", "SET", "foo", "bar", "daemonize", "no"],
            ["CONFIG", "SET", "hz", "10", "HZ", "10"], ["CONFIG", "SET", "lua-time-limit", "1", "busy-reply-threshold", "2"],
            ["CONFIG", "SET", "HASH-MAX-ZIPLIST-ENTRIES", "x"], ["CONFIG", "SET", "databases", "16"], ["CONFIG", "SET", "unixsocket", ""],
            ["CONFIG", "SET", "tcp-backlog", "511"], ["CONFIG", "SET", "hz"], ["CONFIG", "SET", "hz", "10", "timeout"] } },
        new object[] { "all or nothing", new[] { new[] { "CONFIG", "SET", "hz", "20", "timeout", "-1" }, ["CONFIG", "GET", "hz"],
            ["CONFIG", "SET", "hz", "30", "activedefrag", "maybe", "timeout", "5"], ["CONFIG", "GET", "hz"], ["CONFIG", "GET", "timeout"],
            ["CONFIG", "SET", "hz", "12", "timeout", "7"], ["CONFIG", "GET", "hz"], ["CONFIG", "GET", "timeout"],
            ["CONFIG", "SET", "hz", "10", "timeout", "0"] } },
        new object[] { "exact names answer as typed", new[] { new[] { "CONFIG", "GET", "HZ" }, ["CONFIG", "GET", "Slaveof"],
            ["CONFIG", "GET", "nosuch"], ["CONFIG", "GET", "maxmemory-policy"], ["CONFIG", "GET", "client-output-buffer-limit"],
            ["CONFIG", "GET", "latency-tracking-info-percentiles"], ["CONFIG", "GET", "io-threads"], ["CONFIG", "GET", "enable-debug-command"],
            ["CONFIG", "GET", "lua-time-limit"], ["CONFIG", "GET", "unixsocketperm"], ["CONFIG", "GET", "hz", "hz"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [TestCase("activedefrag", "yes", "only 'no' is supported: active defragmentation is not implemented")]
    [TestCase("tls-port", "6380", "only '0' is supported: TLS is not implemented")]
    [TestCase("slave-lazy-flush", "yes", "only 'no' is supported: replication is not implemented")]
    public void ParametersThisServerLacksRefuseOtherValues(string name, string value, string reason)
    {
        using var connection = new RespConnection(OurPort);
        Assert.That(connection.Call("CONFIG", "SET", name, value),
            Is.EqualTo($"-ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}\r\n"));
        Assert.That(connection.Call("CONFIG", "SET", "hz", "15", name, value), Does.StartWith("-ERR CONFIG SET failed"));
        Assert.That(connection.Call("CONFIG", "GET", "hz"), Does.Contain("10"), "the whole CONFIG SET was rolled back");
    }

    [Test]
    public void SensitiveValuesAreRedactedFromTheSlowLog()
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        connection.Call("SLOWLOG", "RESET");
        connection.Call("CONFIG", "SET", "masterauth", "secret1", "hz", "10");
        connection.Call("CONFIG", "SET", "requirepass", "");
        string log = connection.Call("SLOWLOG", "GET");
        connection.Call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        Assert.That(log, Does.Not.Contain("secret1"));
        Assert.That(log, Does.Contain("(redacted)"));
    }
}
