// The propagated write stream, compared with redis-server 7.0.15's: the same transcript (every kind
// of rewrite, scripts, MULTI, SELECT, lazy expiry, blocked pops) runs on both servers with appendonly
// yes, and their incr files must hold the same commands, absolute times within a tolerance.
// Then each server loads the other's AOF directory and both datasets must have the same digest.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

public class AofDifferentialTests
{
    private const string Function = "#!lua name=lib\nredis.register_function('f', function(keys, args) return redis.call('SET', keys[1], args[1]) end)";

    // Commands; "<pause>" waits 30 ms; "<block>" sends the next command on a second connection
    // without waiting, "<unblock>" reads that connection's reply.
    private static readonly string[][] Transcript =
    [
        // Only lazy expiry, so that which command finds an expired key is certain.
        ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
        ["SET", "a", "1", "EX", "100", "NX"], ["SETEX", "b", "100", "v"], ["PSETEX", "c", "100000", "v"], ["SET", "d", "v", "PXAT", "4000000000000"],
        ["SET", "e", "v", "EXAT", "4000000000", "GET"], ["GETEX", "a", "PX", "5000"], ["GETEX", "a", "PERSIST"], ["GETEX", "a", "PXAT", "4000000000001"],
        ["GETEX", "c", "EXAT", "1"], ["EXPIRE", "a", "100", "NX"], ["PEXPIREAT", "a", "4000000000000", "GT"], ["EXPIREAT", "b", "4000000000"],
        ["EXPIRE", "a", "-1"], ["PERSIST", "b"], ["INCRBYFLOAT", "f", "1.5"], ["INCRBYFLOAT", "f", "1e2"], ["HINCRBYFLOAT", "h", "f", "2.5"],
        ["GETDEL", "f"], ["GETDEL", "f"], ["SADD", "one", "x"], ["SPOP", "one"], ["SADD", "s", "1", "2", "3"], ["SPOP", "s", "10"],
        ["RPUSH", "l", "a", "b", "c", "d", "e", "f"], ["LMPOP", "1", "l", "LEFT", "COUNT", "2"], ["BLPOP", "l", "0"], ["BRPOP", "l", "0"],
        ["BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "5"], ["RPUSH", "l2", "x", "y"], ["BLMOVE", "l2", "l3", "LEFT", "RIGHT", "0"], ["BRPOPLPUSH", "l2", "l3", "0"],
        ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"], ["ZMPOP", "1", "z", "MIN", "COUNT", "2"], ["BZMPOP", "0", "1", "z", "MAX"], ["BZPOPMIN", "z", "0"],
        ["<block>"], ["BLPOP", "bl", "0"], ["RPUSH", "bl", "a", "b"], ["<unblock>"],
        ["<block>"], ["BLMOVE", "bm", "dst", "LEFT", "RIGHT", "0"], ["RPUSH", "bm", "x"], ["<unblock>"],
        ["<block>"], ["BZMPOP", "0", "1", "bz", "MIN", "COUNT", "2"], ["ZADD", "bz", "1", "a", "2", "b", "3", "c"], ["<unblock>"],
        ["XADD", "x", "1-1", "f", "v"], ["XADD", "x", "2-*", "f", "v"], ["XADD", "x", "3-1", "f", "v"], ["XGROUP", "CREATE", "x", "g", "0"],
        ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "x", ">"], ["XREADGROUP", "GROUP", "g", "c2", "NOACK", "COUNT", "1", "STREAMS", "x", ">"],
        ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", "0"], ["XCLAIM", "x", "g", "c3", "0", "1-1", "JUSTID"], ["XCLAIM", "x", "g", "c3", "0", "9-9", "LASTID", "5-0"],
        ["XDEL", "x", "1-1"], ["XAUTOCLAIM", "x", "g", "c4", "0", "0"], ["XACK", "x", "g", "2-1"], ["XGROUP", "CREATECONSUMER", "x", "g", "c9"],
        ["XGROUP", "DELCONSUMER", "x", "g", "c9"], ["XSETID", "x", "10-0"],
        ["XADD", "xt", "1-1", "f", "v"], ["XADD", "xt", "2-1", "f", "v"], ["XADD", "xt", "3-1", "f", "v"], ["XADD", "xt", "MAXLEN", "~", "1", "4-1", "f", "v"],
        ["XTRIM", "xt", "MAXLEN", "2"], ["XTRIM", "xt", "MAXLEN", "~", "0"],
        ["EVAL", "redis.call('SET', 'e1', 1); redis.call('SET', 'e2', 2)", "0"], ["EVAL", "redis.call('SET', 'e3', 1)", "0"], ["EVAL", "return redis.call('GET', 'e3')", "0"],
        ["EVAL", "redis.call('SET', 'e4', 1); redis.call('SELECT', 2); redis.call('SET', 'e5', 1)", "0"],
        ["MULTI"], ["SET", "m1", "1"], ["EXEC"], ["MULTI"], ["SET", "m2", "1"], ["GET", "m1"], ["INCR", "m2"], ["EXEC"], ["MULTI"], ["GET", "m1"], ["EXEC"],
        ["SELECT", "3"], ["SET", "d3", "1"], ["SELECT", "0"], ["SELECT", "5"], ["FLUSHDB"], ["SELECT", "0"], ["SWAPDB", "0", "1"], ["SWAPDB", "0", "1"],
        ["SET", "px", "1", "PX", "1"], ["<pause>"], ["GET", "px"], ["SET", "py", "1", "PX", "1"], ["<pause>"], ["SET", "py", "2"],
        ["PFADD", "p", "a", "b"], ["PFCOUNT", "p"], ["PFCOUNT", "p"], ["FUNCTION", "LOAD", Function], ["FCALL", "f", "1", "fk", "fv"],
        ["HSET", "hh", "a", "1", "b", "2"], ["HDEL", "hh", "a"], ["SETBIT", "bits", "5", "1"], ["BITFIELD", "bf", "SET", "u8", "0", "9"],
        ["SORT", "l3", "ALPHA", "STORE", "sorted"], ["COPY", "hh", "hh2"], ["RENAME", "hh2", "hh3"], ["MOVE", "hh3", "4"],
        ["GEOADD", "geo", "13.361389", "38.115556", "Palermo"], ["LPUSH", "lt", "1", "2", "3"], ["LTRIM", "lt", "0", "1"], ["LSET", "lt", "0", "x"],
    ];

    [Test]
    public void IncrFileHoldsTheCommandsRedisWrites()
    {
        string redisDir = AofTestSupport.TempDirectory("aof-redis"), ourDir = AofTestSupport.TempDirectory("aof-ours");
        try
        {
            using (var redis = ServerProcess.StartRedis("--appendonly", "yes", "--appendfsync", "always", "--aof-use-rdb-preamble", "no", "--dir", redisDir,
                       "--enable-debug-command", "yes"))
            using (var ours = ServerProcess.StartOurs("--appendonly", "yes", "--appendfsync", "always", "--dir", ourDir, "--enable-debug-command", "yes"))
            {
                RunInterleaved(redis.Port, ours.Port);
            }
            var expected = AofTestSupport.ReadCommands(Path.Combine(redisDir, "appendonlydir", "appendonly.aof.1.incr.aof"));
            var actual = AofTestSupport.ReadCommands(Path.Combine(ourDir, "appendonlydir", "appendonly.aof.1.incr.aof"));
            for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
                Assert.That(SameCommand(actual[i], expected[i]), Is.True,
                    $"command {i}: ours `{string.Join(' ', actual[i])}`, redis-server's `{string.Join(' ', expected[i])}`");
            Assert.That(actual.Count, Is.EqualTo(expected.Count), "number of commands in the incr file");

            // Each server loads the other's AOF directory: the same dataset, TTLs included.
            string redisDigest = Digest(ServerProcess.StartRedis("--appendonly", "yes", "--dir", ourDir, "--enable-debug-command", "yes"));
            string ourDigest = Digest(ServerProcess.StartOurs("--appendonly", "yes", "--dir", redisDir, "--enable-debug-command", "yes"));
            Assert.That(ourDigest, Is.EqualTo(redisDigest), "the dataset each loaded from the other's AOF");
            Assert.That(redisDigest, Does.Not.EndWith("+0000000000000000000000000000000000000000\r\n"));
        }
        finally
        {
            Directory.Delete(redisDir, recursive: true);
            Directory.Delete(ourDir, recursive: true);
        }
    }

    [Test]
    public void RedisAofWithAnRdbPreambleBaseLoadsHere()
    {
        string redisDir = AofTestSupport.TempDirectory("aof-preamble");
        try
        {
            using (var redis = ServerProcess.StartRedis("--appendonly", "yes", "--aof-use-rdb-preamble", "yes", "--dir", redisDir))
            using (var connection = new RespConnection(redis.Port))
            {
                // The transcript without its choreography and blocking commands (one connection here).
                foreach (var command in Transcript)
                    if (!command[0].StartsWith('<') && command[0] is not ("BLPOP" or "BRPOP" or "BLMPOP" or "BLMOVE" or "BRPOPLPUSH" or "BZMPOP" or "BZPOPMIN"))
                        connection.Call(command);
                // The rewrite turns everything so far into the RDB base; the writes after it go to the new incr file.
                Assert.That(connection.Call("BGREWRITEAOF"), Does.StartWith("+Background append only file rewriting"));
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (connection.Call("INFO", "persistence").Contains("aof_rewrite_in_progress:1", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                    Thread.Sleep(50);
                connection.Call("SET", "after-rewrite", "1");
                connection.Call("RPUSH", "l-after", "a", "b");
            }
            Assert.That(Directory.GetFiles(Path.Combine(redisDir, "appendonlydir"), "*.base.rdb"), Is.Not.Empty);
            string ourCopy = AofTestSupport.TempDirectory("aof-preamble-ours");
            try
            {
                foreach (var file in Directory.GetFiles(Path.Combine(redisDir, "appendonlydir")))
                {
                    Directory.CreateDirectory(Path.Combine(ourCopy, "appendonlydir"));
                    File.Copy(file, Path.Combine(ourCopy, "appendonlydir", Path.GetFileName(file)));
                }
                string redisDigest = Digest(ServerProcess.StartRedis("--appendonly", "yes", "--dir", redisDir, "--enable-debug-command", "yes"));
                string ourDigest = Digest(ServerProcess.StartOurs("--appendonly", "yes", "--dir", ourCopy, "--enable-debug-command", "yes"));
                Assert.That(ourDigest, Is.EqualTo(redisDigest), "the dataset loaded from redis-server's RDB-preamble base and incr file");
                Assert.That(redisDigest, Does.Not.EndWith("+0000000000000000000000000000000000000000\r\n"));
            }
            finally
            {
                Directory.Delete(ourCopy, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(redisDir, recursive: true);
        }
    }

    // The streams' entries and groups as replies (DEBUG DIGEST here does not cover streams), then the
    // digest of everything else, in every database.
    private static string Digest(ServerProcess server)
    {
        using (server)
        {
            try
            {
                using var connection = new RespConnection(server.Port);
                var text = new StringBuilder(connection.Call("XPENDING", "x", "g"));
                foreach (var stream in new[] { "x", "xt" })
                {
                    text.Append(connection.Call("XRANGE", stream, "-", "+")).Append(connection.Call("XINFO", "GROUPS", stream));
                    text.Append(connection.Call("DEL", stream));
                }
                return text.Append(connection.Call("DEBUG", "DIGEST")).ToString();
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"the server loading the other's AOF failed: {e.Message}\n{server.Output}");
            }
        }
    }

    private static void RunInterleaved(int redisPort, int ourPort)
    {
        using var redis = new RespConnection(redisPort);
        using var ours = new RespConnection(ourPort);
        using var redisBlocked = new RespConnection(redisPort);
        using var oursBlocked = new RespConnection(ourPort);
        for (int i = 0; i < Transcript.Length; i++)
        {
            var command = Transcript[i];
            switch (command[0])
            {
                case "<pause>":
                    Thread.Sleep(30);
                    break;
                case "<block>":
                    i++;
                    redisBlocked.Send(Transcript[i]);
                    oursBlocked.Send(Transcript[i]);
                    Thread.Sleep(100); // both are waiting before the push that serves them
                    break;
                case "<unblock>":
                    Assert.That(RespConnection.Latin1(oursBlocked.ReadReply()), Is.EqualTo(RespConnection.Latin1(redisBlocked.ReadReply())));
                    break;
                default:
                    string expected = redis.Call(command), actual = ours.Call(command);
                    if (command[0] != "XAUTOCLAIM" && command[0] != "XCLAIM")
                        Assert.That(actual, Is.EqualTo(expected), $"reply to `{string.Join(' ', command)}`");
                    break;
            }
        }
    }

    // Equal, except absolute times (PXAT, PEXPIREAT, XCLAIM's TIME), which may differ by a little.
    private static bool SameCommand(string[] ours, string[] redis)
    {
        if (ours.Length != redis.Length) return false;
        for (int i = 0; i < ours.Length; i++)
        {
            if (ours[i] == redis[i]) continue;
            bool isTime = i > 0 && (redis[i - 1].Equals("PXAT", StringComparison.OrdinalIgnoreCase) || redis[i - 1] == "TIME"
                || (i == 2 && redis[0].Equals("PEXPIREAT", StringComparison.OrdinalIgnoreCase)));
            if (!isTime || !long.TryParse(ours[i], out long a) || !long.TryParse(redis[i], out long b) || Math.Abs(a - b) > 2000) return false;
        }
        return true;
    }
}
