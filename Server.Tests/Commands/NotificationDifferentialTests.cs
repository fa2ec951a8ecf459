// Differential tests for keyspace notifications: a subscriber to __keyspace@*__:* and
// __keyevent@*__:* listens while a writer runs commands, on redis-server 7.0 and on EventLoopRedis,
// and the replies and every notification received must be the same bytes, in the same order.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class NotificationDifferentialTests : DifferentialFixture
{
    /// <summary>
    /// Runs <paramref name="commands"/> with notify-keyspace-events set to <paramref name="flags"/>
    /// and returns the writer's replies, then everything the subscriber received (RESP 2 or 3).
    /// </summary>
    private static string Transcript(int port, string flags, int protocol, string[][] commands)
    {
        using var writer = new RespConnection(port);
        using var subscriber = new RespConnection(port);
        writer.Call("FLUSHALL");
        if (protocol == 3) subscriber.Call("HELLO", "3");
        subscriber.Send("PSUBSCRIBE", "__keyspace@*__:*", "__keyevent@*__:*");
        subscriber.ReadReply();
        subscriber.ReadReply();
        subscriber.Call("SUBSCRIBE", "end");
        var text = new StringBuilder();
        writer.Call("CONFIG", "SET", "notify-keyspace-events", flags);
        try
        {
            foreach (var command in commands)
            {
                if (command[0] == "<pause>") Thread.Sleep(int.Parse(command[1]));
                else text.Append(writer.Call(command));
            }
        }
        finally
        {
            writer.Call("CONFIG", "SET", "notify-keyspace-events", "");
        }
        writer.Call("PUBLISH", "end", "end");
        text.Append("\n--- events ---\n");
        while (true)
        {
            string push = RespConnection.Latin1(subscriber.ReadReply());
            text.Append(push);
            if (push.Contains("$3\r\nend\r\n$3\r\nend\r\n")) break;
        }
        return text.ToString();
    }

    private void AssertSameEvents(string flags, params string[][] commands)
    {
        foreach (int protocol in new[] { 2, 3 })
        {
            Assert.That(Transcript(OurPort, flags, protocol, commands), Is.EqualTo(Transcript(RedisPort, flags, protocol, commands)),
                $"RESP{protocol}, flags {flags}");
        }
    }

    private static readonly object[] Scripts =
    [
        new object[] { "strings", new[] { new[] { "SET", "s", "1" }, ["SET", "s", "2", "EX", "100"], ["SET", "s", "3", "NX"],
            ["SET", "s", "4", "XX", "GET"], ["SETNX", "s", "5"], ["SETNX", "t", "5"], ["SETEX", "e", "100", "v"], ["PSETEX", "e", "100000", "v"],
            ["GETSET", "s", "6"], ["GETSET", "g", "6"], ["GETDEL", "g"], ["GETDEL", "g"], ["GETEX", "s", "EX", "100"], ["GETEX", "s", "PERSIST"],
            ["GETEX", "s", "PERSIST"], ["GETEX", "s"], ["GETEX", "nokey", "EX", "5"], ["GETEX", "s", "PXAT", "1"], ["MSET", "a", "1", "b", "2"],
            ["MSETNX", "a", "1", "c", "3"], ["MSETNX", "c", "3", "d", "4"], ["APPEND", "a", "x"], ["APPEND", "new", "x"], ["SETRANGE", "a", "5", "y"],
            ["SETRANGE", "a", "0", ""], ["SETRANGE", "z", "0", ""], ["SETRANGE", "z2", "2", "x"], ["INCR", "i"], ["DECR", "i"], ["INCRBY", "i", "5"],
            ["DECRBY", "i", "2"], ["INCRBYFLOAT", "f", "1.5"], ["INCR", "a"], ["GET", "s"], ["MGET", "s", "x"], ["STRLEN", "s"], ["LCS", "a", "b"],
            ["SET", "k", "v", "KEEPTTL"], ["SET", "k", "v", "PX", "100000", "GET"], ["SET", "k", "v", "EXAT", "1"] } },
        new object[] { "keys", new[] { new[] { "MSET", "a", "1", "b", "2", "c", "3" }, ["DEL", "a", "x", "b"], ["UNLINK", "c", "c"],
            ["SET", "a", "1"], ["RENAME", "a", "b"], ["RENAME", "b", "b"], ["SET", "c", "3"], ["RENAME", "b", "c"], ["RENAMENX", "c", "d"],
            ["SET", "e", "5"], ["RENAMENX", "d", "e"], ["RENAME", "nokey", "x"], ["MOVE", "d", "1"], ["MOVE", "d", "1"], ["SET", "m", "1"],
            ["SELECT", "1"], ["SET", "m", "other"], ["SELECT", "0"], ["MOVE", "m", "1"], ["COPY", "e", "f"], ["COPY", "e", "f"],
            ["COPY", "e", "f", "REPLACE"], ["COPY", "e", "g", "DB", "2"], ["EXPIRE", "e", "100"], ["PEXPIRE", "e", "100000", "NX"],
            ["EXPIREAT", "e", "99999999999"], ["PEXPIREAT", "e", "99999999999999"], ["EXPIRE", "e", "100", "GT"], ["PERSIST", "e"],
            ["PERSIST", "e"], ["EXPIRE", "e", "-1"], ["EXPIRE", "nokey", "100"], ["SET", "p", "1"], ["PEXPIREAT", "p", "1"], ["TOUCH", "p", "f"],
            ["SET", "t", "1"], ["RENAME", "t", "u"], ["SWAPDB", "0", "1"], ["FLUSHDB"], ["SELECT", "2"], ["FLUSHALL"], ["SELECT", "0"] } },
        // One key expires at a time: the order the active cycle meets keys in depends on each
        // server's hash table (Redis seeds its hash randomly), so it is not compared.
        new object[] { "expiry, lazy and active", new[] { new[] { "SET", "active", "v", "PX", "50" }, ["<pause>", "300"],
            ["HSET", "h", "f", "v"], ["PEXPIRE", "h", "50"], ["<pause>", "300"], ["EXISTS", "h"],
            ["SET", "lazy", "v", "PX", "20"], ["<pause>", "30"], ["GET", "lazy"] } },
        new object[] { "lists", new[] { new[] { "LPUSH", "l", "a", "b" }, ["RPUSH", "l", "c"], ["LPUSHX", "l", "d"], ["RPUSHX", "l", "e"],
            ["LPUSHX", "m", "d"], ["RPUSHX", "m", "e"], ["LINSERT", "l", "BEFORE", "a", "x"], ["LINSERT", "l", "AFTER", "zz", "x"], ["LSET", "l", "0", "y"],
            ["LPOP", "l"], ["RPOP", "l", "2"], ["LREM", "l", "0", "nothing"], ["LREM", "l", "1", "x"], ["LTRIM", "l", "0", "-1"], ["LTRIM", "l", "5", "1"],
            ["RPUSH", "src", "1", "2", "3"], ["LMOVE", "src", "dst", "LEFT", "RIGHT"], ["RPOPLPUSH", "src", "dst"], ["LMOVE", "src", "src", "LEFT", "LEFT"],
            ["LMOVE", "src", "dst", "RIGHT", "LEFT"], ["LMOVE", "src", "dst", "RIGHT", "LEFT"], ["LMPOP", "2", "none", "dst", "LEFT", "COUNT", "1"],
            ["LMPOP", "1", "dst", "RIGHT", "COUNT", "10"], ["RPUSH", "p", "1"], ["LPOP", "p", "5"], ["LPOP", "p"], ["RPUSH", "p", "1", "2"], ["LPOP", "p", "0"],
            ["RPOP", "p"], ["RPOP", "p"], ["LINDEX", "p", "0"], ["LRANGE", "p", "0", "-1"], ["LLEN", "p"] } },
        new object[] { "hashes", new[] { new[] { "HSET", "h", "a", "1", "b", "2" }, ["HSET", "h", "a", "1"], ["HMSET", "h", "c", "3"],
            ["HSETNX", "h", "a", "9"], ["HSETNX", "h", "d", "4"], ["HINCRBY", "h", "i", "5"], ["HINCRBYFLOAT", "h", "f", "1.5"], ["HDEL", "h", "x"],
            ["HDEL", "h", "a", "b"], ["HDEL", "h", "c", "d", "i", "f"], ["HGET", "h", "a"], ["HGETALL", "h"], ["HSETNX", "n", "a", "1"],
            ["HINCRBY", "n2", "a", "1"] } },
        new object[] { "sets", new[] { new[] { "SADD", "s", "a", "b", "c" }, ["SADD", "s", "a"], ["SREM", "s", "x"], ["SREM", "s", "a"],
            ["SMOVE", "s", "t", "b"], ["SMOVE", "s", "t", "zz"], ["SMOVE", "s", "s", "c"], ["SMOVE", "s", "t", "c"],
            ["SADD", "u", "b"], ["SMOVE", "t", "u", "b"], ["SPOP", "t"], ["SPOP", "t", "0"], ["SADD", "big", "1", "2", "3"],
            ["SPOP", "big", "5"], ["SPOP", "big"], ["SADD", "x", "1", "2"], ["SADD", "y", "2", "3"], ["SINTERSTORE", "d", "x", "y"],
            ["SUNIONSTORE", "d", "x", "y"], ["SDIFFSTORE", "d", "x", "y"], ["SINTERSTORE", "d", "x", "nokey"], ["SDIFFSTORE", "d", "x", "x"],
            ["SUNIONSTORE", "d", "none", "none2"], ["SDIFFSTORE", "x", "x", "y"], ["SINTERSTORE", "e", "x", "x"], ["SMEMBERS", "e"],
            ["SPOP", "u", "1"] } },
        new object[] { "sorted sets", new[] { new[] { "ZADD", "z", "1", "a", "2", "b", "3", "c" }, ["ZADD", "z", "1", "a"], ["ZADD", "z", "XX", "1", "q"],
            ["ZADD", "nokey", "XX", "1", "q"], ["ZADD", "z", "CH", "5", "a"], ["ZADD", "z", "INCR", "1", "a"], ["ZINCRBY", "z", "2", "b"],
            ["ZADD", "z", "NX", "INCR", "1", "a"], ["ZREM", "z", "x"], ["ZREM", "z", "a"], ["ZADD", "z", "4", "d", "5", "e", "6", "f"],
            ["ZREMRANGEBYRANK", "z", "0", "0"], ["ZREMRANGEBYRANK", "z", "10", "20"], ["ZREMRANGEBYSCORE", "z", "4", "4"], ["ZREMRANGEBYSCORE", "z", "100", "200"],
            ["ZADD", "l", "0", "a", "0", "b", "0", "c"], ["ZREMRANGEBYLEX", "l", "[a", "[a"], ["ZREMRANGEBYLEX", "l", "-", "+"], ["ZPOPMIN", "z"],
            ["ZPOPMAX", "z", "1"], ["ZPOPMIN", "z", "0"], ["ZPOPMIN", "z", "10"], ["ZPOPMIN", "z"], ["ZADD", "m", "1", "a", "2", "b"],
            ["ZMPOP", "2", "none", "m", "MIN"], ["ZMPOP", "1", "m", "MAX", "COUNT", "5"], ["ZADD", "x", "1", "a", "2", "b"], ["ZADD", "y", "1", "b"],
            ["ZUNIONSTORE", "d", "2", "x", "y"], ["ZINTERSTORE", "d", "2", "x", "y"], ["ZDIFFSTORE", "d", "2", "x", "y"], ["ZINTERSTORE", "d", "2", "x", "none"],
            ["ZDIFFSTORE", "d", "2", "x", "x"], ["ZRANGESTORE", "r", "x", "0", "-1"], ["ZRANGESTORE", "r", "x", "5", "6"], ["ZUNIONSTORE", "r", "1", "none"],
            ["ZRANGE", "x", "0", "-1"], ["ZSCORE", "x", "a"], ["ZADD", "w", "1", "a"], ["ZREM", "w", "a"] } },
        new object[] { "bitmaps and sort", new[] { new[] { "SETBIT", "b", "7", "1" }, ["SETBIT", "b", "7", "1"], ["SETBIT", "b", "7", "0"],
            ["SET", "x", "a"], ["BITOP", "AND", "d", "b", "x"], ["BITOP", "OR", "d", "none"], ["BITOP", "OR", "d", "none"],
            ["BITFIELD", "bf", "SET", "u8", "0", "5"], ["BITFIELD", "bf", "GET", "u8", "0"], ["BITFIELD", "bf", "INCRBY", "u8", "0", "0"], ["BITFIELD", "bf", "SET", "u8", "0", "5"],
            ["BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "256"], ["BITFIELD", "bf", "SET", "i8", "0", "-251"],
            ["BITFIELD", "bf", "SET", "i8", "0", "1", "SET", "u8", "64", "0"], ["BITFIELD", "bn", "SET", "u8", "0", "0"],
            ["BITFIELD", "bf2", "GET", "u8", "0"], ["GETBIT", "b", "0"], ["BITCOUNT", "b"], ["RPUSH", "l", "3", "1", "2"],
            ["SORT", "l", "STORE", "s"], ["SORT", "l", "STORE", "s"], ["SORT", "none", "STORE", "s"], ["SORT", "none", "STORE", "s"],
            ["SORT", "l"], ["SORT", "l", "BY", "w_*", "GET", "o_*"] } },
        new object[] { "hyperloglog and geo", new[] { new[] { "PFADD", "h", "a", "b" }, ["PFADD", "h", "a"], ["PFADD", "h2"], ["PFADD", "h2"],
            ["PFCOUNT", "h", "h2"], ["PFMERGE", "m", "h", "h2"], ["PFMERGE", "m"], ["PFDEBUG", "TODENSE", "h"],
            ["GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"], ["GEOADD", "g", "13.361389", "38.115556", "Palermo"],
            ["GEOADD", "g", "CH", "13.4", "38.1", "Palermo"], ["GEOADD", "g", "XX", "1", "1", "Nowhere"],
            ["GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"], ["GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m"],
            ["GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m"], ["GEORADIUS", "g", "15", "37", "200", "km", "STORE", "r"],
            ["GEORADIUS", "g", "15", "37", "200", "km", "STOREDIST", "r"], ["GEORADIUS", "none", "15", "37", "200", "km", "STORE", "r"],
            ["GEORADIUSBYMEMBER", "g", "Palermo", "500", "km", "STORE", "r2"], ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km"] } },
        new object[] { "streams", new[] { new[] { "XADD", "s", "1-1", "f", "v" }, ["XADD", "s", "MAXLEN", "1", "2-1", "f", "v"],
            ["XADD", "s", "MAXLEN", "5", "3-1", "f", "v"], ["XADD", "none", "NOMKSTREAM", "*", "f", "v"], ["XDEL", "s", "9-9"], ["XDEL", "s", "2-1"],
            ["XTRIM", "s", "MAXLEN", "5"], ["XTRIM", "s", "MAXLEN", "0"], ["XSETID", "s", "10-1"], ["XGROUP", "CREATE", "s", "g", "0"],
            ["XGROUP", "CREATE", "s", "g", "0"], ["XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"], ["XGROUP", "SETID", "s", "g", "0"],
            ["XGROUP", "CREATECONSUMER", "s", "g", "c1"], ["XGROUP", "CREATECONSUMER", "s", "g", "c1"], ["XGROUP", "DELCONSUMER", "s", "g", "nobody"],
            ["XGROUP", "DELCONSUMER", "s", "g", "c1"], ["XADD", "s", "11-1", "f", "v"], ["XREADGROUP", "GROUP", "g", "reader", "STREAMS", "s", ">"],
            ["XREADGROUP", "GROUP", "g", "empty", "STREAMS", "s", ">"], ["XREADGROUP", "GROUP", "g", "history", "STREAMS", "s", "0"],
            ["XCLAIM", "s", "g", "claimer", "0", "11-1"], ["XCLAIM", "s", "g", "nothing", "0", "99-1"], ["XAUTOCLAIM", "s", "g", "auto", "0", "0"],
            ["XACK", "s", "g", "11-1"], ["XGROUP", "DESTROY", "s", "g"], ["XGROUP", "DESTROY", "s", "g"], ["XREAD", "STREAMS", "s", "0"], ["DEL", "s"] } },
        new object[] { "blocking commands with data at hand", new[] { new[] { "RPUSH", "l", "a", "b", "c" }, ["BLPOP", "l", "0"], ["BRPOP", "none", "l", "0"],
            ["BLMOVE", "l", "d", "LEFT", "RIGHT", "0"], ["BRPOPLPUSH", "d", "d", "0"], ["BLMPOP", "0", "1", "d", "LEFT", "COUNT", "5"],
            ["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["BZPOPMIN", "z", "0"], ["BZPOPMAX", "none", "z", "0"], ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "5"] } },
        new object[] { "scripts and transactions", new[] { new[] { "EVAL", "redis.call('set', KEYS[1], 'v'); return redis.call('del', KEYS[1])", "1", "k" },
            ["MULTI"], ["SET", "a", "1"], ["LPUSH", "l", "x"], ["EXEC"], ["SELECT", "3"], ["SET", "in3", "v"], ["DEL", "in3"], ["SELECT", "0"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void EveryClassOnBothChannels(string name, string[][] commands) => AssertSameEvents("KEA", commands);

    [TestCaseSource(nameof(Scripts))]
    public void NewKeysAndMissesWhenAskedFor(string name, string[][] commands) => AssertSameEvents("KEnm", commands);

    [TestCase("K$")]
    [TestCase("Eg")]
    [TestCase("Klsz")]
    [TestCase("Eh")]
    [TestCase("KEx")]
    [TestCase("g$")]
    [TestCase("")]
    public void OnlyTheSelectedClassesAndChannelsArePublished(string flags)
    {
        foreach (var script in Scripts)
        {
            var commands = (string[][])((object[])script)[1];
            if (commands.Any(c => c[0] == "<pause>")) continue;
            AssertSameEvents(flags, commands);
        }
    }

    [Test]
    public void ConfigRendersTheClassesAsRedisDoes() => AssertSameReplies(
        ["CONFIG", "SET", "notify-keyspace-events", "KEA"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "Ad"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "An"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "g$lshzxet"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "mEKnd"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "tedxzhsl$g"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "KEA1"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", "KEA", "hz", "x"], ["CONFIG", "GET", "notify-keyspace-events"],
        ["CONFIG", "SET", "notify-keyspace-events", ""], ["CONFIG", "GET", "notify-keyspace-events"]);
}
