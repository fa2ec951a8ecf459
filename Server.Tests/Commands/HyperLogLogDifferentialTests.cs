// Differential tests for the HyperLogLog commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes. An HLL is a string, so GET shows its exact bytes.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class HyperLogLogDifferentialTests : DifferentialFixture
{
    private static readonly string[][][] Scripts =
    [
        [["PFADD", "h", "a", "b", "c"], ["PFADD", "h", "a"], ["PFADD", "h"], ["PFADD", "fresh"], ["PFADD", "fresh"], ["GET", "fresh"],
            ["PFCOUNT", "fresh"], ["PFCOUNT", "h"], ["PFCOUNT", "missing"], ["GET", "h"], ["STRLEN", "h"], ["OBJECT", "ENCODING", "h"],
            ["TYPE", "h"], ["PFADD", "h", "d", "e", "a"], ["PFCOUNT", "h"], ["PFADD"], ["PFCOUNT"], ["PFMERGE"], ["PFMERGE", "x"],
            ["EXISTS", "x"], ["GET", "x"]],
        // The cached cardinality: stale after a change (top bit set), written back by PFCOUNT.
        [["PFADD", "h", "x", "y"], ["GET", "h"], ["PFCOUNT", "h"], ["GET", "h"], ["PFADD", "h", "x"], ["GET", "h"], ["PFCOUNT", "h"],
            ["PFADD", "h", "z"], ["GET", "h"], ["PFCOUNT", "h", "h"], ["GET", "h"], ["PFCOUNT", "h"], ["GET", "h"]],
        [["PFADD", "a", "1", "2", "3"], ["PFADD", "b", "3", "4", "5"], ["PFMERGE", "d", "a", "b"], ["GET", "d"], ["PFCOUNT", "d"],
            ["PFCOUNT", "a", "b"], ["PFCOUNT", "a", "b", "missing"], ["PFMERGE", "d", "missing"], ["GET", "d"], ["PFMERGE", "a", "b"],
            ["GET", "a"], ["PFMERGE", "e", "missing", "missing2"], ["GET", "e"], ["PFCOUNT", "e"], ["PFMERGE", "a", "a"], ["GET", "a"],
            ["PFDEBUG", "TODENSE", "b"], ["PFMERGE", "f", "a", "b"], ["PFDEBUG", "ENCODING", "f"], ["GET", "f"], ["PFCOUNT", "f"],
            ["PFMERGE", "a", "b"], ["PFDEBUG", "ENCODING", "a"], ["GET", "a"]],
        [["PFADD", "h", "a", "b"], ["PFDEBUG", "ENCODING", "h"], ["PFDEBUG", "DECODE", "h"], ["PFDEBUG", "decode", "h"],
            ["PFDEBUG", "GETREG", "h"], ["PFDEBUG", "ENCODING", "h"], ["PFDEBUG", "DECODE", "h"], ["GET", "h"],
            ["PFDEBUG", "TODENSE", "h"], ["PFADD", "s", "q"], ["PFDEBUG", "TODENSE", "s"], ["PFDEBUG", "TODENSE", "s"],
            ["PFDEBUG", "todense", "missing"], ["PFDEBUG", "NOPE", "h"], ["PFDEBUG", "NOPE", "missing"], ["PFDEBUG", "no\r\npe\0x", "h"],
            ["PFDEBUG", "GETREG"], ["PFDEBUG", "GETREG", "h", "x"], ["PFSELFTEST", "x"], ["EXISTS", "missing"]],
        // WRONGTYPE both ways: the generic text for another type, the HLL text for a string that is not an HLL.
        [["LPUSH", "l", "x"], ["PFADD", "l", "a"], ["PFCOUNT", "l"], ["PFCOUNT", "l", "h"], ["PFMERGE", "l", "h"], ["PFMERGE", "h", "l"],
            ["EXISTS", "h"], ["PFDEBUG", "ENCODING", "l"], ["SET", "s", "not an hll at all"], ["PFADD", "s", "a"], ["PFCOUNT", "s"],
            ["PFCOUNT", "h", "s"], ["PFMERGE", "s", "h"], ["PFMERGE", "h", "s"], ["PFDEBUG", "GETREG", "s"], ["SET", "n", "1234567890123456"],
            ["PFADD", "n", "a"], ["SET", "e", ""], ["PFCOUNT", "e"], ["PFADD", "h", "a"], ["LPUSH", "h", "x"], ["INCR", "h"],
            ["SADD", "h", "m"], ["GETRANGE", "h", "0", "3"]],
        // A value SET from an HLL's bytes is an HLL; the empty one is short enough to be embstr until changed.
        [["SET", "c", "HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff"], ["OBJECT", "ENCODING", "c"],
            ["PFCOUNT", "c"], ["OBJECT", "ENCODING", "c"], ["SET", "c", "HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff"], ["PFADD", "c", "x"],
            ["OBJECT", "ENCODING", "c"], ["GET", "c"], ["SET", "c", "HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff"],
            ["PFDEBUG", "ENCODING", "c"], ["OBJECT", "ENCODING", "c"], ["APPEND", "c", "x"], ["PFCOUNT", "c"], ["PFADD", "c", "y"]],
        [["CONFIG", "GET", "hll-sparse-max-bytes"], ["CONFIG", "SET", "hll-sparse-max-bytes", "0"], ["PFADD", "h", "a"],
            ["PFDEBUG", "ENCODING", "h"], ["CONFIG", "SET", "hll-sparse-max-bytes", "20"], ["PFADD", "s", "a"], ["PFADD", "s", "b", "c"],
            ["PFDEBUG", "ENCODING", "s"], ["GET", "s"], ["CONFIG", "SET", "hll-sparse-max-bytes", "1kb"],
            ["CONFIG", "GET", "hll-sparse-max-bytes"], ["CONFIG", "SET", "hll-sparse-max-bytes", "-1"],
            ["CONFIG", "SET", "hll-sparse-max-bytes", "x"], ["CONFIG", "SET", "hll-sparse-max-bytes", "3000"],
            ["CONFIG", "GET", "hll-sparse-max-bytes"]],
        [["COMMAND", "INFO", "pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest"],
            ["COMMAND", "DOCS", "pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest"],
            ["COMMAND", "GETKEYS", "pfmerge", "d", "a", "b"], ["COMMAND", "GETKEYS", "pfcount", "a", "b"],
            ["COMMAND", "GETKEYS", "pfdebug", "getreg", "k"]],
    ];

    private static IEnumerable<TestCaseData> ScriptCases()
    {
        string[] names = ["add and count", "cached cardinality", "merge", "pfdebug", "wrong types", "values set from bytes",
            "hll-sparse-max-bytes", "command info and docs"];
        for (int i = 0; i < Scripts.Length; i++)
        {
            yield return new TestCaseData(new object[] { Scripts[i] }).SetName($"RepliesMatchRealRedis({names[i]}, RESP2)");
            yield return new TestCaseData(new object[] { new[] { new[] { Unchecked, "HELLO", "3" } }.Concat(Scripts[i]).ToArray() })
                .SetName($"RepliesMatchRealRedis({names[i]}, RESP3)");
        }
    }

    [TestCaseSource(nameof(ScriptCases))]
    public void RepliesMatchRealRedis(string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void SelfTestPassesOnBothServers()
    {
        // Ten million elements: seconds on redis-server, longer on a Debug build, so a longer wait.
        foreach (int port in new[] { RedisPort, OurPort })
        {
            using var connection = new RespConnection(port, receiveTimeoutMs: 120_000);
            Assert.That(RespConnection.Latin1(connection.CallBytes(Cmd("PFSELFTEST"))), Is.EqualTo("+OK\r\n"), $"port {port}");
        }
    }

    /// <summary>PFADDs of <paramref name="count"/> seeded random elements of 1 to 24 bytes, at most 10,000 per command.</summary>
    private static List<byte[][]> RandomAdds(string key, int count, int seed)
    {
        var random = new Random(seed);
        var commands = new List<byte[][]>();
        for (int added = 0; added < count;)
        {
            int batch = Math.Min(10_000, count - added);
            var command = new byte[batch + 2][];
            command[0] = "PFADD"u8.ToArray();
            command[1] = Encoding.ASCII.GetBytes(key);
            for (int i = 0; i < batch; i++)
            {
                command[i + 2] = new byte[random.Next(1, 25)];
                random.NextBytes(command[i + 2]);
            }
            commands.Add(command);
            added += batch;
        }
        return commands;
    }

    [TestCase(1)]
    [TestCase(1_000)]
    [TestCase(100_000)]
    [TestCase(1_000_000)]
    public void CountAndBytesMatchRedisForRandomElements(int count)
    {
        var commands = RandomAdds("h", count, seed: count);
        commands.Add(Cmd("PFDEBUG", "ENCODING", "h"));
        commands.Add(Cmd("GET", "h"));
        commands.Add(Cmd("PFCOUNT", "h"));
        commands.Add(Cmd("GET", "h"));
        commands.Add(Cmd("PFCOUNT", "h", "missing"));
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void SparseValueStaysByteIdenticalThroughThePromotionToDense()
    {
        // One element per PFADD, GET after each: every split, VAL merge and finally the
        // promotion past hll-sparse-max-bytes shows in the bytes.
        var random = new Random(11);
        var commands = new List<byte[][]> { Cmd("CONFIG", "SET", "hll-sparse-max-bytes", "1200") };
        for (int i = 0; i < 900; i++)
        {
            commands.Add(Cmd("PFADD", "h", $"element:{random.Next()}"));
            commands.Add(Cmd("GET", "h"));
        }
        commands.Add(Cmd("PFDEBUG", "ENCODING", "h"));
        commands.Add(Cmd("CONFIG", "SET", "hll-sparse-max-bytes", "3000"));
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void MergeOfSparseAndDenseMatchesRedis()
    {
        var commands = new List<byte[][]>();
        commands.AddRange(RandomAdds("sparse1", 300, seed: 1));
        commands.AddRange(RandomAdds("sparse2", 800, seed: 2));
        commands.AddRange(RandomAdds("dense", 20_000, seed: 3));
        string[][] merges =
        [
            ["PFMERGE", "s", "sparse1", "sparse2"], ["PFDEBUG", "ENCODING", "s"], ["GET", "s"], ["PFCOUNT", "s"],
            ["PFMERGE", "d", "sparse1", "dense"], ["PFDEBUG", "ENCODING", "d"], ["GET", "d"], ["PFCOUNT", "d"],
            ["PFMERGE", "sparse2", "sparse1"], ["GET", "sparse2"], ["PFMERGE", "sparse1", "dense"], ["GET", "sparse1"],
            ["PFMERGE", "dense", "sparse2"], ["GET", "dense"], ["PFCOUNT", "sparse1", "sparse2", "dense"],
            ["PFCOUNT", "sparse2", "missing"], ["CONFIG", "SET", "hll-sparse-max-bytes", "100"], ["PFMERGE", "t", "sparse2"],
            ["PFDEBUG", "ENCODING", "t"], ["GET", "t"], ["CONFIG", "SET", "hll-sparse-max-bytes", "3000"],
        ];
        commands.AddRange(merges.Select(c => c.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()));
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void RandomBatchesMatchRedisAtSeveralSparseLimits()
    {
        var random = new Random(2024);
        var commands = new List<byte[][]>();
        foreach (string limit in new[] { "3000", "64", "10000" })
        {
            commands.Add(Cmd("CONFIG", "SET", "hll-sparse-max-bytes", limit));
            for (int key = 0; key < 4; key++)
            {
                for (int batch = 0; batch < 12; batch++)
                {
                    var command = new List<byte[]> { Encoding.ASCII.GetBytes("PFADD"), Encoding.ASCII.GetBytes($"k{limit}:{key}") };
                    int size = random.Next(1, 200);
                    for (int i = 0; i < size; i++)
                    {
                        var element = new byte[random.Next(0, 10)];
                        random.NextBytes(element);
                        command.Add(element);
                    }
                    commands.Add([.. command]);
                    commands.Add(Cmd("GET", $"k{limit}:{key}"));
                    if (batch % 4 == 0) commands.Add(Cmd("PFCOUNT", $"k{limit}:{key}"));
                }
            }
            commands.Add(Cmd("PFCOUNT", $"k{limit}:0", $"k{limit}:1", $"k{limit}:2", $"k{limit}:3"));
            commands.Add(Cmd("PFMERGE", $"m{limit}", $"k{limit}:0", $"k{limit}:1", $"k{limit}:2", $"k{limit}:3"));
            commands.Add(Cmd("GET", $"m{limit}"));
        }
        commands.Add(Cmd("CONFIG", "SET", "hll-sparse-max-bytes", "3000"));
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void BinaryKeysAndElementsMatchRedis()
    {
        const string key = "h\0\xff\r\n";
        AssertSameReplies(
            ["PFADD", key, "\0", "\0\0", "\xff\xfe", "\r\n", ""], ["PFADD", key, ""], ["GET", key], ["PFCOUNT", key],
            ["PFMERGE", "\0", key, "\xff"], ["GET", "\0"], ["PFCOUNT", key, "\0"], ["PFDEBUG", "DECODE", key]);
    }

    /// <summary>The bulk payload of a raw reply <c>$n\r\n...\r\n</c>.</summary>
    private static byte[] BulkPayload(byte[] reply)
    {
        int start = Array.IndexOf(reply, (byte)'\n') + 1;
        return reply[start..^2];
    }

    [Test]
    public void CorruptedValuesGetRedisReplies()
    {
        byte[] sparse, dense;
        using (var redis = new RespConnection(RedisPort))
        {
            redis.CallBytes(Cmd("DEL", "s", "d"));
            redis.CallBytes(RandomAdds("s", 200, seed: 5)[0]);
            redis.CallBytes(RandomAdds("d", 5000, seed: 6)[0]);
            sparse = BulkPayload(redis.CallBytes(Cmd("GET", "s")));
            dense = BulkPayload(redis.CallBytes(Cmd("GET", "d")));
            redis.CallBytes(Cmd("DEL", "s", "d"));
        }
        byte[] header = [.. "HYLL"u8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        List<byte[]> values =
        [
            sparse[..^1], sparse[..^3], dense[..^1], sparse[..16], sparse[..15], [],
            [.. "HYLX"u8, .. sparse[4..]], [.. sparse[..4], 2, .. sparse[5..]], [.. sparse[..4], 0, .. sparse[5..]],
            [.. dense[..4], 1, .. dense[5..]], [.. sparse, 0], [.. sparse, 0x40],
            [.. header, 0x5f, 0xff], [.. header, 0x7f, 0xff, 0x80], [.. header, 0x7f, 0xfe, 0x83, 0x83, 0x83],
            [.. header, 0x7f, 0xfb, 0x83, 0x83, 0x83], [.. header, 0x80, 0x7f, 0xff],
        ];
        var random = new Random(9);
        for (int i = 0; i < 25; i++)
        {
            var copy = (byte[])sparse.Clone();
            copy[random.Next(16, copy.Length)] = (byte)random.Next(256);
            values.Add(copy);
        }

        string[][] probes =
        [
            ["PFCOUNT", "k"], ["PFADD", "k", "x", "y", "z"], ["PFCOUNT", "k", "other"], ["PFMERGE", "k", "other"], ["PFMERGE", "m", "k"],
            ["PFDEBUG", "DECODE", "k"], ["PFDEBUG", "GETREG", "k"], ["PFDEBUG", "TODENSE", "k"], ["PFDEBUG", "ENCODING", "k"],
        ];
        var commands = new List<byte[][]> { Cmd("PFADD", "other", "a", "b") };
        foreach (var value in values)
        {
            foreach (var probe in probes)
            {
                commands.Add(Cmd("SET", "k", value));
                commands.Add(Cmd("DEL", "m"));
                commands.Add(probe.Select(a => Encoding.Latin1.GetBytes(a)).ToArray());
                commands.Add(Cmd("GET", "k"));
                commands.Add(Cmd("GET", "m"));
            }
            // Many elements: splits and merges walk the corrupt opcodes.
            commands.Add(Cmd("SET", "k", value));
            commands.AddRange(RandomAdds("k", 400, seed: 8));
            commands.Add(Cmd("GET", "k"));
        }
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void StringCommandsOnAnHllBehaveAsOnAnyString()
    {
        AssertSameReplies(
            ["PFADD", "h", "a", "b", "c"], ["APPEND", "h", "tail"], ["PFCOUNT", "h"], ["PFADD", "h", "d"], ["PFADD", "g", "a"],
            ["SETRANGE", "g", "0", "HYLX"], ["PFCOUNT", "g"], ["SETRANGE", "g", "0", "HYLL"], ["PFCOUNT", "g"], ["SETRANGE", "g", "16", "\x80"],
            ["PFCOUNT", "g"], ["PFADD", "g", "zz"], ["GET", "g"], ["PFADD", "c", "a"], ["COPY", "c", "c2"], ["PFADD", "c2", "b"],
            ["GET", "c"], ["GET", "c2"], ["RENAME", "c2", "c3"], ["PFCOUNT", "c3"], ["SETBIT", "c3", "127", "1"], ["PFCOUNT", "c3"]);
    }

    [Test]
    public void WatchSeesTheChangesRedisSignals()
    {
        AssertSameReplies(
            ["PFADD", "h", "a"], ["WATCH", "h"], ["PFADD", "h", "a"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], ["PFADD", "h", "b"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], ["PFCOUNT", "h"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], ["PFCOUNT", "h"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], ["PFCOUNT", "h", "other"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], ["PFMERGE", "h"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], ["PFDEBUG", "ENCODING", "h"], ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "n"], ["PFADD", "n"], ["MULTI"], ["PING"], ["EXEC"]);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis()
    {
        AssertSameKeyspaceCounters(
            ["PFADD", "h", "a"], ["PFADD", "h", "b"], ["PFCOUNT", "h"], ["PFCOUNT", "nope"], ["PFCOUNT", "h", "nope"],
            ["PFMERGE", "d", "h", "nope"], ["PFMERGE", "h", "d"], ["PFDEBUG", "ENCODING", "h"], ["PFDEBUG", "ENCODING", "nope"]);
    }
}
