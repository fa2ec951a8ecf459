// Differential tests for SORT and SORT_RO: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes. Sets in hash table encoding are sorted (ALPHA or
// numeric) in every command, because their own order is random in Redis.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class SortDifferentialTests : DifferentialFixture
{
    private static readonly object[] Scripts =
    [
        new object[] { "numeric and alpha sorts of a list", new[] { new[] { "RPUSH", "l", "3", "1", "10", "2", "-1.5", "1e2", "2" },
            ["SORT", "l"], ["SORT", "l", "DESC"], ["SORT", "l", "ALPHA"], ["SORT", "l", "ALPHA", "DESC"], ["SORT", "l", "asc", "desc"],
            ["SORT", "l", "DESC", "ASC"], ["SORT", "l", "LIMIT", "1", "3"], ["SORT", "l", "LIMIT", "-5", "2"], ["SORT", "l", "LIMIT", "2", "-1"],
            ["SORT", "l", "LIMIT", "2", "0"], ["SORT", "l", "LIMIT", "7", "1"], ["SORT", "l", "LIMIT", "100", "5"],
            ["SORT", "l", "LIMIT", "0", "100"], ["SORT", "l", "DESC", "LIMIT", "1", "2"], ["SORT", "l", "ALPHA", "LIMIT", "0", "1", "LIMIT", "3", "2"],
            ["SORT_RO", "l"], ["SORT_RO", "l", "ALPHA", "DESC", "LIMIT", "1", "4"], ["LRANGE", "l", "0", "-1"] } },
        new object[] { "numbers strtod reads, and the error for the others", new[] { new[] { "RPUSH", "n", "0x10", " 7", "inf", "-inf", "", "1e-2", "+3" },
            ["SORT", "n"], ["SORT", "n", "DESC"], ["RPUSH", "bad", "1", "x"], ["SORT", "bad"], ["SORT", "bad", "ALPHA"], ["SORT", "bad", "STORE", "d"],
            ["EXISTS", "d"], ["RPUSH", "nan", "nan"], ["SORT", "nan"], ["RPUSH", "trail", "1 "], ["SORT", "trail"],
            ["RPUSH", "nul", "5\0x", "4"], ["SORT", "nul"], ["RPUSH", "space", " "], ["SORT", "space"], ["RPUSH", "dup", "1", "01", "1.0", "1"],
            ["SORT", "dup"], ["SORT", "dup", "DESC"],
            // Last: Redis leaves strtod's ERANGE in errno, which fails every SORT after it in the same pipeline.
            ["RPUSH", "big", "1e400"], ["SORT", "big"], ["RPUSH", "tiny", "1e-400"], ["SORT", "tiny"] } },
        new object[] { "intset sets and sorted sets", new[] { new[] { "SADD", "s", "5", "-2", "30", "4" }, ["SORT", "s"], ["SORT", "s", "DESC"],
            ["SORT", "s", "ALPHA"], ["SORT", "s", "BY", "nosort"], ["SORT", "s", "BY", "nosort", "LIMIT", "1", "2"], ["SORT", "s", "BY", "nosort", "DESC"],
            ["ZADD", "z", "3", "c", "1", "a", "2", "b", "2", "bb"], ["OBJECT", "ENCODING", "z"], ["SORT", "z", "ALPHA"], ["OBJECT", "ENCODING", "z"],
            ["SORT", "z"], ["SORT", "z", "BY", "nosort"], ["SORT", "z", "BY", "nosort", "DESC"], ["SORT", "z", "BY", "nosort", "LIMIT", "1", "2"],
            ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"], ["SORT", "z", "BY", "nosort", "LIMIT", "3", "10"],
            ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "5", "1"], ["SORT", "z", "BY", "nosort", "LIMIT", "0", "0"],
            ["ZADD", "zn", "1", "10", "2", "9", "3", "8"], ["SORT", "zn"], ["SORT", "zn", "BY", "nosort", "DESC"] } },
        new object[] { "lists without sorting keep their order", new[] { new[] { "RPUSH", "l", "c", "a", "b", "d", "e" }, ["SORT", "l", "BY", "nosort"],
            ["SORT", "l", "BY", "nosort", "DESC"], ["SORT", "l", "BY", "nosort", "LIMIT", "1", "2"], ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
            ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "3", "10"], ["SORT", "l", "BY", "nosort", "LIMIT", "5", "1"],
            ["SORT", "l", "BY", "nosort", "LIMIT", "-3", "-3"], ["SORT", "l", "BY", "w_*", "BY", "nosort"], ["SORT", "l", "BY", "nosort", "BY", "w_*"],
            ["SORT", "l", "BY", "no\0*sort"] } },
        new object[] { "by and get patterns over strings and hashes", new[] { new[] { "RPUSH", "l", "1", "2", "3", "4" },
            ["MSET", "w_1", "40", "w_2", "10", "w_3", "30", "name_1", "one", "name_2", "two", "name_4", "four"],
            ["HSET", "h_1", "f", "b", "g", "3"], ["HSET", "h_2", "f", "a", "g", "1"], ["HSET", "h_3", "f", "c"], ["SADD", "name_3", "x"],
            ["SORT", "l", "BY", "w_*"], ["SORT", "l", "BY", "w_*", "DESC"], ["SORT", "l", "BY", "h_*->f", "ALPHA"], ["SORT", "l", "BY", "h_*->g"],
            ["SORT", "l", "BY", "h_*->f", "ALPHA", "DESC"], ["SORT", "l", "GET", "name_*"], ["SORT", "l", "GET", "#", "GET", "name_*", "GET", "h_*->f"],
            ["SORT", "l", "BY", "w_*", "GET", "#", "GET", "w_*"], ["SORT", "l", "GET", "nostar"], ["SORT", "l", "GET", "h_*->"], ["SORT", "l", "GET", "h_*->nofield"],
            ["SORT", "l", "GET", "name_*->f"], ["SORT", "l", "GET", "h_*"], ["SORT", "l", "GET", "#\0x"], ["SORT", "l", "GET", "##"], ["SORT", "l", "GET", "*"],
            ["SORT", "l", "BY", "name_*", "ALPHA"], ["SORT", "l", "BY", "name_*"], ["SORT", "l", "BY", "w_*", "LIMIT", "1", "2", "GET", "name_*"],
            ["SORT", "l", "BY", "w_*", "DESC", "LIMIT", "0", "3"], ["SORT", "l", "BY", "h_*->f", "ALPHA", "LIMIT", "0", "2"],
            ["SET", "1_w_", "9"], ["SORT", "l", "GET", "*_w_"], ["SET", "p**", "x"], ["SORT", "l", "GET", "p**"], ["SET", "p1*", "y"], ["SORT", "l", "GET", "p*\\*"],
            ["SORT", "l", "GET", "p**"], ["HSET", "k1->x", "y", "z"], ["SORT", "l", "GET", "k*->x->y"], ["SORT", "l", "GET", "k->*"] } },
        new object[] { "store makes a list, and an empty result deletes", new[] { new[] { "RPUSH", "l", "3", "1", "2" }, ["SORT", "l", "STORE", "d"],
            ["TYPE", "d"], ["OBJECT", "ENCODING", "d"], ["LRANGE", "d", "0", "-1"], ["SET", "d2", "x"], ["EXPIRE", "d2", "100"],
            ["SORT", "l", "DESC", "STORE", "d2"], ["TTL", "d2"], ["LRANGE", "d2", "0", "-1"], ["SORT", "l", "GET", "nosuch_*", "GET", "#", "STORE", "d3"],
            ["LRANGE", "d3", "0", "-1"], ["SORT", "missing", "STORE", "d"], ["EXISTS", "d"], ["SORT", "missing", "STORE", "d"],
            ["SORT", "l", "LIMIT", "0", "0", "STORE", "d2"], ["EXISTS", "d2"], ["SORT", "l", "STORE", "a", "STORE", "b"], ["EXISTS", "a"], ["LRANGE", "b", "0", "-1"],
            ["SORT", "l", "STORE", "l"], ["LRANGE", "l", "0", "-1"], ["SADD", "s", "b", "c", "a"], ["SORT", "s", "BY", "nosort", "STORE", "d"],
            ["LRANGE", "d", "0", "-1"], ["SORT", "s", "BY", "nosort", "DESC", "STORE", "d"], ["LRANGE", "d", "0", "-1"],
            ["SADD", "bin", "a\0c", "a\0b", "a"], ["SORT", "bin", "ALPHA", "STORE", "d"], ["LRANGE", "d", "0", "-1"] } },
        new object[] { "syntax and type errors", new[] { new[] { "RPUSH", "l", "1" }, ["SORT", "l", "LIMIT"], ["SORT", "l", "LIMIT", "1"],
            ["SORT", "l", "LIMIT", "x", "1"], ["SORT", "l", "LIMIT", "1", "1.5"], ["SORT", "l", "BY"], ["SORT", "l", "GET"], ["SORT", "l", "STORE"],
            ["SORT", "l", "nonsense"], ["SORT_RO", "l", "STORE", "d"], ["SORT", "l", "ALPHA\0x"], ["SORT"], ["SORT_RO"], ["SET", "str", "v"],
            ["SORT", "str"], ["SORT_RO", "str"], ["SORT", "str", "STORE", "d"], ["HSET", "h", "f", "v"], ["SORT", "h"], ["SORT", "str", "LIMIT", "x", "y"],
            ["SORT", "str", "bad"], ["SORT", "missing"], ["SORT", "missing", "LIMIT", "0", "5", "GET", "#"], ["SORT_RO", "missing", "BY", "x"] } },
        new object[] { "scripts get a set without sorting sorted", new[] { new[] { "SADD", "s", "b", "c", "a", "10", "9" },
            ["EVAL", "return redis.call('sort', KEYS[1], 'by', 'nosort')", "1", "s"],
            ["EVAL", "return redis.call('sort', KEYS[1], 'by', 'nosort', 'desc', 'limit', '1', '2')", "1", "s"],
            ["EVAL", "return redis.call('sort_ro', KEYS[1], 'by', 'nosort', 'get', '#')", "1", "s"],
            ["EVAL", "return redis.call('sort', KEYS[1], 'alpha')", "1", "s"], ["EVAL", "return redis.call('sort', KEYS[1])", "1", "s"],
            ["EVAL", "return redis.call('sort', KEYS[1], 'by', 'nosort', 'store', 'd')", "1", "s"], ["LRANGE", "d", "0", "-1"],
            ["EVAL_RO", "return redis.call('sort_ro', KEYS[1], 'by', 'nosort', 'limit', '0', '2')", "1", "s"],
            ["EVAL_RO", "return redis.call('sort', KEYS[1])", "1", "s"], ["SADD", "i", "3", "20", "100"],
            ["EVAL", "return redis.call('sort', KEYS[1], 'by', 'nosort')", "1", "i"], ["SORT", "i", "BY", "nosort"],
            ["EVAL", "return redis.call('sort', KEYS[1], 'by', 'x_*')", "1", "i"] } },
        new object[] { "resp3 replies and nulls", new[] { new[] { Unchecked, "HELLO", "3" }, ["RPUSH", "l", "2", "1"], ["SET", "v_1", "x"],
            ["SORT", "l"], ["SORT", "l", "GET", "v_*", "GET", "#"], ["SORT_RO", "l", "GET", "v_*"], ["SORT", "missing"], ["SORT", "l", "STORE", "d"],
            ["SORT", "l", "LIMIT", "x", "1"], ["RPUSH", "bad", "x"], ["SORT", "bad"] } },
        new object[] { "command info, docs and getkeys", new[] { new[] { "COMMAND", "INFO", "sort", "sort_ro" }, ["COMMAND", "DOCS", "sort", "sort_ro"],
            ["COMMAND", "GETKEYS", "sort", "a", "by", "x", "store", "b", "get", "y", "store", "c", "limit", "0", "1"],
            ["COMMAND", "GETKEYS", "sort", "a", "store"], ["COMMAND", "GETKEYS", "sort", "a", "limit", "store", "b"],
            ["COMMAND", "GETKEYS", "sort", "a", "get", "store", "b"], ["COMMAND", "GETKEYSANDFLAGS", "sort", "a", "store", "b"],
            ["COMMAND", "GETKEYSANDFLAGS", "sort_ro", "a", "store", "b"], ["COMMAND", "GETKEYS", "sort", "a", "STORE\0x", "b"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void ExpiredKeysNamedByPatternsAreMissing()
    {
        AssertSameReplies(
            ["RPUSH", "l", "1", "2", "3"], ["SET", "w_1", "30", "PX", "50"], ["SET", "w_2", "20"], ["SET", "w_3", "10"],
            ["HSET", "h_2", "f", "x"], ["PEXPIRE", "h_2", "50"], ["SORT", "l", "BY", "w_*", "GET", "w_*", "GET", "h_*->f"], [Pause, "120"],
            ["SORT", "l", "BY", "w_*", "GET", "w_*", "GET", "h_*->f"], ["SORT", "l", "BY", "w_*", "GET", "h_*->f", "STORE", "d"],
            ["LRANGE", "d", "0", "-1"], ["EXISTS", "w_1", "h_2"]);
    }

    [Test]
    public void HashtableSetsSortLikeRedis()
    {
        AssertSameReplies(
            ["SADD", "s", "b", "a", "10", "c", "2", "\xff", ""], ["OBJECT", "ENCODING", "s"], ["SORT", "s", "ALPHA"],
            ["SORT", "s", "ALPHA", "DESC"], ["SORT", "s", "ALPHA", "LIMIT", "2", "3"], ["SORT", "s", "ALPHA", "STORE", "d"], ["LRANGE", "d", "0", "-1"],
            ["SORT", "s", "BY", "nosort", "STORE", "d"], ["LRANGE", "d", "0", "-1"], ["SADD", "n", "1.5", "-3", "x1"], ["SREM", "n", "x1"],
            ["OBJECT", "ENCODING", "n"], ["SORT", "n"], ["SORT", "n", "DESC", "GET", "#"], ["SORT", "s"]);
    }

    [Test]
    public void AlphaByPatternTiesKeepTheLoadOrder()
    {
        // Missing weights compare equal: glibc's qsort (a merge sort) keeps them in load order, in both directions.
        AssertSameReplies(
            ["RPUSH", "l", "c", "a", "d", "b", "e"], ["SET", "w_a", "m"], ["SET", "w_e", "m"], ["SORT", "l", "BY", "w_*", "ALPHA"],
            ["SORT", "l", "BY", "w_*", "ALPHA", "DESC"], ["SORT", "l", "BY", "w_*", "ALPHA", "STORE", "d"], ["LRANGE", "d", "0", "-1"],
            ["SET", "w_c", "a\0z"], ["SET", "w_d", "a\0b"], ["SORT", "l", "BY", "w_*", "ALPHA"], ["SORT", "l", "BY", "w_*", "ALPHA", "STORE", "d"],
            ["LRANGE", "d", "0", "-1"]);
    }

    [TestCase(6)]
    [TestCase(30)]
    [TestCase(300)]
    public void AlphaByPatternWithLimitPlacesTiesAsRedisPartialSortDoes(int size)
    {
        // With BY and a LIMIT range Redis sorts with its pqsort (not stable): equal weights land where it puts them.
        var rng = new Random(size);
        var commands = new List<string[]>();
        var elements = new List<string> { "RPUSH", "l" };
        for (int i = 0; i < size; i++)
        {
            elements.Add("e" + i);
            if (rng.Next(3) > 0) commands.Add(["SET", "w_e" + i, "" + (char)('a' + rng.Next(4))]);
        }
        commands.Insert(0, [.. elements]);
        foreach (var (offset, count) in new[] { (0, 5), (1, 3), (size / 2, 4), (size - 3, 10), (2, size), (size + 1, 2) })
        {
            commands.Add(["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "" + offset, "" + count]);
            commands.Add(["SORT", "l", "BY", "w_*", "ALPHA", "DESC", "LIMIT", "" + offset, "" + count, "GET", "#", "GET", "w_*"]);
            commands.Add(["SORT", "l", "BY", "w_*", "LIMIT", "" + offset, "" + count]);
        }
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void BinaryKeysElementsAndPatternsMatchRedis()
    {
        AssertSameReplies(
            Cmd("RPUSH", "k\0\xff", "b\0", "\xff", "a\r\n", "b"), Cmd("SORT", "k\0\xff", "ALPHA"), Cmd("SORT", "k\0\xff", "ALPHA", "DESC"),
            Cmd("SET", "w\0b\0", "2"), Cmd("SET", "w\0\xff", "1"), Cmd("SET", "w\0a\r\n", "3"), Cmd("SET", "w\0b", "0"),
            Cmd("SORT", "k\0\xff", "BY", "w\0*"), Cmd("SORT", "k\0\xff", "BY", "w*"), Cmd("SORT", "k\0\xff", "BY", "w\0*", "GET", "w\0*", "GET", "#"),
            Cmd("HSET", "h\xff", "f\0g", "v1"), Cmd("SORT", "k\0\xff", "ALPHA", "GET", "h*->f\0g"), Cmd("SORT", "k\0\xff", "ALPHA", "GET", "h*->f"),
            Cmd("SORT", "k\0\xff", "ALPHA", "STORE", "d\0"), Cmd("LRANGE", "d\0", "0", "-1"));
    }

    [Test]
    public void LargeCollectionsMatchRedis()
    {
        // 100,000 elements pushed by a script in batches, then sorted numerically, ALPHA, by nosort and stored.
        const string fill = "local b = {} for i = 1, 100000 do b[#b + 1] = tostring((i * 7919) % 100003) " +
            "if #b == 1000 then redis.call('rpush', KEYS[1], unpack(b)) redis.call('zadd', KEYS[2], i, b[1]) b = {} end end " +
            "for i = 1, 100000, 1000 do local s = {} for j = i, i + 999 do s[#s + 1] = tostring(j * 3) end redis.call('sadd', KEYS[3], unpack(s)) end " +
            "return redis.call('llen', KEYS[1])";
        AssertSameReplies(
            ["EVAL", fill, "3", "l", "z", "s"], ["SORT", "l", "LIMIT", "0", "10"], ["SORT", "l", "DESC", "LIMIT", "50000", "5"],
            ["SORT", "l", "ALPHA", "LIMIT", "99990", "20"], ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "40000", "3"], ["SORT", "l", "STORE", "d"],
            ["LINDEX", "d", "77777"], ["SORT", "s", "LIMIT", "99995", "10"], ["OBJECT", "ENCODING", "s"], ["SORT", "s", "DESC", "LIMIT", "0", "3"],
            ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "3"], ["SORT", "z", "ALPHA", "LIMIT", "0", "3"]);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        // The sorted key and every key a BY or GET pattern names are read lookups.
        AssertSameKeyspaceCounters(
            ["RPUSH", "l", "1", "2", "3"], ["SET", "w_1", "5"], ["SORT", "l"], ["SORT", "nope"], ["SORT", "l", "BY", "w_*"],
            ["SORT", "l", "GET", "w_*", "GET", "#"], ["SORT", "l", "BY", "nosort", "GET", "w_*", "STORE", "d"]);
    }
}
