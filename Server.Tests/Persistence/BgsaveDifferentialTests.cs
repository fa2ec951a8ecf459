// BGSAVE against redis-server 7.0.15: the image a background save writes while a heavy writer runs is
// exactly the data at its start (real Redis loads the file and its DEBUG DIGEST is ours at T0), the
// replies and errors of BGSAVE, SAVE, SHUTDOWN and MISCONF, save points, FLUSHALL's save, SIGTERM's save.

using System.Diagnostics;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

[NonParallelizable]
public class BgsaveDifferentialTests : PersistenceFixture
{
    private static void WaitForSaveEnd(RespConnection connection)
    {
        var clock = Stopwatch.StartNew();
        while (Field(connection, "rdb_bgsave_in_progress") != "0")
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the background save did not end");
            Thread.Sleep(20);
        }
    }

    private const string Fill = """
        for i = 1, 2000 do
            redis.call('set', 'str:' .. i, 'value ' .. i)
            redis.call('set', 'int:' .. i, i)
            redis.call('rpush', 'list:' .. (i % 40), i, 'x' .. i)
            redis.call('sadd', 'set:' .. (i % 30), i)
            redis.call('sadd', 'tags:' .. (i % 30), 'tag' .. i)
            redis.call('hset', 'hash:' .. (i % 20), 'f' .. i, i)
            redis.call('zadd', 'zset:' .. (i % 25), i / 3, 'm' .. i)
            if i % 7 == 0 then redis.call('pexpire', 'str:' .. i, 3600000 + i) end
        end
        redis.call('select', 1)
        for i = 1, 500 do redis.call('set', 'db1:' .. i, i) end
        redis.call('select', 2)
        for i = 1, 500 do redis.call('hset', 'db2:' .. (i % 10), i, i) end
        return 1
        """;

    /// <summary>
    /// (No streams: DEBUG DIGEST does not digest them yet in this server.)
    /// The writer changes every type in place, deletes, sets and removes expiries, renames, swaps and flushes
    /// databases, and runs a script and a transaction, while a slowed-down save walks the keys.
    /// </summary>
    private static readonly string[][] Writes =
    [
        ["SET", "str:1", "changed"], ["APPEND", "str:2", "more"], ["INCR", "int:3"], ["DEL", "str:4", "str:5"],
        ["RPUSH", "list:1", "new"], ["LPOP", "list:2"], ["LSET", "list:3", "0", "replaced"],
        ["SADD", "set:1", "99999"], ["SREM", "set:2", "2"], ["SPOP", "tags:3"],
        ["HSET", "hash:1", "f1", "changed"], ["HDEL", "hash:2", "f2"], ["HINCRBY", "hash:3", "f3", "5"],
        ["ZADD", "zset:1", "1000", "m1"], ["ZREM", "zset:2", "m2"], ["ZINCRBY", "zset:3", "7", "m3"],
        ["EXPIRE", "str:10", "100"], ["PERSIST", "str:14"], ["PEXPIRE", "int:11", "1"],
        ["RENAME", "str:12", "renamed:12"], ["RENAME", "list:5", "list:6"], ["SET", "brand:new", "x"],
        ["EVAL", "redis.call('set', KEYS[1], 'from a script'); redis.call('del', KEYS[2]); return 1", "2", "str:20", "hash:4"],
        ["MULTI"], ["SET", "str:21", "in a transaction"], ["LPUSH", "list:7", "t"], ["EXEC"],
        ["SWAPDB", "1", "3"], ["SELECT", "2"], ["FLUSHDB"], ["SET", "after:flush", "x"], ["SELECT", "0"],
        ["MOVE", "str:30", "5"], ["COPY", "str:31", "copied:31"], ["SORT", "set:5", "STORE", "sorted:5"],
    ];

    [Test]
    public void ABackgroundSaveUnderAHeavyWriterIsExactlyTheDataAtItsStartAndRealRedisLoadsIt()
    {
        string dir = NewDir();
        var ours = Ours(dir, "--rdb-key-save-delay", "100");
        using var connection = new RespConnection(ours.Port, receiveTimeoutMs: 120_000);
        connection.Call("EVAL", Fill, "0");
        string atStart = connection.Call("DEBUG", "DIGEST");

        Assert.That(connection.Call("BGSAVE"), Is.EqualTo("+Background saving started\r\n"));
        foreach (var write in Writes) connection.Call(write);
        Assert.That(Field(connection, "rdb_bgsave_in_progress"), Is.EqualTo("1"), "the writes must land during the save");
        for (int i = 0; i < 300; i++) connection.Call("INCR", "str:" + (i * 13 % 2000 + 1) + ":n");
        Assert.That(connection.Call("DEBUG", "DIGEST"), Is.Not.EqualTo(atStart));
        WaitForSaveEnd(connection);
        Assert.That(Field(connection, "rdb_last_bgsave_status"), Is.EqualTo("ok"));
        Assert.That(long.Parse(Field(connection, "rdb_last_cow_size")), Is.GreaterThan(0), "some keys were saved early");

        string realDir = NewDir();
        File.Copy(Path.Combine(dir, "dump.rdb"), Path.Combine(realDir, "dump.rdb"));
        var redis = Redis(realDir);
        using var real = new RespConnection(redis.Port);
        Assert.That(real.Call("DEBUG", "DIGEST"), Is.EqualTo(atStart), "real Redis loads the image taken at the start");

        string againDir = NewDir();
        File.Copy(Path.Combine(dir, "dump.rdb"), Path.Combine(againDir, "dump.rdb"));
        var reloaded = Ours(againDir);
        using var back = new RespConnection(reloaded.Port);
        Assert.That(back.Call("DEBUG", "DIGEST"), Is.EqualTo(atStart), "we load the image back too");
    }

    /// <summary>The same sequence on both servers, each saving slowly: byte-identical replies.</summary>
    private static List<string> Replies(ServerProcess server, params string[][] commands)
    {
        using var connection = new RespConnection(server.Port);
        connection.Call("EVAL", "for i = 1, 2000 do redis.call('set', 'k' .. i, i) end", "0");
        connection.Call("CONFIG", "SET", "rdb-key-save-delay", "1000");
        var replies = new List<string>();
        foreach (var command in commands) replies.Add(connection.Call(command));
        connection.Call("CONFIG", "SET", "rdb-key-save-delay", "0");
        WaitForSaveEnd(connection);
        return replies;
    }

    [Test]
    public void BgsaveRepliesAndRefusalsAreRedis()
    {
        string[][] commands =
        [
            ["BGSAVE", "NOW"], ["BGSAVE", "SCHEDULE", "x"], ["BGSAVE"], ["BGSAVE"], ["BGSAVE", "SCHEDULE"], ["SAVE"],
            ["MULTI"], ["BGSAVE"], ["EXEC"], ["INFO", "nosuchsection"],
        ];
        var expected = Replies(Redis(NewDir()), commands);
        var actual = Replies(Ours(NewDir()), commands);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void BgsaveInsideATransactionIsScheduledAndTheCronStartsIt()
    {
        string dir = NewDir();
        var ours = Ours(dir);
        using var connection = new RespConnection(ours.Port);
        connection.Call("SET", "k", "v");
        connection.Call("MULTI");
        connection.Call("BGSAVE");
        Assert.That(connection.Call("EXEC"), Is.EqualTo("*1\r\n+Background saving scheduled\r\n"));
        var clock = Stopwatch.StartNew();
        while (Field(connection, "rdb_saves") == "0" && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(20);
        WaitForSaveEnd(connection);
        Assert.That(File.Exists(Path.Combine(dir, "dump.rdb")), Is.True);
    }

    [Test]
    public void LastsaveAndInfoFollowABackgroundSave()
    {
        string dir = NewDir();
        var ours = Ours(dir);
        using var connection = new RespConnection(ours.Port);
        connection.Call("SET", "k", "v");
        Assert.That(Field(connection, "rdb_changes_since_last_save"), Is.EqualTo("1"));
        Assert.That(Field(connection, "rdb_last_bgsave_time_sec"), Is.EqualTo("-1"));
        Thread.Sleep(1100); // LASTSAVE counts seconds
        string before = connection.Call("LASTSAVE");
        connection.Call("BGSAVE");
        WaitForSaveEnd(connection);
        Assert.That(connection.Call("LASTSAVE"), Is.Not.EqualTo(before));
        Assert.That(Field(connection, "rdb_changes_since_last_save"), Is.EqualTo("0"));
        Assert.That(Field(connection, "rdb_saves"), Is.EqualTo("1"));
        Assert.That(Field(connection, "rdb_last_bgsave_status"), Is.EqualTo("ok"));
        Assert.That(Field(connection, "rdb_last_bgsave_time_sec"), Is.Not.EqualTo("-1"));
        Assert.That(Field(connection, "rdb_current_bgsave_time_sec"), Is.EqualTo("-1"));
    }

    /// <summary>A save that cannot write its file (its dir is gone) turns writes and PING into MISCONF, reads stay fine.</summary>
    private static List<string> MisconfReplies(ServerProcess server, string dir)
    {
        using var connection = new RespConnection(server.Port);
        connection.Call("SET", "k", "v");
        connection.Call("CONFIG", "SET", "save", "3600 1");
        Directory.Delete(dir, recursive: true);
        connection.Call("BGSAVE");
        WaitForSaveEnd(connection);
        var replies = new List<string> { Field(connection, "rdb_last_bgsave_status") };
        foreach (var command in new[]
                 {
                     new[] { "SET", "k", "w" }, ["PING"], ["GET", "k"], ["MULTI"], ["DEL", "k"], ["EXEC"],
                     ["CONFIG", "SET", "stop-writes-on-bgsave-error", "no"], ["SET", "k", "x"], ["PING"],
                 })
            replies.Add(connection.Call(command));
        return replies;
    }

    [Test]
    public void AFailedBackgroundSaveRefusesWritesWithMisconf()
    {
        string redisDir = NewDir(), ourDir = NewDir();
        var expected = MisconfReplies(Redis(redisDir), redisDir);
        var actual = MisconfReplies(Ours(ourDir), ourDir);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual[0], Is.EqualTo("err"));
        Assert.That(actual[1], Does.StartWith("-MISCONF "));
    }

    [Test]
    public void SavePointsStartABackgroundSave()
    {
        string dir = NewDir();
        var ours = Ours(dir);
        using var connection = new RespConnection(ours.Port);
        Assert.That(connection.Call("CONFIG", "SET", "save", "1 2 3600 1"), Is.EqualTo("+OK\r\n"));
        Assert.That(connection.Call("CONFIG", "GET", "save"), Is.EqualTo("*2\r\n$4\r\nsave\r\n$10\r\n1 2 3600 1\r\n"));
        connection.Call("SET", "a", "1");
        connection.Call("SET", "b", "2");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(dir, "dump.rdb")) && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(50);
        Assert.That(File.Exists(Path.Combine(dir, "dump.rdb")), Is.True, "2 changes after 1 second start a save");
        Assert.That(ours.Output, Does.Contain("2 changes in 1 seconds. Saving..."));
    }

    [Test]
    public void InvalidSaveParametersAreRefusedAsRedisRefusesThem()
    {
        string[][] commands =
        [
            ["CONFIG", "SET", "save", "100"], ["CONFIG", "SET", "save", "0 1"], ["CONFIG", "SET", "save", "10 -1"],
            ["CONFIG", "SET", "save", "10 x"], ["CONFIG", "SET", "save", "100 10 20 30"], ["CONFIG", "GET", "save"],
            ["CONFIG", "SET", "save", ""], ["CONFIG", "GET", "save"],
        ];
        List<string> Run(ServerProcess server)
        {
            using var connection = new RespConnection(server.Port);
            return commands.Select(c => connection.Call(c)).ToList();
        }
        Assert.That(Run(Ours(NewDir())), Is.EqualTo(Run(Redis(NewDir()))));
    }

    [Test]
    public void FlushallWithSavePointsSavesTheEmptyDataset()
    {
        string dir = NewDir();
        var ours = Ours(dir);
        using var connection = new RespConnection(ours.Port);
        connection.Call("SET", "k", "v");
        connection.Call("CONFIG", "SET", "save", "3600 1");
        connection.Call("FLUSHALL");
        Assert.That(File.Exists(Path.Combine(dir, "dump.rdb")), Is.True);
        Assert.That(Field(connection, "rdb_saves"), Is.EqualTo("1"));
    }

    [Test]
    public void ShutdownWithSavePointsSavesAndARestartLoadsIt()
    {
        string dir = NewDir();
        var ours = Ours(dir, "--save", "3600 1");
        using (var connection = new RespConnection(ours.Port))
        {
            connection.Call("SET", "survives", "yes");
            connection.Send("SHUTDOWN");
            Assert.That(ours.WaitForExit(TimeSpan.FromSeconds(20)), Is.True);
        }
        Assert.That(ours.Output, Does.Contain("Saving the final RDB snapshot before exiting."));
        var restarted = Ours(dir);
        using var again = new RespConnection(restarted.Port);
        Assert.That(again.Call("GET", "survives"), Is.EqualTo("$3\r\nyes\r\n"));
    }

    [Test]
    public void ShutdownNosaveDoesNotSave()
    {
        string dir = NewDir();
        var ours = Ours(dir, "--save", "3600 1");
        using var connection = new RespConnection(ours.Port);
        connection.Call("SET", "k", "v");
        connection.Send("SHUTDOWN", "NOSAVE");
        Assert.That(ours.WaitForExit(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(File.Exists(Path.Combine(dir, "dump.rdb")), Is.False);
    }

    /// <summary>SHUTDOWN SAVE into a directory that is gone fails and the server stays up, unless FORCE.</summary>
    [Test]
    public void AShutdownWhoseSaveFailsKeepsTheServerUnlessForced()
    {
        List<string> Run(ServerProcess server, string dir)
        {
            using var connection = new RespConnection(server.Port);
            connection.Call("SET", "k", "v");
            Directory.Delete(dir, recursive: true);
            var replies = new List<string> { connection.Call("SHUTDOWN", "SAVE"), connection.Call("SHUTDOWN", "ABORT"), connection.Call("GET", "k") };
            connection.Send("SHUTDOWN", "SAVE", "FORCE");
            replies.Add(server.WaitForExit(TimeSpan.FromSeconds(20)).ToString());
            return replies;
        }
        string redisDir = NewDir(), ourDir = NewDir();
        var expected = Run(Redis(redisDir), redisDir);
        Assert.That(Run(Ours(ourDir), ourDir), Is.EqualTo(expected));
        Assert.That(expected[0], Is.EqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n"));
    }

    [Test]
    public void SigtermSavesWhenSavePointsExist()
    {
        string dir = NewDir();
        var ours = Ours(dir, "--save", "3600 1");
        using (var connection = new RespConnection(ours.Port)) connection.Call("SET", "k", "v");
        using (var kill = Process.Start("kill", ["-TERM", ours.Pid.ToString()])) kill.WaitForExit();
        Assert.That(ours.WaitForExit(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(File.Exists(Path.Combine(dir, "dump.rdb")), Is.True);
    }

    [Test]
    public void CommandInfoAndDocsOfBgsaveAreRedis()
    {
        List<string> Run(ServerProcess server)
        {
            using var connection = new RespConnection(server.Port);
            return [connection.Call("COMMAND", "INFO", "bgsave"), connection.Call("COMMAND", "DOCS", "bgsave")];
        }
        Assert.That(Run(Ours(NewDir())), Is.EqualTo(Run(Redis(NewDir()))));
    }
}
