// server.dirty, command by command: each write adds what redis-server 7.0.15 adds to its
// rdb_changes_since_last_save (real Redis, persistence off) and our RedisServer.Dirty
// (an in-process server, read directly).

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

public class DirtyDifferentialTests
{
    private ServerProcess _redis = null!;
    private RespConnection _connection = null!;
    private RespConnection _info = null!; // its own connection: the transcript's may be inside MULTI
    private InProcessServer _ours = null!;

    [OneTimeSetUp]
    public void StartRedis()
    {
        _redis = ServerProcess.StartRedis();
        _connection = new RespConnection(_redis.Port);
        _info = new RespConnection(_redis.Port);
    }

    [OneTimeTearDown]
    public void StopRedis()
    {
        _connection.Dispose();
        _info.Dispose();
        _redis.Dispose();
    }

    [SetUp]
    public void Fresh()
    {
        _connection.Call("FLUSHALL");
        _connection.Call("FUNCTION", "FLUSH");
        _ours = new InProcessServer();
    }

    [TearDown]
    public void Stop() => _ours.Dispose();

    private long RedisDirty()
    {
        foreach (var line in _info.Call("INFO", "persistence").Split("\r\n"))
        {
            if (line.StartsWith("rdb_changes_since_last_save:", StringComparison.Ordinal)) return long.Parse(line[(line.IndexOf(':') + 1)..]);
        }
        throw new InvalidOperationException("no rdb_changes_since_last_save in INFO persistence");
    }

    /// <summary>Runs each command on both servers and asserts each adds the same to the counter.</summary>
    private void AssertSameDirty(params string[][] commands)
    {
        foreach (var command in commands)
        {
            long redisBefore = RedisDirty(), oursBefore = _ours.Server.Dirty;
            string redisReply = _connection.Call(command);
            string ourReply = _ours.Call(command);
            string shown = string.Join(' ', command);
            // Replies are compared too, so that a transcript that went astray cannot pass by accident.
            if (!command[0].Equals("SPOP", StringComparison.OrdinalIgnoreCase) && !command[0].Equals("XADD", StringComparison.OrdinalIgnoreCase))
                Assert.That(ourReply, Is.EqualTo(redisReply), $"reply to `{shown}`");
            Assert.That(_ours.Server.Dirty - oursBefore, Is.EqualTo(RedisDirty() - redisBefore), $"changes counted for `{shown}`");
        }
    }

    [Test]
    public void StringAndKeyCommandsCountAsRedis() => AssertSameDirty(
        ["SET", "s", "1"], ["SET", "s", "2", "NX"], ["SET", "s", "3", "XX", "GET"], ["SETNX", "s", "x"], ["SETNX", "n", "x"],
        ["SETEX", "e", "100", "v"], ["PSETEX", "e", "100000", "v"], ["GETSET", "s", "4"], ["GETDEL", "n"], ["GETDEL", "n"],
        ["GETEX", "s", "EX", "100"], ["GETEX", "s", "PERSIST"], ["GETEX", "s", "PERSIST"], ["GETEX", "s"],
        ["MSET", "a", "1", "b", "2", "c", "3"], ["MSETNX", "a", "1", "z", "2"], ["MSETNX", "y", "1", "z", "2"],
        ["APPEND", "a", "xy"], ["APPEND", "new", "xy"], ["SETRANGE", "a", "1", "q"], ["SETRANGE", "a", "1", ""], ["SETRANGE", "nothere", "0", ""],
        ["INCR", "i"], ["INCRBY", "i", "5"], ["DECR", "i"], ["DECRBY", "i", "2"], ["INCRBYFLOAT", "i", "1.5"], ["INCR", "a"],
        ["DEL", "a", "b", "missing"], ["UNLINK", "c", "missing"], ["EXISTS", "s"], ["RENAME", "s", "s2"], ["RENAME", "s2", "s2"],
        ["RENAMENX", "s2", "y"], ["RENAMENX", "s2", "s3"], ["MOVE", "s3", "1"], ["MOVE", "s3", "1"], ["COPY", "y", "y2"], ["COPY", "y", "y2"],
        ["COPY", "y", "y2", "REPLACE"], ["EXPIRE", "y", "100"], ["EXPIRE", "y", "100", "NX"], ["PEXPIRE", "y", "100000", "XX"],
        ["EXPIREAT", "y2", "4000000000"], ["PEXPIREAT", "y2", "4000000000000", "GT"], ["PERSIST", "y"], ["PERSIST", "y"],
        ["EXPIRE", "y", "-1"], ["EXPIRE", "missing", "10"], ["SWAPDB", "0", "1"], ["SWAPDB", "0", "0"], ["FLUSHDB"], ["FLUSHDB"],
        ["SET", "k1", "v"], ["SET", "k2", "v"], ["FLUSHALL"], ["FLUSHALL"]);

    [Test]
    public void ListAndHashCommandsCountAsRedis() => AssertSameDirty(
        ["RPUSH", "l", "a", "b", "c", "d", "e", "f"], ["LPUSH", "l", "x"], ["LPUSHX", "nol", "x"], ["RPUSHX", "l", "y", "z"],
        ["LPOP", "l"], ["RPOP", "l", "2"], ["LPOP", "l", "0"], ["LPOP", "nol"], ["LSET", "l", "0", "q"], ["LINSERT", "l", "BEFORE", "q", "p"],
        ["LINSERT", "l", "BEFORE", "nothere", "p"], ["LREM", "l", "0", "p"], ["LREM", "l", "0", "nothere"], ["LTRIM", "l", "1", "-2"],
        ["LTRIM", "l", "0", "-1"], ["LMOVE", "l", "l2", "LEFT", "RIGHT"], ["RPOPLPUSH", "l", "l2"], ["LMPOP", "2", "nol", "l", "LEFT", "COUNT", "10"],
        ["HSET", "h", "a", "1", "b", "2"], ["HSET", "h", "a", "1"], ["HMSET", "h", "c", "3", "d", "4"], ["HSETNX", "h", "a", "x"], ["HSETNX", "h", "z", "x"],
        ["HINCRBY", "h", "a", "3"], ["HINCRBYFLOAT", "h", "b", "0.5"], ["HDEL", "h", "a", "b", "nothere"], ["HDEL", "h", "nothere"],
        ["SORT", "l2", "ALPHA", "STORE", "sorted"], ["SORT", "nol", "STORE", "sorted"], ["SORT", "nol", "STORE", "sorted"]);

    [Test]
    public void SetAndSortedSetCommandsCountAsRedis() => AssertSameDirty(
        ["SADD", "s", "a", "b", "c", "d", "e"], ["SADD", "s", "a", "f"], ["SREM", "s", "a", "nothere"], ["SMOVE", "s", "t", "b"], ["SMOVE", "s", "t", "nothere"],
        ["SADD", "t", "c"], ["SMOVE", "s", "t", "c"], ["SPOP", "s"], ["SPOP", "s", "0"], ["SPOP", "t", "1"], ["SADD", "u", "1", "2", "3"], ["SPOP", "u", "10"],
        ["SADD", "a", "1", "2", "3"], ["SADD", "b", "2", "3", "4"], ["SINTERSTORE", "d", "a", "b"], ["SUNIONSTORE", "d", "a", "b"],
        ["SDIFFSTORE", "d", "a", "a"], ["SDIFFSTORE", "d", "a", "a"], ["SINTERSTORE", "d", "a", "nothere"],
        ["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["ZADD", "z", "1", "a", "5", "b"], ["ZADD", "z", "CH", "7", "b", "8", "n"], ["ZADD", "z", "NX", "1", "a"],
        ["ZINCRBY", "z", "2", "a"], ["ZREM", "z", "a", "nothere"], ["ZADD", "z", "1", "p", "2", "q", "3", "r", "4", "s"],
        ["ZREMRANGEBYRANK", "z", "0", "1"], ["ZREMRANGEBYSCORE", "z", "3", "4"], ["ZREMRANGEBYLEX", "z", "[a", "[b"],
        ["ZPOPMIN", "z"], ["ZPOPMAX", "z", "5"], ["ZADD", "z1", "1", "a", "2", "b"], ["ZADD", "z2", "3", "b"],
        ["ZUNIONSTORE", "zd", "2", "z1", "z2"], ["ZINTERSTORE", "zd", "2", "z1", "z2"], ["ZDIFFSTORE", "zd", "1", "nothere"],
        ["ZDIFFSTORE", "zd", "1", "nothere"], ["ZRANGESTORE", "zd", "z1", "0", "-1"], ["ZMPOP", "1", "z1", "MIN", "COUNT", "5"]);

    [Test]
    public void StreamHyperLogLogGeoAndBitmapCommandsCountAsRedis() => AssertSameDirty(
        ["XADD", "x", "1-1", "f", "v"], ["XADD", "x", "2-1", "f", "v"], ["XADD", "x", "3-1", "f", "v"], ["XADD", "x", "MAXLEN", "2", "4-1", "f", "v"],
        ["XDEL", "x", "3-1", "9-9"], ["XTRIM", "x", "MAXLEN", "0"], ["XADD", "x", "5-1", "f", "v"], ["XADD", "x", "6-1", "f", "v"],
        ["XGROUP", "CREATE", "x", "g", "0"], ["XGROUP", "CREATE", "nox", "g", "$", "MKSTREAM"], ["XGROUP", "CREATECONSUMER", "x", "g", "c1"],
        ["XGROUP", "CREATECONSUMER", "x", "g", "c1"], ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "x", ">"], ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "x", ">"],
        ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "x", "0"], ["XACK", "x", "g", "5-1", "6-1", "7-7"], ["XADD", "x", "7-1", "f", "v"],
        ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "x", ">"], ["XCLAIM", "x", "g", "c3", "0", "7-1"], ["XAUTOCLAIM", "x", "g", "c4", "0", "0"],
        ["XGROUP", "SETID", "x", "g", "0"], ["XGROUP", "DELCONSUMER", "x", "g", "c1"], ["XGROUP", "DELCONSUMER", "x", "g", "nobody"],
        ["XGROUP", "DESTROY", "x", "g"], ["XGROUP", "DESTROY", "x", "g"], ["XSETID", "x", "99-0"],
        ["PFADD", "hll", "a", "b", "c"], ["PFADD", "hll", "a"], ["PFADD", "hll2"], ["PFCOUNT", "hll"], ["PFCOUNT", "hll"], ["PFMERGE", "hll3", "hll", "hll2"],
        ["GEOADD", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"], ["GEOADD", "geo", "13.361389", "38.115556", "Palermo"],
        ["GEOSEARCHSTORE", "gd", "geo", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"], ["GEOSEARCHSTORE", "gd", "geo", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"],
        ["GEORADIUS", "geo", "15", "37", "200", "km", "STORE", "gd2"],
        ["SETBIT", "bits", "7", "1"], ["SETBIT", "bits", "7", "1"], ["SETBIT", "bits", "100", "0"], ["BITOP", "NOT", "bd", "bits"], ["BITOP", "AND", "bd", "nothere"],
        ["BITFIELD", "bf", "SET", "u8", "0", "255", "INCRBY", "u8", "0", "1", "GET", "u8", "0"], ["BITFIELD", "bf", "GET", "u8", "0"]);

    [Test]
    public void ScriptsTransactionsAndFunctionsCountAsRedis() => AssertSameDirty(
        ["EVAL", "redis.call('SET', 'a', 1); redis.call('SADD', 's', 1, 2, 3); return 1", "0"], ["EVAL", "return redis.call('GET', 'a')", "0"],
        ["MULTI"], ["SET", "b", "1"], ["INCR", "b"], ["RPUSH", "l", "1", "2"], ["EXEC"],
        ["FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(keys, args) return redis.call('SET', keys[1], args[1]) end)"],
        ["FCALL", "f", "1", "k", "v"], ["FUNCTION", "DELETE", "lib"], ["FUNCTION", "FLUSH"], ["SCRIPT", "FLUSH"], ["SCRIPT", "LOAD", "return 1"]);
}
