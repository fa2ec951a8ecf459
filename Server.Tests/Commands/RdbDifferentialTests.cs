// Whole datasets moved between this server and redis-server 7.0.15 through dump.rdb (SAVE, then a
// start on the other's file) and key by key through DUMP and RESTORE, every type and encoding;
// RESTORE's and SAVE's replies byte for byte; hand-built files in the encodings of older versions.
// cf. rdb.c, cluster.c's dumpCommand/restoreCommand, tests/integration/rdb.tcl and tests/unit/dump.tcl.

using System.Buffers;
using System.Diagnostics;
using System.Text;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Tests.Persistence;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class RdbDifferentialTests : DifferentialFixture
{
    private string _root = "";

    [SetUp]
    public void MakeDirectory() => _root = Directory.CreateTempSubdirectory("rdb-tests-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_root, recursive: true);

    private string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static readonly string[] DebugOn = ["--enable-debug-command", "yes"];

    private static ServerProcess StartRedisIn(string dir) => ServerProcess.StartRedis([.. DebugOn, "--dir", dir]);

    private static ServerProcess StartOursIn(string dir) => ServerProcess.StartOurs([.. DebugOn, "--dir", dir]);

    private const string Lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ";

    /// <summary>A dataset with every type in every encoding, small and large, binary data, TTLs, three databases and a library (replication tests sync it too).</summary>
    internal static readonly byte[][][] Dataset =
    [
        Cmd("SET", "str", "hello"),
        Cmd("SET", "int", "12345"),
        Cmd("SET", "int64", "-9223372036854775808"),
        Cmd("SET", "almostint", "012"),
        Cmd("SET", "float", "3.14"),
        Cmd("SET", "embstr", new string('e', 44)),
        Cmd("SET", "compressible", string.Concat(Enumerable.Repeat(Lorem, 40))),
        Cmd("SET", "incompressible", Enumerable.Range(0, 300).Select(i => (byte)(i * 7919 % 251)).ToArray()),
        Cmd(new byte[] { 0, 255, 10, 13 }, "binary-key"),
        Cmd("SET", new byte[] { 0, (byte)'k', 255 }, new byte[] { 0, 1, 2, 255, 254, 13, 10 }),
        Cmd("SET", "ttl", "v", "PX", "500000"),
        Cmd("SET", "ttl2", "v", "EX", "90000"),
        Cmd("APPEND", "appended", "abc"),
        Cmd("APPEND", "appended", "def"),
        Cmd("PFADD", "hll-sparse", "a", "b", "c", "d"),
        Cmd("EVAL", "for i=1,3000 do redis.call('PFADD', KEYS[1], 'member' .. i) end", "1", "hll-dense"),
        Cmd("RPUSH", "list", "a", "b", "1", "2", "-5", "300000", "12345678901234", "3.5", ""),
        Cmd("EVAL", "for i=1,20000 do redis.call('RPUSH', KEYS[1], 'element-' .. i, i) end", "1", "list-big"),
        Cmd("RPUSH", "list-long-element", "short", new string('L', 10_000), "short"),
        Cmd("LPUSH", "list-binary", new byte[] { 0, 255 }, new byte[] { 13, 10 }),
        Cmd("SADD", "set-int16", "1", "2", "3", "-100"),
        Cmd("SADD", "set-int32", "1", "70000", "-70000"),
        Cmd("SADD", "set-int64", "1", "5000000000"),
        Cmd("SADD", "set-strings", "a", "b", "c", "1"),
        Cmd("EVAL", "for i=1,600 do redis.call('SADD', KEYS[1], i) end", "1", "set-big-ints"),
        Cmd("EVAL", "for i=1,2000 do redis.call('SADD', KEYS[1], 'm' .. i) end", "1", "set-big"),
        Cmd("HSET", "hash", "f", "v", "n", "5", "neg", "-12", "empty", ""),
        Cmd("HSET", "hash-long-value", "f", new string('h', 100)),
        Cmd("EVAL", "for i=1,1000 do redis.call('HSET', KEYS[1], 'field' .. i, 'value' .. i) end", "1", "hash-big"),
        Cmd("ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c", "inf", "d", "0", "e", "-0.5", "f", "1e100", "g", "3", "h"),
        Cmd("ZADD", "zset-long-member", "1", new string('z', 100)),
        Cmd("EVAL", "for i=1,1000 do redis.call('ZADD', KEYS[1], i / 7, 'member' .. i) end", "1", "zset-big"),
        Cmd("XADD", "stream", "1-1", "a", "1", "b", "x"),
        Cmd("XADD", "stream", "1-2", "a", "2", "b", "y"),
        Cmd("XADD", "stream", "2-0", "c", "3"),
        Cmd("XADD", "stream", "3-0", "a", "4", "b", "z"),
        Cmd("XDEL", "stream", "1-2"),
        Cmd("XGROUP", "CREATE", "stream", "group1", "0"),
        Cmd("XREADGROUP", "GROUP", "group1", "alice", "COUNT", "2", "STREAMS", "stream", ">"),
        Cmd("XREADGROUP", "GROUP", "group1", "bob", "COUNT", "1", "STREAMS", "stream", ">"),
        Cmd("XGROUP", "CREATE", "stream", "group2", "$"),
        Cmd("XGROUP", "CREATECONSUMER", "stream", "group2", "carol"),
        Cmd("EVAL", "for i=1,1000 do redis.call('XADD', KEYS[1], i .. '-1', 'field', i, 'other', 'v' .. i) end", "1", "stream-big"),
        Cmd("XDEL", "stream-big", "5-1", "250-1", "999-1"),
        Cmd("XTRIM", "stream-big", "MAXLEN", "900"),
        Cmd("XGROUP", "CREATE", "stream-empty", "g", "$", "MKSTREAM"),
        Cmd("XADD", "stream-emptied", "1-1", "a", "b"),
        Cmd("XDEL", "stream-emptied", "1-1"),
        Cmd("FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)"),
        Cmd("SELECT", "3"),
        Cmd("SET", "in-db-3", "x"),
        Cmd("HSET", "hash-db-3", "a", "b"),
        Cmd("SELECT", "15"),
        Cmd("RPUSH", "list-db-15", "x", "y"),
        Cmd("SELECT", "0"),
    ];

    internal static void Fill(int port, byte[][][] commands)
    {
        using var connection = new RespConnection(port);
        foreach (var command in commands)
        {
            if (command.Length == 2 && Encoding.Latin1.GetString(command[1]) == "binary-key")
            {
                var reply = connection.CallBytes(Cmd("SET", command[0], "value of a binary key"));
                Assert.That(RespConnection.Latin1(reply), Is.EqualTo("+OK\r\n"));
                continue;
            }
            var answer = RespConnection.Latin1(connection.CallBytes(command));
            Assert.That(answer, Does.Not.StartWith("-"), Encoding.Latin1.GetString(command[0]));
        }
    }

    /// <summary>
    /// Everything a dataset holds, as text: per database, each key (sorted) with its type, a full
    /// read of its value, its encoding and whether it has a TTL; the functions.
    /// Expire times go to <paramref name="ttls"/> as absolute unix milliseconds (PEXPIRETIME), -1 for none:
    /// both servers share this machine's clock, so a file or a sync carries them exactly, however long the
    /// server that loads it takes to start.
    /// </summary>
    internal static string Snapshot(int port, Dictionary<string, long> ttls, int[]? databases = null, bool anyStringEncoding = false)
    {
        using var c = new RespConnection(port);
        var text = new StringBuilder();
        foreach (int db in databases ?? Enumerable.Range(0, 16).ToArray())
        {
            c.Call("SELECT", db.ToString());
            var keys = ((List<object?>)Resp.Parse(c.CallBytes(Cmd("KEYS", "*")))!).Cast<string>().Order(StringComparer.Ordinal).ToList();
            foreach (var key in keys)
            {
                var k = Encoding.Latin1.GetBytes(key);
                // PFCOUNT first: it caches the cardinality in the HyperLogLog's header (making the string raw), which GET shows.
                string count = key.StartsWith("hll", StringComparison.Ordinal) ? RespConnection.Latin1(c.CallBytes(Cmd("PFCOUNT", k))) : "";
                string type = (string)Resp.Parse(c.CallBytes(Cmd("TYPE", k)))!;
                string encoding = (string)Resp.Parse(c.CallBytes(Cmd("OBJECT", "ENCODING", k)))!;
                // Loading makes a short raw string embstr (tryObjectEncoding): the same data, another layout.
                if (anyStringEncoding && encoding is "raw" or "embstr") encoding = "raw-or-embstr";
                string label = databases is null ? $"db{db}" : "db";
                text.Append($"{label} {key} {type} {encoding}\n{count}");
                text.Append(type switch
                {
                    "string" => RespConnection.Latin1(c.CallBytes(Cmd("GET", k))),
                    "list" => RespConnection.Latin1(c.CallBytes(Cmd("LRANGE", k, "0", "-1"))),
                    "set" => string.Join(",", ((List<object?>)Resp.Parse(c.CallBytes(Cmd("SMEMBERS", k)))!).Cast<string>().Order(StringComparer.Ordinal)),
                    "hash" => string.Join(",", Pairs(Resp.Parse(c.CallBytes(Cmd("HGETALL", k)))).Order(StringComparer.Ordinal)),
                    "zset" => RespConnection.Latin1(c.CallBytes(Cmd("ZRANGE", k, "0", "-1", "WITHSCORES"))),
                    _ => RespConnection.Latin1(c.CallBytes(Cmd("XRANGE", k, "-", "+")))
                        + RespConnection.Latin1(c.CallBytes(Cmd("XINFO", "STREAM", k, "FULL"))),
                });
                long ttl = (long)Resp.Parse(c.CallBytes(Cmd("PEXPIRETIME", k)))!;
                ttls[$"{label} {key}"] = ttl;
                text.Append(ttl == -1 ? "\npersistent\n" : "\nvolatile\n");
            }
        }
        c.Call("SELECT", "0");
        text.Append(c.Call("FUNCTION", "LIST", "WITHCODE"));
        return text.ToString();
    }

    private static IEnumerable<string> Pairs(object? reply)
    {
        var items = (List<object?>)reply!;
        for (int i = 0; i < items.Count; i += 2) yield return $"{items[i]}={items[i + 1]}";
    }

    internal static void AssertSameDataset(int expectedPort, int actualPort, int[]? expectedDatabases = null, int[]? actualDatabases = null,
        bool anyStringEncoding = false)
    {
        var expectedTtls = new Dictionary<string, long>();
        var actualTtls = new Dictionary<string, long>();
        string expected = Snapshot(expectedPort, expectedTtls, expectedDatabases, anyStringEncoding);
        string actual = Snapshot(actualPort, actualTtls, actualDatabases, anyStringEncoding);
        Assert.That(actual, Is.EqualTo(expected));
        AssertSameExpireTimes(expectedTtls, actualTtls);
    }

    internal static void AssertSameExpireTimes(Dictionary<string, long> expected, Dictionary<string, long> actual)
    {
        foreach (var (key, expireAt) in expected) Assert.That(actual[key], Is.EqualTo(expireAt), key);
    }

    /// <summary>
    /// The server that loaded the source's file holds what the source holds: the same as the source
    /// after it reloads its own file (DEBUG RELOAD NOSAVE), and the same data as the source had live
    /// (where only a short string's raw/embstr layout may differ, as loading re-encodes strings).
    /// </summary>
    internal static void AssertSameAsSourceReloaded(int sourcePort, int loadedPort, string fileName = "dump.rdb")
    {
        string live = Snapshot(sourcePort, new Dictionary<string, long>(), anyStringEncoding: true);
        using (var source = new RespConnection(sourcePort))
        {
            source.Call("CONFIG", "SET", "dbfilename", fileName);
            Assert.That(source.Call("DEBUG", "RELOAD", "NOSAVE"), Is.EqualTo("+OK\r\n"));
        }
        Assert.That(Snapshot(sourcePort, new Dictionary<string, long>(), anyStringEncoding: true), Is.EqualTo(live), "the source changed by reloading its own file");
        AssertSameDataset(sourcePort, loadedPort);
    }

    private static void Save(int port)
    {
        using var connection = new RespConnection(port);
        Assert.That(connection.Call("SAVE"), Is.EqualTo("+OK\r\n"));
    }

    /// <summary>
    /// Fills a server started by <paramref name="startSource"/>, saves, starts another with
    /// <paramref name="startTarget"/> on a copy of the file, and checks it holds what the source holds.
    /// </summary>
    private ServerProcess MoveDatasetThroughDumpFile(Func<string, ServerProcess> startSource, Func<string, ServerProcess> startTarget)
    {
        string sourceDir = NewDirectory("source"), targetDir = NewDirectory("target");
        using var source = startSource(sourceDir);
        Fill(source.Port, Dataset);
        Save(source.Port);
        File.Copy(Path.Combine(sourceDir, "dump.rdb"), Path.Combine(targetDir, "dump.rdb"));
        var target = startTarget(targetDir);
        AssertSameAsSourceReloaded(source.Port, target.Port);
        return target;
    }

    [Test]
    public void RedisDumpFileLoadsHereWithEveryTypeEncodingTtlDatabaseAndFunction()
    {
        using var ours = MoveDatasetThroughDumpFile(StartRedisIn, StartOursIn);
        Assert.That(ours.Output, Does.Contain("Loading RDB produced by version 7.0.15"));
        Assert.That(ours.Output, Does.Match(@"Done loading RDB, keys loaded: \d+, keys expired: 0\."));
    }

    [Test]
    public void OurDumpFileLoadsInRedisWithEveryTypeEncodingTtlDatabaseAndFunction()
    {
        using var redis = MoveDatasetThroughDumpFile(StartOursIn, StartRedisIn);
        Assert.That(redis.Output, Does.Contain("Loading RDB produced by version 7.0.15"));
    }

    [Test]
    public void OurDumpFileWithoutCompressionOrChecksumLoadsInRedis()
    {
        string redisDir = NewDirectory("redis"), oursDir = NewDirectory("ours");
        using var ours = ServerProcess.StartOurs([.. DebugOn, "--dir", oursDir, "--rdbcompression", "no", "--rdbchecksum", "no", "--dbfilename", "plain.rdb"]);
        Fill(ours.Port, Dataset);
        Save(ours.Port);
        var file = File.ReadAllBytes(Path.Combine(oursDir, "plain.rdb"));
        Assert.That(file[^8..], Is.EqualTo(new byte[8]), "no checksum: 8 zero bytes");
        File.WriteAllBytes(Path.Combine(redisDir, "dump.rdb"), file);
        using var redis = StartRedisIn(redisDir);
        AssertSameAsSourceReloaded(ours.Port, redis.Port, "plain.rdb");
        Assert.That(redis.Output, Does.Contain("RDB file was saved with checksum disabled: no check performed."));
    }

    [Test]
    public void DumpPayloadsRestoreIntoTheOtherServerForEveryKey()
    {
        using var redis = StartRedisIn(NewDirectory("redis"));
        using var ours = StartOursIn(NewDirectory("ours"));
        var dataset = Dataset.Where(c => Encoding.Latin1.GetString(c[0]) != "SELECT").ToArray();
        Fill(redis.Port, dataset);
        Fill(ours.Port, dataset);
        using var r = new RespConnection(redis.Port);
        using var o = new RespConnection(ours.Port);
        var keys = ((List<object?>)Resp.Parse(r.CallBytes(Cmd("KEYS", "*")))!).Cast<string>().ToList();
        Assert.That(keys, Has.Count.GreaterThan(30));
        foreach (var key in keys)
        {
            var k = Encoding.Latin1.GetBytes(key);
            var fromRedis = Bulk(r.CallBytes(Cmd("DUMP", k)));
            var fromOurs = Bulk(o.CallBytes(Cmd("DUMP", k)));
            string encoding = (string)Resp.Parse(r.CallBytes(Cmd("OBJECT", "ENCODING", k)))!;
            if (encoding != "hashtable" && !key.StartsWith("stream", StringComparison.Ordinal))
                Assert.That(fromOurs, Is.EqualTo(fromRedis), $"DUMP {key} ({encoding}) differs from Redis's bytes");
            Assert.That(RespConnection.Latin1(o.CallBytes(Cmd("SELECT", "9"))), Is.EqualTo("+OK\r\n"));
            Assert.That(RespConnection.Latin1(o.CallBytes(Cmd("RESTORE", k, "0", fromRedis))), Is.EqualTo("+OK\r\n"), key);
            Assert.That(RespConnection.Latin1(o.CallBytes(Cmd("SELECT", "0"))), Is.EqualTo("+OK\r\n"));
            Assert.That(RespConnection.Latin1(r.CallBytes(Cmd("SELECT", "9"))), Is.EqualTo("+OK\r\n"));
            Assert.That(RespConnection.Latin1(r.CallBytes(Cmd("RESTORE", k, "0", fromOurs))), Is.EqualTo("+OK\r\n"), key);
            Assert.That(RespConnection.Latin1(r.CallBytes(Cmd("SELECT", "0"))), Is.EqualTo("+OK\r\n"));
        }
        // Database 9 of each holds the other's values, database 10 its own restored: a value
        // restored here equals the same value restored in Redis, both ways.
        foreach (var key in keys)
        {
            var k = Encoding.Latin1.GetBytes(key);
            r.CallBytes(Cmd("SELECT", "9"));
            var oursRestoredInRedis = Bulk(r.CallBytes(Cmd("DUMP", k)));
            r.CallBytes(Cmd("SELECT", "0"));
            o.CallBytes(Cmd("SELECT", "9"));
            var redisRestoredHere = Bulk(o.CallBytes(Cmd("DUMP", k)));
            o.CallBytes(Cmd("SELECT", "0"));
            Assert.That(RespConnection.Latin1(r.CallBytes(Cmd("SELECT", "10"))), Is.EqualTo("+OK\r\n"));
            Assert.That(RespConnection.Latin1(r.CallBytes(Cmd("RESTORE", k, "0", redisRestoredHere))), Is.EqualTo("+OK\r\n"), key);
            r.CallBytes(Cmd("SELECT", "0"));
            Assert.That(RespConnection.Latin1(o.CallBytes(Cmd("SELECT", "10"))), Is.EqualTo("+OK\r\n"));
            Assert.That(RespConnection.Latin1(o.CallBytes(Cmd("RESTORE", k, "0", oursRestoredInRedis))), Is.EqualTo("+OK\r\n"), key);
            o.CallBytes(Cmd("SELECT", "0"));
        }
        AssertSameDataset(redis.Port, ours.Port, [9], [10]);
        AssertSameDataset(redis.Port, ours.Port, [10], [9]);
    }

    private static byte[] Bulk(byte[] reply)
    {
        int lineEnd = Array.IndexOf(reply, (byte)'\r');
        Assert.That(reply[0], Is.EqualTo((byte)'$'));
        return reply[(lineEnd + 2)..^2];
    }

    [Test]
    public void RestoreRepliesAndErrorsAreRedis()
    {
        var payload = DumpOf("SET", "x", "hello");
        var listPayload = DumpOf("RPUSH", "x", "a", "b");
        var corrupt = payload.ToArray();
        corrupt[1] ^= 0xFF;
        var newerVersion = payload.ToArray();
        newerVersion[^10] = 11;
        AssertSameReplies(
            Cmd("RESTORE", "k", "0", payload),
            Cmd("GET", "k"),
            Cmd("TTL", "k"),
            Cmd("RESTORE", "k", "0", payload),
            Cmd("RESTORE", "k", "0", payload, "REPLACE"),
            Cmd("RESTORE", "k", "-1", payload, "REPLACE"),
            Cmd("RESTORE", "k", "abc", payload, "REPLACE"),
            Cmd("RESTORE", "k2", "0", corrupt),
            Cmd("RESTORE", "k2", "0", newerVersion),
            Cmd("RESTORE", "k2", "0", "short"),
            Cmd("RESTORE", "k2", "0", payload, "BOGUS"),
            Cmd("RESTORE", "k2", "0", payload, "IDLETIME"),
            Cmd("RESTORE", "k2", "0", payload, "IDLETIME", "-1"),
            Cmd("RESTORE", "k2", "0", payload, "IDLETIME", "x"),
            Cmd("RESTORE", "k2", "0", payload, "FREQ", "256"),
            Cmd("RESTORE", "k2", "0", payload, "FREQ", "-1"),
            Cmd("RESTORE", "k2", "0", payload, "FREQ", "5", "IDLETIME", "5"),
            Cmd("RESTORE", "k2", "0", payload, "IDLETIME", "5", "FREQ", "5"),
            Cmd("RESTORE", "k2", "0", payload, "IDLETIME", "1000"),
            Cmd("OBJECT", "IDLETIME", "k2"),
            Cmd("RESTORE", "k3", "100000", listPayload),
            Cmd("TYPE", "k3"),
            Cmd("LRANGE", "k3", "0", "-1"),
            Cmd("RESTORE", "k4", "1", listPayload, "ABSTTL"),
            Cmd("EXISTS", "k4"),
            Cmd("RESTORE", "k3", "1", payload, "ABSTTL", "REPLACE"),
            Cmd("EXISTS", "k3"),
            Cmd("RESTORE", "k5", "4102444800000", payload, "ABSTTL"),
            Cmd("PEXPIRETIME", "k5"),
            Cmd("SET", "s", "1"),
            Cmd("RESTORE", "s", "0", payload),
            Cmd("DUMP", "nosuchkey"),
            Cmd(Unchecked, "HELLO", "3"),
            Cmd("DUMP", "nosuchkey"),
            Cmd("RESTORE", "k6", "0", payload));
    }

    [Test]
    public void RestoreFreqSetsTheLfuCounterOnlyUnderAnLfuPolicy()
    {
        var payload = DumpOf("SET", "x", "hello");
        AssertSameReplies(
            Cmd("RESTORE", "lru", "0", payload, "FREQ", "100"),
            Cmd("OBJECT", "FREQ", "lru"),
            Cmd("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"),
            Cmd("RESTORE", "hot", "0", payload, "FREQ", "100"),
            Cmd("OBJECT", "FREQ", "hot"),
            Cmd("RESTORE", "idle", "0", payload, "IDLETIME", "1000"),
            Cmd("OBJECT", "FREQ", "idle"),
            Cmd("RESTORE", "hot", "0", payload, "REPLACE", "FREQ", "0"),
            Cmd("OBJECT", "FREQ", "hot"),
            Cmd("CONFIG", "SET", "maxmemory-policy", "noeviction"));
    }

    [Test]
    public void RestoreOfMalformedValuesIsBadDataFormat()
    {
        static byte[] WithFooter(params byte[] body)
        {
            var buffer = new ArrayBufferWriter<byte>();
            buffer.Write(body);
            DumpPayload.AppendFooter(buffer);
            return buffer.WrittenSpan.ToArray();
        }
        AssertSameReplies(
            Cmd("RESTORE", "k", "0", WithFooter(0, 5, (byte)'a')),       // a string shorter than its length
            Cmd("RESTORE", "k", "0", WithFooter(99, 1, (byte)'a')),      // no such type
            Cmd("RESTORE", "k", "0", WithFooter(2, 0)),                  // an empty set
            Cmd("RESTORE", "k", "0", WithFooter(2, 2, 1, (byte)'a', 1, (byte)'a')), // a duplicate member
            Cmd("RESTORE", "k", "0", WithFooter(11, 4, 1, 0, 0, 0)),     // an intset blob too short
            Cmd("EXISTS", "k"));
    }

    private byte[] DumpOf(params string[] create)
    {
        using var connection = new RespConnection(RedisPort);
        connection.Call("DEL", create[1]);
        connection.Call(create);
        var payload = Bulk(connection.CallBytes(Cmd("DUMP", create[1])));
        connection.Call("DEL", create[1]);
        return payload;
    }

    [Test]
    public void RestoreEmitsTheRestoreEventAndDeleteForAnExpiredReplace()
    {
        var payload = DumpOf("SET", "x", "hello");
        using var redisSub = new RespConnection(RedisPort);
        using var oursSub = new RespConnection(OurPort);
        string Events(int port, RespConnection subscriber)
        {
            subscriber.Call("SUBSCRIBE", "__keyevent@0__:restore");
            subscriber.Send("SUBSCRIBE", "__keyevent@0__:del");
            subscriber.ReadReply();
            using var c = new RespConnection(port);
            c.Call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            c.Call("DEL", "k");
            c.CallBytes(Cmd("RESTORE", "k", "0", payload));
            c.CallBytes(Cmd("RESTORE", "k", "1", payload, "ABSTTL", "REPLACE"));
            c.Call("CONFIG", "SET", "notify-keyspace-events", "");
            return RespConnection.Latin1(subscriber.ReadReply()) + RespConnection.Latin1(subscriber.ReadReply());
        }
        Assert.That(Events(OurPort, oursSub), Is.EqualTo(Events(RedisPort, redisSub)));
    }

    [Test]
    public void CommandInfoAndDocsOfSaveDumpRestoreAreRedis() =>
        AssertSameReplies(
            ["COMMAND", "INFO", "save", "dump", "restore"],
            ["COMMAND", "DOCS", "save", "dump", "restore"]);

    [Test]
    public void ConfigOfTheRdbDirectivesIsRedis() =>
        AssertSameReplies(
            ["CONFIG", "GET", "dbfilename"],
            ["CONFIG", "GET", "rdbcompression"],
            ["CONFIG", "GET", "rdbchecksum"],
            ["CONFIG", "GET", "sanitize-dump-payload"],
            ["CONFIG", "SET", "rdbcompression", "maybe"],
            ["CONFIG", "SET", "rdbchecksum", "no"],
            ["CONFIG", "SET", "dbfilename", "other.rdb"],
            ["CONFIG", "SET", "sanitize-dump-payload", "yes"],
            ["CONFIG", "GET", "sanitize-dump-payload"],
            ["CONFIG", "SET", "sanitize-dump-payload", "sometimes"],
            ["CONFIG", "SET", "sanitize-dump-payload", "no"]);

    [Test]
    public void SaveUpdatesLastsaveAndDebugReloadKeepsTheDataset()
    {
        string dir = NewDirectory("ours");
        using var ours = StartOursIn(dir);
        using var c = new RespConnection(ours.Port);
        Fill(ours.Port, Dataset);
        string snapshot = Snapshot(ours.Port, new Dictionary<string, long>(), anyStringEncoding: true);
        long lastSave = (long)Resp.Parse(c.CallBytes(Cmd("LASTSAVE")))!;
        Thread.Sleep(1100);
        Assert.That(c.Call("DEBUG", "RELOAD"), Is.EqualTo("+OK\r\n"));
        Assert.That((long)Resp.Parse(c.CallBytes(Cmd("LASTSAVE")))!, Is.GreaterThan(lastSave));
        Assert.That(File.Exists(Path.Combine(dir, "dump.rdb")));
        Assert.That(Directory.GetFiles(dir, "temp-*.rdb"), Is.Empty);
        Assert.That(Snapshot(ours.Port, new Dictionary<string, long>(), anyStringEncoding: true), Is.EqualTo(snapshot));
        Assert.That(c.Call("DEBUG", "RELOAD", "BOGUS"), Is.EqualTo("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n"));
        // NOSAVE reloads the file as it is: a key set since is gone; MERGE NOFLUSH keeps it beside the file's keys.
        c.Call("SET", "after-save", "1");
        c.Call("SET", "str", "changed");
        Assert.That(c.Call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"), Is.EqualTo("+OK\r\n"));
        Assert.That(c.Call("GET", "after-save"), Is.EqualTo("$1\r\n1\r\n"));
        Assert.That(c.Call("GET", "str"), Is.EqualTo("$5\r\nhello\r\n"));
        Assert.That(c.Call("DEBUG", "RELOAD", "NOSAVE"), Is.EqualTo("+OK\r\n"));
        Assert.That(c.Call("EXISTS", "after-save"), Is.EqualTo(":0\r\n"));
        Assert.That(c.Call("FCALL", "myfunc", "0"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void SaveIntoAnUnwritableDirectoryFailsAsRedis()
    {
        string dir = NewDirectory("ours");
        using var ours = StartOursIn(dir);
        using var c = new RespConnection(ours.Port);
        c.Call("SET", "k", "v");
        var blocker = Path.Combine(dir, "dump.rdb");
        Directory.CreateDirectory(blocker); // a directory where the file should go: the rename fails
        Assert.That(c.Call("SAVE"), Is.EqualTo("-ERR\r\n"));
        Assert.That(() => ours.Output, Does.Contain("Error moving temp DB file").After(5000, 50));
        Assert.That(Directory.GetFiles(dir, "temp-*.rdb"), Is.Empty);
    }

    // ---- files in older versions' encodings, built by hand --------------------------------------

    /// <summary>
    /// An RDB version 9 file (as Redis 6 wrote) plus the encodings of earlier versions: ziplist
    /// lists, hashes and sorted sets, a zipmap hash, an intset, a version-1 quicklist of ziplists,
    /// plain LIST, SET, ZSET with text scores, HASH, and an EXPIRETIME in seconds.
    /// </summary>
    private static byte[] LegacyFile()
    {
        var file = new RdbFileBuilder(9)
            .Byte(RdbFormat.OpcodeAux).String("redis-ver").String("5.0.7")
            .Byte(RdbFormat.OpcodeSelectDb).Length(0)
            .Byte(RdbFormat.OpcodeResizeDb).Length(12).Length(1);
        file.Key(RdbFormat.TypeListZiplist, "list-ziplist").String(RdbTestFiles.Ziplist(["a", 1L, -2L, 300L, 70000L, 5_000_000_000L, new string('x', 100)]));
        file.Key(RdbFormat.TypeHashZiplist, "hash-ziplist").String(RdbTestFiles.Ziplist(["f1", "v1", "f2", 2L, "f3", new string('y', 70)]));
        file.Key(RdbFormat.TypeZsetZiplist, "zset-ziplist").String(RdbTestFiles.Ziplist(["a", 1L, "b", "2.5", "c", "3e10"]));
        file.Key(RdbFormat.TypeHashZipmap, "hash-zipmap").String(RdbTestFiles.Zipmap(("name", "redis"), ("version", "2.4"), ("big", new string('z', 300))));
        var intset = new byte[8 + 3 * 4];
        BitConverter.GetBytes(4).CopyTo(intset, 0);
        BitConverter.GetBytes(3).CopyTo(intset, 4);
        BitConverter.GetBytes(-70000).CopyTo(intset, 8);
        BitConverter.GetBytes(7).CopyTo(intset, 12);
        BitConverter.GetBytes(70000).CopyTo(intset, 16);
        file.Key(RdbFormat.TypeSetIntset, "set-intset").String(intset);
        file.Key(RdbFormat.TypeListQuicklist, "list-quicklist").Length(2)
            .String(RdbTestFiles.Ziplist(["n1", "n2", 3L])).String(RdbTestFiles.Ziplist([4L, "n5"]));
        file.Key(RdbFormat.TypeList, "list-plain").Length(3).String("x").String("12").String("z");
        file.Key(RdbFormat.TypeSet, "set-plain-ints").Length(2).String("5").String("1");
        file.Key(RdbFormat.TypeSet, "set-plain").Length(2).String("m1").String("m2");
        file.Key(RdbFormat.TypeZset, "zset-text-scores").Length(3).String("a").TextDouble("1.5").String("b").Byte(254).String("c").Byte(255);
        file.Key(RdbFormat.TypeHash, "hash-plain").Length(2).String("a").String("1").String("b").String("2");
        file.Byte(RdbFormat.OpcodeExpireTime).Raw(BitConverter.GetBytes(2_000_000_000)).Key(RdbFormat.TypeString, "expires-in-2033").String("v");
        file.Byte(RdbFormat.OpcodeExpireTimeMs).Raw(BitConverter.GetBytes(1000L)).Key(RdbFormat.TypeString, "expired-long-ago").String("v");
        return file.Finish();
    }

    [Test]
    public void LegacyEncodingsLoadTheSameHereAndInRedis()
    {
        var file = LegacyFile();
        string redisDir = NewDirectory("redis"), oursDir = NewDirectory("ours");
        File.WriteAllBytes(Path.Combine(redisDir, "dump.rdb"), file);
        File.WriteAllBytes(Path.Combine(oursDir, "dump.rdb"), file);
        using var redis = StartRedisIn(redisDir);
        using var ours = StartOursIn(oursDir);
        AssertSameDataset(redis.Port, ours.Port);
        using var c = new RespConnection(ours.Port);
        Assert.That(c.Call("DBSIZE"), Is.EqualTo(":12\r\n"), "the key expired in 1970 is dropped");
        Assert.That(ours.Output, Does.Contain("Done loading RDB, keys loaded: 12, keys expired: 1."));
    }

    [Test]
    public void LegacyEncodingsConvertByTheThresholdsAsRedisDoes()
    {
        var file = LegacyFile();
        string[] small = ["--hash-max-listpack-entries", "1", "--zset-max-listpack-entries", "1", "--set-max-intset-entries", "1", "--list-max-listpack-size", "2"];
        string redisDir = NewDirectory("redis"), oursDir = NewDirectory("ours");
        File.WriteAllBytes(Path.Combine(redisDir, "dump.rdb"), file);
        File.WriteAllBytes(Path.Combine(oursDir, "dump.rdb"), file);
        using var redis = ServerProcess.StartRedis([.. DebugOn, "--dir", redisDir, .. small]);
        using var ours = ServerProcess.StartOurs([.. DebugOn, "--dir", oursDir, .. small]);
        AssertSameDataset(redis.Port, ours.Port);
    }

    // ---- corrupt and truncated files ------------------------------------------------------------

    private static byte[] OurDumpOfTheDataset(string dir)
    {
        using (var ours = StartOursIn(dir))
        {
            Fill(ours.Port, Dataset);
            Save(ours.Port);
        }
        return File.ReadAllBytes(Path.Combine(dir, "dump.rdb"));
    }

    [Test]
    public void TruncatedOrCorruptFilesStopBothServersAtStartUp()
    {
        var file = OurDumpOfTheDataset(NewDirectory("source"));
        (string Name, byte[] Bytes, string OurMessage)[] cases =
        [
            ("truncated", file[..(file.Length / 2)], "Short read or OOM loading DB. Unrecoverable error, aborting now."),
            ("bad-checksum", WithFlippedChecksum(file), "RDB CRC error"),
            ("bad-magic", [.. "RADIS0010"u8, .. file[9..]], "Wrong signature trying to load DB from file"),
            ("future-version", [.. "REDIS0011"u8, .. file[9..]], "Can't handle RDB format version 11"),
        ];
        foreach (var (name, bytes, message) in cases)
        {
            string redisDir = NewDirectory("redis-" + name), oursDir = NewDirectory("ours-" + name);
            File.WriteAllBytes(Path.Combine(redisDir, "dump.rdb"), bytes);
            File.WriteAllBytes(Path.Combine(oursDir, "dump.rdb"), bytes);
            Assert.That(RunToExit(ExternalTools.RedisServer, ["--port", "0", "--dir", redisDir], out _), Is.EqualTo(1), $"redis-server on {name}");
            string dll = Path.Combine(AppContext.BaseDirectory, "Server.dll");
            Assert.That(RunToExit("dotnet", [dll, "--port", ServerProcess.FreePort().ToString(), "--dir", oursDir], out string output), Is.EqualTo(1), $"ours on {name}");
            Assert.That(output, Does.Contain(message), name + ": " + output);
        }
    }

    private static byte[] WithFlippedChecksum(byte[] file)
    {
        var copy = file.ToArray();
        copy[^1] ^= 0x5A;
        return copy;
    }

    /// <summary>Runs a server that should stop during start-up; its exit code (-1 if it was still running after 20 s) and its log.</summary>
    private static int RunToExit(string file, string[] arguments, out string output)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(20_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            output = "";
            return -1;
        }
        output = stdout.Result + stderr.Result;
        return process.ExitCode;
    }
}
