// This server as the replica of a real redis-server 7.0.15: full sync (disk-based and diskless) of every
// type and encoding, the command stream applied, expiry left to the primary, the link cut and continued
// with PSYNC, promotion, the loop answering other clients while a large payload loads.
// cf. tests/integration/replication*.tcl and psync2*.tcl in Redis.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Commands;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

[TestFixture]
[NonParallelizable]
public class ReplicaSyncTests
{
    private ServerProcess? _primary;
    private ServerProcess? _ours;

    // Each server gets a directory of its own: no dump.rdb of another test is loaded at start-up.
    private string _root = "";

    [SetUp]
    public void MakeDirectory() => _root = Directory.CreateTempSubdirectory("replica-tests-").FullName;

    [TearDown]
    public void StopServers()
    {
        _ours?.Dispose();
        _primary?.Dispose();
        _ours = _primary = null;
        Directory.Delete(_root, recursive: true);
    }

    private string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static byte[][] Cmd(params object[] parts) =>
        parts.Select(p => p as byte[] ?? Encoding.Latin1.GetBytes((string)p)).ToArray();

    /// <summary>A real primary (DEBUG allowed, so the comparison can reload it) and this server, not yet following it.</summary>
    private void StartBoth(bool disklessSync = true, string[]? primaryArguments = null, string[]? ourArguments = null)
    {
        _primary = ServerProcess.StartRedis(["--enable-debug-command", "yes", "--repl-diskless-sync", disklessSync ? "yes" : "no",
            "--repl-diskless-sync-delay", "0", "--dir", NewDirectory("primary"), .. primaryArguments ?? []]);
        _ours = ServerProcess.StartOurs(["--enable-debug-command", "yes", "--dir", NewDirectory("ours"), .. ourArguments ?? []]);
    }

    private void Follow()
    {
        using var ours = new RespConnection(_ours!.Port);
        Assert.That(ours.Call("REPLICAOF", "127.0.0.1", _primary!.Port.ToString()), Is.EqualTo("+OK\r\n"));
        WaitForMasterClient();
    }

    /// <summary>Until the master client is listed: the sync is done and the stream is being applied.</summary>
    private void WaitForMasterClient()
    {
        using var ours = new RespConnection(_ours!.Port);
        WaitUntil(() => ours.Call("CLIENT", "LIST", "TYPE", "master").Contains("flags=M"), "the sync to finish");
    }

    /// <summary>Until the primary has our acknowledgement of everything it sent (we ACK every second).</summary>
    private void WaitForCatchUp()
    {
        using var primary = new RespConnection(_primary!.Port);
        WaitUntil(() =>
        {
            var info = primary.Call("INFO", "replication");
            long offset = Field(info, "master_repl_offset");
            return info.Contains($"offset={offset},");
        }, "the replica to acknowledge the primary's offset");
    }

    private static long Field(string info, string name)
    {
        foreach (var line in info.Split("\r\n"))
            if (line.StartsWith(name + ":", StringComparison.Ordinal)) return long.Parse(line[(name.Length + 1)..]);
        throw new InvalidOperationException($"{name} not in INFO");
    }

    private static void WaitUntil(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed.TotalSeconds > seconds) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    private long PrimaryStat(string name)
    {
        using var primary = new RespConnection(_primary!.Port);
        return Field(primary.Call("INFO", "stats"), name);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void FullSyncCopiesEveryTypeEncodingTtlDatabaseAndFunction(bool disklessSync)
    {
        StartBoth(disklessSync);
        RdbDifferentialTests.Fill(_primary!.Port, RdbDifferentialTests.Dataset);
        Follow();
        Assert.That(PrimaryStat("sync_full"), Is.EqualTo(1));
        // The primary, reloaded from its own RDB, against us: what an RDB carries, type, value, encoding and TTL.
        // (A diskless primary has no dump.rdb of its own to reload: it saves one first.)
        using (var primary = new RespConnection(_primary.Port)) Assert.That(primary.Call("SAVE"), Is.EqualTo("+OK\r\n"));
        RdbDifferentialTests.AssertSameAsSourceReloaded(_primary.Port, _ours!.Port);
    }

    [Test]
    public void AHundredThousandWritesOfEveryKindArriveAndTheOffsetsAgree()
    {
        StartBoth();
        RdbDifferentialTests.Fill(_primary!.Port, RdbDifferentialTests.Dataset);
        Follow();
        using (var primary = new RespConnection(_primary.Port, receiveTimeoutMs: 60_000))
        {
            var random = new Random(13);
            for (int batch = 0; batch < 10; batch++) Pipeline(primary, Enumerable.Range(0, 10_000).SelectMany(_ => Write(random)).ToList());
        }
        // Keys written with a TTL of at most 300 ms have expired on the primary by now, which deletes
        // them (its active expiry, or the comparison's reads) and sends us the DELs.
        Thread.Sleep(500);
        WaitForCatchUp();
        // Strings the sync loaded are re-encoded as loading does (embstr), as a real replica's are.
        RdbDifferentialTests.AssertSameDataset(_primary.Port, _ours!.Port, anyStringEncoding: true);
        Assert.That(PrimaryStat("sync_full"), Is.EqualTo(1));
    }

    private static void Pipeline(RespConnection connection, List<byte[][]> commands)
    {
        var bytes = new MemoryStream();
        foreach (var command in commands) bytes.Write(RespConnection.Encode(command));
        connection.SendRaw(bytes.ToArray());
        foreach (var command in commands)
        {
            string reply = RespConnection.Latin1(connection.ReadReply());
            Assert.That(reply, Does.Not.StartWith("-"), Encoding.Latin1.GetString(command[0]));
        }
    }

    /// <summary>One write of a seeded mix (a transaction is several commands): every type, scripts, transactions, expiries short and long, another database.</summary>
    private static IEnumerable<byte[][]> Write(Random random)
    {
        string n = random.Next(500).ToString();
        string value = "v" + random.Next(1_000_000);
        if (random.Next(22) == 0)
            return [Cmd("MULTI"), Cmd("RPUSH", "tx-list:" + n, value), Cmd("INCR", "tx-count"), Cmd("DEL", "s:" + n), Cmd("EXEC")];
        return [random.Next(21) switch
        {
            0 => Cmd("SET", "s:" + n, value),
            1 => Cmd("INCRBY", "counter:" + random.Next(50), random.Next(-5, 100).ToString()),
            2 => Cmd("APPEND", "appended:" + random.Next(20), value),
            3 => Cmd("SET", "short-lived:" + n, value, "PX", random.Next(1, 300).ToString()),
            4 => Cmd("SET", "long-lived:" + n, value, "EX", random.Next(1000, 100_000).ToString()),
            5 => Cmd("RPUSH", "list:" + random.Next(30), value, n),
            6 => Cmd("LPOP", "list:" + random.Next(30)),
            7 => Cmd("SADD", "set:" + random.Next(30), n, value),
            8 => Cmd("SREM", "set:" + random.Next(30), n),
            9 => Cmd("SPOP", "set:" + random.Next(30)),
            10 => Cmd("HSET", "hash:" + random.Next(30), "f" + n, value),
            11 => Cmd("HINCRBY", "hash:" + random.Next(30), "count", "1"),
            12 => Cmd("ZADD", "zset:" + random.Next(30), random.Next(1000).ToString(), "m" + n),
            13 => Cmd("ZINCRBY", "zset:" + random.Next(30), "1.5", "m" + n),
            14 => Cmd("XADD", "stream:" + random.Next(10), "MAXLEN", "200", "*", "field", value),
            15 => Cmd("PFADD", "hll:" + random.Next(10), value),
            16 => Cmd("SETBIT", "bits:" + random.Next(10), random.Next(10_000).ToString(), "1"),
            17 => Cmd("EXPIRE", "s:" + n, random.Next(1000, 100_000).ToString()),
            18 => Cmd("DEL", "s:" + n),
            19 => Cmd("EVAL", "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('LPUSH', KEYS[2], ARGV[1])", "2",
                "script:" + n, "script-list:" + random.Next(20), value),
            _ => Cmd("EVAL", "redis.call('SELECT', 5) redis.call('HSET', KEYS[1], 'f', ARGV[1]) return 1", "1", "in-db-5:" + n, value),
        }];
    }

    [Test]
    public void TransactionsFromThePrimaryApplyWholeAndKeepTheirDatabase()
    {
        StartBoth();
        Follow();
        using (var primary = new RespConnection(_primary!.Port))
        {
            primary.Call("SELECT", "3");
            primary.Call("MULTI");
            primary.Call("SET", "a", "1");
            primary.Call("INCR", "a");
            primary.Call("RPUSH", "l", "x", "y");
            Assert.That(primary.Call("EXEC"), Does.StartWith("*3"));
            primary.Call("SELECT", "0");
            primary.Call("SET", "in-0", "yes");
        }
        WaitForCatchUp();
        RdbDifferentialTests.AssertSameDataset(_primary.Port, _ours!.Port);
    }

    [Test]
    public void ExpiredKeysReadAsMissingButStayUntilThePrimaryDeletesThem()
    {
        StartBoth();
        Follow();
        using var primary = new RespConnection(_primary!.Port);
        using var ours = new RespConnection(_ours!.Port);
        primary.Call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        primary.Call("SET", "k", "v", "PX", "100");
        WaitForCatchUp();
        Thread.Sleep(300);
        Assert.That(ours.Call("GET", "k"), Is.EqualTo("$-1\r\n"));
        Assert.That(ours.Call("EXISTS", "k"), Is.EqualTo(":0\r\n"));
        Assert.That(ours.Call("DBSIZE"), Is.EqualTo(":1\r\n"), "a replica does not delete an expired key itself");
        Assert.That(primary.Call("GET", "k"), Is.EqualTo("$-1\r\n")); // the primary deletes it and sends the DEL
        WaitUntil(() => ours.Call("DBSIZE") == ":0\r\n", "the primary's DEL");
    }

    [Test]
    public void ACutLinkContinuesWithPsyncWithoutAFullSync()
    {
        StartBoth();
        Follow();
        using var primary = new RespConnection(_primary!.Port);
        primary.Call("SET", "before", "1");
        WaitForCatchUp();
        Assert.That(primary.Call("CLIENT", "KILL", "TYPE", "replica"), Is.EqualTo(":1\r\n"));
        primary.Call("SET", "during", "2");
        primary.Call("SELECT", "4");
        primary.Call("RPUSH", "list", "a", "b");
        WaitUntil(() => PrimaryStat("sync_partial_ok") == 1, "PSYNC to continue");
        primary.Call("SET", "after", "3");
        WaitForCatchUp();
        Assert.That(PrimaryStat("sync_full"), Is.EqualTo(1));
        RdbDifferentialTests.AssertSameDataset(_primary.Port, _ours!.Port);
    }

    [Test]
    public void KillingTheMasterClientHereReconnectsWithPsync()
    {
        StartBoth();
        Follow();
        using var ours = new RespConnection(_ours!.Port);
        string list = ours.Call("CLIENT", "LIST", "TYPE", "master");
        Assert.That(list, Does.Contain("flags=M").And.Contain($"addr=127.0.0.1:{_primary!.Port} "));
        Assert.That(ours.Call("CLIENT", "KILL", "TYPE", "master"), Is.EqualTo(":1\r\n"));
        WaitUntil(() => PrimaryStat("sync_partial_ok") == 1, "PSYNC to continue");
        using var primary = new RespConnection(_primary.Port);
        primary.Call("SET", "k", "after the kill");
        WaitForCatchUp();
        Assert.That(ours.Call("GET", "k"), Is.EqualTo("$14\r\nafter the kill\r\n"));
    }

    [Test]
    public void WithAppendonlyTheAofIsRewrittenAfterAFullSyncSoARestartLoadsThePrimarysData()
    {
        StartBoth(ourArguments: ["--appendonly", "yes"]);
        using (var ours = new RespConnection(_ours!.Port))
        {
            Assert.That(ours.Call("SET", "old", "data"), Is.EqualTo("+OK\r\n")); // in the AOF before the sync
        }
        RdbDifferentialTests.Fill(_primary!.Port, RdbDifferentialTests.Dataset);
        Follow();
        using (var ours = new RespConnection(_ours.Port))
        {
            // The AOF is started again from the synced dataset (cf. restartAOFAfterSYNC): a rewrite writes the new base.
            WaitUntil(() =>
            {
                var info = ours.Call("INFO", "persistence");
                return Field(info, "aof_enabled") == 1 && Field(info, "aof_rewrite_in_progress") == 0 && Field(info, "aof_rewrite_scheduled") == 0
                    && !ours.Call("INFO", "persistence").Contains("aof_last_bgrewrite_status:err");
            }, "the AOF to be rewritten after the sync");
            WaitForCatchUp();
        }
        string[] arguments = ["--enable-debug-command", "yes", "--dir", Path.Combine(_root, "ours"), "--appendonly", "yes"];
        _ours.Dispose();
        _ours = ServerProcess.StartOurs(arguments); // no longer a replica: only what the AOF holds
        using var restarted = new RespConnection(_ours.Port);
        Assert.That(restarted.Call("EXISTS", "old"), Is.EqualTo(":0\r\n"));
        RdbDifferentialTests.AssertSameDataset(_primary.Port, _ours.Port, anyStringEncoding: true);
    }

    [Test]
    public void PromotionKeepsTheDataAndAcceptsWrites()
    {
        StartBoth();
        RdbDifferentialTests.Fill(_primary!.Port, RdbDifferentialTests.Dataset);
        Follow();
        using var ours = new RespConnection(_ours!.Port);
        Assert.That(ours.Call("SET", "x", "1"), Does.StartWith("-READONLY"));
        WaitForCatchUp();
        string primaryInfo;
        using (var info = new RespConnection(_primary.Port)) primaryInfo = info.Call("INFO", "replication");
        string primaryId = primaryInfo.Split("\r\n").First(l => l.StartsWith("master_replid:", StringComparison.Ordinal))[14..];
        long primaryOffset = Field(primaryInfo, "master_repl_offset");
        Assert.That(ours.Call("REPLICAOF", "NO", "ONE"), Is.EqualTo("+OK\r\n"));
        // The history followed so far stays valid as the secondary id, up to the next offset (cf. shiftReplicationId).
        WaitUntil(() => _ours.Output.Contains($"Setting secondary replication ID to {primaryId}, valid up to offset: {primaryOffset + 1}."),
            "the replication id to shift");
        Assert.That(ours.Call("CLIENT", "LIST", "TYPE", "master"), Is.EqualTo("$0\r\n\r\n"));
        RdbDifferentialTests.AssertSameDataset(_primary.Port, _ours.Port, anyStringEncoding: true);
        Assert.That(ours.Call("SET", "x", "1"), Is.EqualTo("+OK\r\n"));
        // No longer following: the primary's writes stay there.
        using var primary = new RespConnection(_primary.Port);
        primary.Call("SET", "later", "1");
        Thread.Sleep(200);
        Assert.That(ours.Call("EXISTS", "later"), Is.EqualTo(":0\r\n"));
    }

    /// <summary>
    /// As a replica this server keeps the primary's stream in its own backlog (INFO shows it active, as
    /// Redis's replica does): promoted, it lets a sibling replica of the old primary continue from it with
    /// PSYNC on the old history (the secondary id), with no full sync.
    /// </summary>
    [Test]
    public void AfterPromotionASiblingReplicaContinuesFromUsWithPsync()
    {
        StartBoth();
        RdbDifferentialTests.Fill(_primary!.Port, RdbDifferentialTests.Dataset);
        Follow();
        using var sibling = ServerProcess.StartRedis("--replicaof", "127.0.0.1", _primary.Port.ToString(), "--dir", NewDirectory("sibling"));
        using var siblingConnection = new RespConnection(sibling.Port);
        using var ours = new RespConnection(_ours!.Port);
        using (var primary = new RespConnection(_primary.Port))
        {
            for (int i = 0; i < 100; i++) primary.Call("SET", $"after-sync:{i}", i.ToString());
            long produced = Field(primary.Call("INFO", "replication"), "master_repl_offset");
            WaitUntil(() => Field(ours.Call("INFO", "replication"), "master_repl_offset") == produced
                && siblingConnection.Call("INFO", "replication").Contains($"slave_repl_offset:{produced}\r\n"), "both replicas to apply everything");
        }
        string info = ours.Call("INFO", "replication");
        Assert.That(info, Does.Contain("repl_backlog_active:1\r\n"));
        Assert.That(Field(info, "repl_backlog_histlen"), Is.GreaterThan(0), "the applied stream is in the backlog");

        Assert.That(ours.Call("REPLICAOF", "NO", "ONE"), Is.EqualTo("+OK\r\n"));
        Assert.That(siblingConnection.Call("REPLICAOF", "127.0.0.1", _ours.Port.ToString()), Is.EqualTo("+OK\r\n"));
        WaitUntil(() => siblingConnection.Call("INFO", "replication").Contains("master_link_status:up"), "the sibling to follow us");
        string stats = ours.Call("INFO", "stats");
        Assert.That(Field(stats, "sync_partial_ok"), Is.EqualTo(1));
        Assert.That(Field(stats, "sync_full"), Is.EqualTo(0));
        Assert.That(ours.Call("SET", "after-promotion", "1"), Is.EqualTo("+OK\r\n"));
        WaitUntil(() => siblingConnection.Call("GET", "after-promotion") == "$1\r\n1\r\n", "our write to reach the sibling");
        RdbDifferentialTests.AssertSameDataset(_ours.Port, sibling.Port, anyStringEncoding: true);
    }

    [Test]
    public void TheReplicaofDirectiveFollowsFromStartUpWithMasterauth()
    {
        _primary = ServerProcess.StartRedis("--requirepass", "s3cret", "--repl-diskless-sync-delay", "0", "--dir", NewDirectory("primary"));
        using (var primary = new RespConnection(_primary.Port))
        {
            primary.Call("AUTH", "s3cret");
            primary.Call("SET", "k", "v");
        }
        _ours = ServerProcess.StartOurs("--replicaof", "127.0.0.1", _primary.Port.ToString(), "--masterauth", "s3cret", "--dir", NewDirectory("ours"));
        WaitForMasterClient();
        using var ours = new RespConnection(_ours.Port);
        Assert.That(ours.Call("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
        Assert.That(ours.Call("CONFIG", "GET", "replicaof"), Is.EqualTo($"*2\r\n$9\r\nreplicaof\r\n${_primary.Port.ToString().Length + 10}\r\n127.0.0.1 {_primary.Port}\r\n"));
    }

    [Test]
    public void OtherClientsAreAnsweredWhileALargePayloadTransfersAndLoads()
    {
        StartBoth(disklessSync: false);
        using (var primary = new RespConnection(_primary!.Port, receiveTimeoutMs: 60_000))
            Assert.That(primary.Call("DEBUG", "POPULATE", "200000", "key", "100"), Is.EqualTo("+OK\r\n"));
        using var ours = new RespConnection(_ours!.Port);
        using var pinger = new RespConnection(_ours.Port);
        Assert.That(ours.Call("SET", "old", "data"), Is.EqualTo("+OK\r\n"));
        Assert.That(ours.Call("REPLICAOF", "127.0.0.1", _primary.Port.ToString()), Is.EqualTo("+OK\r\n"));
        int answeredDuringSync = 0, staleReads = 0;
        double longestMs = 0;
        while (!ours.Call("CLIENT", "LIST", "TYPE", "master").Contains("flags=M"))
        {
            var started = Stopwatch.GetTimestamp();
            Assert.That(pinger.Call("PING"), Is.EqualTo("+PONG\r\n"));
            longestMs = Math.Max(longestMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            answeredDuringSync++;
            // Until the loaded data is swapped in, clients read the old data.
            string read = pinger.Call("GET", "old");
            if (read == "$4\r\ndata\r\n") staleReads++;
            else Assert.That(read, Is.EqualTo("$-1\r\n"));
        }
        TestContext.Out.WriteLine($"PINGs answered during the sync: {answeredDuringSync}, longest {longestMs:0.0} ms; stale reads {staleReads}");
        Assert.That(answeredDuringSync, Is.GreaterThan(0));
        Assert.That(staleReads, Is.GreaterThan(0));
        Assert.That(ours.Call("DBSIZE"), Is.EqualTo(":200000\r\n"));
        Assert.That(ours.Call("GET", "old"), Is.EqualTo("$-1\r\n"));
    }
}
