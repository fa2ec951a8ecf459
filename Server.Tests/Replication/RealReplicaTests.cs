// Real redis-server 7.0 as a replica of this server: full syncs (diskless and disk-based), the write
// stream of every type, a cut link continued with PSYNC, WAIT, min-replicas, promotion, and a live
// migration with no acknowledged write lost. Each compares the whole dataset on both sides.

using System.Text;
using EventLoopRedis.Tests.Persistence;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

[NonParallelizable]
public class RealReplicaTests
{
    // Every type and encoding, in two databases, with binary keys and values and some times to live.
    internal const string Fill = """
        for i = 1, 2000 do redis.call('set', 'str:' .. i, 'value' .. i) end
        for i = 1, 200 do redis.call('set', 'int:' .. i, i) end
        redis.call('set', 'raw', string.rep('x', 100))
        redis.call('set', 'bin\0key', '\255\0\1')
        for i = 1, 100 do redis.call('rpush', 'list:' .. (i % 10), i) end
        for i = 1, 1000 do redis.call('rpush', 'biglist', 'e' .. i) end
        for i = 1, 100 do redis.call('sadd', 'iset:' .. (i % 5), i) end
        for i = 1, 1000 do redis.call('sadd', 'set:big', 'm' .. i) end
        for i = 1, 100 do redis.call('hset', 'hash:' .. (i % 10), 'f' .. i, i) end
        for i = 1, 1000 do redis.call('hset', 'hash:big', 'f' .. i, i) end
        for i = 1, 100 do redis.call('zadd', 'zset:' .. (i % 10), i, 'm' .. i) end
        for i = 1, 1000 do redis.call('zadd', 'zset:big', i * 1.5, 'm' .. i) end
        for i = 1, 100 do redis.call('xadd', 'x', '*', 'f', i) end
        redis.call('xgroup', 'create', 'x', 'g', '0')
        redis.call('xreadgroup', 'group', 'g', 'c', 'count', 10, 'streams', 'x', '>')
        redis.call('pfadd', 'hll', 'a', 'b', 'c')
        for i = 1, 300 do redis.call('pexpire', 'str:' .. i, 100000000 + i) end
        redis.call('select', 1)
        for i = 1, 500 do redis.call('set', 'db1:' .. i, i) end
        return 1
        """;

    // How many keys have a time to live, and a checksum of their absolute expiry times (propagated exactly, as PEXPIREAT).
    private const string ExpirySum = """
        local n, s = 0, 0
        for _, k in ipairs(redis.call('keys', '*')) do
            local t = redis.call('pexpiretime', k)
            if t > 0 then n = n + 1; s = (s + t % 1000003) % 1000000007 end
        end
        return {n, s}
        """;

    private static ServerProcess Ours(params string[] extra) =>
        ServerProcess.StartOurs(["--repl-diskless-sync-delay", "0", "--enable-debug-command", "yes", "--save", "", .. extra]);

    // A replica stores the RDB it receives as dbfilename: in a directory of its own, never where other tests start servers.
    private static readonly string ReplicaDir = AofTestSupport.TempDirectory("real-replica");

    private static ServerProcess RealReplicaOf(ServerProcess primary, params string[] extra) =>
        ServerProcess.StartRedis(["--replicaof", "127.0.0.1", primary.Port.ToString(), "--enable-debug-command", "yes", "--dir", ReplicaDir, .. extra]);

    [OneTimeTearDown]
    public void RemoveReplicaDirectory() => Directory.Delete(ReplicaDir, recursive: true);

    private static string Field(RespConnection connection, string section, string name)
    {
        foreach (var line in connection.Call("INFO", section).Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal)) return line[(name.Length + 1)..];
        }
        return "";
    }

    /// <summary>Waits until the replica's link is up and it has applied everything we produced so far.</summary>
    private static void WaitInSync(RespConnection ours, RespConnection replica, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            long produced = long.Parse(Field(ours, "replication", "master_repl_offset"));
            if (Field(replica, "replication", "master_link_status") == "up"
                && long.Parse(Field(replica, "replication", "slave_repl_offset")) >= produced && produced > 0)
                return;
            Thread.Sleep(50);
        }
        Assert.Fail($"the replica did not catch up: ours {Field(ours, "replication", "master_repl_offset")}, " +
            $"replica {Field(replica, "replication", "slave_repl_offset")} ({Field(replica, "replication", "master_link_status")})");
    }

    /// <summary>The dataset as both servers can describe it: streams entry by entry, then every database's digest, key count and expiries.</summary>
    private static string Image(RespConnection connection, params string[] streams)
    {
        var text = new StringBuilder();
        connection.Call("SELECT", "0");
        foreach (var stream in streams) text.Append(connection.Call("XRANGE", stream, "-", "+")).Append(connection.Call("XINFO", "GROUPS", stream));
        for (int db = 0; db < 3; db++)
        {
            connection.Call("SELECT", db.ToString());
            text.Append(db).Append(connection.Call("DBSIZE")).Append(connection.Call("EVAL", ExpirySum, "0"));
        }
        connection.Call("SELECT", "0");
        return text.ToString();
    }

    /// <summary>DEBUG DIGEST of everything but streams (this server's digest leaves streams out): they are compared by <see cref="Image"/> first, then deleted on the primary.</summary>
    private static void AssertSameData(RespConnection ours, RespConnection replica, params string[] streams)
    {
        WaitInSync(ours, replica);
        Assert.That(Image(replica, streams), Is.EqualTo(Image(ours, streams)), "streams, key counts and expiry times");
        if (streams.Length > 0) ours.Call(["DEL", .. streams]);
        WaitInSync(ours, replica);
        Assert.That(replica.Call("DEBUG", "DIGEST"), Is.EqualTo(ours.Call("DEBUG", "DIGEST")), "every key's type and value");
    }

    /// <summary>
    /// Sends <paramref name="count"/> writes of every type, seeded, pipelined in batches: strings, hashes,
    /// lists, sets, sorted sets, streams, expiries (long ones, and keys that expire while the test runs),
    /// scripts, transactions and writes to another database. Returns the names of the short-lived keys.
    /// </summary>
    private static List<string> Writes(RespConnection connection, int count, int seed)
    {
        var random = new Random(seed);
        var shortLived = new List<string>();
        var batch = new List<string[]>();
        int sent = 0;
        while (sent < count)
        {
            int r = random.Next(1000), r2 = random.Next(1000);
            string[][] commands = random.Next(26) switch
            {
                0 => [["SET", $"s:{r}", $"v{sent}"]],
                1 => [["INCRBY", $"n:{r % 100}", "3"]],
                2 => [["APPEND", $"s:{r}", "x"]],
                3 => [["HSET", $"h:{r % 50}", $"f{r2}", $"v{sent}"]],
                4 => [["HDEL", $"h:{r % 50}", $"f{r2}"]],
                5 => [["LPUSH", $"l:{r % 20}", $"v{sent}"]],
                6 => [["RPOP", $"l:{r % 20}"]],
                7 => [["SADD", $"set:{r % 30}", r2.ToString()]],
                8 => [["SREM", $"set:{r % 30}", r2.ToString()]],
                9 => [["SPOP", $"set:{r % 30}"]],
                10 => [["ZADD", $"z:{r % 30}", (r2 / 7.0).ToString(System.Globalization.CultureInfo.InvariantCulture), $"m{r2}"]],
                11 => [["ZINCRBY", $"z:{r % 30}", "2.5", $"m{r2}"]],
                12 => [["ZPOPMIN", $"z:{r % 30}"]],
                13 => [["XADD", "xs", "MAXLEN", "~", "500", "*", "f", sent.ToString()]],
                14 => [["PEXPIRE", $"s:{r}", (100_000_000 + r2).ToString()]],
                15 => [["PERSIST", $"s:{r}"]],
                16 => [["SET", $"tmp:{sent}", "v", "PX", (1 + r % 30).ToString()]],
                17 => [["EVAL", "redis.call('incr', KEYS[1]); redis.call('hset', KEYS[2], 'f', ARGV[1]); return 1", "2", $"n:{r % 100}", $"h:{r2 % 50}", sent.ToString()]],
                18 => [["MULTI"], ["SET", $"s:{r}", "in-multi"], ["LPUSH", $"l:{r2 % 20}", "m"], ["INCR", $"n:{r % 100}"], ["EXEC"]],
                19 => [["SELECT", "1"], ["SET", $"db1:{r}", $"v{sent}"], ["EXPIRE", $"db1:{r}", "100000"], ["SELECT", "0"]],
                20 => [["SPOP", $"set:{r % 30}", "3"]],
                21 => [["DEL", $"s:{r2}"]],
                22 => [["SETRANGE", $"s:{r}", "2", "\0\xff"]],
                23 => [["GETEX", $"s:{r}", "EX", "100000"]],
                24 => [["HINCRBYFLOAT", $"h:{r % 50}", "fl", "1.25"]],
                _ => [["SINTERSTORE", $"inter:{r % 10}", $"set:{r % 30}", $"set:{r2 % 30}"]],
            };
            foreach (var command in commands)
            {
                if (command[0] == "SET" && command.Length == 5) shortLived.Add(command[1]);
                batch.Add(command);
            }
            sent += commands.Length;
            if (batch.Count >= 500) Flush(connection, batch);
        }
        Flush(connection, batch);
        return shortLived;
    }

    private static void Flush(RespConnection connection, List<string[]> batch)
    {
        var bytes = new List<byte>();
        foreach (var command in batch) bytes.AddRange(RespConnection.Encode(command.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()));
        connection.SendRaw(bytes.ToArray());
        foreach (var _ in batch) connection.ReadReply();
        batch.Clear();
    }

    /// <summary>Keys set to expire within milliseconds: looked up once they have, so the primary deletes them and the DELs reach the replica.</summary>
    private static void ExpireShortLived(RespConnection connection, List<string> keys)
    {
        Thread.Sleep(100);
        for (int i = 0; i < keys.Count; i += 500)
            Flush(connection, keys.Skip(i).Take(500).Select(k => new[] { "EXISTS", k }).ToList());
    }

    [Test]
    public void ARealReplicaFollowsAFullSyncAHundredThousandWritesACutLinkAndItsPromotion()
    {
        using var primary = Ours("--rdb-key-save-delay", "50");
        using var ours = new RespConnection(primary.Port, receiveTimeoutMs: 60_000);
        ours.Call("EVAL", Fill, "0");
        using var replicaProcess = RealReplicaOf(primary);
        using var replica = new RespConnection(replicaProcess.Port, receiveTimeoutMs: 60_000);
        // Writes start while the snapshot is still being streamed (slowed by rdb-key-save-delay).
        var shortLived = Writes(ours, 100_000, seed: 13);
        ExpireShortLived(ours, shortLived);
        AssertSameData(ours, replica, "x", "xs");
        Assert.That(Field(ours, "stats", "sync_full"), Is.EqualTo("1"));

        // The link is cut: the replica reconnects with PSYNC and continues from the backlog.
        Assert.That(ours.Call("CLIENT", "KILL", "TYPE", "replica"), Is.EqualTo(":1\r\n"));
        shortLived = Writes(ours, 2000, seed: 14);
        ExpireShortLived(ours, shortLived);
        AssertSameData(ours, replica, "xs");
        Assert.That(Field(ours, "stats", "sync_full"), Is.EqualTo("1"), "no second full sync");
        Assert.That(Field(ours, "stats", "sync_partial_ok"), Is.EqualTo("1"), "the replica continued with +CONTINUE");
        Assert.That(replicaProcess.Output, Does.Contain("Successful partial resynchronization with master."));

        // Promoted, the replica serves the same data and takes writes.
        string digest = ours.Call("DEBUG", "DIGEST");
        Assert.That(replica.Call("REPLICAOF", "NO", "ONE"), Is.EqualTo("+OK\r\n"));
        Assert.That(replica.Call("DEBUG", "DIGEST"), Is.EqualTo(digest));
        Assert.That(replica.Call("SET", "after:promotion", "1"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void ADiskBasedFullSyncSendsTheSavedFileAndTheWritesMadeMeanwhile()
    {
        string dir = AofTestSupport.TempDirectory("replication-disk");
        try
        {
            using var primary = Ours("--repl-diskless-sync", "no", "--rdb-key-save-delay", "100", "--dir", dir);
            using var ours = new RespConnection(primary.Port, receiveTimeoutMs: 60_000);
            ours.Call("EVAL", Fill, "0");
            using var replicaProcess = RealReplicaOf(primary);
            using var replica = new RespConnection(replicaProcess.Port, receiveTimeoutMs: 60_000);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Field(ours, "persistence", "rdb_bgsave_in_progress") != "1" && DateTime.UtcNow < deadline) Thread.Sleep(10);
            Assert.That(Field(ours, "replication", "slave0"), Does.Contain("state=wait_bgsave"), "the save for the replica runs");
            ExpireShortLived(ours, Writes(ours, 3000, seed: 21));
            AssertSameData(ours, replica, "x", "xs");
            Assert.That(replicaProcess.Output, Does.Contain("MASTER <-> REPLICA sync: receiving"));
            Assert.That(replicaProcess.Output, Does.Not.Contain("EOF"), "the file went as a bulk of known length");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void WaitCountsTheReplicasThatAcknowledgedAndMinReplicasFollowsThem()
    {
        using var primary = Ours();
        using var ours = new RespConnection(primary.Port, receiveTimeoutMs: 30_000);
        using var replicaProcess = RealReplicaOf(primary);
        using var replica = new RespConnection(replicaProcess.Port);
        ours.Call("SET", "k", "v");
        WaitInSync(ours, replica);
        Assert.That(ours.Call("SET", "k", "v2"), Is.EqualTo("+OK\r\n"));
        Assert.That(ours.Call("WAIT", "1", "5000"), Is.EqualTo(":1\r\n"), "the replica acknowledged the write");
        Assert.That(replica.Call("GET", "k"), Is.EqualTo("$2\r\nv2\r\n"));
        var started = DateTime.UtcNow;
        Assert.That(ours.Call("WAIT", "2", "300"), Is.EqualTo(":1\r\n"), "one replica only, at the timeout");
        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(Field(ours, "replication", "connected_slaves"), Is.EqualTo("1"));
        Assert.That(ours.Call("ROLE"), Does.StartWith("*3\r\n$6\r\nmaster\r\n:").And.Contain($"$5\r\n{replicaProcess.Port}\r\n"));

        ours.Call("CONFIG", "SET", "min-replicas-to-write", "1");
        Assert.That(ours.Call("SET", "k", "v3"), Is.EqualTo("+OK\r\n"), "one good replica is enough");
        Assert.That(Field(ours, "replication", "min_slaves_good_slaves"), Is.EqualTo("1"));
        replica.Send("SHUTDOWN", "NOSAVE"); // the replica goes away
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Field(ours, "replication", "connected_slaves") != "0" && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.That(ours.Call("SET", "k", "v4"), Is.EqualTo("-NOREPLICAS Not enough good replicas to write.\r\n"));
        Assert.That(ours.Call("WAIT", "1", "100"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void ALiveMigrationToARealReplicaLosesNoAcknowledgedWrite()
    {
        using var primary = Ours("--rdb-key-save-delay", "20");
        using (var seed = new RespConnection(primary.Port)) seed.Call("EVAL", Fill, "0");
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var stop = new ManualResetEventSlim();
        ServerProcess? replicaProcess = null;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            using var connection = new RespConnection(primary.Port, receiveTimeoutMs: 30_000);
            for (int i = 0; !stop.IsSet; i++)
            {
                string key = $"migrated:{w}:{i}";
                if (connection.Call("SET", key, i.ToString()) != "+OK\r\n") continue;
                // Acknowledged only once a replica has it; before the replica exists WAIT says 0.
                if (connection.Call("WAIT", "1", "1000") == ":1\r\n") acknowledged.Add(key);
            }
        })).ToArray();
        Thread.Sleep(300);
        replicaProcess = RealReplicaOf(primary);
        using (replicaProcess)
        {
            using var replica = new RespConnection(replicaProcess.Port, receiveTimeoutMs: 30_000);
            using var ours = new RespConnection(primary.Port, receiveTimeoutMs: 30_000);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (acknowledged.Count < 500 && DateTime.UtcNow < deadline) Thread.Sleep(50);
            // The switch: writes paused on the old primary, the replica catches up and is promoted.
            ours.Call("CLIENT", "PAUSE", "10000", "WRITE");
            WaitInSync(ours, replica);
            Assert.That(replica.Call("REPLICAOF", "NO", "ONE"), Is.EqualTo("+OK\r\n"));
            stop.Set();
            ours.Call("CLIENT", "UNPAUSE");
            Task.WaitAll(writers);
            // The clients move: the promoted replica takes their writes.
            Assert.That(replica.Call("SET", "after:move", "1"), Is.EqualTo("+OK\r\n"));
            Assert.That(acknowledged, Is.Not.Empty);
            var missing = acknowledged.Where(key => replica.Call("EXISTS", key) != ":1\r\n").ToList();
            Assert.That(missing, Is.Empty, "acknowledged writes missing on the promoted replica");
        }
    }
}
