// Differential tests for the hash commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes, or, where Redis's order depends on its hash seed
// (a hashtable-encoded hash), as the same raw elements in any order.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class HashDifferentialTests : DifferentialFixture
{
    private const string MaxLong = "9223372036854775807";
    private const string MinLong = "-9223372036854775808";

    // Every script starts from Redis's default thresholds, whatever an earlier one set.
    private static readonly string[][] DefaultThresholds =
        [["CONFIG", "SET", "hash-max-listpack-entries", "128"], ["CONFIG", "SET", "hash-max-listpack-value", "64"]];

    private static readonly object[] Scripts =
    [
        new object[] { "hset hget hmset hmget", new[] { new[] { "HSET", "h", "a", "1" }, ["HSET", "h", "a", "2", "b", "3"],
            ["HGET", "h", "a"], ["HGET", "h", "missing"], ["HGET", "missing", "a"], ["HMSET", "h", "c", "4", "a", "5"],
            ["HMGET", "h", "a", "b", "c", "d", "a"], ["HMGET", "missing", "a", "b"], ["HSET", "h", "a", "1", "a", "2", "a", "3"],
            ["HGET", "h", "a"], ["HSET", "h", "", ""], ["HGET", "h", ""], ["HSET", "h"], ["HSET", "h", "a"], ["HSET", "h", "a", "1", "b"],
            ["HMSET", "h", "a"], ["HMSET", "h", "a", "1", "b"], ["HGET", "h"], ["HGET", "h", "a", "b"], ["HMGET", "h"],
            ["HGETALL", "h"], ["TYPE", "h"], ["OBJECT", "ENCODING", "h"] } },
        new object[] { "hsetnx", new[] { new[] { "HSETNX", "h", "a", "1" }, ["HSETNX", "h", "a", "2"], ["HGET", "h", "a"],
            ["HSETNX", "h", "b", "3"], ["HGETALL", "h"], ["HSETNX", "h", "a"], ["HSETNX", "h", "a", "1", "x"] } },
        new object[] { "hdel deletes an emptied hash", new[] { new[] { "HSET", "h", "a", "1", "b", "2", "c", "3" },
            ["HDEL", "h", "a", "missing", "a"], ["HLEN", "h"], ["HDEL", "h", "b", "c", "b"], ["EXISTS", "h"], ["TYPE", "h"],
            ["HDEL", "h", "a"], ["HDEL", "missing", "a"], ["HSET", "g", "x", "1"], ["HDEL", "g", "x"], ["EXISTS", "g"],
            ["HDEL", "h"], ["HLEN", "missing"], ["HGETALL", "missing"], ["HKEYS", "missing"], ["HVALS", "missing"] } },
        new object[] { "hlen hstrlen hexists", new[] { new[] { "HSET", "h", "a", "hello", "n", "-12345", "e", "" }, ["HLEN", "h"],
            ["HSTRLEN", "h", "a"], ["HSTRLEN", "h", "n"], ["HSTRLEN", "h", "e"], ["HSTRLEN", "h", "missing"],
            ["HSTRLEN", "missing", "a"], ["HEXISTS", "h", "a"], ["HEXISTS", "h", "e"], ["HEXISTS", "h", "missing"],
            ["HEXISTS", "missing", "a"], ["HLEN"], ["HLEN", "h", "x"], ["HSTRLEN", "h"], ["HEXISTS", "h"], ["HEXISTS", "h", "a", "b"] } },
        new object[] { "hkeys hvals hgetall keep insertion order", new[] { new[] { "HSET", "h", "z", "1", "a", "2", "m", "3" },
            ["HSET", "h", "b", "4"], ["HDEL", "h", "a"], ["HSET", "h", "a", "5", "z", "6"], ["HKEYS", "h"], ["HVALS", "h"],
            ["HGETALL", "h"], ["HKEYS"], ["HVALS", "h", "x"], ["HGETALL", "h", "x"] } },
        new object[] { "hincrby", new[] { new[] { "HINCRBY", "h", "n", "5" }, ["HINCRBY", "h", "n", "-10"], ["HGET", "h", "n"],
            ["HINCRBY", "h", "n", "x"], ["HINCRBY", "h", "n", "1.5"], ["HINCRBY", "h", "n", " 1"], ["HINCRBY", "h", "n", "+1"],
            ["HINCRBY", "h", "n", "01"], ["HINCRBY", "h", "n", ""], ["HINCRBY", "h", "n", "99999999999999999999"],
            ["HSET", "h", "s", "abc", "f", "1.5", "sp", " 1", "z", "007", "e", "", "neg0", "-0"], ["HINCRBY", "h", "s", "1"],
            ["HINCRBY", "h", "f", "1"], ["HINCRBY", "h", "sp", "1"], ["HINCRBY", "h", "z", "1"], ["HINCRBY", "h", "e", "1"],
            ["HINCRBY", "h", "neg0", "1"], ["HSET", "h", "max", MaxLong, "min", MinLong], ["HINCRBY", "h", "max", "1"],
            ["HINCRBY", "h", "max", "0"], ["HINCRBY", "h", "max", "-1"], ["HINCRBY", "h", "min", "-1"], ["HINCRBY", "h", "min", MaxLong],
            ["HINCRBY", "h", "new", MinLong], ["HINCRBY", "h", "new", "-1"], ["HINCRBY", "h", "new2", MaxLong], ["HINCRBY", "h", "new2", "1"],
            ["HGETALL", "h"], ["HINCRBY", "fresh", "x", "x"], ["EXISTS", "fresh"], ["HINCRBY", "h", "n"], ["HINCRBY", "h", "n", "1", "2"] } },
        new object[] { "hincrbyfloat", new[] { new[] { "HINCRBYFLOAT", "h", "f", "10.5" }, ["HINCRBYFLOAT", "h", "f", "0.1"],
            ["HINCRBYFLOAT", "h", "f", "-5"], ["HINCRBYFLOAT", "h", "f", "5.0e3"], ["HINCRBYFLOAT", "h", "f", "2.0e-3"], ["HGET", "h", "f"],
            ["HSET", "h", "i", "5", "s", "abc", "inf", "inf", "nul", "1.5\0", "big", MaxLong], ["HINCRBYFLOAT", "h", "i", "0"],
            ["HINCRBYFLOAT", "h", "i", "1"], ["HINCRBY", "h", "i", "1"], ["HINCRBYFLOAT", "h", "big", "1"], ["HINCRBYFLOAT", "h", "s", "1"],
            ["HINCRBYFLOAT", "h", "inf", "1"], ["HINCRBYFLOAT", "h", "nul", "1"], ["HINCRBYFLOAT", "h", "f", "abc"],
            ["HINCRBYFLOAT", "h", "f", ""], ["HINCRBYFLOAT", "h", "f", " 1"], ["HINCRBYFLOAT", "h", "f", "nan"],
            ["HINCRBYFLOAT", "h", "f", "inf"], ["HINCRBYFLOAT", "h", "f", "-Infinity"], ["HINCRBYFLOAT", "h", "f", "1e400"],
            ["HINCRBYFLOAT", "h", "f", "0x10"], ["HINCRBYFLOAT", "h", "f", "1\0"], ["HINCRBYFLOAT", "h", "z", "1e4932"],
            ["HINCRBYFLOAT", "h", "z", "1e4932"], ["HGET", "h", "z"], ["HINCRBYFLOAT", "h", "w", "-0"], ["HGET", "h", "w"],
            ["HINCRBYFLOAT", "h", "v", "-0.000000000000000006"], ["HINCRBYFLOAT", "fresh", "x", "inf"],
            ["HINCRBYFLOAT", "fresh", "x", "x"], ["EXISTS", "fresh"], ["HINCRBYFLOAT", "h", "f"], ["HINCRBYFLOAT", "h", "f", "1", "2"] } },
        new object[] { "hrandfield deterministic cases", new[] { new[] { "HSET", "h", "a", "1", "b", "2", "c", "3" },
            ["HRANDFIELD", "h", "3"], ["HRANDFIELD", "h", "4", "WITHVALUES"], ["HRANDFIELD", "h", MaxLong.Substring(1)],
            ["HRANDFIELD", "h", "0"], ["HRANDFIELD", "h", "0", "withvalues"], ["HRANDFIELD", "missing"],
            ["HRANDFIELD", "missing", "5"], ["HRANDFIELD", "missing", "-5", "WITHVALUES"], ["HSET", "one", "f", "v"],
            ["HRANDFIELD", "one"], ["HRANDFIELD", "one", "1"], ["HRANDFIELD", "one", "-3"], ["HRANDFIELD", "one", "-3", "WITHVALUES"],
            ["HRANDFIELD", "one", "1", "WITHVALUES"] } },
        new object[] { "hrandfield errors", new[] { new[] { "HSET", "h", "a", "1" }, ["HRANDFIELD", "h", "x"],
            ["HRANDFIELD", "h", "1.5"], ["HRANDFIELD", "h", MinLong],
            ["HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"], ["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"],
            ["HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"], ["HRANDFIELD", "h", "1", "WITHVALUE"], ["HRANDFIELD", "h", "1", "withValues\0junk"],
            ["HRANDFIELD", "h", "1", "WITHVALUES", "x"], ["HRANDFIELD", "h", "1", "x", "y"], ["HRANDFIELD", "missing", "x"],
            ["HRANDFIELD", "missing", "1", "bad"], ["HRANDFIELD", "missing", "4611686018427387904", "WITHVALUES"], ["HRANDFIELD"] } },
        new object[] { "hscan over a listpack", new[] { new[] { "HSET", "h", "a", "1", "b", "2", "ab", "3", "c", "4" },
            ["HSCAN", "h", "0"], ["HSCAN", "h", "12345"], ["HSCAN", "h", "0", "MATCH", "a*"], ["HSCAN", "h", "0", "COUNT", "1"],
            ["HSCAN", "h", "0", "match", "*b", "count", "1"], ["HSCAN", "h", "0", "MATCH", "z*"], ["HSCAN", "missing", "0"],
            ["HSCAN", "missing", "0", "COUNT", "0"], ["HSCAN", "h", "x"], ["HSCAN", "h", "-1"], ["HSCAN", "h", "0", "COUNT", "0"],
            ["HSCAN", "h", "0", "COUNT", "x"], ["HSCAN", "h", "0", "MATCH"], ["HSCAN", "h", "0", "TYPE", "hash"],
            ["HSCAN", "h", "0", "foo", "bar"], ["HSCAN", "missing", "x"], ["HSCAN", "h"] } },
        new object[] { "wrongtype both ways", new[] { new[] { "SET", "s", "v" }, ["HSET", "s", "a", "1"], ["HMSET", "s", "a", "1"],
            ["HSETNX", "s", "a", "1"], ["HGET", "s", "a"], ["HMGET", "s", "a"], ["HDEL", "s", "a"], ["HLEN", "s"], ["HSTRLEN", "s", "a"],
            ["HEXISTS", "s", "a"], ["HKEYS", "s"], ["HVALS", "s"], ["HGETALL", "s"], ["HINCRBY", "s", "a", "1"],
            ["HINCRBYFLOAT", "s", "a", "1"], ["HRANDFIELD", "s"], ["HRANDFIELD", "s", "2"], ["HSCAN", "s", "0"],
            ["HINCRBY", "s", "a", "x"], ["HINCRBYFLOAT", "s", "a", "inf"], ["HSET", "s", "a"], ["GET", "s"],
            ["HSET", "h", "a", "1"], ["GET", "h"], ["APPEND", "h", "x"], ["INCR", "h"], ["STRLEN", "h"], ["SETRANGE", "h", "0", "x"],
            ["GETDEL", "h"], ["TYPE", "h"], ["SET", "h", "v"], ["TYPE", "h"] } },
        new object[] { "resp3 shapes", new[] { new[] { Unchecked, "HELLO", "3" }, ["HSET", "h", "a", "1", "b", "2"],
            ["HGETALL", "h"], ["HGETALL", "missing"], ["HKEYS", "h"], ["HVALS", "h"], ["HGET", "h", "x"], ["HMGET", "h", "a", "x"],
            ["HRANDFIELD", "missing"], ["HRANDFIELD", "missing", "3"], ["HRANDFIELD", "h", "5"], ["HRANDFIELD", "h", "5", "WITHVALUES"],
            ["HSET", "one", "f", "v"], ["HRANDFIELD", "one", "-2", "WITHVALUES"], ["HRANDFIELD", "one", "-2"],
            ["HINCRBYFLOAT", "h", "a", "1.5"], ["HINCRBY", "h", "b", "1"], ["HEXISTS", "h", "a"], ["HSETNX", "h", "a", "x"],
            ["HSCAN", "h", "0"], ["HSTRLEN", "h", "a"], ["HLEN", "h"], ["HDEL", "h", "a"], ["HMSET", "h", "c", "3"] } },
        new object[] { "copy and rename keep the hash", new[] { new[] { "HSET", "h", "a", "1", "b", "2" }, ["COPY", "h", "c"],
            ["HSET", "c", "a", "changed"], ["HGETALL", "h"], ["HGETALL", "c"], ["OBJECT", "ENCODING", "c"], ["RENAME", "c", "d"],
            ["HGETALL", "d"], ["TYPE", "d"] } },
        // A map returned whole comes back in Lua 5.4's table order (docs/scripting.md), so only one-field maps are.
        new object[] { "scripts see hashes in both protocols", new[] { new[] { "HSET", "h", "a", "1", "b", "2" },
            ["EVAL", "return redis.call('HGETALL', KEYS[1])", "1", "h"], ["HSET", "one", "f", "v"],
            ["EVAL", "redis.setresp(3); return redis.call('HGETALL', KEYS[1])", "1", "one"],
            ["EVAL", "redis.setresp(3); return redis.call('HGETALL', KEYS[1])['map']['b']", "1", "h"],
            ["EVAL", "redis.setresp(3); return redis.call('HRANDFIELD', KEYS[1], 5, 'WITHVALUES')", "1", "h"],
            ["EVAL", "return redis.call('HINCRBYFLOAT', KEYS[1], 'a', '0.5')", "1", "h"],
            ["EVAL", "return redis.call('HSET', KEYS[1], 'c')", "1", "h"], ["EVAL_RO", "return redis.call('HSET', KEYS[1], 'c', '3')", "1", "h"],
            [Unchecked, "HELLO", "3"], ["EVAL", "redis.setresp(3); return redis.call('HGETALL', KEYS[1])", "1", "one"],
            ["EVAL", "return redis.call('HMGET', KEYS[1], 'a', 'zz')", "1", "h"] } },
        new object[] { "command introspection", new[] {
            new[] { "COMMAND", "INFO", "hset", "hsetnx", "hget", "hmget", "hmset", "hdel", "hlen", "hstrlen" },
            ["COMMAND", "INFO", "hexists", "hkeys", "hvals", "hgetall", "hincrby", "hincrbyfloat", "hrandfield", "hscan"],
            ["COMMAND", "DOCS", "hset", "hsetnx", "hget", "hmget", "hmset", "hdel", "hlen", "hstrlen"],
            ["COMMAND", "DOCS", "hexists", "hkeys", "hvals", "hgetall", "hincrby", "hincrbyfloat", "hrandfield", "hscan"],
            ["COMMAND", "GETKEYS", "hset", "h", "a", "1"], ["COMMAND", "GETKEYS", "hmget", "h", "a", "b"],
            ["COMMAND", "GETKEYS", "hscan", "h", "0"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies([.. DefaultThresholds, .. commands]);

    private static readonly object[] Conversions =
    [
        new object[] { "entries: at the limit, then one more", new[] { new[] { "CONFIG", "SET", "hash-max-listpack-entries", "3" },
            ["HSET", "h", "a", "1", "b", "2", "c", "3"], ["OBJECT", "ENCODING", "h"], ["HSET", "h", "a", "x", "b", "y"],
            ["OBJECT", "ENCODING", "h"], ["HSET", "h", "d", "4"], ["OBJECT", "ENCODING", "h"], ["HDEL", "h", "a", "b", "c"],
            ["OBJECT", "ENCODING", "h"], ["HSET", "g", "a", "1", "b", "2", "a", "3", "a", "4"], ["OBJECT", "ENCODING", "g"],
            ["HSETNX", "g", "c", "3"], ["OBJECT", "ENCODING", "g"], ["HSETNX", "g", "d", "4"], ["OBJECT", "ENCODING", "g"],
            ["HINCRBY", "i", "a", "1"], ["HINCRBY", "i", "b", "1"], ["HINCRBY", "i", "c", "1"], ["OBJECT", "ENCODING", "i"],
            ["HINCRBYFLOAT", "i", "d", "1"], ["OBJECT", "ENCODING", "i"] } },
        new object[] { "entries: zero makes every hash a table", new[] { new[] { "CONFIG", "SET", "hash-max-listpack-entries", "0" },
            ["HSET", "h", "a", "1"], ["OBJECT", "ENCODING", "h"], ["HSETNX", "g", "a", "1"], ["OBJECT", "ENCODING", "g"],
            ["HINCRBY", "i", "a", "1"], ["OBJECT", "ENCODING", "i"], ["HGETALL", "h"] } },
        new object[] { "value: 64 bytes fit, 65 do not", new[] { new[] { "HSET", "h", "f", new string('v', 64) },
            ["OBJECT", "ENCODING", "h"], ["HSET", "h", new string('f', 64), "v"], ["OBJECT", "ENCODING", "h"],
            ["HSET", "h", "g", new string('v', 65)], ["OBJECT", "ENCODING", "h"], ["HSET", "k", new string('f', 65), "v"],
            ["OBJECT", "ENCODING", "k"], ["HMSET", "m", "a", "1", "b", new string('v', 65)], ["OBJECT", "ENCODING", "m"],
            ["HSTRLEN", "m", "b"], ["HGET", "h", "f"] } },
        new object[] { "value: every write path converts", new[] { new[] { "CONFIG", "SET", "hash-max-listpack-value", "5" },
            ["HSET", "a", "f", "12345"], ["OBJECT", "ENCODING", "a"], ["HINCRBY", "a", "f", "99999"], ["OBJECT", "ENCODING", "a"],
            ["HSET", "b", "f", "1"], ["HSETNX", "b", "f", "1234567"], ["OBJECT", "ENCODING", "b"], ["HSETNX", "b", "g", "1234567"],
            ["OBJECT", "ENCODING", "b"], ["HSET", "c", "f", "1"], ["HINCRBY", "c", "longfield", "1"], ["OBJECT", "ENCODING", "c"],
            ["HSET", "d", "f", "9999"], ["HINCRBYFLOAT", "d", "f", "0.5"], ["OBJECT", "ENCODING", "d"], ["HSET", "e", "f", "1"],
            ["HINCRBYFLOAT", "e", "f", "1"], ["OBJECT", "ENCODING", "e"], ["HSET", "e", "ff", "123456"], ["HDEL", "e", "ff"],
            ["OBJECT", "ENCODING", "e"], ["HGET", "d", "f"] } },
        new object[] { "config set changes only later writes", new[] { new[] { "HSET", "h", "a", "1", "b", "2", "c", "3" },
            ["CONFIG", "SET", "hash-max-listpack-entries", "1"], ["OBJECT", "ENCODING", "h"], ["HGET", "h", "c"],
            ["HSET", "h", "a", "9"], ["OBJECT", "ENCODING", "h"], ["HSET", "h", "d", "4"], ["OBJECT", "ENCODING", "h"],
            ["CONFIG", "SET", "hash-max-listpack-entries", "128"], ["HDEL", "h", "d"], ["OBJECT", "ENCODING", "h"],
            ["CONFIG", "SET", "hash-max-ziplist-entries", "2"], ["CONFIG", "GET", "hash-max-listpack-entries"],
            ["HSET", "z", "a", "1", "b", "2", "c", "3"], ["OBJECT", "ENCODING", "z"] } },
    ];

    [TestCaseSource(nameof(Conversions))]
    public void EncodingConversionsMatchRealRedis(string name, string[][] commands) =>
        AssertSameReplies([.. DefaultThresholds, .. commands, .. DefaultThresholds]);

    [Test]
    public void BinaryFieldsAndValuesMatchRedis()
    {
        const string key = "k\0\xff\r\n";
        const string field = "f\0\r\n\xfe";
        const string value = "\xff\0\r\nv";
        string[][] commands =
        [
            ["HSET", key, field, value, "\0", "\0\0", "", "\r\n"], ["HGET", key, field], ["HMGET", key, field, "\0", "", "f"],
            ["HSTRLEN", key, field], ["HEXISTS", key, "\0"], ["HEXISTS", key, "\0\0"], ["HKEYS", key], ["HVALS", key], ["HGETALL", key],
            ["HSETNX", key, "\xff", "\xfe"], ["HINCRBY", key, "\r\n\0", "7"], ["HINCRBYFLOAT", key, "\xfe\0", "1.5"],
            ["HSCAN", key, "0", "MATCH", "\xff*"], ["HSCAN", key, "0", "MATCH", "f\0*"], ["HRANDFIELD", key, "100", "WITHVALUES"],
            ["HDEL", key, field, "\0"], ["HGETALL", key], ["HSET", key, field, new string('\xff', 70)], ["OBJECT", "ENCODING", key],
            ["HGET", key, field], ["HGET", key, "\xff"],
        ];
        AssertSameReplies([.. DefaultThresholds, .. commands]);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        // Reads count a hit or a miss for the key; writes (HSET, HDEL, HINCRBY...) count nothing.
        string[][] commands =
        [
            ["HSET", "h", "a", "1"], ["HGET", "h", "a"], ["HGET", "nope", "a"], ["HMGET", "h", "a"], ["HMGET", "nope", "a"],
            ["HLEN", "h"], ["HSTRLEN", "nope", "a"], ["HEXISTS", "h", "x"], ["HKEYS", "h"], ["HVALS", "nope"], ["HGETALL", "h"],
            ["HRANDFIELD", "h"], ["HRANDFIELD", "nope", "2"], ["HSCAN", "h", "0"], ["HSCAN", "nope", "0"], ["HSETNX", "h", "a", "1"],
            ["HMSET", "h", "b", "2"], ["HDEL", "h", "b"], ["HDEL", "nope", "b"], ["HINCRBY", "h", "n", "1"],
            ["HINCRBYFLOAT", "h", "n", "1"],
        ];
        AssertSameKeyspaceCounters(commands);
    }

    // ---- hashtable-encoded hashes: the same elements, in any order ------------------------------

    [Test]
    public void HashtableRepliesHoldTheSameElementsAsRedis()
    {
        var setup = new List<byte[][]> { Cmd("CONFIG", "SET", "hash-max-listpack-entries", "16") };
        var pairs = new List<object> { "HSET", "h" };
        for (int i = 0; i < 40; i++) pairs.AddRange([$"field:{i}", $"value:{i * 7}"]);
        setup.Add(Cmd([.. pairs]));
        setup.Add(Cmd("HDEL", "h", "field:3", "field:17"));
        setup.Add(Cmd("HINCRBY", "h", "field:5", "100"));

        AssertSameElements(setup,
        [
            (Cmd("OBJECT", "ENCODING", "h"), Order.Exact), (Cmd("HLEN", "h"), Order.Exact),
            (Cmd("HKEYS", "h"), Order.Any), (Cmd("HVALS", "h"), Order.Any), (Cmd("HGETALL", "h"), Order.Pairs),
            (Cmd("HRANDFIELD", "h", "38"), Order.Any), (Cmd("HRANDFIELD", "h", "100", "WITHVALUES"), Order.Pairs),
            (Cmd("HSCAN", "h", "0", "COUNT", "1000"), Order.Scan), (Cmd("HSCAN", "h", "0", "MATCH", "field:1*", "COUNT", "1000"), Order.Scan),
            (Cmd("HMGET", "h", "field:1", "field:3", "field:39"), Order.Exact), (Cmd("HGET", "h", "field:5"), Order.Exact),
            (Cmd("HELLO", "3"), Order.Unchecked), (Cmd("HGETALL", "h"), Order.Pairs), (Cmd("HRANDFIELD", "h", "38", "WITHVALUES"), Order.Any),
            (Cmd("CONFIG", "SET", "hash-max-listpack-entries", "128"), Order.Exact),
        ]);
    }

    [Test]
    public void HundredThousandFieldsMatchRedis()
    {
        const int fields = 100_000;
        var hset = new List<object> { "HSET", "big" };
        for (int i = 0; i < fields; i++) hset.AddRange([$"f{i}", i % 3 == 0 ? $"{i}" : $"value-{i}"]);
        var hdel = new List<object> { "HDEL", "big" };
        for (int i = 0; i < fields; i += 2) hdel.Add($"f{i}");

        AssertSameElements([Cmd([.. hset])],
        [
            (Cmd("HLEN", "big"), Order.Exact), (Cmd("OBJECT", "ENCODING", "big"), Order.Exact), (Cmd("HGET", "big", "f99999"), Order.Exact),
            (Cmd("HMGET", "big", "f0", "f1", "f50000", "f100000"), Order.Exact), (Cmd("HSTRLEN", "big", "f77777"), Order.Exact),
            (Cmd("HINCRBY", "big", "f3", "5"), Order.Exact), (Cmd("HINCRBYFLOAT", "big", "f6", "0.25"), Order.Exact),
            (Cmd("HKEYS", "big"), Order.Any), (Cmd("HGETALL", "big"), Order.Pairs), (Cmd([.. hdel]), Order.Exact),
            (Cmd("HLEN", "big"), Order.Exact), (Cmd("HVALS", "big"), Order.Any), (Cmd("HEXISTS", "big", "f2"), Order.Exact),
            (Cmd("HEXISTS", "big", "f3"), Order.Exact), (Cmd("HRANDFIELD", "big", "50000"), Order.Any),
            (Cmd("HSCAN", "big", "0", "COUNT", "100000000"), Order.Scan),
        ]);
    }

    [Test]
    public void FullHscanOfAGrowingTableReturnsEveryFieldLikeRedis()
    {
        // HSCAN's guarantee: a field present for the whole iteration comes back at least once,
        // even though the table grows between calls.
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            var pairs = new List<string> { "HSET", "h" };
            for (int i = 0; i < 1000; i++) pairs.AddRange([$"f{i}", $"v{i}"]);
            connection.Call([.. pairs]);
            var seen = new Dictionary<string, string>();
            string cursor = "0";
            int added = 0, calls = 0;
            do
            {
                var reply = (List<object?>)Resp.Parse(Encoding.Latin1.GetBytes(connection.Call("HSCAN", "h", cursor, "COUNT", "20")))!;
                cursor = (string)reply[0]!;
                var items = (List<object?>)reply[1]!;
                Assert.That(items.Count % 2, Is.Zero);
                for (int i = 0; i < items.Count; i += 2) seen[(string)items[i]!] = (string)items[i + 1]!;
                for (int i = 0; i < 30; i++) connection.Call("HSET", "h", $"new{added++}", "x");
                calls++;
            } while (cursor != "0");
            for (int i = 0; i < 1000; i++) Assert.That(seen[$"f{i}"], Is.EqualTo($"v{i}"), $"port {port}");
            Assert.That(calls, Is.GreaterThan(1));
        }
    }

    // ---- HRANDFIELD: random replies, tested by their properties on both servers --------------------

    [TestCase(10, Description = "listpack")]
    [TestCase(300, Description = "hashtable")]
    public void HrandfieldRepliesHaveRedisProperties(int size)
    {
        foreach (int port in new[] { RedisPort, OurPort })
        {
            string server = port == RedisPort ? "redis-server" : "ours";
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            var pairs = new List<string> { "HSET", "h" };
            for (int i = 0; i < size; i++) pairs.AddRange([$"f{i}", $"v{i}"]);
            connection.Call([.. pairs]);
            List<object?> Call(params string[] args) => (List<object?>)Resp.Parse(Encoding.Latin1.GetBytes(connection.Call(args)))!;

            foreach (int count in new[] { 1, 2, size / 3, size / 2, size - 1 })
            {
                var fields = Call("HRANDFIELD", "h", count.ToString()).Cast<string>().ToList();
                Assert.That(fields, Has.Count.EqualTo(count), $"{server}: count {count}");
                Assert.That(fields, Is.Unique, $"{server}: count {count}");
                Assert.That(fields, Is.All.Matches<string>(f => int.Parse(f[1..]) < size), server);

                var withValues = Call("HRANDFIELD", "h", count.ToString(), "WITHVALUES").Cast<string>().ToList();
                Assert.That(withValues, Has.Count.EqualTo(2 * count), server);
                for (int i = 0; i < withValues.Count; i += 2) Assert.That(withValues[i + 1], Is.EqualTo("v" + withValues[i][1..]), server);
            }

            var repeated = Call("HRANDFIELD", "h", "-2000").Cast<string>().ToList();
            Assert.That(repeated, Has.Count.EqualTo(2000), server);
            Assert.That(repeated.Distinct().Count(), Is.LessThan(2000).And.GreaterThan(Math.Min(size, 10) / 2), $"{server}: repeats and variety");

            var single = connection.Call("HRANDFIELD", "h");
            Assert.That(single, Does.Match(@"^\$\d+\r\nf\d+\r\n$"), server);

            connection.Call("HELLO", "3");
            var nested = Call("HRANDFIELD", "h", "-5", "WITHVALUES");
            Assert.That(nested, Has.Count.EqualTo(5), server);
            foreach (var pair in nested.Cast<List<object?>>()) Assert.That(pair[1], Is.EqualTo("v" + ((string)pair[0]!)[1..]), server);
        }
    }

    [Test]
    public void HrandfieldOfAListpackSamplesInInsertionOrder()
    {
        // A few distinct samples of a big enough listpack (count × 3 <= size) come in listpack order:
        // lpRandomPairsUnique walks it once.
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            connection.Call("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6", "g", "7", "h", "8", "i", "9");
            var seen = new HashSet<string>();
            for (int i = 0; i < 200; i++)
            {
                var reply = (List<object?>)Resp.Parse(Encoding.Latin1.GetBytes(connection.Call("HRANDFIELD", "h", "3")))!;
                var fields = reply.Cast<string>().ToList();
                Assert.That(fields, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), $"port {port}");
                seen.UnionWith(fields);
            }
            Assert.That(seen, Has.Count.EqualTo(9), "every field is sampled some time");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private enum Order { Exact, Any, Pairs, Scan, Unchecked }

    /// <summary>
    /// Runs <paramref name="setup"/> on both servers (replies compared exactly), then each query,
    /// comparing its reply exactly, or as the same raw elements in any order (<see cref="Order.Any"/>),
    /// the same field/value pairs in any order (<see cref="Order.Pairs"/>), or for HSCAN a finished
    /// cursor and the same pairs (<see cref="Order.Scan"/>).
    /// </summary>
    private void AssertSameElements(List<byte[][]> setup, (byte[][] Command, Order Order)[] queries)
    {
        List<string> Run(int port)
        {
            using var connection = new RespConnection(port);
            connection.CallBytes("FLUSHALL"u8.ToArray());
            var replies = setup.Select(c => RespConnection.Latin1(connection.CallBytes(c))).ToList();
            foreach (var (command, order) in queries)
            {
                var reply = connection.CallBytes(command);
                replies.Add(order switch
                {
                    Order.Exact => RespConnection.Latin1(reply),
                    Order.Any => Canonical(reply, 0, group: 1),
                    Order.Pairs => Canonical(reply, 0, group: 2),
                    Order.Scan => ScanCanonical(reply),
                    _ => "",
                });
            }
            return replies;
        }
        var expected = Run(RedisPort);
        var actual = Run(OurPort);
        var names = setup.Concat(queries.Select(q => q.Command))
            .Select(c => string.Join(' ', c.Take(4).Select(a => Encoding.Latin1.GetString(a)))).ToList();
        for (int i = 0; i < expected.Count; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"reply to `{names[i]}...` differs from redis-server's");
    }

    // The header of the aggregate at `at`, then its raw elements in groups of `group`, sorted.
    private static string Canonical(byte[] reply, int at, int group)
    {
        int lineEnd = Array.IndexOf(reply, (byte)'\r', at);
        string header = Encoding.Latin1.GetString(reply, at, lineEnd - at);
        int next = lineEnd + 2;
        var elements = new List<string>();
        long count = long.Parse(header[1..]) * (header[0] == '%' ? 2 : 1);
        for (long i = 0; i < count; i++)
        {
            int length = ElementLength(reply, next);
            elements.Add(Encoding.Latin1.GetString(reply, next, length));
            next += length;
        }
        var groups = elements.Chunk(group).Select(g => string.Concat(g)).Order(StringComparer.Ordinal);
        return header + "|" + string.Join("|", groups);
    }

    // An HSCAN reply that finished in one call: its cursor, then its pairs in any order.
    private static string ScanCanonical(byte[] reply)
    {
        int cursorAt = Array.IndexOf(reply, (byte)'\n') + 1;
        int cursorLength = ElementLength(reply, cursorAt);
        return Encoding.Latin1.GetString(reply, cursorAt, cursorLength) + Canonical(reply, cursorAt + cursorLength, group: 2);
    }

    private static int ElementLength(byte[] data, int at)
    {
        int lineEnd = Array.IndexOf(data, (byte)'\r', at);
        long n = data[at] is (byte)'$' or (byte)'*' or (byte)'%' or (byte)'~'
            ? long.Parse(Encoding.ASCII.GetString(data, at + 1, lineEnd - at - 1)) : 0;
        int next = lineEnd + 2;
        switch ((char)data[at])
        {
            case '$':
                return n < 0 ? next - at : next + (int)n + 2 - at;
            case '*' or '%' or '~':
                if (data[at] == (byte)'%') n *= 2;
                for (long i = 0; i < n; i++) next += ElementLength(data, next);
                return next - at;
            default:
                return next - at;
        }
    }
}
