// Differential tests for the generic key commands and expiry: the same commands to redis-server
// 7.0 and to EventLoopRedis, compared as raw RESP bytes (or, where Redis's order depends on its
// hash seed, as the same elements in any order).

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class KeyDifferentialTests : DifferentialFixture
{
    // A fixed time far in the future (2100-01-01), so TTL values can be compared exactly
    // through EXPIRETIME and PEXPIRETIME.
    private const string FarSeconds = "4102444800";
    private const string FarMs = "4102444800000";

    // OBJECT itself is left out of COMMAND INFO and DOCS: Redis lists a container's subcommands in
    // the order of a hash table seeded at start-up, which differs from one redis-server to the next.
    private static readonly object[] Scripts =
    [
        new object[] { "del and unlink", new[] { new[] { "SET", "a", "1" }, ["SET", "b", "2"], ["UNLINK", "a", "c", "a"],
            ["UNLINK", "a"], ["DEL", "b"], ["UNLINK"], ["EXISTS", "a", "b"] } },
        new object[] { "type and touch", new[] { new[] { "SET", "s", "v" }, ["TYPE", "s"], ["TYPE", "missing"], ["TYPE"],
            ["TYPE", "s", "x"], ["TOUCH", "s", "missing", "s"], ["TOUCH"] } },
        new object[] { "rename", new[] { new[] { "SET", "a", "1" }, ["PEXPIREAT", "a", FarMs], ["RENAME", "a", "b"],
            ["GET", "b"], ["PEXPIRETIME", "b"], ["EXISTS", "a"], ["RENAME", "missing", "x"], ["RENAME", "b", "b"],
            ["RENAME", "missing", "missing"], ["SET", "c", "3"], ["RENAME", "b", "c"], ["GET", "c"], ["PEXPIRETIME", "c"],
            ["SET", "t", "v", "EX", "100"], ["SET", "u", "w"], ["RENAME", "u", "t"], ["TTL", "t"], ["GET", "t"],
            ["RENAME", "a"], ["RENAME", "a", "b", "c"] } },
        new object[] { "renamenx", new[] { new[] { "SET", "x", "1" }, ["SET", "y", "2"], ["RENAMENX", "x", "y"], ["GET", "y"],
            ["RENAMENX", "x", "x"], ["RENAMENX", "missing", "missing"], ["RENAMENX", "missing", "z"], ["RENAMENX", "x", "z"],
            ["GET", "z"], ["EXISTS", "x"], ["EXPIREAT", "z", FarSeconds], ["RENAMENX", "z", "w"], ["EXPIRETIME", "w"] } },
        new object[] { "move", new[] { new[] { "SET", "a", "1" }, ["PEXPIREAT", "a", FarMs], ["MOVE", "a", "0"],
            ["MOVE", "a", "16"], ["MOVE", "a", "x"], ["MOVE", "a", "-1"], ["MOVE", "a", "2147483648"], ["MOVE", "a", "-2147483649"],
            ["MOVE", "a", "2147483647"], ["MOVE", "a", "01"],
            ["MOVE", "missing", "1"], ["MOVE", "missing", "0"], ["MOVE", "a", "1"], ["EXISTS", "a"], ["SELECT", "1"],
            ["GET", "a"], ["PEXPIRETIME", "a"], ["SET", "b", "in1"], ["SELECT", "0"], ["SET", "b", "in0"], ["MOVE", "b", "1"],
            ["GET", "b"], ["SELECT", "1"], ["GET", "b"], ["MOVE", "a", "0"], ["SELECT", "0"], ["GET", "a"], ["PEXPIRETIME", "a"],
            ["MOVE", "a"] } },
        new object[] { "copy", new[] { new[] { "SET", "a", "hello" }, ["PEXPIREAT", "a", FarMs], ["COPY", "a", "b"],
            ["GET", "b"], ["PEXPIRETIME", "b"], ["COPY", "a", "b"], ["SET", "b", "other"], ["COPY", "a", "b", "REPLACE"],
            ["GET", "b"], ["COPY", "a", "a"], ["COPY", "a", "a", "DB", "0"], ["COPY", "a", "a", "DB", "1"], ["SELECT", "1"],
            ["GET", "a"], ["PEXPIRETIME", "a"], ["COPY", "a", "a", "db", "0"], ["SELECT", "0"], ["COPY", "a", "b", "DB", "16"],
            ["COPY", "a", "b", "DB", "x"], ["COPY", "a", "b", "DB", "-1"], ["COPY", "a", "b", "DB", "99999999999"], ["COPY", "a", "b", "DB"], ["COPY", "a", "b", "foo"],
            ["COPY", "a", "b", "replace", "replace"], ["COPY", "missing", "b"], ["COPY", "missing", "b", "REPLACE"],
            ["COPY", "a", "b", "DB", "0", "DB", "2", "REPLACE"], ["SELECT", "2"], ["GET", "b"], ["SELECT", "0"],
            ["SET", "p", "persistent"], ["COPY", "p", "b", "REPLACE"], ["TTL", "b"], ["COPY", "a"],
            ["SET", "a", "changed"], ["GET", "b"] } },
        new object[] { "expire options", new[] { new[] { "SET", "a", "v" }, ["EXPIRE", "a", "100", "XX"],
            ["EXPIRE", "a", "100", "GT"], ["EXPIRE", "a", "100", "LT"], ["EXPIRE", "a", "200", "LT"], ["EXPIRE", "a", "50", "lt"],
            ["EXPIRE", "a", "100", "gt"], ["EXPIRE", "a", "10", "GT"], ["EXPIRE", "a", "100", "NX"], ["EXPIRE", "a", "100", "xx"],
            ["TTL", "a"], ["EXPIRE", "a", "50", "XX", "GT"], ["EXPIRE", "a", "50", "XX", "LT"], ["EXPIRE", "a", "300", "XX", "GT"],
            ["PERSIST", "a"], ["PERSIST", "a"], ["PERSIST", "missing"], ["EXPIRE", "a", "100", "XX", "GT"],
            ["EXPIRE", "a", "100", "nx"], ["EXPIRE", "a", "-1", "GT"], ["EXISTS", "a"], ["EXPIRE", "a", "-1", "LT"],
            ["EXISTS", "a"], ["SET", "a", "v"], ["EXPIRE", "a", "-1", "LT"], ["EXISTS", "a"] } },
        new object[] { "expire errors", new[] { new[] { "SET", "a", "v" }, ["EXPIRE", "a", "10", "NX", "XX"],
            ["EXPIRE", "a", "10", "GT", "LT"], ["EXPIRE", "a", "10", "foo"], ["EXPIRE", "a", "10", "NX", "GT"],
            ["EXPIRE", "a", "10", "NX", "LT"], ["EXPIRE", "a", "10", "nx", "nx"], ["EXPIRE", "a", "x", "foo"],
            ["EXPIRE", "a", "x"], ["EXPIRE", "a", "1.5"], ["EXPIRE", "a", " 5"], ["EXPIRE", "a", "10", ""],
            ["EXPIRE", "a", "10", "fo\0o"], ["EXPIRE", "a", "9223372036854775807"], ["EXPIRE", "a", "-9223372036854775807"],
            ["PEXPIRE", "a", "9223372036854775807"], ["EXPIREAT", "a", "9223372036854775807"],
            ["EXPIREAT", "a", "9223372036854775808"], ["PEXPIREAT", "a", "9223372036854775807"], ["PEXPIRETIME", "a"],
            ["EXPIRETIME", "a"], ["PEXPIREAT", "a", "9223372036854775300"], ["EXPIRETIME", "a"],
            ["EXPIREAT", "a", "9223372036854775"], ["PEXPIRETIME", "a"], ["EXPIRE", "missing", "10"],
            ["EXPIRE", "missing", "10", "foo"], ["EXPIRE", "a"], ["PEXPIRE", "a"], ["EXPIREAT", "a"], ["PEXPIREAT", "a"] } },
        new object[] { "past times delete the key", new[] { new[] { "SET", "a", "v" }, ["EXPIRE", "a", "0"], ["EXISTS", "a"],
            ["SET", "a", "v"], ["EXPIRE", "a", "-5"], ["EXISTS", "a"], ["SET", "a", "v"], ["PEXPIRE", "a", "0"], ["GET", "a"],
            ["SET", "a", "v"], ["PEXPIREAT", "a", "1"], ["TTL", "a"], ["SET", "a", "v"], ["EXPIREAT", "a", "0"],
            ["SET", "a", "v"], ["EXPIREAT", "a", "-9223372036854775"], ["DBSIZE"], ["EXPIRE", "a", "0"] } },
        new object[] { "ttl family", new[] { new[] { "TTL", "missing" }, ["PTTL", "missing"], ["EXPIRETIME", "missing"],
            ["PEXPIRETIME", "missing"], ["SET", "a", "v"], ["TTL", "a"], ["PTTL", "a"], ["EXPIRETIME", "a"],
            ["PEXPIRETIME", "a"], ["EXPIREAT", "a", FarSeconds], ["EXPIRETIME", "a"], ["PEXPIRETIME", "a"],
            ["PEXPIREAT", "a", "4102444800123"], ["EXPIRETIME", "a"], ["PEXPIREAT", "a", "4102444800499"], ["EXPIRETIME", "a"],
            ["PEXPIREAT", "a", "4102444800500"], ["EXPIRETIME", "a"], ["EXPIRE", "a", "100"], ["TTL", "a"],
            ["PEXPIRE", "a", "100000"], ["TTL", "a"], ["SET", "a", "w"], ["TTL", "a"], ["TTL"], ["TTL", "a", "b"],
            ["PTTL"], ["EXPIRETIME"], ["PEXPIRETIME", "a", "b"], ["PERSIST"] } },
        new object[] { "scan errors and cursors", new[] { new[] { "SCAN", "x" }, ["SCAN", " 0"], ["SCAN", "0 "],
            ["SCAN", "0", "COUNT", "0"], ["SCAN", "0", "COUNT", "-1"], ["SCAN", "0", "COUNT", "x"], ["SCAN", "0", "COUNT"],
            ["SCAN", "0", "MATCH"], ["SCAN", "0", "TYPE"], ["SCAN", "0", "foo", "bar"], ["SCAN", "0", "count", "9223372036854775808"],
            ["SCAN", "18446744073709551616"], ["SCAN", "-18446744073709551616"], ["SCAN", "+"], ["SCAN", "-"],
            ["SCAN", "0x1"], ["SCAN", "1.0"], ["SCAN", "\t1"], ["SCAN", ""], ["SCAN", "+0"], ["SCAN", "-0"], ["SCAN", "-1"],
            ["SCAN", "007"], ["SCAN", "18446744073709551615"], ["SCAN", "-18446744073709551615"], ["SCAN", "5\0junk"],
            ["SCAN", "0", "MATCH", "*", "COUNT", "5", "TYPE", "string"], ["SCAN"] } },
        new object[] { "randomkey", new[] { new[] { "RANDOMKEY" }, ["SET", "only", "v"], ["RANDOMKEY"], ["RANDOMKEY", "x"],
            ["DEL", "only"], ["RANDOMKEY"] } },
        new object[] { "object", new[] { new[] { "OBJECT", "HELP" }, ["object", "help", "x"], ["OBJECT"], ["OBJECT", "foo"],
            ["OBJECT", "ENCODING", "missing"], ["OBJECT", "FREQ", "missing"], ["OBJECT", "REFCOUNT", "missing"],
            ["OBJECT", "IDLETIME", "missing"], ["SET", "s", "hello"], ["OBJECT", "FREQ", "s"], ["OBJECT", "encoding", "s"],
            ["OBJECT", "REFCOUNT", "s"], ["OBJECT", "IDLETIME", "s"], ["OBJECT", "ENCODING", "s", "x"], ["OBJECT", "ENCODING"],
            ["SET", "long", new string('x', 45)], ["OBJECT", "ENCODING", "long"], ["COPY", "s", "c"],
            ["OBJECT", "ENCODING", "c"], ["OBJECT", "REFCOUNT", "c"] } },
        new object[] { "databases and swapdb", new[] { new[] { "SET", "a", "zero" }, ["PEXPIREAT", "a", FarMs],
            ["SELECT", "3"], ["SET", "b", "three"], ["SWAPDB", "0", "3"], ["GET", "a"], ["PEXPIRETIME", "a"], ["GET", "b"],
            ["MOVE", "a", "0"], ["SELECT", "0"], ["GET", "b"], ["GET", "a"], ["PEXPIRETIME", "a"], ["COPY", "a", "a", "DB", "3"],
            ["SWAPDB", "0", "3"], ["PEXPIRETIME", "a"], ["GET", "b"], ["DBSIZE"], ["SELECT", "3"], ["DBSIZE"],
            ["RENAME", "b", "c"], ["SWAPDB", "3", "0"], ["GET", "c"], ["SELECT", "0"], ["GET", "c"], ["DEL", "a"], ["RANDOMKEY"] } },
        new object[] { "binary keys", new[] { new[] { "SET", "k\0\xff\r\n", "v" }, ["TYPE", "k\0\xff\r\n"],
            ["PEXPIREAT", "k\0\xff\r\n", FarMs], ["RENAME", "k\0\xff\r\n", "n\0\n"], ["PEXPIRETIME", "n\0\n"],
            ["COPY", "n\0\n", "c\0"], ["MOVE", "c\0", "1"], ["SELECT", "1"], ["GET", "c\0"], ["PEXPIRETIME", "c\0"],
            ["RANDOMKEY"], ["KEYS", "c\0"], ["KEYS", "c?"], ["SCAN", "0", "MATCH", "c\\\0"], ["PERSIST", "c\0"], ["TTL", "c\0"],
            ["SELECT", "0"], ["RENAMENX", "n\0\n", "\xff"], ["OBJECT", "ENCODING", "\xff"], ["EXPIRE", "\xff", "0"],
            ["EXISTS", "\xff"] } },
        new object[] { "resp3 replies", new[] { new[] { Unchecked, "HELLO", "3" }, ["OBJECT", "ENCODING", "missing"],
            ["OBJECT", "FREQ", "missing"], ["OBJECT", "IDLETIME", "missing"], ["RANDOMKEY"], ["TYPE", "missing"],
            ["TTL", "missing"], ["SCAN", "0"], ["KEYS", "*"], ["SET", "a", "v"], ["SCAN", "0"], ["KEYS", "*"], ["RANDOMKEY"],
            ["TYPE", "a"], ["OBJECT", "ENCODING", "a"], ["OBJECT", "HELP"] } },
        new object[] { "command table entries", new[] {
            new[] { "COMMAND", "INFO", "unlink", "type", "keys", "scan", "randomkey", "rename", "renamenx", "move", "copy", "touch" },
            ["COMMAND", "INFO", "object|encoding", "object|refcount", "object|idletime", "object|freq", "object|help"],
            ["COMMAND", "INFO", "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl", "expiretime", "pexpiretime", "persist"],
            ["COMMAND", "DOCS", "unlink", "type", "keys", "scan", "randomkey", "rename", "renamenx", "move", "copy", "touch"],
            ["COMMAND", "DOCS", "object|encoding", "object|help", "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl", "expiretime"],
            ["COMMAND", "DOCS", "pexpiretime", "persist", "object|freq"],
            ["COMMAND", "GETKEYS", "rename", "a", "b"], ["COMMAND", "GETKEYS", "copy", "a", "b", "DB", "1"],
            ["COMMAND", "GETKEYS", "object", "encoding", "k"], ["COMMAND", "GETKEYS", "unlink", "a", "b"],
            ["COMMAND", "GETKEYS", "scan", "0"], ["COMMAND", "GETKEYS", "expire", "k", "10", "NX"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    /// <summary>KEYS and SCAN list keys in hash-table order, which depends on each server's hash seed.</summary>
    [Test]
    public void KeysAndFullScansListTheSameKeysAsRedis()
    {
        string[][] setup =
        [
            ["SET", "foo", "1"], ["SET", "foobar", "2"], ["SET", "bar", "3"], ["SET", "", "empty"], ["SET", "a*b", "4"],
            ["SET", "h\xffllo", "5"], ["SET", "hallo", "6"], ["SET", "x\0y", "7"], ["SET", "[", "8"], ["SET", "\\", "9"],
            ["SET", "far", "10"], ["PEXPIREAT", "far", FarMs], ["SELECT", "1"], ["SET", "other", "db"], ["SELECT", "0"],
        ];
        string[][] listings =
        [
            ["KEYS", "*"], ["KEYS", "f*"], ["KEYS", ""], ["KEYS", "**"], ["KEYS", "*bar"], ["KEYS", "a\\*b"], ["KEYS", "h?llo"],
            ["KEYS", "[fb]*"], ["KEYS", "[^f]*"], ["KEYS", "x*"], ["KEYS", "x\0y"], ["KEYS", "["], ["KEYS", "\\"],
            ["KEYS", "\\\\"], ["KEYS", "*[a-c]*"], ["KEYS", "nomatch"], ["KEYS", "H*"],
            ["SCAN", "0", "COUNT", "1000"], ["SCAN", "0", "COUNT", "1000", "MATCH", "f*"],
            ["SCAN", "0", "COUNT", "1000", "MATCH", "*"], ["SCAN", "0", "COUNT", "1000", "MATCH", "**"],
            ["SCAN", "0", "COUNT", "1000", "TYPE", "string"], ["SCAN", "0", "COUNT", "1000", "TYPE", "STRING"],
            ["SCAN", "0", "COUNT", "1000", "TYPE", "list"], ["SCAN", "0", "COUNT", "1000", "TYPE", "none"],
            ["SCAN", "0", "COUNT", "1000", "TYPE", "string\0junk"], ["SCAN", "0", "COUNT", "1000", "MATCH", "h?llo", "TYPE", "string"],
        ];
        AssertSameListings(setup, listings);
    }

    [Test]
    public void FullScansInSmallStepsFindEveryKeyLikeRedis()
    {
        foreach (string[] options in new[] { new[] { "COUNT", "1" }, [], ["COUNT", "3", "MATCH", "key:1*"], ["TYPE", "string"] })
        {
            Assert.That(FullScan(OurPort, options, 500), Is.EquivalentTo(FullScan(RedisPort, options, 500)),
                $"SCAN {string.Join(' ', options)}");
        }
    }

    /// <summary>
    /// Keys past their time but not yet reclaimed are invisible to every command, and reading one
    /// deletes it (counted in expired_keys). Each command gets its own expired key, so none of them
    /// sees another's deletion. With hz 1, the probes run between two cron ticks, so the active
    /// cycle does not reclaim the keys first.
    /// </summary>
    [Test]
    public void ExpiredKeysAreInvisibleLikeInRedis()
    {
        string[][] probes =
        [
            ["GET", "k0"], ["EXISTS", "k1"], ["TYPE", "k2"], ["TTL", "k3"], ["PTTL", "k4"], ["EXPIRETIME", "k5"],
            ["RENAME", "k6", "z"], ["RENAMENX", "k7", "z"], ["MOVE", "k8", "1"], ["COPY", "k9", "z"], ["OBJECT", "ENCODING", "k10"],
            ["EXPIRE", "k11", "100"], ["PERSIST", "k12"], ["TOUCH", "k13"], ["DEL", "k14"], ["UNLINK", "k15"], ["KEYS", "*"],
            ["SCAN", "0", "COUNT", "1000"], ["RANDOMKEY"], ["SET", "k16", "new", "NX"], ["GET", "k16"], ["TTL", "k16"],
            ["COPY", "live", "k17"], ["PEXPIRETIME", "k17"], ["RENAME", "live", "k18"], ["TTL", "k18"], ["EXISTS", "k0", "k1"],
            ["SELECT", "1"], ["MOVE", "moved", "0"], ["SELECT", "0"], ["GET", "moved"],
        ];
        var replies = new List<string>[2];
        int[] ports = [RedisPort, OurPort];
        for (int s = 0; s < 2; s++)
        {
            using var connection = new RespConnection(ports[s]);
            connection.Call("FLUSHALL");
            connection.Call("CONFIG", "SET", "hz", "1");
            Thread.Sleep(150);
            connection.Call("CONFIG", "RESETSTAT");
            for (int i = 0; i <= 18; i++) connection.Call("SET", "k" + i, "v", "PX", "50");
            connection.Call("SET", "live", "v");
            connection.Call("SELECT", "1");
            connection.Call("SET", "moved", "v");
            connection.Call("SELECT", "0");
            connection.Call("SET", "moved", "old", "PX", "50");
            Thread.Sleep(150);
            replies[s] = probes.Select(p => connection.Call(p)).ToList();
            var stats = (string)Parse(connection.Call("INFO", "stats"))!;
            replies[s].Add(stats.Split("\r\n").First(l => l.StartsWith("expired_keys:")));
            connection.Call("CONFIG", "SET", "hz", "10");
        }
        for (int i = 0; i < probes.Length; i++)
            Assert.That(replies[1][i], Is.EqualTo(replies[0][i]), $"reply to `{string.Join(' ', probes[i])}`");
        Assert.That(replies[1][^1], Is.EqualTo(replies[0][^1]));
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        string[][] commands =
        [
            ["SET", "a", "v"], ["SET", "b", "v"], ["CONFIG", "RESETSTAT"], ["GET", "a"], ["GET", "missing"],
            ["EXISTS", "a", "missing"], ["TYPE", "a"], ["TYPE", "missing"], ["TTL", "a"], ["PTTL", "missing"],
            ["EXPIRETIME", "a"], ["TOUCH", "a", "missing"], ["OBJECT", "ENCODING", "a"], ["OBJECT", "IDLETIME", "missing"],
            ["COPY", "a", "c"], ["COPY", "missing", "c"], ["RENAME", "c", "d"], ["MOVE", "d", "1"], ["EXPIRE", "a", "100"],
            ["PERSIST", "a"], ["DEL", "b"], ["SCAN", "0", "TYPE", "string"], ["RANDOMKEY"], ["KEYS", "*"],
        ];
        string Stats(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            foreach (var command in commands) connection.Call(command);
            var info = connection.Call("INFO", "stats");
            return string.Join(",", info.Split("\r\n").Where(l => l.StartsWith("keyspace_")));
        }
        Assert.That(Stats(OurPort), Is.EqualTo(Stats(RedisPort)));
    }

    /// <summary>OBJECT IDLETIME, TYPE, EXISTS and the TTL family look at a key without refreshing its access time.</summary>
    [Test]
    public void InspectingAKeyDoesNotResetItsIdleTime()
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            string server = port == RedisPort ? "redis-server" : "ours";
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            connection.Call("SET", "idle", "value");
            connection.Call("SET", "used", "value");
            Thread.Sleep(2200);
            foreach (var look in new[] { "OBJECT IDLETIME", "TYPE", "EXISTS", "TTL", "PTTL", "EXPIRETIME", "OBJECT ENCODING" })
                connection.Call([.. look.Split(' '), "idle"]);
            Assert.That(Parse(connection.Call("OBJECT", "IDLETIME", "idle")),
                Is.GreaterThanOrEqualTo(2L), server);
            connection.Call("TOUCH", "used");
            Assert.That(connection.Call("OBJECT", "IDLETIME", "used"), Is.EqualTo(":0\r\n"), server);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>Runs the setup on both servers, then compares each listing as a multiset of keys.</summary>
    private void AssertSameListings(string[][] setup, string[][] listings)
    {
        List<string> Run(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            foreach (var command in setup) connection.Call(command);
            return listings.Select(command => Canonical(Parse(connection.Call(command)))).ToList();
        }
        var expected = Run(RedisPort);
        var actual = Run(OurPort);
        for (int i = 0; i < listings.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"reply to `{string.Join(' ', listings[i])}`");
    }

    /// <summary>A reply as text with the elements of every array sorted, so their order no longer matters.</summary>
    private static string Canonical(object? reply) => reply switch
    {
        null => "<null>",
        List<object?> items => "[" + string.Join(",", items.Select(Canonical).Order(StringComparer.Ordinal)) + "]",
        _ => "'" + reply + "'",
    };

    private static object? Parse(string reply) => Resp.Parse(Encoding.Latin1.GetBytes(reply));

    /// <summary>Every key a complete SCAN iteration returns, after loading <paramref name="keys"/> keys.</summary>
    private static List<string> FullScan(int port, string[] options, int keys)
    {
        using var connection = new RespConnection(port);
        connection.Call("FLUSHALL");
        for (int i = 0; i < keys; i++) connection.Call("SET", "key:" + i, "v");
        var found = new HashSet<string>();
        string cursor = "0";
        do
        {
            var reply = (List<object?>)Parse(connection.Call(["SCAN", cursor, .. options]))!;
            cursor = (string)reply[0]!;
            foreach (var key in (List<object?>)reply[1]!) found.Add((string)key!);
        } while (cursor != "0");
        return found.ToList();
    }
}
