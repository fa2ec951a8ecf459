// Differential tests for the list commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes (RESP2 and RESP3, errors, binary elements, large lists).

using System.Globalization;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class ListDifferentialTests : DifferentialFixture
{
    private const string MaxLong = "9223372036854775807";
    private const string MinLong = "-9223372036854775808";

    private static readonly object[] Scripts =
    [
        new object[] { "push and length", new[] { new[] { "LPUSH", "l", "a", "b", "c" }, ["RPUSH", "l", "d", "e"], ["LLEN", "l"],
            ["LRANGE", "l", "0", "-1"], ["LPUSHX", "l", "x", "y"], ["RPUSHX", "l", "z"], ["LPUSHX", "nol", "x"], ["RPUSHX", "nol", "x"],
            ["EXISTS", "nol"], ["LLEN", "nol"], ["LRANGE", "l", "0", "-1"], ["RPUSH", "n", "1", "-1", "127", "128", "-4096", "4095",
            "4096", "32767", "-32768", "32768", "8388607", "-8388608", "8388608", "2147483647", "-2147483648", "2147483648", MaxLong,
            MinLong, "9223372036854775808", "01", "-0", "+1", "1.5", " 1", "", "0"], ["LRANGE", "n", "0", "-1"], ["LLEN", "n"],
            ["TYPE", "l"], ["LPUSH"], ["LPUSH", "l"], ["RPUSH", "l"], ["LPUSHX", "l"], ["RPUSHX"], ["LLEN"], ["LLEN", "a", "b"] } },
        new object[] { "wrong type both ways", new[] { new[] { "SET", "s", "x" }, ["LPUSH", "s", "a"], ["RPUSH", "s", "a"],
            ["LPUSHX", "s", "a"], ["RPUSHX", "s", "a"], ["LPOP", "s"], ["RPOP", "s", "2"], ["LLEN", "s"], ["LINDEX", "s", "0"],
            ["LINDEX", "s", "x"], ["LSET", "s", "0", "a"], ["LRANGE", "s", "0", "-1"], ["LTRIM", "s", "0", "1"], ["LREM", "s", "0", "a"],
            ["LINSERT", "s", "BEFORE", "a", "b"], ["LPOS", "s", "a"], ["LPOS", "s", "a", "COUNT", "0"], ["LMOVE", "s", "d", "LEFT", "LEFT"],
            ["RPOPLPUSH", "s", "d"], ["LMPOP", "1", "s", "LEFT"], ["RPUSH", "l", "a"], ["GET", "l"], ["APPEND", "l", "x"], ["INCR", "l"],
            ["SETRANGE", "l", "0", "x"], ["STRLEN", "l"], ["GETBIT", "l", "0"], ["LMOVE", "l", "s", "LEFT", "RIGHT"],
            ["RPOPLPUSH", "l", "s"], ["LRANGE", "l", "0", "-1"], ["LMOVE", "missing", "s", "LEFT", "RIGHT"],
            ["LMPOP", "2", "missing", "s", "LEFT"], ["LMPOP", "2", "l", "s", "LEFT"], ["SET", "l", "now a string"], ["GET", "l"] } },
        new object[] { "pop with and without count", new[] { new[] { "RPUSH", "l", "a", "b", "c", "d", "e" }, ["LPOP", "l"],
            ["RPOP", "l"], ["LPOP", "l", "2"], ["RPUSH", "l", "f", "g", "h"], ["RPOP", "l", "2"], ["LPOP", "l", "0"], ["RPOP", "l", "0"],
            ["LPOP", "l", "-1"], ["RPOP", "l", "x"], ["LPOP", "l", "1.5"], ["LPOP", "l", MinLong], ["LPOP", "l", "1", "2"], ["RPOP"],
            ["LRANGE", "l", "0", "-1"], ["RPOP", "l", "100"], ["EXISTS", "l"], ["LPOP", "l"], ["RPOP", "l"], ["LPOP", "l", "1"],
            ["RPOP", "l", "0"], ["LPOP", "l", "-1"], ["RPUSH", "m", "1"], ["LPOP", "m", MaxLong], ["EXISTS", "m"], ["RPUSH", "m", "x"],
            ["RPOP", "m"], ["EXISTS", "m"], ["RPUSH", "m", "12", "-7", "big"], ["LPOP", "m"], ["RPOP", "m", "5"] } },
        new object[] { "lindex and lset", new[] { new[] { "RPUSH", "l", "a", "b", "c", "10", "-300" }, ["LINDEX", "l", "0"],
            ["LINDEX", "l", "-1"], ["LINDEX", "l", "3"], ["LINDEX", "l", "5"], ["LINDEX", "l", "-6"], ["LINDEX", "l", MaxLong],
            ["LINDEX", "l", MinLong], ["LINDEX", "l", "x"], ["LINDEX", "l", "1.0"], ["LINDEX", "missing", "x"], ["LINDEX", "missing", "0"],
            ["LSET", "l", "0", "A"], ["LSET", "l", "-1", "77"], ["LSET", "l", "4", "7"], ["LSET", "l", "5", "x"], ["LSET", "l", "-6", "x"],
            ["LSET", "l", "x", "y"], ["LSET", "missing", "0", "x"], ["LSET", "missing", "x", "y"], ["LRANGE", "l", "0", "-1"],
            ["LSET", "l", "1", "12345678901234567890"], ["LSET", "l", "2", "9223372036854775807"], ["LRANGE", "l", "0", "-1"],
            ["LINDEX"], ["LINDEX", "l"], ["LSET", "l", "0"] } },
        new object[] { "lrange clipping", new[] { new[] { "RPUSH", "l", "a", "b", "c", "d", "e" }, ["LRANGE", "l", "1", "3"],
            ["LRANGE", "l", "-2", "-1"], ["LRANGE", "l", "-100", "100"], ["LRANGE", "l", "3", "1"], ["LRANGE", "l", "5", "10"],
            ["LRANGE", "l", "-1", "-5"], ["LRANGE", "l", "-100", "-50"], ["LRANGE", "l", "4", "4"], ["LRANGE", "l", "0", "0"],
            ["LRANGE", "l", MinLong, MaxLong], ["LRANGE", "l", MaxLong, MinLong], ["LRANGE", "l", "x", "1"], ["LRANGE", "l", "0", "y"],
            ["LRANGE", "missing", "0", "-1"], ["LRANGE", "missing", "x", "1"], ["LRANGE", "l", "0"] } },
        new object[] { "ltrim", new[] { new[] { "RPUSH", "l", "a", "b", "c", "d", "e", "f" }, ["LTRIM", "l", "1", "-2"],
            ["LRANGE", "l", "0", "-1"], ["LTRIM", "l", "-100", "100"], ["LRANGE", "l", "0", "-1"], ["LTRIM", "l", "1", "1"],
            ["LRANGE", "l", "0", "-1"], ["LTRIM", "l", "5", "1"], ["EXISTS", "l"], ["RPUSH", "l", "a", "b"], ["LTRIM", "l", "-1", "-2"],
            ["EXISTS", "l"], ["RPUSH", "l", "a", "b"], ["LTRIM", "l", "2", "10"], ["EXISTS", "l"], ["LTRIM", "missing", "0", "1"],
            ["RPUSH", "l", "a", "b"], ["LTRIM", "l", "x", "1"], ["LTRIM", "l", MinLong, MaxLong], ["LRANGE", "l", "0", "-1"],
            ["LTRIM", "missing", "x", "y"], ["LTRIM", "l", "0"] } },
        new object[] { "lrem", new[] { new[] { "RPUSH", "l", "a", "b", "a", "c", "a", "b", "a" }, ["LREM", "l", "2", "a"],
            ["LRANGE", "l", "0", "-1"], ["LREM", "l", "-1", "b"], ["LRANGE", "l", "0", "-1"], ["LREM", "l", "0", "a"],
            ["LRANGE", "l", "0", "-1"], ["LREM", "l", "0", "zz"], ["LREM", "l", "x", "a"], ["LREM", "l", "0", "b"], ["LREM", "l", "0", "c"],
            ["EXISTS", "l"], ["LREM", "missing", "0", "a"], ["LREM", "missing", "x", "a"], ["RPUSH", "n", "1", "01", "1", "-1", "1.0", "1"],
            ["LREM", "n", "0", "1"], ["LRANGE", "n", "0", "-1"], ["LREM", "n", MinLong, "01"], ["LREM", "n", MaxLong, "-1"],
            ["LRANGE", "n", "0", "-1"], ["RPUSH", "e", "", "x", ""], ["LREM", "e", "0", ""], ["LRANGE", "e", "0", "-1"], ["LREM", "l", "0"] } },
        new object[] { "linsert", new[] { new[] { "RPUSH", "l", "a", "b", "c" }, ["LINSERT", "l", "BEFORE", "b", "x"],
            ["LINSERT", "l", "after", "c", "y"], ["LINSERT", "l", "AFTER", "a", "z"], ["LINSERT", "l", "before", "a", "w"],
            ["LRANGE", "l", "0", "-1"], ["LINSERT", "l", "BEFORE", "nothere", "v"], ["LINSERT", "missing", "BEFORE", "a", "v"],
            ["LINSERT", "l", "MIDDLE", "a", "v"], ["LINSERT", "missing", "MIDDLE", "a", "v"], ["LINSERT", "l", "AFTER\0x", "a", "v"],
            ["LINSERT", "l", "BEFORE", "v", "5"], ["RPUSH", "n", "1", "2", "3"], ["LINSERT", "n", "AFTER", "2", "100"],
            ["LINSERT", "n", "AFTER", "02", "x"], ["LRANGE", "n", "0", "-1"], ["LINSERT", "l", "BEFORE", "a"], ["LINSERT", "l"],
            ["LLEN", "l"] } },
        new object[] { "lpos", new[] { new[] { "RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c", "1" }, ["LPOS", "l", "c"],
            ["LPOS", "l", "c", "RANK", "2"], ["LPOS", "l", "c", "RANK", "-1"], ["LPOS", "l", "c", "RANK", "-3"], ["LPOS", "l", "c", "RANK", "4"],
            ["LPOS", "l", "c", "COUNT", "0"], ["LPOS", "l", "c", "COUNT", "2"], ["LPOS", "l", "c", "COUNT", "2", "RANK", "-1"],
            ["LPOS", "l", "c", "COUNT", "0", "RANK", "2"], ["LPOS", "l", "c", "MAXLEN", "3"], ["LPOS", "l", "c", "MAXLEN", "2"],
            ["LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7"], ["LPOS", "l", "c", "RANK", "-1", "MAXLEN", "2"], ["LPOS", "l", "1"],
            ["LPOS", "l", "1", "RANK", "-1"], ["LPOS", "l", "01"], ["LPOS", "l", "zz"], ["LPOS", "l", "zz", "COUNT", "1"],
            ["LPOS", "missing", "a"], ["LPOS", "missing", "a", "COUNT", "3"], ["LPOS", "l", "c", "RANK", "0"], ["LPOS", "l", "c", "RANK", "x"],
            ["LPOS", "l", "c", "COUNT", "-1"], ["LPOS", "l", "c", "COUNT", "x"], ["LPOS", "l", "c", "MAXLEN", "-1"],
            ["LPOS", "l", "c", "MAXLEN", "y"], ["LPOS", "l", "c", "RANK"], ["LPOS", "l", "c", "FOO", "1"], ["LPOS", "l", "c", "rank", "1", "count", "1", "maxlen", "0"],
            ["LPOS", "l", "c", "RANK", MinLong], ["LPOS", "l", "c", "RANK", MinLong, "COUNT", "2"], ["LPOS", "l", "c", "RANK", MaxLong],
            ["LPOS", "l", "c", "RANK", MaxLong, "COUNT", "0"], ["LPOS", "missing", "a", "RANK", "0"], ["LPOS", "l", "c", "RANK", "1", "RANK", "2"],
            ["LPOS", "l"] } },
        new object[] { "lmove and rpoplpush", new[] { new[] { "RPUSH", "s", "a", "b", "c" }, ["LMOVE", "s", "d", "LEFT", "RIGHT"],
            ["LMOVE", "s", "d", "right", "left"], ["LRANGE", "s", "0", "-1"], ["LRANGE", "d", "0", "-1"], ["RPOPLPUSH", "s", "d"],
            ["EXISTS", "s"], ["LRANGE", "d", "0", "-1"], ["RPOPLPUSH", "d", "d"], ["LRANGE", "d", "0", "-1"], ["LMOVE", "d", "d", "LEFT", "RIGHT"],
            ["LRANGE", "d", "0", "-1"], ["LMOVE", "d", "d", "LEFT", "LEFT"], ["LMOVE", "d", "d", "RIGHT", "RIGHT"], ["LRANGE", "d", "0", "-1"],
            ["RPUSH", "one", "x"], ["LMOVE", "one", "one", "LEFT", "RIGHT"], ["LRANGE", "one", "0", "-1"], ["RPOPLPUSH", "one", "one"],
            ["LMOVE", "missing", "d", "LEFT", "LEFT"], ["RPOPLPUSH", "missing", "d"], ["LMOVE", "d", "x", "UP", "LEFT"],
            ["LMOVE", "d", "x", "LEFT", "DOWN"], ["LMOVE", "missing", "x", "UP", "LEFT"], ["LMOVE", "d", "x", "LEFT\0", "RIGHT"],
            ["RPUSH", "n", "5", "-10"], ["LMOVE", "n", "m", "LEFT", "LEFT"], ["RPOPLPUSH", "n", "m"], ["LRANGE", "m", "0", "-1"],
            ["EXISTS", "n"], ["LMOVE", "s", "d", "LEFT"], ["RPOPLPUSH", "s"] } },
        new object[] { "lmpop", new[] { new[] { "RPUSH", "a", "1", "2", "3" }, ["RPUSH", "b", "x", "y"], ["LMPOP", "2", "missing", "a", "LEFT"],
            ["LMPOP", "2", "missing", "a", "RIGHT", "COUNT", "5"], ["EXISTS", "a"], ["LMPOP", "3", "missing", "a", "b", "left", "count", "1"],
            ["LMPOP", "1", "missing", "LEFT"], ["LMPOP", "1", "b", "RIGHT", "COUNT", "1", "COUNT", "1"], ["LMPOP", "0", "b", "LEFT"],
            ["LMPOP", "-1", "b", "LEFT"], ["LMPOP", "x", "b", "LEFT"], ["LMPOP", MaxLong, "b", "LEFT"], ["LMPOP", "2", "b", "LEFT"],
            ["LMPOP", "3", "b", "LEFT"], ["LMPOP", "1", "b", "UP"], ["LMPOP", "1", "b", "LEFT", "COUNT", "0"],
            ["LMPOP", "1", "b", "LEFT", "COUNT", "-1"], ["LMPOP", "1", "b", "LEFT", "COUNT", "x"], ["LMPOP", "1", "b", "LEFT", "COUNT"],
            ["LMPOP", "1", "b", "LEFT", "FOO"], ["LMPOP", "1", "b", "LEFT", "COUNT", MaxLong], ["EXISTS", "b"], ["LMPOP", "1", "b"],
            ["LMPOP", "1"], ["LMPOP", "1", "missing", "UP"] } },
        new object[] { "resp3 nulls and arrays", new[] { new[] { Unchecked, "HELLO", "3" }, ["LPOP", "missing"], ["RPOP", "missing", "2"],
            ["LPOP", "missing", "0"], ["LINDEX", "missing", "0"], ["LPOS", "missing", "a"], ["LPOS", "missing", "a", "COUNT", "0"],
            ["LMOVE", "missing", "d", "LEFT", "LEFT"], ["RPOPLPUSH", "missing", "d"], ["LMPOP", "1", "missing", "LEFT"],
            ["RPUSH", "l", "a", "b", "1"], ["LPOP", "l", "0"], ["LPOP", "l", "2"], ["LINDEX", "l", "5"], ["LPOS", "l", "zz"],
            ["LPOS", "l", "1", "COUNT", "0"], ["LMPOP", "1", "l", "RIGHT", "COUNT", "3"], ["LRANGE", "l", "0", "-1"], ["LPOP", "l", "1"] } },
        new object[] { "encoding is always quicklist", new[] { new[] { "RPUSH", "small", "a" }, ["OBJECT", "ENCODING", "small"],
            ["CONFIG", "SET", "list-max-listpack-size", "1"], ["RPUSH", "one", "a", "b", "c"], ["OBJECT", "ENCODING", "one"],
            ["LRANGE", "one", "0", "-1"], ["CONFIG", "SET", "list-max-ziplist-size", "-5"], ["CONFIG", "GET", "list-max-listpack-size"],
            ["RPUSH", "big", "a", "b"], ["OBJECT", "ENCODING", "big"], ["CONFIG", "SET", "list-max-listpack-size", "0"],
            ["RPUSH", "zero", "1", "2", "3"], ["LINSERT", "zero", "AFTER", "2", "x"], ["LRANGE", "zero", "0", "-1"],
            ["OBJECT", "ENCODING", "zero"], ["CONFIG", "SET", "list-max-listpack-size", "-2"], ["COPY", "one", "copy"],
            ["LRANGE", "copy", "0", "-1"], ["OBJECT", "ENCODING", "copy"], ["TYPE", "copy"] } },
        new object[] { "lists inside scripts", new[] { new[] { "RPUSH", "l", "a", "1", "b" },
            ["EVAL", "return redis.call('LRANGE', KEYS[1], 0, -1)", "1", "l"], ["EVAL", "return redis.call('LPOP', 'missing')", "0"],
            ["EVAL", "return redis.call('LPOP', 'missing', 2)", "0"], ["EVAL", "return redis.call('LPOS', KEYS[1], '1', 'COUNT', 0)", "1", "l"],
            ["EVAL", "return redis.call('LMPOP', 1, KEYS[1], 'RIGHT', 'COUNT', 2)", "1", "l"], ["EVAL", "return redis.call('LLEN', 'l')", "0"],
            ["EVAL", "return redis.pcall('LPOP', 'l', 1, 2)", "0"], ["EVAL", "return redis.pcall('LSET', 'missing', 0, 'x')", "0"],
            ["EVAL", "return redis.call('LPUSH', 'l', 'x')", "0"], ["EVAL_RO", "return redis.pcall('LPUSH', 'l', 'x')", "0"],
            ["EVAL_RO", "return redis.call('LINDEX', 'l', -1)", "0"], [Unchecked, "HELLO", "3"],
            ["EVAL", "redis.setresp(3); return redis.call('LPOP', 'missing', 2)", "0"],
            ["EVAL", "redis.setresp(3); return redis.call('LRANGE', 'l', 0, -1)", "0"] } },
        new object[] { "command introspection", new[] {
            new[] { "COMMAND", "INFO", "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "lmpop", "lmove", "rpoplpush" },
            ["COMMAND", "INFO", "llen", "lindex", "lrange", "lpos", "lset", "linsert", "lrem", "ltrim"],
            ["COMMAND", "DOCS", "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "lmpop", "lmove", "rpoplpush"],
            ["COMMAND", "DOCS", "llen", "lindex", "lrange", "lpos", "lset", "linsert", "lrem", "ltrim"],
            ["COMMAND", "GETKEYS", "lmpop", "2", "a", "b", "LEFT"], ["COMMAND", "GETKEYS", "lmpop", "1", "a", "LEFT", "COUNT", "2"],
            ["COMMAND", "GETKEYS", "lmove", "a", "b", "LEFT", "RIGHT"], ["COMMAND", "GETKEYS", "rpoplpush", "a", "b"],
            ["COMMAND", "GETKEYS", "lpush", "a", "x", "y"], ["COMMAND", "GETKEYS", "lpos", "a", "x", "RANK", "1"],
            ["COMMAND", "GETKEYS", "lmpop", "0", "a", "LEFT"], ["COMMAND", "GETKEYS", "lmpop", "5", "a", "LEFT"],
            ["COMMAND", "GETKEYS", "lmpop", "x", "a", "LEFT"], ["COMMAND", "GETKEYS", "lmpop", "1", "a"], ["COMMAND", "GETKEYS", "lpush", "a"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void BinaryElementsMatchRedis()
    {
        const string key = "k\0\xff\r\n";
        const string element = "\xff\0\r\nv";
        var longElement = new string('\0', 70) + "\xfe" + new string('z', 5000);
        AssertSameReplies(
            ["RPUSH", key, element, "", "\0", longElement], ["LPUSH", key, "\r\n"], ["LRANGE", key, "0", "-1"], ["LINDEX", key, "1"],
            ["LPOS", key, "\0"], ["LPOS", key, element, "COUNT", "0"], ["LINSERT", key, "AFTER", "\0", "\x80"], ["LREM", key, "0", ""],
            ["LSET", key, "0", longElement], ["LMOVE", key, "\0dst", "LEFT", "RIGHT"], ["LRANGE", "\0dst", "0", "-1"],
            ["LMPOP", "2", "nothing", key, "RIGHT", "COUNT", "2"], ["RPOPLPUSH", key, key], ["LRANGE", key, "0", "-1"], ["LPOP", key, "10"],
            ["EXISTS", key]);
    }

    [Test]
    public void LargeListsMatchRedis()
    {
        // 100,000 elements from ten variadic RPUSHes, mixing integers, short and medium strings.
        var commands = new List<string[]>();
        for (int batch = 0; batch < 10; batch++)
        {
            var push = new List<string> { "RPUSH", "big" };
            for (int i = 0; i < 10_000; i++)
            {
                int n = batch * 10_000 + i;
                push.Add((n % 3) switch { 0 => n.ToString(CultureInfo.InvariantCulture), 1 => "e" + n, _ => new string('m', n % 90) + n });
            }
            commands.Add([.. push]);
        }
        commands.AddRange(new[]
        {
            new[] { "LLEN", "big" }, ["OBJECT", "ENCODING", "big"], ["LINDEX", "big", "0"], ["LINDEX", "big", "50000"], ["LINDEX", "big", "-1"],
            ["LINDEX", "big", "77777"], ["LINDEX", "big", "-33333"], ["LRANGE", "big", "49990", "50010"], ["LRANGE", "big", "-20", "-1"],
            ["LSET", "big", "50000", new string('x', 3000)], ["LSET", "big", "50001", "1"], ["LSET", "big", "-2", "tail"],
            ["LINSERT", "big", "BEFORE", "e50002", "inserted"], ["LINSERT", "big", "AFTER", "99999", "last"],
            ["LRANGE", "big", "49995", "50010"], ["LPOS", "big", "e88888"], ["LPOS", "big", "e88888", "RANK", "-1"],
            ["LPOS", "big", "e88888", "MAXLEN", "1000"], ["LPOS", "big", "1", "COUNT", "0"], ["LREM", "big", "0", "e4"],
            ["LREM", "big", "-2", "e7"], ["LPOP", "big", "3"], ["RPOP", "big", "3"], ["LLEN", "big"],
            ["LTRIM", "big", "1000", "-1000"], ["LLEN", "big"], ["LRANGE", "big", "0", "5"], ["LRANGE", "big", "-5", "-1"],
            ["LMPOP", "1", "big", "RIGHT", "COUNT", "10"], ["LMOVE", "big", "other", "LEFT", "RIGHT"], ["LINDEX", "big", "45000"],
        });
        var lrange = new List<string> { "LRANGE", "big", "0", "-1" };
        commands.Add([.. lrange]);
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void RandomOperationsMatchRedisAtEveryFill()
    {
        // Seeded random edits on lists with tiny nodes (entry counts and 4 KB sizes), so that
        // inserts split nodes, merges join them and deletes empty them, read back after each step.
        var random = new Random(7007);
        var commands = new List<string[]>();
        foreach (string fill in new[] { "1", "3", "-1", "5" })
        {
            commands.Add(["CONFIG", "SET", "list-max-listpack-size", fill]);
            commands.Add(["DEL", "r"]);
            for (int step = 0; step < 400; step++)
            {
                string value = random.Next(4) switch
                {
                    0 => random.Next(-5000, 5000).ToString(CultureInfo.InvariantCulture),
                    1 => "v" + random.Next(20),
                    2 => new string('p', random.Next(200, 1800)),
                    _ => random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
                };
                string index = random.Next(-30, 30).ToString(CultureInfo.InvariantCulture);
                string pivot = "v" + random.Next(20);
                commands.Add(random.Next(12) switch
                {
                    0 or 1 => ["LPUSH", "r", value, "v" + random.Next(20)],
                    2 or 3 => ["RPUSH", "r", value],
                    4 => ["LINSERT", "r", random.Next(2) == 0 ? "BEFORE" : "AFTER", pivot, value],
                    5 => ["LSET", "r", index, value],
                    6 => ["LREM", "r", random.Next(-2, 3).ToString(CultureInfo.InvariantCulture), pivot],
                    7 => ["LPOP", "r", random.Next(0, 3).ToString(CultureInfo.InvariantCulture)],
                    8 => ["RPOP", "r"],
                    9 => ["LTRIM", "r", random.Next(0, 3).ToString(CultureInfo.InvariantCulture), random.Next(-3, 40).ToString(CultureInfo.InvariantCulture)],
                    10 => ["LMOVE", "r", "r", random.Next(2) == 0 ? "LEFT" : "RIGHT", random.Next(2) == 0 ? "LEFT" : "RIGHT"],
                    _ => ["LPOS", "r", pivot, "RANK", random.Next(2) == 0 ? "-1" : "2", "COUNT", "0"],
                });
                commands.Add(["LRANGE", "r", "0", "-1"]);
                commands.Add(["LINDEX", "r", index]);
            }
        }
        commands.Add(["CONFIG", "SET", "list-max-listpack-size", "-2"]);
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        // Reads (LLEN, LINDEX, LRANGE, LPOS) count a hit or a miss; the writing commands count nothing.
        string[][] commands =
        [
            ["RPUSH", "l", "a", "b"], ["LLEN", "l"], ["LLEN", "nope"], ["LINDEX", "l", "0"], ["LINDEX", "nope", "0"],
            ["LRANGE", "l", "0", "-1"], ["LRANGE", "nope", "0", "-1"], ["LPOS", "l", "a"], ["LPOS", "nope", "a"], ["LPUSHX", "nope", "a"],
            ["LSET", "l", "0", "x"], ["LINSERT", "l", "BEFORE", "x", "y"], ["LREM", "l", "0", "y"], ["LTRIM", "l", "0", "-1"],
            ["LMOVE", "l", "m", "LEFT", "LEFT"], ["RPOPLPUSH", "nope", "m"], ["LMPOP", "2", "nope", "m", "LEFT"], ["LPOP", "l"],
        ];
        AssertSameKeyspaceCounters(commands);
    }
}
