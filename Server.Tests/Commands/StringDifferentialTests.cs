// Differential tests for the string commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes.

using System.Globalization;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class StringDifferentialTests : DifferentialFixture
{
    private const string MaxLong = "9223372036854775807";
    private const string MinLong = "-9223372036854775808";

    private static readonly object[] Scripts =
    [
        new object[] { "setnx", new[] { new[] { "SETNX", "k", "v" }, ["SETNX", "k", "w"], ["GET", "k"], ["SETNX", "n", "12"],
            ["INCR", "n"], ["SETNX"], ["SETNX", "k"], ["SETNX", "k", "v", "x"] } },
        new object[] { "setex and psetex", new[] { new[] { "SETEX", "k", "100", "v" }, ["GET", "k"], ["SETEX", "k", "0", "v"],
            ["SETEX", "k", "-1", "v"], ["SETEX", "k", "x", "v"], ["SETEX", "k", "1.5", "v"], ["SETEX", "k", MaxLong, "v"],
            ["SETEX", "k", "9223372036854775", "v"], ["SETEX", "k", "9223372036854776", "v"], ["PSETEX", "k", "100000", "w"],
            ["GET", "k"], ["PSETEX", "k", "0", "v"], ["PSETEX", "k", "-5", "v"], ["PSETEX", "k", MaxLong, "v"],
            ["PSETEX", "k", "y", "v"], ["SETEX", "k", "10"], ["PSETEX", "k"], ["SETEX", "k", "10", "v", "x"],
            ["SETEX", "n", "100", "42"], ["INCR", "n"] } },
        new object[] { "getset and getdel", new[] { new[] { "GETSET", "k", "v1" }, ["GETSET", "k", "v2"], ["GET", "k"],
            ["GETSET", "k", "10"], ["INCR", "k"], ["GETDEL", "k"], ["GETDEL", "k"], ["EXISTS", "k"], ["GETSET", "k"],
            ["GETDEL"], ["GETDEL", "a", "b"] } },
        new object[] { "getex options", new[] { new[] { "SET", "k", "v" }, ["GETEX", "k"], ["GETEX", "k", "EX", "100"],
            ["GETEX", "k", "PX", "100000"], ["GETEX", "k", "EXAT", "99999999999"], ["GETEX", "k", "PXAT", "99999999999999"],
            ["GETEX", "k", "PERSIST"], ["GETEX", "k", "persist", "PERSIST"], ["GETEX", "k", "ex", "10", "EX", "20"],
            ["GETEX", "k", "EX", "10", "PX", "10"], ["GETEX", "k", "PERSIST", "EX", "10"], ["GETEX", "k", "EX", "10", "PERSIST"],
            ["GETEX", "k", "KEEPTTL"], ["GETEX", "k", "NX"], ["GETEX", "k", "GET"], ["GETEX", "k", "EX"], ["GETEX", "k", "FOO"],
            ["GETEX", "k", "EX", "0"], ["GETEX", "k", "EX", "-1"], ["GETEX", "k", "PX", "0"], ["GETEX", "k", "EXAT", "0"],
            ["GETEX", "k", "PXAT", "-3"], ["GETEX", "k", "EX", "x"], ["GETEX", "k", "EX", MaxLong], ["GETEX", "k", "PX", MaxLong],
            ["GETEX", "k", "EXAT", "9223372036854776"], ["GETEX", "missing", "EX", "-1"], ["GETEX", "missing", "FOO"],
            ["GETEX", "k", "EXAT", "1"], ["GET", "k"], ["SET", "k", "v"], ["GETEX", "k", "PXAT", "1"], ["EXISTS", "k"],
            ["SET", "n", "77"], ["GETEX", "n", "EX", "100"], ["GETEX"] } },
        new object[] { "set options repeat and conflict", new[] { new[] { "SET", "k", "v", "EX", "10", "EX", "20" },
            ["SET", "k", "v", "NX", "NX"], ["SET", "k", "v", "XX", "XX"], ["SET", "k", "v", "KEEPTTL", "KEEPTTL"],
            ["SET", "k", "v", "GET", "GET"], ["SET", "k", "v", "PERSIST"], ["SET", "k", "v", "PX", "10", "PXAT", "10"],
            ["SET", "k", "v", "EXAT", "99999999999", "EXAT", "99999999999"], ["SET", "k", "v", "EX", "0"], ["SET", "k", "v", "PX", "-1"],
            ["SET", "k", "v", "EXAT", "0"], ["SET", "k", "v", "PXAT", "0"], ["SET", "k", "v", "EX", MaxLong],
            ["SET", "k", "v", "EXAT", MaxLong], ["SET", "k", "v", "PXAT", MaxLong], ["GET", "k"], ["SET", "k", "v", "GET", "EX", "0"] } },
        new object[] { "mget mset msetnx", new[] { new[] { "MSET", "a", "1", "b", "2" }, ["MGET", "a", "b", "c", "a"],
            ["MSET", "a"], ["MSET", "a", "1", "b"], ["MSET"], ["MSETNX", "a", "3", "z", "4"], ["MGET", "a", "z"],
            ["MSETNX", "x", "1", "y", "2"], ["MGET", "x", "y"], ["MSETNX", "x"], ["MSETNX", "p", "1", "q"],
            ["MSETNX", "same", "1", "same", "2"], ["GET", "same"], ["MSET", "a", "9", "a", "10"], ["GET", "a"], ["MGET"],
            ["MSET", "n", "5"], ["INCR", "n"] } },
        new object[] { "append and strlen", new[] { new[] { "APPEND", "k", "hello" }, ["APPEND", "k", " world"], ["GET", "k"],
            ["STRLEN", "k"], ["STRLEN", "missing"], ["APPEND", "n", "12"], ["STRLEN", "n"], ["APPEND", "n", "3"], ["INCR", "n"],
            ["APPEND", "n", ""], ["GET", "n"], ["APPEND", "e", ""], ["EXISTS", "e"], ["SET", "i", MinLong], ["STRLEN", "i"],
            ["APPEND", "i", "0"], ["GET", "i"], ["SET", "z", "0"], ["STRLEN", "z"], ["APPEND"], ["STRLEN"], ["STRLEN", "a", "b"] } },
        new object[] { "getrange and substr", new[] { new[] { "SET", "k", "Hello World" }, ["GETRANGE", "k", "0", "4"],
            ["GETRANGE", "k", "-5", "-1"], ["GETRANGE", "k", "0", "-1"], ["GETRANGE", "k", "-1", "-5"], ["GETRANGE", "k", "5", "2"],
            ["GETRANGE", "k", "-100", "100"], ["GETRANGE", "k", "100", "200"], ["GETRANGE", "k", "0", "0"], ["GETRANGE", "k", "-1", "-1"],
            ["GETRANGE", "k", "10", "10"], ["GETRANGE", "k", "11", "11"], ["GETRANGE", "k", "-100", "-50"], ["GETRANGE", "k", "3", "-100"],
            ["GETRANGE", "k", MinLong, MaxLong], ["GETRANGE", "k", MaxLong, MinLong], ["GETRANGE", "k", "x", "1"],
            ["GETRANGE", "k", "1", "1.0"], ["GETRANGE", "missing", "0", "-1"], ["GETRANGE", "missing", "x", "1"],
            ["SET", "n", "-12345"], ["GETRANGE", "n", "1", "3"], ["GETRANGE", "n", "-2", "-1"], ["SET", "e", ""],
            ["GETRANGE", "e", "0", "-1"], ["GETRANGE", "e", "0", "0"], ["SUBSTR", "k", "6", "-1"], ["SUBSTR", "k", "x", "1"],
            ["SUBSTR", "missing", "0", "1"], ["GETRANGE", "k", "0"], ["SUBSTR", "k"] } },
        new object[] { "setrange", new[] { new[] { "SETRANGE", "k", "6", "Redis" }, ["GET", "k"], ["SET", "h", "Hello World"],
            ["SETRANGE", "h", "6", "Redis"], ["GET", "h"], ["SETRANGE", "h", "20", "!"], ["GET", "h"], ["SETRANGE", "h", "0", ""],
            ["SETRANGE", "missing", "5", ""], ["EXISTS", "missing"], ["SETRANGE", "h", "-1", "x"], ["SETRANGE", "h", "x", "y"],
            ["SETRANGE", "h", "1.5", "y"], ["SETRANGE", "h", "536870911", ""], ["SETRANGE", "big", "536870912", "x"],
            ["SETRANGE", "big", "536870911", "xy"], ["SETRANGE", "h", MaxLong, "x"], ["SETRANGE", "h", "9223372036854775806", "xy"],
            ["SET", "n", "1234"], ["SETRANGE", "n", "1", "9"], ["GET", "n"], ["INCR", "n"], ["SETRANGE", "n", "0", ""], ["STRLEN", "n"],
            ["SETRANGE", "k"], ["SETRANGE", "k", "1"] } },
        new object[] { "proto-max-bulk-len limits growth", new[] { new[] { "CONFIG", "SET", "proto-max-bulk-len", "1048576" },
            ["SETRANGE", "k", "1048575", "x"], ["SETRANGE", "k", "1048576", "x"], ["SETRANGE", "j", "1048575", "xy"],
            ["SET", "a", "x"], ["SETRANGE", "a", "1048575", ""], ["APPEND", "k", "y"], ["STRLEN", "k"], ["SETBIT", "b", "8388607", "1"],
            ["SETBIT", "b", "8388608", "1"], ["GETBIT", "b", "8388608"], ["BITFIELD", "b", "GET", "u8", "8388608"],
            ["BITFIELD", "b", "GET", "u8", "8388600"], ["CONFIG", "SET", "proto-max-bulk-len", "536870912"] } },
        new object[] { "incr and decr", new[] { new[] { "INCR", "k" }, ["INCR", "k"], ["DECR", "k"], ["DECR", "n"], ["INCRBY", "k", "10"],
            ["DECRBY", "k", "-5"], ["INCRBY", "k", "-100"], ["GET", "k"], ["INCRBY", "k", "x"], ["INCRBY", "k", "1.5"],
            ["DECRBY", "k", ""], ["INCRBY", "k", " 1"], ["INCRBY", "k", "+1"], ["INCRBY", "k", "01"], ["INCRBY", "k", "-0"],
            ["INCRBY", "k", "0"], ["INCRBY", "k", "99999999999999999999"], ["SET", "s", "abc"], ["INCR", "s"], ["SET", "s", "1.0"],
            ["INCR", "s"], ["SET", "s", " 1"], ["INCR", "s"], ["SET", "s", "1 "], ["DECR", "s"], ["SET", "s", "007"], ["INCR", "s"],
            ["SET", "s", ""], ["INCR", "s"], ["SET", "s", "-0"], ["INCR", "s"], ["SET", "s", "+3"], ["INCR", "s"],
            ["SET", "s", "123456789012345678901"], ["INCR", "s"], ["INCR"], ["INCR", "a", "b"], ["INCRBY", "k"] } },
        new object[] { "incr overflow boundaries", new[] { new[] { "SET", "k", MaxLong }, ["INCR", "k"], ["INCRBY", "k", "0"],
            ["DECR", "k"], ["INCRBY", "k", "1"], ["INCR", "k"], ["GET", "k"], ["SET", "m", MinLong], ["DECR", "m"],
            ["INCRBY", "m", MinLong], ["INCRBY", "m", MaxLong], ["GET", "m"], ["SET", "m", MinLong], ["DECRBY", "m", "1"],
            ["DECRBY", "m", MinLong], ["DECRBY", "z", MinLong], ["DECRBY", "z", MaxLong], ["DECRBY", "z", "1"],
            ["SET", "p", "1"], ["INCRBY", "p", MaxLong], ["SET", "q", "-1"], ["INCRBY", "q", MinLong], ["DECRBY", "q", MaxLong],
            ["GET", "q"], ["INCRBY", "r", MinLong], ["DECR", "r"], ["SET", "a", "9223372036854775808"], ["INCR", "a"],
            ["SET", "b", "-9223372036854775809"], ["DECR", "b"] } },
        new object[] { "incrbyfloat", new[] { new[] { "INCRBYFLOAT", "k", "10.5" }, ["INCRBYFLOAT", "k", "0.1"],
            ["INCRBYFLOAT", "k", "-5"], ["INCRBYFLOAT", "k", "5.0e3"], ["INCRBYFLOAT", "k", "2.0e-3"], ["GET", "k"],
            ["SET", "i", "5"], ["INCRBYFLOAT", "i", "0"], ["INCRBYFLOAT", "i", "1"], ["INCR", "i"], ["SET", "m", MaxLong],
            ["INCRBYFLOAT", "m", "1"], ["INCRBYFLOAT", "m", "0.5"], ["SET", "m", MinLong], ["INCRBYFLOAT", "m", "-1.5"],
            ["INCRBYFLOAT", "k", "abc"], ["INCRBYFLOAT", "k", ""], ["INCRBYFLOAT", "k", " 1"], ["INCRBYFLOAT", "k", "1 "],
            ["INCRBYFLOAT", "k", "nan"], ["INCRBYFLOAT", "k", "NaN"], ["INCRBYFLOAT", "k", "inf"], ["INCRBYFLOAT", "k", "-Infinity"],
            ["INCRBYFLOAT", "k", "+inf"], ["INCRBYFLOAT", "k", "infin"], ["INCRBYFLOAT", "k", "1e"], ["INCRBYFLOAT", "k", "1e+"],
            ["INCRBYFLOAT", "k", "."], ["INCRBYFLOAT", "k", ".5"], ["INCRBYFLOAT", "k", "5."], ["INCRBYFLOAT", "k", "+5"],
            ["INCRBYFLOAT", "k", "--5"], ["INCRBYFLOAT", "k", "0x10"], ["INCRBYFLOAT", "k", "0X1P-2"], ["INCRBYFLOAT", "k", "0x.8"],
            ["INCRBYFLOAT", "k", "0x"], ["INCRBYFLOAT", "k", "0x1p"], ["INCRBYFLOAT", "k", "0xg"], ["INCRBYFLOAT", "k", "1e400"],
            ["INCRBYFLOAT", "k", "-1e400"], ["INCRBYFLOAT", "z", "1e4932"], ["INCRBYFLOAT", "z", "1e4932"], ["GET", "z"],
            ["INCRBYFLOAT", "k", "1.19e4932"], ["INCRBYFLOAT", "k", "1e-5000"], ["INCRBYFLOAT", "k", "0e-99999999999"],
            ["INCRBYFLOAT", "k", "1e-4950"], ["INCRBYFLOAT", "k", "2e-4951"], ["INCRBYFLOAT", "k", "1e-4952"],
            ["INCRBYFLOAT", "k", "0x1p16383"], ["INCRBYFLOAT", "y", "0x1.fffffffffffffffep16383"], ["INCRBYFLOAT", "y", "0x1p16320"],
            ["INCRBYFLOAT", "k", "0x1.ffffffffffffffffp16383"], ["INCRBYFLOAT", "k", "1e99999999999999999999"],
            ["SET", "s", "abc"], ["INCRBYFLOAT", "s", "1"], ["SET", "s", "inf"], ["INCRBYFLOAT", "s", "1"], ["INCRBYFLOAT", "s", "x"],
            ["SET", "s", "1.5\0"], ["INCRBYFLOAT", "s", "1"], ["INCRBYFLOAT", "k", "1\0"], ["INCRBYFLOAT", "w", "-0"], ["GET", "w"],
            ["INCRBYFLOAT", "w", "-0.000000000000000001"], ["INCRBYFLOAT", "v", "-0.000000000000000006"],
            ["INCRBYFLOAT", "u", "0.000003814697265625"], ["INCRBYFLOAT", "t", "0.000011444091796875"],
            ["INCRBYFLOAT", "k"], ["INCRBYFLOAT", "k", "1", "2"] } },
        new object[] { "lcs", new[] { new[] { "MSET", "a", "ohmytext", "b", "mynewtext" }, ["LCS", "a", "b"], ["LCS", "a", "b", "LEN"],
            ["LCS", "a", "b", "IDX"], ["LCS", "a", "b", "IDX", "MINMATCHLEN", "4"], ["LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"],
            ["LCS", "a", "b", "IDX", "WITHMATCHLEN"], ["LCS", "a", "b", "IDX", "MINMATCHLEN", "-5"], ["LCS", "a", "b", "LEN", "IDX"],
            ["LCS", "a", "b", "MINMATCHLEN"], ["LCS", "a", "b", "MINMATCHLEN", "x"], ["LCS", "a", "b", "FOO"], ["LCS", "a", "missing"],
            ["LCS", "missing", "b", "IDX"], ["LCS", "missing", "other", "LEN"], ["LCS", "a", "a", "IDX", "WITHMATCHLEN"],
            ["LCS", "a", "b", "WITHMATCHLEN"], ["LCS", "a", "b", "MINMATCHLEN", "2"], ["LCS", "a", "b", "LEN", "LEN"],
            ["SET", "n", "12345"], ["SET", "m", "2x4"], ["LCS", "n", "m", "IDX", "WITHMATCHLEN"], ["LCS", "a"],
            ["MSET", "x", "aaaa", "y", "aa"], ["LCS", "x", "y", "IDX", "WITHMATCHLEN"], ["LCS", "y", "x", "IDX", "WITHMATCHLEN"],
            ["MSET", "x", "abcabcabc", "y", "cbacbacba"], ["LCS", "x", "y", "IDX", "WITHMATCHLEN"], ["LCS", "x", "y"] } },
        new object[] { "resp3 nulls and maps", new[] { new[] { Unchecked, "HELLO", "3" }, ["GETEX", "missing"], ["GETDEL", "missing"],
            ["GETSET", "k", "v"], ["MGET", "k", "missing"], ["SET", "k", "v", "NX"], ["SETNX", "k", "v"], ["GETRANGE", "missing", "0", "1"],
            ["MSET", "a", "ohmytext", "b", "mynewtext"], ["LCS", "a", "b", "IDX", "WITHMATCHLEN"], ["INCRBYFLOAT", "f", "1.5"] } },
        new object[] { "options end at a NUL byte", new[] { new[] { "SET", "k", "v", "NX\0junk" }, ["SET", "k", "v", "XX\0"],
            ["SET", "k", "v", "EX\0", "100"], ["GETEX", "k", "PERSIST\0x"], ["SET", "k", "v", "\0"], ["MSET", "a", "ohmytext", "b", "mynewtext"],
            ["LCS", "a", "b", "LEN\0"] } },
        new object[] { "ttl survives in-place changes", new[] { new[] { "SET", "n", "1", "PX", "150" }, ["INCR", "n"],
            ["SET", "a", "x", "PX", "150"], ["APPEND", "a", "y"], ["SET", "r", "x", "PX", "150"], ["SETRANGE", "r", "3", "z"],
            ["SET", "f", "1", "PX", "150"], ["INCRBYFLOAT", "f", "0.5"], ["SET", "g", "1", "PX", "150"], ["GETSET", "g", "2"],
            ["SET", "m", "1", "PX", "150"], ["MSET", "m", "2"], ["SET", "x", "1", "PX", "150"], ["GETEX", "x", "PERSIST"],
            ["SET", "kt", "1", "PX", "150"], ["SET", "kt", "2", "KEEPTTL"], ["SETEX", "se", "100", "v"], ["PSETEX", "pe", "150", "v"],
            ["SET", "ge", "v"], ["GETEX", "ge", "PX", "150"], [Pause, "300"], ["MGET", "n", "a", "r", "f", "g", "m", "x", "kt", "se", "pe", "ge"] } },
        new object[] { "command introspection", new[] {
            new[] { "COMMAND", "INFO", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset", "msetnx", "append" },
            ["COMMAND", "INFO", "strlen", "getrange", "substr", "setrange", "incr", "decr", "incrby", "decrby", "incrbyfloat", "lcs"],
            ["COMMAND", "DOCS", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset", "msetnx", "append"],
            ["COMMAND", "DOCS", "strlen", "getrange", "substr", "setrange", "incr", "decr", "incrby", "decrby", "incrbyfloat", "lcs"],
            ["COMMAND", "INFO", "setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro"],
            ["COMMAND", "DOCS", "setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro"],
            ["COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"], ["COMMAND", "GETKEYS", "mget", "a", "b"],
            ["COMMAND", "GETKEYS", "lcs", "a", "b", "LEN"], ["COMMAND", "GETKEYS", "bitop", "and", "d", "a", "b"],
            ["COMMAND", "GETKEYS", "getex", "k", "EX", "1"], ["COMMAND", "GETKEYS", "bitfield", "k", "GET", "u8", "0"],
            ["COMMAND", "GETKEYS", "msetnx", "a", "1"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void BinaryKeysAndValuesMatchRedis()
    {
        const string key = "k\0\xff\r\n";
        const string value = "\xff\0\r\nv";
        AssertSameReplies(
            ["SETNX", key, value], ["GETSET", key, value + "2"], ["MGET", key, "k"], ["APPEND", key, "\0\0"], ["STRLEN", key],
            ["GETRANGE", key, "1", "-2"], ["SETRANGE", key, "2", "\r\n\0"], ["GET", key], ["MSET", key + "x", "\0", "\0", "\n"],
            ["MGET", key + "x", "\0"], ["GETEX", key, "PX", "100000"], ["LCS", key, key + "x", "IDX"], ["GETDEL", key],
            ["INCRBYFLOAT", "\0", "1"], ["INCR", "\r\n"], ["SETEX", "\xff", "10", "\xfe"], ["GET", "\xff"]);
    }

    [Test]
    public void LargeValuesMatchRedis()
    {
        var random = new Random(7);
        var big = new byte[3 * 1024 * 1024];
        random.NextBytes(big);
        var other = new byte[1500];
        random.NextBytes(other);
        for (int i = 0; i < other.Length; i++) other[i] &= 0x3; // a small alphabet makes long common subsequences
        var lcsSource = big.AsSpan(0, 1200).ToArray();
        for (int i = 0; i < lcsSource.Length; i++) lcsSource[i] &= 0x3;

        AssertSameReplies(
            Cmd("SET", "big", big), Cmd("STRLEN", "big"), Cmd("APPEND", "big", big), Cmd("STRLEN", "big"),
            Cmd("GETRANGE", "big", "3145720", "3145735"), Cmd("GETRANGE", "big", "-5000000", "-6000000"),
            Cmd("GETRANGE", "big", "6291400", "-1"), Cmd("SETRANGE", "big", "8388608", "tail"), Cmd("STRLEN", "big"),
            Cmd("GETRANGE", "big", "6291400", "6291500"), Cmd("GETRANGE", "big", "8388600", "-1"), Cmd("GET", "big"),
            Cmd("SETRANGE", "fresh", "4194304", "x"), Cmd("GET", "fresh"), Cmd("APPEND", "fresh", big), Cmd("STRLEN", "fresh"),
            Cmd("MSET", "m1", big, "m2", "small"), Cmd("MGET", "m1", "m2"), Cmd("GETDEL", "m1"), Cmd("GETSET", "m2", big),
            Cmd("SET", "l1", lcsSource), Cmd("SET", "l2", other), Cmd("LCS", "l1", "l2", "LEN"), Cmd("LCS", "l1", "l2"),
            Cmd("LCS", "l1", "l2", "IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"));
    }

    [Test]
    public void ManyAppendsAccumulateLikeRedis()
    {
        var commands = new List<byte[][]>();
        for (int i = 0; i < 300; i++) commands.Add(Cmd("APPEND", "log", $"entry {i};"));
        for (int i = 0; i < 50; i++) commands.Add(Cmd("SETRANGE", "log", (i * 37).ToString(), $"<{i}>"));
        commands.Add(Cmd("GET", "log"));
        commands.Add(Cmd("STRLEN", "log"));
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        // Reads count a hit or a miss per key looked up; writes count nothing.
        string[][] commands =
        [
            ["SET", "s", "hello"], ["SET", "n", "1"], ["GET", "s"], ["GET", "nope"], ["MGET", "s", "nope", "n"], ["STRLEN", "nope"],
            ["GETRANGE", "s", "0", "1"], ["GETEX", "nope"], ["GETEX", "s", "PERSIST"], ["GETSET", "g", "1"], ["GETDEL", "g"],
            ["SET", "s", "v", "GET"], ["SETNX", "s", "x"], ["INCR", "n"], ["INCRBYFLOAT", "n", "1"], ["APPEND", "s", "x"],
            ["SETRANGE", "s", "0", "y"], ["MSETNX", "s", "1"], ["LCS", "s", "nope"], ["GETBIT", "s", "1"], ["SETBIT", "b", "1", "1"],
            ["BITCOUNT", "b"], ["BITPOS", "nope", "1"], ["BITOP", "OR", "d", "b", "nope"], ["BITFIELD", "b", "GET", "u8", "0"],
            ["BITFIELD", "b", "SET", "u8", "0", "1"], ["BITFIELD_RO", "nope", "GET", "u8", "0"],
        ];
        AssertSameKeyspaceCounters(commands);
    }

    [Test]
    public void IncrByFloatFormatsLikeRedis()
    {
        // Long double arithmetic and %.17Lf formatting: accumulate and start afresh with many
        // increments, including values whose 18th decimal is a tie.
        var random = new Random(20240607);
        var increments = new List<string>
        {
            "0.1", "0.2", "0.3", "-0.3", "1e-17", "5e-18", "-5e-18", "1.5e-17", "2.5e-17", "0.333333333333333333333",
            "123456789.123456789", "9007199254740993", "18446744073709551616", "1e20", "1e25", "-1e25", "3.0e-5",
            "1.7976931348623157e308", "4.9e-324", "0.000000000000000005", "0.000000000000000015", "99999999999999999.5",
            "0.1e1", "1000000000000000000000000000000.0000001", "-123.456e-7", "0x1.5p-60", "7e-20", "1e-18",
        };
        for (int i = 0; i < 150; i++)
        {
            double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-25, 25));
            increments.Add(value.ToString(i % 2 == 0 ? "R" : "G17", CultureInfo.InvariantCulture));
            increments.Add(random.NextInt64(-1_000_000_000_000, 1_000_000_000_000).ToString(CultureInfo.InvariantCulture) + "."
                           + random.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture));
        }

        var commands = new List<string[]>();
        foreach (var increment in increments)
        {
            commands.Add(["INCRBYFLOAT", "sum", increment]);
            commands.Add(["DEL", "fresh"]);
            commands.Add(["INCRBYFLOAT", "fresh", increment]);
        }
        AssertSameReplies([.. commands]);
    }
}
