// Differential tests for the set commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes (sorted where Redis's hash table order is random),
// and property tests for the random replies of SPOP and SRANDMEMBER.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class SetDifferentialTests : DifferentialFixture
{
    private const string MaxLong = "9223372036854775807";
    private const string MinLong = "-9223372036854775808";

    private static readonly object[] Scripts =
    [
        new object[] { "sadd srem scard sismember smismember on an intset", new[] { new[] { "SADD", "s", "3", "1", "2" },
            ["SADD", "s", "2", "4"], ["SMEMBERS", "s"], ["SCARD", "s"], ["SISMEMBER", "s", "2"], ["SISMEMBER", "s", "5"],
            ["SISMEMBER", "s", "x"], ["SISMEMBER", "s", "02"], ["SMISMEMBER", "s", "1", "5", "x", "2", "1"], ["SREM", "s", "1", "9", "x"],
            ["SMEMBERS", "s"], ["SREM", "s", "2", "3", "4", "5"], ["EXISTS", "s"], ["SCARD", "s"], ["SREM", "missing", "a"],
            ["SISMEMBER", "missing", "a"], ["SMISMEMBER", "missing", "a", "b"], ["SMEMBERS", "missing"], ["SCARD", "missing"],
            ["SADD", "s"], ["SREM", "s"], ["SCARD"], ["SCARD", "a", "b"], ["SISMEMBER", "s"], ["SISMEMBER", "s", "a", "b"],
            ["SMISMEMBER", "s"], ["SMEMBERS"], ["SMEMBERS", "a", "b"], ["SADD", "d", "5", "5", "5"], ["SMEMBERS", "d"] } },
        new object[] { "intset widths and upgrades", new[] { new[] { "SADD", "w", "1", "-1", "32767", "-32768" },
            ["OBJECT", "ENCODING", "w"], ["SMEMBERS", "w"], ["SADD", "w", "32768"], ["SMEMBERS", "w"], ["SADD", "w", "-2147483649"],
            ["SMEMBERS", "w"], ["SADD", "w", MaxLong, MinLong, "2147483648"], ["SMEMBERS", "w"], ["OBJECT", "ENCODING", "w"],
            ["SREM", "w", MaxLong, MinLong, "-2147483649", "2147483648"], ["SMEMBERS", "w"], ["SISMEMBER", "w", "70000"],
            ["SISMEMBER", "w", "32768"], ["SADD", "w", "40000", "-40000", "0"], ["SMEMBERS", "w"], ["SADD", "v", "-5"],
            ["SADD", "v", "-9000000000"], ["SMEMBERS", "v"], ["SADD", "u", "7"], ["SADD", "u", "9000000000"], ["SMEMBERS", "u"] } },
        new object[] { "members that are not canonical integers make a hash table", new[] { new[] { "SADD", "a", "007" },
            ["OBJECT", "ENCODING", "a"], ["SADD", "b", "1"], ["OBJECT", "ENCODING", "b"], ["SADD", "b", "-0"],
            ["OBJECT", "ENCODING", "b"], ["SISMEMBER", "b", "1"], ["SISMEMBER", "b", "-0"], ["SADD", "c", "+1"], ["OBJECT", "ENCODING", "c"],
            ["SADD", "d", " 1"], ["OBJECT", "ENCODING", "d"], ["SADD", "e", "1.0"], ["OBJECT", "ENCODING", "e"],
            ["SADD", "f", "9223372036854775808"], ["OBJECT", "ENCODING", "f"], ["SADD", "g", "-9223372036854775809"],
            ["OBJECT", "ENCODING", "g"], ["SADD", "h", ""], ["OBJECT", "ENCODING", "h"], ["SADD", "i", "1", "x"],
            ["OBJECT", "ENCODING", "i"], ["SADD", "j", "2", "3"], ["SREM", "j", "02", "+3"], ["SCARD", "j"], ["SADD", "j", "x"],
            ["SREM", "j", "x"], ["OBJECT", "ENCODING", "j"], ["SCARD", "j"], ["SADD", "k", "1\0"], ["OBJECT", "ENCODING", "k"] } },
        new object[] { "set-max-intset-entries converts, never back", new[] { new[] { "CONFIG", "SET", "set-max-intset-entries", "4" },
            ["SADD", "c", "1", "2", "3", "4"], ["OBJECT", "ENCODING", "c"], ["SADD", "c", "4"], ["OBJECT", "ENCODING", "c"],
            ["SADD", "c", "5"], ["OBJECT", "ENCODING", "c"], ["SREM", "c", "5", "4", "3"], ["OBJECT", "ENCODING", "c"], ["SCARD", "c"],
            ["SADD", "d", "1", "2", "3", "4", "5", "6"], ["OBJECT", "ENCODING", "d"], ["CONFIG", "SET", "set-max-intset-entries", "0"],
            ["SADD", "z", "1"], ["OBJECT", "ENCODING", "z"], ["CONFIG", "SET", "set-max-intset-entries", "1"], ["SADD", "y", "1"],
            ["OBJECT", "ENCODING", "y"], ["SADD", "y", "2"], ["OBJECT", "ENCODING", "y"],
            ["CONFIG", "SET", "set-max-intset-entries", "512"] } },
        new object[] { "smove", new[] { new[] { "SADD", "a", "1", "2", "3" }, ["SADD", "b", "x"], ["SMOVE", "a", "b", "1"],
            ["SMEMBERS", "a"], ["OBJECT", "ENCODING", "b"], ["SCARD", "b"], ["SMOVE", "a", "b", "9"], ["SMOVE", "a", "a", "2"],
            ["SMOVE", "a", "a", "9"], ["SMOVE", "missing", "b", "1"], ["SET", "str", "v"], ["SMOVE", "missing", "str", "1"],
            ["SMOVE", "a", "str", "2"], ["SMOVE", "str", "a", "2"], ["SMOVE", "str", "str", "2"], ["SMOVE", "a", "new", "2"],
            ["OBJECT", "ENCODING", "new"], ["SMEMBERS", "new"], ["SMOVE", "a", "new", "3"], ["EXISTS", "a"], ["SMEMBERS", "new"],
            ["SMOVE", "b", "new", "x"], ["OBJECT", "ENCODING", "new"], ["SISMEMBER", "new", "x"], ["SADD", "d", "7"], ["SADD", "e", "7"],
            ["SMOVE", "d", "e", "7"], ["EXISTS", "d"], ["SMEMBERS", "e"], ["SADD", "t", "1"], ["EXPIRE", "t", "100"],
            ["SADD", "u", "1", "2"], ["SMOVE", "u", "t", "2"], ["TTL", "t"], ["SMOVE", "a"], ["SMOVE", "a", "b"],
            ["SMOVE", "a", "b", "c", "d"] } },
        new object[] { "spop and srandmember errors, missing keys and whole sets", new[] { new[] { "SPOP", "missing" },
            ["SPOP", "missing", "3"], ["SPOP", "missing", "0"], ["SPOP", "missing", "-1"], ["SRANDMEMBER", "missing"],
            ["SRANDMEMBER", "missing", "3"], ["SRANDMEMBER", "missing", "-3"], ["SRANDMEMBER", "missing", "0"],
            ["SADD", "s", "5", "1", "3"], ["SPOP", "s", "-1"], ["SPOP", "s", "x"], ["SPOP", "s", "1.5"], ["SPOP", "s", MinLong],
            ["SPOP", "s", "1", "2"], ["SPOP", "s", "0"], ["SRANDMEMBER", "s", "x"], ["SRANDMEMBER", "s", MinLong],
            ["SRANDMEMBER", "s", "1", "2"], ["SRANDMEMBER", "s", "0"], ["SRANDMEMBER", "s", "3"], ["SRANDMEMBER", "s", MaxLong],
            ["SRANDMEMBER", "s", "100"], ["SPOP", "s", "3"], ["EXISTS", "s"], ["SADD", "s", "9", "8"], ["SPOP", "s", MaxLong],
            ["EXISTS", "s"], ["SADD", "one", "x"], ["SRANDMEMBER", "one"], ["SRANDMEMBER", "one", "-4"], ["SRANDMEMBER", "one", "1"],
            ["SRANDMEMBER", "one", "-1"], ["SPOP", "one"], ["EXISTS", "one"], ["SADD", "one", "7"], ["SPOP", "one", "1"],
            ["EXISTS", "one"], ["SET", "str", "v"], ["SPOP", "str"], ["SPOP", "str", "2"], ["SPOP", "str", "-2"],
            ["SRANDMEMBER", "str"], ["SRANDMEMBER", "str", "2"], ["SRANDMEMBER", "str", "x"], ["SPOP"], ["SRANDMEMBER"] } },
        new object[] { "set algebra on intsets", new[] { new[] { "SADD", "a", "1", "2", "3", "4", "5" }, ["SADD", "b", "4", "5", "6", "7"],
            ["SADD", "c", "5", "7", "9"], ["SINTER", "a", "b"], ["SINTER", "a", "b", "c"], ["SINTER", "c", "b", "a"], ["SINTER", "a"],
            ["SINTER", "a", "missing"], ["SINTER", "missing", "a"], ["SINTER", "a", "a"], ["SUNION", "a", "b", "c"], ["SUNION", "c", "missing"],
            ["SUNION", "missing"], ["SDIFF", "a", "b", "c"], ["SDIFF", "a", "missing"], ["SDIFF", "missing", "a"], ["SDIFF", "a", "a"],
            ["SDIFF", "a", "b", "a"], ["SDIFF", "b", "a", "c"], ["SDIFF", "a"], ["SINTERCARD", "2", "a", "b"], ["SINTERCARD", "3", "a", "b", "c"],
            ["SINTERCARD", "2", "a", "b", "LIMIT", "1"], ["SINTERCARD", "2", "a", "b", "LIMIT", "0"], ["SINTERCARD", "2", "a", "b", "limit", "5"],
            ["SINTERCARD", "1", "a", "LIMIT", "3", "LIMIT", "2"], ["SINTERCARD", "2", "a", "missing"], ["SINTERSTORE", "d", "a", "b"],
            ["SMEMBERS", "d"], ["OBJECT", "ENCODING", "d"], ["SUNIONSTORE", "d", "a", "b", "c"], ["SMEMBERS", "d"], ["SDIFFSTORE", "d", "a", "b"],
            ["SMEMBERS", "d"], ["SINTERSTORE", "d", "a", "missing"], ["EXISTS", "d"], ["SINTERSTORE", "d", "a", "missing"],
            ["SET", "d", "x", "EX", "100"], ["SUNIONSTORE", "d", "a"], ["TYPE", "d"], ["TTL", "d"], ["SDIFFSTORE", "d", "a", "a"],
            ["EXISTS", "d"], ["SET", "d", "x"], ["SINTERSTORE", "d", "a", "c"], ["SMEMBERS", "d"], ["SDIFFSTORE", "d", "c", "c"],
            ["EXISTS", "d"], ["SUNIONSTORE", "d", "missing"], ["SINTERSTORE", "a", "a", "b"], ["SMEMBERS", "a"],
            ["SDIFFSTORE", "b", "b", "c"], ["SMEMBERS", "b"] } },
        new object[] { "set algebra type and argument errors", new[] { new[] { "SADD", "a", "1", "2" }, ["SET", "str", "v"],
            ["SINTER", "a", "str"], ["SINTER", "missing", "str"], ["SINTER", "str", "missing"], ["SUNION", "str"], ["SUNION", "missing", "str"],
            ["SDIFF", "a", "str"], ["SDIFF", "missing", "str"], ["SINTERSTORE", "d", "str"], ["SINTERSTORE", "d", "missing", "str"],
            ["SUNIONSTORE", "d", "a", "str"], ["SDIFFSTORE", "d", "str"], ["EXISTS", "d"], ["SINTERCARD", "1", "str"],
            ["SINTERCARD", "2", "missing", "str"], ["SUNIONSTORE", "str", "a"], ["TYPE", "str"], ["SET", "str", "v"],
            ["SINTERSTORE", "str", "a", "missing"], ["EXISTS", "str"], ["SINTER"], ["SUNION"], ["SDIFF"], ["SINTERSTORE", "d"],
            ["SUNIONSTORE", "d"], ["SDIFFSTORE", "d"], ["SINTERCARD"], ["SINTERCARD", "1"], ["SINTERCARD", "0", "a"],
            ["SINTERCARD", "x", "a"], ["SINTERCARD", "-1", "a"], ["SINTERCARD", "3", "a", "b"], ["SINTERCARD", "1", "a", "LIMIT", "-1"],
            ["SINTERCARD", "1", "a", "LIMIT", "x"], ["SINTERCARD", "1", "a", "LIMIT"], ["SINTERCARD", "1", "a", "FOO", "1"],
            ["SINTERCARD", "1", "missing", "str"], ["SINTERCARD", "1", "a", "b"], ["SINTERCARD", "01", "a"],
            ["SINTERCARD", "9223372036854775808", "a"] } },
        new object[] { "sscan of an intset", new[] { new[] { "SADD", "s", "5", "1", "12", "3", "2" }, ["SSCAN", "s", "0"],
            ["SSCAN", "s", "123"], ["SSCAN", "s", "0", "MATCH", "1*"], ["SSCAN", "s", "0", "COUNT", "1"], ["SSCAN", "s", "0", "COUNT", "0"],
            ["SSCAN", "s", "x"], ["SSCAN", "s", "-1"], ["SSCAN", "missing", "0"], ["SSCAN", "missing", "x"], ["SSCAN", "missing", "0", "FOO"],
            ["SET", "str", "v"], ["SSCAN", "str", "0"], ["SSCAN", "s", "0", "MATCH"], ["SSCAN", "s", "0", "NOSUCH", "1"],
            ["SSCAN", "s", "0", "MATCH", "*", "COUNT", "100"], ["SSCAN", "s"], ["SSCAN"] } },
        new object[] { "type, encoding, copy and scripts", new[] { new[] { "SADD", "a", "1", "2" }, ["TYPE", "a"],
            ["OBJECT", "ENCODING", "a"], ["COPY", "a", "b"], ["OBJECT", "ENCODING", "b"], ["SMEMBERS", "b"], ["SADD", "b", "3"],
            ["SMEMBERS", "a"], ["SADD", "h", "x", "y"], ["COPY", "h", "h2"], ["OBJECT", "ENCODING", "h2"], ["SREM", "h2", "x"],
            ["SCARD", "h"], ["SCARD", "h2"], ["GET", "a"], ["INCR", "a"], ["SET", "str", "1"], ["SADD", "str", "1"], ["SREM", "str", "1"],
            ["SCARD", "str"], ["SISMEMBER", "str", "1"], ["SMISMEMBER", "str", "1"], ["SMEMBERS", "str"],
            ["EVAL", "return redis.call('SMEMBERS', KEYS[1])", "1", "a"], ["EVAL", "return redis.call('SADD', KEYS[1], 'x')", "1", "str"],
            ["EVAL", "return redis.call('SINTERCARD', 2, KEYS[1], KEYS[2])", "2", "a", "b"], ["RENAME", "a", "r"], ["SMEMBERS", "r"] } },
        new object[] { "resp3 sets, arrays and nulls", new[] { new[] { Unchecked, "HELLO", "3" }, ["SADD", "s", "3", "1", "2"],
            ["SMEMBERS", "s"], ["SINTER", "s", "s"], ["SUNION", "s", "missing"], ["SDIFF", "s", "missing"], ["SMEMBERS", "missing"],
            ["SINTER", "s", "missing"], ["SUNION", "missing"], ["SDIFF", "missing"], ["SPOP", "missing"], ["SPOP", "missing", "2"],
            ["SPOP", "s", "0"], ["SRANDMEMBER", "missing"], ["SRANDMEMBER", "missing", "2"], ["SRANDMEMBER", "s", "0"],
            ["SRANDMEMBER", "s", "5"], ["SADD", "one", "x"], ["SRANDMEMBER", "one", "-3"], ["SRANDMEMBER", "one", "1"],
            ["SMISMEMBER", "s", "1", "x"], ["SSCAN", "s", "0"], ["SINTERCARD", "1", "s"], ["SISMEMBER", "s", "1"],
            ["SPOP", "s", "10"], ["SINTERSTORE", "d", "one", "one"] } },
        new object[] { "command introspection", new[] {
            new[] { "COMMAND", "INFO", "sadd", "srem", "smove", "sismember", "smismember", "scard", "smembers", "srandmember", "spop" },
            ["COMMAND", "INFO", "sinter", "sintercard", "sinterstore", "sunion", "sunionstore", "sdiff", "sdiffstore", "sscan"],
            ["COMMAND", "DOCS", "sadd", "srem", "smove", "sismember", "smismember", "scard", "smembers", "srandmember", "spop"],
            ["COMMAND", "DOCS", "sinter", "sintercard", "sinterstore", "sunion", "sunionstore", "sdiff", "sdiffstore", "sscan"],
            ["COMMAND", "GETKEYS", "sintercard", "2", "a", "b", "LIMIT", "1"], ["COMMAND", "GETKEYS", "smove", "a", "b", "m"],
            ["COMMAND", "GETKEYS", "sinterstore", "d", "a", "b"], ["COMMAND", "GETKEYS", "sunion", "a", "b", "c"],
            ["COMMAND", "GETKEYS", "sintercard", "3", "a", "b"], ["COMMAND", "GETKEYS", "sscan", "k", "0"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void HashtableSetsMatchRedisAsSortedReplies()
    {
        AssertSameSortedReplies(
            Cmd("SADD", "h", "b", "a", "c", "1", "2"), Cmd("SMEMBERS", "h"), Cmd("SADD", "i", "1", "2", "3"), Cmd("SADD", "j", "c", "z", "2"),
            Cmd("SINTER", "h", "i"), Cmd("SINTER", "i", "h"), Cmd("SINTER", "h", "j"), Cmd("SINTER", "h", "i", "j"),
            Cmd("SUNION", "h", "i", "j"), Cmd("SUNION", "i", "j"), Cmd("SDIFF", "h", "i"), Cmd("SDIFF", "h", "i", "j"), Cmd("SDIFF", "i", "h"),
            Cmd("SDIFF", "j", "h"), Cmd("SINTERCARD", "2", "h", "j"), Cmd("SINTERSTORE", "d", "h", "j"), Cmd("SMEMBERS", "d"),
            Cmd("OBJECT", "ENCODING", "d"), Cmd("SINTERSTORE", "d", "h", "i"), Cmd("OBJECT", "ENCODING", "d"), Cmd("SMEMBERS", "d"),
            Cmd("SUNIONSTORE", "d", "i", "j"), Cmd("OBJECT", "ENCODING", "d"), Cmd("SDIFFSTORE", "d", "j", "h"), Cmd("SMEMBERS", "d"),
            Cmd("OBJECT", "ENCODING", "d"), Cmd("SDIFFSTORE", "d", "h", "j"), Cmd("OBJECT", "ENCODING", "d"), Cmd("SMEMBERS", "d"),
            Cmd("SRANDMEMBER", "h", "5"), Cmd("SRANDMEMBER", "h", "100"), Cmd("SSCAN", "h", "0", "COUNT", "100"),
            Cmd("SSCAN", "h", "0", "MATCH", "[ab]", "COUNT", "100"), Cmd("SPOP", "h", "5"), Cmd("EXISTS", "h"),
            Cmd("CONFIG", "SET", "set-max-intset-entries", "2"), Cmd("SUNIONSTORE", "u", "i"), Cmd("OBJECT", "ENCODING", "u"),
            Cmd("SUNION", "i"), Cmd("SPOP", "i", "3"), Cmd("CONFIG", "SET", "set-max-intset-entries", "512"),
            Cmd(Unchecked, "HELLO", "3"), Cmd("SADD", "r3", "x", "y", "z"), Cmd("SMEMBERS", "r3"), Cmd("SUNION", "r3", "j"),
            Cmd("SRANDMEMBER", "r3", "3"), Cmd("SPOP", "r3", "3"));
    }

    [Test]
    public void BinaryKeysAndMembersMatchRedis()
    {
        const string key = "k\0\xff\r\n";
        string[] members = ["\0", "\r\n", "\xff\xfe", "a\0b", "", "12\0", " ", "-"];
        AssertSameSortedReplies(
            Cmd(["SADD", key, .. members]), Cmd("SCARD", key), Cmd("SMEMBERS", key), Cmd("SISMEMBER", key, "a\0b"),
            Cmd("SISMEMBER", key, "a\0c"), Cmd(["SMISMEMBER", key, .. members, "zz"]), Cmd("SREM", key, "\0", "nope"),
            Cmd("SMOVE", key, "\0dst", "\r\n"), Cmd("SMEMBERS", "\0dst"), Cmd("SINTER", key, key), Cmd("SUNION", key, "\0dst"),
            Cmd("SDIFF", key, "\0dst"), Cmd("SINTERSTORE", "\xff", key, key), Cmd("SMEMBERS", "\xff"), Cmd("SSCAN", key, "0", "MATCH", "a*"),
            Cmd("SADD", "\r", "1", "2"), Cmd("SMEMBERS", "\r"), Cmd("SPOP", key, "100"), Cmd("EXISTS", key),
            Cmd("SINTERCARD", "1", "LIMIT\0x", "LIMIT\0x", "1"));
    }

    [Test]
    public void LargeSetsMatchRedis()
    {
        // 100,000 members in a few many-argument SADDs: integers (an intset when allowed, else a hash
        // table), strings, and overlapping ranges for the set algebra.
        var commands = new List<byte[][]> { Cmd("CONFIG", "SET", "set-max-intset-entries", "200000") };
        commands.AddRange(ManySAdd("ints", 0, 100_000, i => (i * 3 - 150_000).ToString()));
        commands.AddRange(ManySAdd("strs", 0, 100_000, i => "member:" + i));
        commands.AddRange(ManySAdd("evens", 0, 60_000, i => (i * 6 - 150_000).ToString()));
        commands.Add(Cmd("CONFIG", "SET", "set-max-intset-entries", "512"));
        commands.AddRange(ManySAdd("bigints", 0, 100_000, i => i.ToString()));
        commands.AddRange(
        [
            Cmd("SCARD", "ints"), Cmd("OBJECT", "ENCODING", "ints"), Cmd("SCARD", "strs"), Cmd("OBJECT", "ENCODING", "strs"),
            Cmd("OBJECT", "ENCODING", "bigints"), Cmd("SMEMBERS", "ints"), Cmd("SISMEMBER", "ints", "-150000"),
            Cmd("SISMEMBER", "strs", "member:99999"), Cmd("SMISMEMBER", "bigints", "0", "99999", "100000", "-1"),
            Cmd("SINTERCARD", "2", "ints", "evens"), Cmd("SINTERCARD", "2", "ints", "bigints"), Cmd("SINTERCARD", "2", "ints", "bigints", "LIMIT", "10"),
            Cmd("SINTER", "evens", "ints"), Cmd("SINTERSTORE", "i", "ints", "bigints"), Cmd("OBJECT", "ENCODING", "i"),
            Cmd("SUNIONSTORE", "u", "ints", "bigints", "strs"), Cmd("SDIFFSTORE", "d1", "ints", "evens"), Cmd("SDIFFSTORE", "d2", "bigints", "ints"),
            Cmd("SDIFFSTORE", "d3", "strs", "ints", "bigints"), Cmd("SDIFFSTORE", "d4", "evens", "ints"), Cmd("OBJECT", "ENCODING", "d1"),
            Cmd("SDIFF", "evens", "ints"), Cmd("SUNIONSTORE", "u2", "ints", "evens"), Cmd("OBJECT", "ENCODING", "u2"),
            Cmd("SREM", "ints", "-150000", "0", "3"), Cmd("SCARD", "ints"), Cmd("SMOVE", "bigints", "ints", "1"), Cmd("SCARD", "ints"),
            Cmd("SPOP", "bigints", "10"), Cmd("SCARD", "bigints"), Cmd("SPOP", "strs", "90000"), Cmd("SCARD", "strs"),
            Cmd("SRANDMEMBER", "ints", "-5"), Cmd("SCARD", "ints"),
        ]);
        AssertSameRepliesExceptRandom(commands);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        // Reads (the set algebra's sources included, even for *STORE) count a hit or a miss per key;
        // SADD, SREM, SMOVE and SPOP look their keys up for writing and count nothing.
        string[][] commands =
        [
            ["SADD", "a", "1", "2"], ["SADD", "b", "x"], ["SREM", "nope", "1"], ["SCARD", "a"], ["SCARD", "nope"],
            ["SISMEMBER", "a", "1"], ["SMISMEMBER", "nope", "1"], ["SMEMBERS", "a"], ["SRANDMEMBER", "nope"], ["SRANDMEMBER", "a", "-2"],
            ["SPOP", "nope"], ["SMOVE", "a", "c", "1"], ["SMOVE", "nope", "c", "1"], ["SINTER", "a", "nope", "b"], ["SUNION", "a", "nope"],
            ["SDIFF", "nope", "a"], ["SINTERSTORE", "d", "a", "b"], ["SUNIONSTORE", "d", "a", "nope"], ["SDIFFSTORE", "d", "b", "a"],
            ["SINTERCARD", "2", "a", "nope"], ["SSCAN", "a", "0"], ["SSCAN", "nope", "0"], ["SPOP", "b", "5"],
        ];
        AssertSameKeyspaceCounters(commands);
    }

    /// <summary>
    /// Seeded random sequences of set commands over a few keys, with integer and string members and
    /// a small, changing set-max-intset-entries, so that sets convert between commands: every reply
    /// must match Redis's (sorted where a hash table's order shows). SPOP pops everything (its only
    /// deterministic form); SRANDMEMBER is left to the property tests.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomSequencesMatchRedis(int seed)
    {
        var random = new Random(seed);
        string[] keys = ["a", "b", "c", "d\0"];
        string[] members = ["0", "1", "2", "3", "-7", "40000", "9000000000", "x", "y", "007", "", "\xff\0", "-0", "12"];
        string K() => keys[random.Next(keys.Length)];
        string M() => members[random.Next(members.Length)];
        string[] Ms() => Enumerable.Range(0, 1 + random.Next(4)).Select(_ => M()).ToArray();
        string[] Ks() => Enumerable.Range(0, 1 + random.Next(3)).Select(_ => K()).ToArray();
        var commands = new List<byte[][]>();
        for (int i = 0; i < 1500; i++)
        {
            string[] command = random.Next(19) switch
            {
                0 or 1 or 2 => ["SADD", K(), .. Ms()],
                3 => ["SREM", K(), .. Ms()],
                4 => ["SMOVE", K(), K(), M()],
                5 => ["SISMEMBER", K(), M()],
                6 => ["SMISMEMBER", K(), .. Ms()],
                7 => ["SCARD", K()],
                8 => ["SMEMBERS", K()],
                9 => ["SINTER", .. Ks()],
                10 => ["SUNION", .. Ks()],
                11 => ["SDIFF", .. Ks()],
                12 => ["SINTERSTORE", K(), .. Ks()],
                13 => ["SUNIONSTORE", K(), .. Ks()],
                14 => ["SDIFFSTORE", K(), .. Ks()],
                15 => ["SINTERCARD", "2", K(), K(), .. random.Next(2) == 0 ? new[] { "LIMIT", random.Next(3).ToString() } : []],
                16 => ["OBJECT", "ENCODING", K()],
                17 => ["SPOP", K(), "100"],
                _ => random.Next(4) == 0 ? ["SET", K(), M()] : ["CONFIG", "SET", "set-max-intset-entries", random.Next(2, 8).ToString()],
            };
            commands.Add(Cmd([.. command]));
        }
        commands.Add(Cmd("CONFIG", "SET", "set-max-intset-entries", "512"));
        AssertSameSortedReplies([.. commands]);
    }

    // ---- random replies: properties, not bytes -----------------------------------------

    [Test]
    public void SRandMemberWithCountFollowsRedisCases([Values(false, true)] bool hashtable)
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("FLUSHALL");
        var all = Members(100, hashtable);
        connection.CallBytes(Cmd(["SADD", "s", .. all]));
        var universe = all.ToHashSet();

        var repeats = Strings(connection.CallBytes(Cmd("SRANDMEMBER", "s", "-250")));
        Assert.That(repeats, Has.Count.EqualTo(250));
        Assert.That(repeats.All(universe.Contains), Is.True, "every draw is a member");
        Assert.That(repeats.Distinct().Count(), Is.LessThan(100), "250 independent draws from 100 members repeat some");

        foreach (int count in new[] { 1, 10, 33, 34, 90, 99, 100, 150 })
        {
            var picked = Strings(connection.CallBytes(Cmd("SRANDMEMBER", "s", count.ToString())));
            Assert.That(picked, Has.Count.EqualTo(Math.Min(count, 100)), $"count {count}");
            Assert.That(picked, Is.Unique, $"count {count}");
            Assert.That(picked, Is.SubsetOf(universe), $"count {count}");
        }
        Assert.That(connection.Call("SCARD", "s"), Is.EqualTo(":100\r\n"), "SRANDMEMBER never removes");
    }

    [Test]
    public void SPopWithCountRemovesWhatItReplies([Values(false, true)] bool hashtable)
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("FLUSHALL");
        var all = Members(100, hashtable);
        foreach (int count in new[] { 1, 10, 16, 17, 50, 99, 100 })
        {
            connection.Call("DEL", "s");
            connection.CallBytes(Cmd(["SADD", "s", .. all]));
            connection.Call("EXPIRE", "s", "1000");
            var popped = Strings(connection.CallBytes(Cmd("SPOP", "s", count.ToString())));
            var left = Strings(connection.CallBytes(Cmd("SMEMBERS", "s")));
            Assert.That(popped, Has.Count.EqualTo(count), $"count {count}");
            Assert.That(popped, Is.Unique);
            Assert.That(popped.Concat(left), Is.EquivalentTo(all), $"count {count}: popped and left partition the set");
            if (count < 100)
            {
                Assert.That(connection.Call("TTL", "s"), Is.Not.EqualTo(":-1\r\n"), "SPOP keeps the time to live");
                Assert.That(connection.Call("OBJECT", "ENCODING", "s"), Is.EqualTo(hashtable ? "$9\r\nhashtable\r\n" : "$6\r\nintset\r\n"));
            }
            else Assert.That(connection.Call("EXISTS", "s"), Is.EqualTo(":0\r\n"));
        }
    }

    [Test]
    public void SPopAndSRandMemberWithoutCountDrawEveryMember([Values(false, true)] bool hashtable)
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("FLUSHALL");
        var all = Members(8, hashtable);
        connection.CallBytes(Cmd(["SADD", "s", .. all]));
        var seen = new HashSet<string>();
        for (int i = 0; i < 400; i++) seen.Add((string)Resp.Parse(connection.CallBytes(Cmd("SRANDMEMBER", "s")))!);
        Assert.That(seen, Is.EquivalentTo(all), "400 draws from 8 members see them all");

        var popped = new List<string>();
        for (int i = 0; i < 8; i++) popped.Add((string)Resp.Parse(connection.CallBytes(Cmd("SPOP", "s")))!);
        Assert.That(popped, Is.EquivalentTo(all));
        Assert.That(connection.Call("EXISTS", "s"), Is.EqualTo(":0\r\n"));
    }

    // ---- helpers -----------------------------------------------------------------------

    private static List<string> Members(int count, bool hashtable) =>
        Enumerable.Range(0, count).Select(i => hashtable ? "m" + i : (i * 7 - 300).ToString()).ToList();

    private static List<string> Strings(byte[] reply) => ((List<object?>)Resp.Parse(reply)!).Cast<string>().ToList();

    private static IEnumerable<byte[][]> ManySAdd(string key, int from, int to, Func<int, string> member)
    {
        const int PerCommand = 20_000;
        for (int start = from; start < to; start += PerCommand)
        {
            var command = new List<string> { "SADD", key };
            for (int i = start; i < Math.Min(to, start + PerCommand); i++) command.Add(member(i));
            yield return Cmd([.. command]);
        }
    }

    /// <summary>
    /// Like <see cref="DifferentialFixture.AssertSameReplies(byte[][][])"/>, but an aggregate reply of
    /// hash table members may come in any order: its elements are compared sorted. SSCAN's
    /// cursor differs with the hash seed, so only its members are compared.
    /// </summary>
    private void AssertSameSortedReplies(params byte[][][] commands)
    {
        var expected = RunAll(RedisPort, commands);
        var actual = RunAll(OurPort, commands);
        for (int i = 0; i < commands.Length; i++)
        {
            if (Encoding.Latin1.GetString(commands[i][0]) == Unchecked) continue;
            string shown = string.Join(' ', commands[i].Select(a => Encoding.Latin1.GetString(a)));
            Assert.That(Canonical(actual[i]), Is.EqualTo(Canonical(expected[i])), $"reply to `{shown}` differs from redis-server's");
        }
    }

    /// <summary>Random commands (SPOP, SRANDMEMBER) are compared by reply size only; the rest byte for byte.</summary>
    private void AssertSameRepliesExceptRandom(List<byte[][]> commands)
    {
        var expected = RunAll(RedisPort, [.. commands]);
        var actual = RunAll(OurPort, [.. commands]);
        for (int i = 0; i < commands.Count; i++)
        {
            string name = Encoding.Latin1.GetString(commands[i][0]);
            string shown = string.Join(' ', commands[i].Take(4).Select(a => Encoding.Latin1.GetString(a)));
            if (name is "SPOP" or "SRANDMEMBER")
                Assert.That(((List<object?>)Resp.Parse(actual[i])!).Count, Is.EqualTo(((List<object?>)Resp.Parse(expected[i])!).Count), shown);
            else if (name is "SINTER" or "SDIFF")
                Assert.That(Canonical(actual[i]), Is.EqualTo(Canonical(expected[i])), shown);
            else
                Assert.That(RespConnection.Latin1(actual[i]), Is.EqualTo(RespConnection.Latin1(expected[i])), $"reply to `{shown}...`");
        }
    }

    private static byte[][] RunAll(int port, byte[][][] commands)
    {
        using var connection = new RespConnection(port);
        connection.CallBytes("FLUSHALL"u8.ToArray());
        return commands.Select(c => Encoding.Latin1.GetString(c[0]) == Unchecked ? connection.CallBytes(c[1..]) : connection.CallBytes(c)).ToArray();
    }

    /// <summary>A reply with the elements of a top-level array or set sorted (and SSCAN's [cursor, members] reduced to its members, sorted).</summary>
    private static string Canonical(byte[] reply)
    {
        string text = RespConnection.Latin1(reply);
        if (text[0] is not ('*' or '~')) return text;
        var elements = Elements(reply, out int headerEnd);
        if (elements.Count == 2 && elements[1][0] == '*' && elements[0][0] == '$')
            return "scan:" + Canonical(Encoding.Latin1.GetBytes(elements[1]));
        elements.Sort(StringComparer.Ordinal);
        return text[..headerEnd] + string.Concat(elements);
    }

    private static List<string> Elements(byte[] reply, out int headerEnd)
    {
        string text = RespConnection.Latin1(reply);
        headerEnd = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        long count = long.Parse(text[1..(headerEnd - 2)]);
        var elements = new List<string>();
        int at = headerEnd;
        for (long i = 0; i < count; i++)
        {
            int end = ElementEnd(text, at);
            elements.Add(text[at..end]);
            at = end;
        }
        return elements;
    }

    private static int ElementEnd(string text, int at)
    {
        int lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal) + 2;
        char type = text[at];
        if (type is '$')
        {
            int size = int.Parse(text[(at + 1)..(lineEnd - 2)]);
            return size < 0 ? lineEnd : lineEnd + size + 2;
        }
        if (type is '*' or '~')
        {
            long count = long.Parse(text[(at + 1)..(lineEnd - 2)]);
            for (long i = 0; i < count; i++) lineEnd = ElementEnd(text, lineEnd);
        }
        return lineEnd;
    }
}
