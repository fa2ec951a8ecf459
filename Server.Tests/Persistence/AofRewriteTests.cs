// BGREWRITEAOF and the automatic rewrite against redis-server 7.0.15: rewritten AOF directories move
// both ways (RDB preamble and command form) with every type and encoding, a rewrite under a writer
// loses nothing, the manifest swap and history deletion, CONFIG SET appendonly yes on a non-empty
// dataset, replies, errors and INFO fields byte for byte, and MISCONF inside scripts.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Commands;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

[NonParallelizable]
public class AofRewriteTests : PersistenceFixture
{
    private ServerProcess Start(bool ours, string dir, params string[] arguments) => ours ? Ours(dir, arguments) : Redis(dir, arguments);

    private static void WaitForNoJob(RespConnection connection)
    {
        var clock = Stopwatch.StartNew();
        while (Field(connection, "aof_rewrite_in_progress") != "0" || Field(connection, "rdb_bgsave_in_progress") != "0"
               || Field(connection, "aof_rewrite_scheduled") != "0")
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the background job did not end");
            Thread.Sleep(20);
        }
    }

    private static string[] FilesOf(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "appendonlydir")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private string CopyOf(string dir)
    {
        string copy = NewDir();
        Directory.CreateDirectory(Path.Combine(copy, "appendonlydir"));
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "appendonlydir")))
            File.Copy(file, Path.Combine(copy, "appendonlydir", Path.GetFileName(file)));
        return copy;
    }

    /// <summary>
    /// Key by key (type, value, encoding, expire time) as RdbDifferentialTests compares datasets,
    /// with a stream consumer's seen-time left out (loading XCLAIM commands sets it to the load's time), and
    /// the stream's radix tree shape: replayed XADDs fill nodes differently here (a stream storage matter).
    /// </summary>
    private static void AssertSameData(int expectedPort, int actualPort, bool anyStringEncoding = false)
    {
        var expectedTtls = new Dictionary<string, long>();
        var actualTtls = new Dictionary<string, long>();
        static string WithoutSeenTime(string text) => System.Text.RegularExpressions.Regex.Replace(text,
            "(seen-time|radix-tree-keys|radix-tree-nodes)\r\n:\\d+", "$1\r\n:<n>");
        string expected = WithoutSeenTime(RdbDifferentialTests.Snapshot(expectedPort, expectedTtls, anyStringEncoding: anyStringEncoding));
        string actual = WithoutSeenTime(RdbDifferentialTests.Snapshot(actualPort, actualTtls, anyStringEncoding: anyStringEncoding));
        Assert.That(actual, Is.EqualTo(expected));
        RdbDifferentialTests.AssertSameExpireTimes(expectedTtls, actualTtls);
    }

    // ---- the directory moves between the servers ---------------------------------------------------

    /// <summary>
    /// The producer fills every type and encoding with appendonly yes, rewrites, then writes more (into the
    /// new incr file). Both servers load a copy of the directory: the same data, key by key, type, value,
    /// encoding and TTL; and that is the producer's live data (short strings may differ only in raw/embstr).
    /// </summary>
    [TestCase(true, "yes")]
    [TestCase(true, "no")]
    [TestCase(false, "yes")]
    [TestCase(false, "no")]
    public void ARewrittenAofDirectoryLoadsInBothServersWithEveryTypeAndEncoding(bool producerIsOurs, string preamble)
    {
        string dir = NewDir();
        var producer = Start(producerIsOurs, dir, "--appendonly", "yes", "--appendfsync", "always", "--aof-use-rdb-preamble", preamble);
        RdbDifferentialTests.Fill(producer.Port, RdbDifferentialTests.Dataset);
        using (var connection = new RespConnection(producer.Port))
        {
            Assert.That(connection.Call("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
            WaitForNoJob(connection);
            Assert.That(Field(connection, "aof_last_bgrewrite_status"), Is.EqualTo("ok"));
            connection.Call("SET", "after-rewrite", "1");
            connection.Call("RPUSH", "list", "appended-after");
            connection.Call("HSET", "hash", "new", "field");
        }
        string extension = preamble == "yes" ? "rdb" : "aof";
        Assert.That(FilesOf(dir), Is.EqualTo(new[] { $"appendonly.aof.2.base.{extension}", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest" }),
            "the first base and incr file became history and were deleted");
        Assert.That(File.ReadAllText(Path.Combine(dir, "appendonlydir", "appendonly.aof.manifest")),
            Is.EqualTo($"file appendonly.aof.2.base.{extension} seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n"));
        var redis = Redis(CopyOf(dir), "--appendonly", "yes");
        var ours = Ours(CopyOf(dir), "--appendonly", "yes");
        AssertSameData(redis.Port, ours.Port);
        AssertSameData(producer.Port, ours.Port, anyStringEncoding: true);
    }

    /// <summary>The base in command form is the one Redis writes: the same commands, key by key (keys in any order, XCLAIM's TIME aside).</summary>
    [Test]
    public void TheCommandFormBaseHoldsTheCommandsRedisWrites()
    {
        List<string> Commands(bool ours)
        {
            string dir = NewDir();
            var server = Start(ours, dir, "--aof-use-rdb-preamble", "no");
            RdbDifferentialTests.Fill(server.Port, RdbDifferentialTests.Dataset);
            using var connection = new RespConnection(server.Port);
            connection.Call("BGREWRITEAOF");
            WaitForNoJob(connection);
            var commands = AofTestSupport.ReadCommands(Path.Combine(dir, "appendonlydir", "appendonly.aof.1.base.aof"));
            var lines = new List<string>();
            string current = "";
            foreach (var command in commands)
            {
                if (command[0] == "XCLAIM") command[7] = "<time>";
                if (command[0] == "PEXPIREAT") command[2] = "<when>";
                string line = string.Join(' ', command);
                // A key's commands belong together: group them under the key, so only the key order may differ.
                if (command[0] is "SET" or "RPUSH" or "SADD" or "ZADD" or "HMSET" or "XADD" or "SELECT" or "FUNCTION" && !current.StartsWith(command[0] + " " + command[1] + " ", StringComparison.Ordinal))
                {
                    if (current.Length > 0) lines.Add(current);
                    current = line;
                }
                else current += "\n" + line;
            }
            lines.Add(current);
            return lines;
        }
        var expected = Commands(ours: false);
        var actual = Commands(ours: true);
        // SADD of a hashtable set, HMSET of a hashtable hash and ZADD of a skiplist zset follow the hash
        // table's order (and so do their batches of 64): compare the number of commands and the set of items.
        static string Canonical(string group)
        {
            var lines = group.Split('\n');
            var words = lines[0].Split(' ');
            if (words[0] is not ("SADD" or "HMSET" or "ZADD")) return group;
            int width = words[0] == "SADD" ? 1 : 2;
            var items = new List<string>();
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                for (int i = 2; i < parts.Length; i += width) items.Add(string.Join('=', parts[i..(i + width)]));
            }
            return $"{words[0]} {words[1]} x{lines.Length}: {string.Join(' ', items.Order(StringComparer.Ordinal))}";
        }
        Assert.That(actual.Select(Canonical).Order(StringComparer.Ordinal), Is.EqualTo(expected.Select(Canonical).Order(StringComparer.Ordinal)));
    }

    // ---- a rewrite while clients write ---------------------------------------------------------------

    /// <summary>
    /// A slowed-down rewrite runs while a seeded writer changes every type, deletes, expires, renames and
    /// flushes; after a restart on the directory the dataset equals the one before it, key by key.
    /// </summary>
    [TestCase("yes")]
    [TestCase("no")]
    public void ARewriteUnderAWriterLosesNothingAcrossARestart(string preamble)
    {
        string dir = NewDir();
        var ours = Ours(dir, "--appendonly", "yes", "--appendfsync", "always", "--aof-use-rdb-preamble", preamble, "--rdb-key-save-delay", "100");
        RdbDifferentialTests.Fill(ours.Port, RdbDifferentialTests.Dataset);
        using (var connection = new RespConnection(ours.Port))
        {
            connection.Call("EVAL", "for i = 1, 20000 do redis.call('set', 'filler:' .. i, i) end", "0");
            Assert.That(connection.Call("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
            var random = new Random(12);
            int during = 0;
            while (Field(connection, "aof_rewrite_in_progress") == "1" || during < 200)
            {
                string n = random.Next(50).ToString();
                string reply = (random.Next(12)) switch
                {
                    0 => connection.Call("SET", "str", "w" + n),
                    1 => connection.Call("RPUSH", "list-big", n),
                    2 => connection.Call("LPOP", "list"),
                    3 => connection.Call("SADD", "set-big-ints", n),
                    4 => connection.Call("HSET", "hash-big", "field" + n, "changed"),
                    5 => connection.Call("ZINCRBY", "zset-big", "1.5", "member" + n),
                    6 => connection.Call("XADD", "stream", "*", "w", n),
                    7 => connection.Call("PEXPIRE", "ttl", (600000 + random.Next(1000)).ToString()),
                    8 => connection.Call("DEL", "set-int16", "filler:" + n),
                    9 => connection.Call("RENAME", "hash", "hash-renamed-" + n),
                    10 => connection.Call("SET", "new:" + n, n, "EX", "5000"),
                    _ => connection.Call("EVAL", "redis.call('INCR', KEYS[1]); return redis.call('HINCRBY', KEYS[2], 'n', 1)", "2", "counter", "hash-db-x"),
                };
                Assert.That(reply, Does.Not.StartWith("-").Or.EqualTo("-ERR no such key\r\n"));
                during++;
                if (during == 10) Assert.That(Field(connection, "aof_rewrite_in_progress"), Is.EqualTo("1"), "the writes must land during the rewrite");
                if (during == 300) connection.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
            }
            Assert.That(Field(connection, "aof_last_bgrewrite_status"), Is.EqualTo("ok"));
            Assert.That(long.Parse(Field(connection, "aof_last_cow_size")), Is.GreaterThan(0), "some keys were written early, before they changed");
        }
        var restarted = Ours(CopyOf(dir), "--appendonly", "yes");
        AssertSameData(ours.Port, restarted.Port, anyStringEncoding: true);
    }

    // ---- replies, errors, scheduling --------------------------------------------------------------------

    private static List<string> SchedulingReplies(ServerProcess server)
    {
        using var connection = new RespConnection(server.Port);
        connection.Call("EVAL", "for i = 1, 2000 do redis.call('set', 'k' .. i, i) end", "0");
        connection.Call("CONFIG", "SET", "rdb-key-save-delay", "1000");
        var replies = new List<string>();
        void Call(params string[] command) => replies.Add(connection.Call(command));
        Call("BGREWRITEAOF");
        Call("BGREWRITEAOF");
        Call("BGSAVE");
        Call("BGSAVE", "SCHEDULE");
        replies.Add(Field(connection, "aof_rewrite_in_progress") + Field(connection, "rdb_bgsave_in_progress"));
        connection.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
        // The scheduled BGSAVE starts from the cron some time after the rewrite ends: wait until it has run,
        // or it may start (paced by the delay set next) between here and the BGSAVE below, on either server.
        var clock = Stopwatch.StartNew();
        while (Field(connection, "rdb_saves") == "0" && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
        WaitForNoJob(connection);
        connection.Call("CONFIG", "SET", "rdb-key-save-delay", "1000");
        Call("BGSAVE");
        Call("BGREWRITEAOF");
        replies.Add(Field(connection, "aof_rewrite_scheduled") + Field(connection, "rdb_bgsave_in_progress"));
        Call("BGREWRITEAOF");
        connection.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
        WaitForNoJob(connection);
        Call("MULTI");
        Call("BGREWRITEAOF");
        Call("EXEC");
        WaitForNoJob(connection);
        Call("BGREWRITEAOF", "extra");
        replies.Add(Field(connection, "aof_rewrites") + " " + Field(connection, "aof_last_bgrewrite_status") + " " + Field(connection, "aof_enabled"));
        return replies;
    }

    [Test]
    public void BgrewriteaofRepliesErrorsAndSchedulingAreRedis()
    {
        var expected = SchedulingReplies(Redis(NewDir()));
        var actual = SchedulingReplies(Ours(NewDir()));
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual[1], Is.EqualTo("-ERR Background append only file rewriting already in progress\r\n"));
    }

    [Test]
    public void CommandInfoAndDocsOfBgrewriteaofAreRedis()
    {
        List<string> Run(ServerProcess server)
        {
            using var connection = new RespConnection(server.Port);
            return [connection.Call("COMMAND", "INFO", "bgrewriteaof"), connection.Call("COMMAND", "DOCS", "bgrewriteaof")];
        }
        Assert.That(Run(Ours(NewDir())), Is.EqualTo(Run(Redis(NewDir()))));
    }

    /// <summary>The AOF lines of INFO persistence: the same fields in the same order, off and on, during and after a rewrite.</summary>
    [Test]
    public void InfoPersistenceAofFieldsAreRedis()
    {
        List<string> Names(ServerProcess server)
        {
            using var connection = new RespConnection(server.Port);
            var names = new List<string>();
            void Take() => names.Add(string.Join(",", connection.Call("INFO", "persistence").Split("\r\n")
                .Where(line => line.StartsWith("aof_", StringComparison.Ordinal) || line.StartsWith("module_fork", StringComparison.Ordinal))
                .Select(line => line.StartsWith("aof_current_size", StringComparison.Ordinal) || line.StartsWith("aof_base_size", StringComparison.Ordinal)
                    || line.StartsWith("aof_last_cow_size", StringComparison.Ordinal) ? line[..line.IndexOf(':')]
                    // A rewrite's duration in whole seconds is 0 or 1 depending on where a second boundary falls.
                    : line.StartsWith("aof_last_rewrite_time_sec:", StringComparison.Ordinal) && line != "aof_last_rewrite_time_sec:-1"
                        ? "aof_last_rewrite_time_sec:(seconds)" : line)));
            Take();
            connection.Call("SET", "k", "v");
            connection.Call("CONFIG", "SET", "appendonly", "yes");
            WaitForNoJob(connection);
            Take();
            connection.Call("DEBUG", "POPULATE", "50");
            connection.Call("CONFIG", "SET", "rdb-key-save-delay", "100000");
            connection.Call("BGREWRITEAOF");
            names.Add(Field(connection, "aof_rewrite_in_progress") + Field(connection, "aof_current_rewrite_time_sec"));
            connection.Call("CONFIG", "SET", "appendonly", "no");
            Take();
            return names;
        }
        var expected = Names(Redis(NewDir()));
        Assert.That(Names(Ours(NewDir())), Is.EqualTo(expected));
    }

    // ---- turning the AOF on, the automatic rewrite ----------------------------------------------------------

    /// <summary>
    /// CONFIG SET appendonly yes on a non-empty dataset: a rewrite writes the first base while writes go
    /// to the temporary incr file; then the same files as Redis's, and a restart holds everything.
    /// </summary>
    [TestCase("yes")]
    [TestCase("no")]
    public void ConfigSetAppendonlyYesRewritesTheDatasetAsTheFirstBase(string preamble)
    {
        string redisDir = NewDir(), ourDir = NewDir();
        var redis = Redis(redisDir, "--aof-use-rdb-preamble", preamble);
        var ours = Ours(ourDir, "--aof-use-rdb-preamble", preamble);
        foreach (var server in new[] { redis, ours })
        {
            RdbDifferentialTests.Fill(server.Port, RdbDifferentialTests.Dataset);
            using var connection = new RespConnection(server.Port);
            connection.Call("CONFIG", "SET", "rdb-key-save-delay", "100");
            Assert.That(connection.Call("CONFIG", "SET", "appendonly", "yes"), Is.EqualTo("+OK\r\n"));
            Assert.That(Field(connection, "aof_enabled") + Field(connection, "aof_rewrite_in_progress"), Is.EqualTo("11"));
            connection.Call("SET", "during", "the rewrite");
            connection.Call("DEL", "str");
            connection.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
            WaitForNoJob(connection);
            connection.Call("SET", "after", "the rewrite");
        }
        Assert.That(FilesOf(ourDir), Is.EqualTo(FilesOf(redisDir)));
        Assert.That(File.ReadAllText(Path.Combine(ourDir, "appendonlydir", "appendonly.aof.manifest")),
            Is.EqualTo(File.ReadAllText(Path.Combine(redisDir, "appendonlydir", "appendonly.aof.manifest"))));
        var redisLoaded = Redis(CopyOf(ourDir), "--appendonly", "yes");
        AssertSameData(ours.Port, redisLoaded.Port, anyStringEncoding: true);
        var oursLoaded = Ours(CopyOf(ourDir), "--appendonly", "yes");
        AssertSameData(redisLoaded.Port, oursLoaded.Port);
    }

    /// <summary>auto-aof-rewrite-percentage and -min-size: the cron rewrites once the AOF doubled past the minimum size, as Redis's does.</summary>
    [Test]
    public void TheAofIsRewrittenAutomaticallyAtTheConfiguredGrowth()
    {
        (string Rewrites, string[] Files) Run(bool ours)
        {
            string dir = NewDir();
            var server = Start(ours, dir, "--appendonly", "yes", "--auto-aof-rewrite-percentage", "100", "--auto-aof-rewrite-min-size", "100kb");
            using var connection = new RespConnection(server.Port);
            Assert.That(Field(connection, "aof_rewrites"), Is.EqualTo("0"));
            string value = new('v', 1000);
            // 90 KB: below the minimum size, no rewrite.
            for (int i = 0; i < 90; i++) connection.Call("SET", "k" + i, value);
            Thread.Sleep(300);
            Assert.That(Field(connection, "aof_rewrites"), Is.EqualTo("0"), ours ? "ours" : "redis");
            for (int i = 90; i < 120; i++) connection.Call("SET", "k" + i, value);
            var clock = Stopwatch.StartNew();
            while (Field(connection, "aof_rewrites") == "0" && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
            WaitForNoJob(connection);
            string rewrites = Field(connection, "aof_rewrites");
            // The AOF is now its new base (RDB, LZF-compressed): it grows again from there.
            for (int i = 0; i < 30; i++) connection.Call("SET", "k" + i, value);
            Thread.Sleep(300);
            Assert.That(Field(connection, "aof_rewrites"), Is.EqualTo(rewrites), "no second rewrite before it doubles again");
            return (rewrites, FilesOf(dir));
        }
        var expected = Run(ours: false);
        var actual = Run(ours: true);
        Assert.That(actual.Rewrites, Is.EqualTo("1"));
        Assert.That(actual.Rewrites, Is.EqualTo(expected.Rewrites));
        Assert.That(actual.Files, Is.EqualTo(expected.Files));
    }

    [Test]
    public void ConfigOfTheRewriteDirectivesIsRedis()
    {
        List<string> Run(ServerProcess server)
        {
            using var connection = new RespConnection(server.Port);
            var replies = new List<string>();
            foreach (var name in new[] { "aof-use-rdb-preamble", "aof-rewrite-incremental-fsync", "aof-disable-auto-gc", "auto-aof-rewrite-percentage", "auto-aof-rewrite-min-size" })
                replies.Add(connection.Call("CONFIG", "GET", name));
            foreach (var (name, value) in new[]
                     {
                         ("auto-aof-rewrite-percentage", "-1"), ("auto-aof-rewrite-percentage", "50"), ("auto-aof-rewrite-min-size", "-1"),
                         ("auto-aof-rewrite-min-size", "1mb"), ("aof-use-rdb-preamble", "maybe"), ("aof-use-rdb-preamble", "no"),
                     })
                replies.Add(connection.Call("CONFIG", "SET", name, value));
            replies.Add(connection.Call("CONFIG", "GET", "auto-aof-rewrite-min-size"));
            replies.Add(connection.Call("CONFIG", "GET", "auto-aof-rewrite-percentage"));
            return replies;
        }
        Assert.That(Run(Ours(NewDir())), Is.EqualTo(Run(Redis(NewDir()))));
    }

    /// <summary>aof-disable-auto-gc keeps the history files after a rewrite; turning it off deletes them.</summary>
    [Test]
    public void HistoryFilesStayWhileAutoGcIsDisabled()
    {
        (string[] Kept, string Manifest, string[] Deleted) Run(bool ours)
        {
            string dir = NewDir();
            var server = Start(ours, dir, "--appendonly", "yes", "--aof-disable-auto-gc", "yes");
            using var connection = new RespConnection(server.Port);
            connection.Call("SET", "k", "v");
            connection.Call("BGREWRITEAOF");
            WaitForNoJob(connection);
            var kept = FilesOf(dir);
            string manifest = File.ReadAllText(Path.Combine(dir, "appendonlydir", "appendonly.aof.manifest"));
            connection.Call("CONFIG", "SET", "aof-disable-auto-gc", "no");
            return (kept, manifest, FilesOf(dir));
        }
        var expected = Run(ours: false);
        var actual = Run(ours: true);
        Assert.That(actual.Kept, Is.EqualTo(expected.Kept));
        Assert.That(actual.Manifest, Is.EqualTo(expected.Manifest));
        Assert.That(actual.Deleted, Is.EqualTo(expected.Deleted));
        Assert.That(actual.Manifest, Does.Contain(" type h\n"));
    }

    // ---- MISCONF inside scripts ------------------------------------------------------------------------

    private const string Library = """
        #!lua name=lib
        redis.register_function('w', function(keys) return redis.call('set', keys[1], 'x') end)
        redis.register_function{function_name='r', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}
        redis.register_function('pw', function(keys) return redis.pcall('set', keys[1], 'x') end)
        """;

    /// <summary>A failed background save: scripts' writes (redis.call, redis.pcall, shebang scripts, functions) get Redis's MISCONF, reads run.</summary>
    private static List<string> ScriptMisconfReplies(ServerProcess server, string dir)
    {
        using var connection = new RespConnection(server.Port);
        connection.Call("SET", "k", "v");
        connection.Call("FUNCTION", "LOAD", Library);
        connection.Call("CONFIG", "SET", "save", "3600 1");
        Directory.Delete(dir, recursive: true);
        connection.Call("BGSAVE");
        WaitForNoJob(connection);
        var replies = new List<string> { Field(connection, "rdb_last_bgsave_status") };
        foreach (var command in new[]
                 {
                     new[] { "EVAL", "return redis.call('set','k','x')", "0" }, ["EVAL", "return redis.pcall('set','k','x')", "0"],
                     ["EVAL", "return redis.call('get','k')", "0"], ["EVAL", "#!lua\nreturn redis.call('set','k','x')", "0"],
                     ["EVAL", "#!lua flags=no-writes\nreturn redis.call('get','k')", "0"], ["EVAL", "#!lua\nreturn redis.call('get','k')", "0"],
                     ["EVAL", "redis.call('get','k'); local ok = redis.pcall('incr','k'); return redis.call('exists','k')", "0"],
                     ["FCALL", "w", "1", "k"], ["FCALL", "r", "1", "k"], ["FCALL", "pw", "1", "k"], ["FCALL_RO", "r", "1", "k"],
                     ["EVAL", "return redis.call('ping')", "0"], ["EVAL_RO", "return redis.call('get','k')", "0"],
                     ["MULTI"], ["EVAL", "return redis.call('get','k')", "0"], ["EXEC"],
                     ["MULTI"], ["EVAL", "#!lua\nreturn 1", "0"], ["EXEC"],
                     ["CONFIG", "SET", "stop-writes-on-bgsave-error", "no"], ["EVAL", "return redis.call('set','k','x')", "0"],
                 })
            replies.Add(connection.Call(command));
        connection.Call("CONFIG", "SET", "save", "");
        return replies;
    }

    [Test]
    public void WritesInsideScriptsGetMisconfAsRedisAfterAFailedSave()
    {
        string redisDir = NewDir(), ourDir = NewDir();
        var expected = ScriptMisconfReplies(Redis(redisDir), redisDir);
        var actual = ScriptMisconfReplies(Ours(ourDir), ourDir);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual[1], Does.StartWith("-MISCONF ").And.Contain("script: "));
    }
}
