// Differential tests for MULTI, EXEC, DISCARD, WATCH and UNWATCH: one client's scripts, and
// transcripts where other clients, scripts, expiry and FLUSH/SWAPDB touch the watched keys.

using System.Text;
using EventLoopRedis.Tests.Support;
using static EventLoopRedis.Tests.Support.TranscriptStep;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class TransactionDifferentialTests : DifferentialFixture
{
    private const string Library = "#!lua name=txlib\nredis.register_function('setit', function(keys, args) return redis.call('set', keys[1], args[1]) end)";

    private static readonly object[] Scripts =
    [
        new object[] { "queue and exec", new[] { new[] { "MULTI" }, ["SET", "a", "1"], ["INCR", "a"], ["GET", "a"],
            ["EXEC"], ["GET", "a"], ["MULTI"], ["EXEC"] } },
        new object[] { "runtime errors do not stop the rest", new[] { new[] { "SET", "s", "text" }, ["MULTI"], ["INCR", "s"],
            ["SET", "b", "2"], ["INCRBYFLOAT", "s", "x"], ["GET", "b"], ["EXEC"], ["GET", "b"] } },
        new object[] { "queuing errors abort", new[] { new[] { "MULTI" }, ["SET", "a", "1"], ["FOOBAR", "x"], ["GET"],
            ["EXEC"], ["GET", "a"], ["EXEC"], ["MULTI"], ["CONFIG", "FOO"], ["SET", "a", "2"], ["EXEC"], ["GET", "a"] } },
        new object[] { "mode errors", new[] { new[] { "EXEC" }, ["DISCARD"], ["MULTI"], ["MULTI"], ["WATCH", "a"],
            ["SET", "a", "1"], ["EXEC"], ["MULTI"], ["SET", "a", "2"], ["DISCARD"], ["GET", "a"], ["DISCARD"], ["WATCH"],
            ["UNWATCH"], ["MULTI", "x"], ["EXEC", "x"], ["DISCARD", "x"], ["UNWATCH", "x"] } },
        new object[] { "a refused EXEC ends the transaction", new[] { new[] { "MULTI" }, ["SET", "a", "1"], ["EXEC", "x"],
            ["EXEC"], ["GET", "a"] } },
        new object[] { "no-multi commands are refused", new[] { new[] { "MULTI" }, ["SHUTDOWN", "NOSAVE"], ["PING"], ["EXEC"] } },
        new object[] { "quit and reset are not queued", new[] { new[] { "MULTI" }, ["SET", "a", "1"], ["RESET"], ["EXEC"],
            ["GET", "a"] } },
        new object[] { "watch own write", new[] { new[] { "WATCH", "a" }, ["SET", "a", "1"], ["MULTI"], ["GET", "a"], ["EXEC"],
            ["WATCH", "a"], ["MULTI"], ["SET", "a", "2"], ["EXEC"], ["GET", "a"], ["WATCH", "a", "b", "a"], ["UNWATCH"],
            ["SET", "a", "3"], ["MULTI"], ["GET", "a"], ["EXEC"] } },
        new object[] { "writes that change nothing do not touch", new[] { new[] { "SET", "a", "1" }, ["WATCH", "a", "m"],
            ["SETNX", "a", "2"], ["SET", "a", "3", "NX"], ["DEL", "m"], ["PERSIST", "a"], ["EXPIRE", "m", "10"],
            ["SETRANGE", "a", "0", ""], ["RENAMENX", "a", "a"], ["GET", "a"], ["MULTI"], ["GET", "a"], ["EXEC"] } },
        new object[] { "each write command touches", new[] { new[] { "SET", "a", "1" }, ["WATCH", "a"], ["APPEND", "a", ""],
            ["MULTI"], ["EXEC"], ["WATCH", "a"], ["SETBIT", "a", "1", "0"], ["MULTI"], ["EXEC"], ["WATCH", "a"], ["SETBIT", "a", "1", "1"],
            ["MULTI"], ["EXEC"], ["WATCH", "a"], ["SETBIT", "a", "100", "0"], ["MULTI"], ["EXEC"], ["WATCH", "a"],
            ["EXPIRE", "a", "100"], ["MULTI"], ["EXEC"], ["WATCH", "a"], ["PERSIST", "a"], ["MULTI"], ["EXEC"],
            ["WATCH", "a"], ["BITFIELD", "a", "SET", "u8", "0", "7"], ["MULTI"], ["EXEC"], ["WATCH", "a"],
            ["BITFIELD", "a", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9"], ["MULTI"], ["EXEC"], ["WATCH", "b"],
            ["RENAME", "a", "b"], ["MULTI"], ["EXEC"], ["WATCH", "b"], ["COPY", "b", "c"], ["MULTI"], ["EXEC"],
            ["WATCH", "b"], ["MOVE", "b", "1"], ["MULTI"], ["EXEC"], ["WATCH", "d"], ["BITOP", "OR", "d", "c"],
            ["MULTI"], ["EXEC"], ["WATCH", "d"], ["GETDEL", "d"], ["MULTI"], ["EXEC"], ["WATCH", "c"], ["INCRBYFLOAT", "c", "x"],
            ["GETEX", "c", "PERSIST"], ["MULTI"], ["EXEC"], ["WATCH", "c"], ["GETEX", "c", "EX", "100"], ["MULTI"], ["EXEC"] } },
        new object[] { "watch remembers the db", new[] { new[] { "WATCH", "a" }, ["SELECT", "1"], ["SET", "a", "1"],
            ["MULTI"], ["EXEC"], ["WATCH", "a"], ["SELECT", "0"], ["SET", "a", "1"], ["SELECT", "1"], ["MULTI"], ["EXEC"] } },
        new object[] { "flushdb flushall and swapdb touch as Redis does", new[] { new[] { "WATCH", "missing" }, ["FLUSHDB"],
            ["MULTI"], ["EXEC"], ["SET", "a", "1"], ["WATCH", "a"], ["FLUSHDB"], ["MULTI"], ["EXEC"], ["SET", "a", "1"],
            ["WATCH", "a"], ["SELECT", "1"], ["FLUSHDB"], ["SELECT", "0"], ["MULTI"], ["EXEC"], ["WATCH", "a"], ["FLUSHALL"],
            ["MULTI"], ["EXEC"], ["SELECT", "1"], ["SET", "x", "1"], ["SELECT", "0"], ["WATCH", "x"], ["SWAPDB", "0", "1"],
            ["MULTI"], ["EXEC"], ["WATCH", "x"], ["SWAPDB", "0", "1"], ["MULTI"], ["EXEC"], ["WATCH", "y"], ["SWAPDB", "0", "1"],
            ["MULTI"], ["EXEC"], ["WATCH", "x"], ["SWAPDB", "0", "0"], ["MULTI"], ["EXEC"] } },
        new object[] { "expired watched keys", new[] { new[] { "SET", "a", "1", "PX", "30" }, ["WATCH", "a"], [Pause, "80"],
            ["MULTI"], ["EXEC"], ["SET", "b", "1", "PX", "20"], [Pause, "60"], ["WATCH", "b"], ["EXISTS", "b"], ["MULTI"],
            ["EXEC"], ["SET", "c", "1", "PX", "20"], [Pause, "60"], ["WATCH", "c"], ["SET", "c", "2"], ["MULTI"], ["EXEC"],
            ["SET", "d", "1", "PX", "20"], [Pause, "60"], ["WATCH", "d"], ["FLUSHALL"], ["MULTI"], ["EXEC"] } },
        new object[] { "scripts and functions inside multi", new[] { new[] { "MULTI" },
            ["EVAL", "return redis.call('incr', KEYS[1])", "1", "n"], ["EVAL", "return redis.call('incrbyfloat', KEYS[1], 'x')", "1", "n"],
            ["EVAL", "return redis.call('multi')", "0"], ["EXEC"], ["EVAL", "return redis.call('exec')", "0"],
            ["FUNCTION", "LOAD", "REPLACE", Library], ["MULTI"], ["FCALL", "setit", "1", "f", "v"], ["GET", "f"], ["EXEC"] } },
        new object[] { "scripts and functions touch watched keys", new[] { new[] { "WATCH", "a" },
            ["EVAL", "return redis.call('set', KEYS[1], 'x')", "1", "a"], ["MULTI"], ["EXEC"],
            ["FUNCTION", "LOAD", "REPLACE", Library], ["WATCH", "a"], ["FCALL", "setit", "1", "a", "y"], ["MULTI"], ["EXEC"],
            ["WATCH", "a"], ["EVAL", "return redis.call('get', KEYS[1])", "1", "a"], ["MULTI"], ["EXEC"] } },
        new object[] { "resp3", new[] { new[] { Unchecked, "HELLO", "3" }, ["WATCH", "a"], ["SET", "a", "1"], ["MULTI"],
            ["GET", "a"], ["EXEC"], ["MULTI"], ["GET", "a"], ["HELLO", "2", "AUTH", "x"], ["EXEC"], ["MULTI"], ["FOO"], ["EXEC"] } },
        new object[] { "binary keys", new[] { new[] { "WATCH", "k\0\r\n\xff" }, ["SET", "k\0\r\n", "1"], ["MULTI"],
            ["SET", "k\0\r\n\xff", "v\0"], ["EXEC"], ["GET", "k\0\r\n\xff"], ["WATCH", "k\0\r\n\xff"], ["DEL", "k\0\r\n\xff"],
            ["MULTI"], ["EXEC"] } },
        new object[] { "command table entries", new[] {
            new[] { "COMMAND", "INFO", "multi", "exec", "discard", "watch", "unwatch" },
            ["COMMAND", "DOCS", "multi", "exec", "discard", "watch", "unwatch"],
            ["COMMAND", "GETKEYS", "watch", "a", "b"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void WatchSeesWritesFromOtherClients() => Transcript.AssertSame(RedisPort, OurPort,
    [
        Call(1, "SET", "a", "1"), Call(1, "WATCH", "a", "b"), Call(2, "SET", "other", "1"), Call(2, "DEL", "b"),
        Call(1, "MULTI"), Call(1, "INCR", "a"), Call(1, "EXEC"),
        Call(1, "WATCH", "a"), Call(1, "MULTI"), Call(1, "INCR", "a"), Call(2, "SET", "a", "10"), Call(1, "EXEC"), Call(1, "GET", "a"),
        Call(1, "WATCH", "a"), Call(2, "SELECT", "1"), Call(2, "SET", "a", "x"), Call(1, "MULTI"), Call(1, "EXEC"),
        Call(1, "WATCH", "a"), Call(2, "SELECT", "0"), Call(2, "EVAL", "return redis.call('incr', KEYS[1])", "1", "a"),
        Call(1, "MULTI"), Call(1, "EXEC"),
        Call(1, "WATCH", "a"), Call(2, "FLUSHALL"), Call(1, "MULTI"), Call(1, "PING"), Call(1, "EXEC"),
        Call(1, "WATCH", "a"), Call(2, "SET", "a", "1"), Call(1, "UNWATCH"), Call(1, "MULTI"), Call(1, "PING"), Call(1, "EXEC"),
    ]);

    [Test]
    public void ATransactionRunsWithoutOtherClientsInBetween() => Transcript.AssertSame(RedisPort, OurPort,
    [
        Call(1, "MULTI"), Call(1, "SET", "a", "1"), Call(2, "SET", "a", "2"), Call(1, "GET", "a"), Call(2, "GET", "a"),
        Call(1, "EXEC"), Call(2, "GET", "a"),
        // A pipelined transaction: every reply arrives in order.
        Send(1, "MULTI"), Send(1, "INCR", "n"), Send(1, "INCR", "n"), Send(1, "EXEC"), Read(1), Read(1), Read(1), Read(1),
    ]);

    [Test]
    public void EmptyingADatabaseTouchesOnlyKeysThatExisted() => Transcript.AssertSame(RedisPort, OurPort,
    [
        Call(1, "SET", "a", "1"), Call(1, "WATCH", "a"), Call(3, "WATCH", "missing"), Call(2, "FLUSHDB"),
        Call(1, "MULTI"), Call(1, "EXEC"), Call(3, "MULTI"), Call(3, "EXEC"),
        Call(2, "SELECT", "5"), Call(2, "SET", "s", "1"), Call(1, "WATCH", "s"), Call(2, "SWAPDB", "5", "0"),
        Call(1, "MULTI"), Call(1, "EXEC"),
    ]);

    /// <summary>INFO commandstats: EXEC and each command inside it count once; refusals count as rejected.</summary>
    [Test]
    public void CommandStatsCountTransactionsLikeRedis()
    {
        string Stats(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("CONFIG", "RESETSTAT");
            foreach (var command in new[]
            {
                new[] { "MULTI" }, ["SET", "a", "x"], ["INCR", "a"], ["GET", "a"], ["EXEC"],
                ["MULTI"], ["GET"], ["SET", "a", "1"], ["EXEC"], ["EXEC"], ["DISCARD"], ["WATCH", "a"], ["UNWATCH"],
                ["MULTI"], ["SET", "a", "1"], ["DISCARD"],
            })
                connection.Call(command);
            string info = connection.Call("INFO", "commandstats");
            // usec and usec_per_call are times: keep the counts.
            var lines = info.Split("\r\n").Where(l => l.StartsWith("cmdstat_"))
                .Select(l => System.Text.RegularExpressions.Regex.Replace(l, "usec=\\d+,usec_per_call=[0-9.]+,", ""))
                .Order(StringComparer.Ordinal);
            return string.Join('\n', lines);
        }
        Assert.That(Stats(OurPort), Is.EqualTo(Stats(RedisPort)));
    }

    /// <summary>Redis's "MULTI and script timeout": a transaction is never half executed.</summary>
    [Test]
    public void ATransactionAgainstABusyScriptIsNeverHalfExecuted()
    {
        string Run(int port)
        {
            using var admin = new RespConnection(port);
            using var scripter = new RespConnection(port);
            using var client = new RespConnection(port);
            var log = new StringBuilder();
            admin.Call("CONFIG", "SET", "busy-reply-threshold", "10");
            admin.Call("SET", "xx", "1");
            scripter.Send("EVAL", "local i = 0 while true do i = i + 1 end", "0");
            Thread.Sleep(200);
            log.Append(client.Call("MULTI")).Append(client.Call("INCR", "xx"));
            log.Append(admin.Call("SCRIPT", "KILL"));
            Thread.Sleep(200);
            log.Append(client.Call("INCR", "xx")).Append(client.Call("EXEC")).Append(client.Call("GET", "xx"));
            log.Append(RespConnection.Latin1(scripter.ReadReply()).Split(" script:")[0]);
            admin.Call("CONFIG", "SET", "busy-reply-threshold", "5000");
            return log.ToString();
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }

    /// <summary>EXEC while a script is busy is refused with BUSY and ends the transaction.</summary>
    [Test]
    public void ExecAgainstABusyScriptIsAbortedLikeRedis()
    {
        string Run(int port)
        {
            using var admin = new RespConnection(port);
            using var scripter = new RespConnection(port);
            using var client = new RespConnection(port);
            var log = new StringBuilder();
            admin.Call("CONFIG", "SET", "busy-reply-threshold", "10");
            log.Append(client.Call("MULTI")).Append(client.Call("SET", "k", "1"));
            scripter.Send("EVAL", "local i = 0 while true do i = i + 1 end", "0");
            Thread.Sleep(200);
            log.Append(client.Call("EXEC")).Append(client.Call("DISCARD"));
            log.Append(admin.Call("SCRIPT", "KILL"));
            scripter.ReadReply();
            log.Append(client.Call("EXISTS", "k"));
            admin.Call("CONFIG", "SET", "busy-reply-threshold", "5000");
            return log.ToString();
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }

    /// <summary>A transaction of 100,000 commands, pipelined: every reply in order, and the same as Redis's.</summary>
    [Test]
    public void LargeTransactionsMatchRedis()
    {
        string Run(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            var batch = new MemoryStream();
            batch.Write(RespConnection.Encode([Encoding.ASCII.GetBytes("MULTI")]));
            for (int i = 0; i < 100_000; i++)
                batch.Write(RespConnection.Encode([Encoding.ASCII.GetBytes("INCR"), Encoding.ASCII.GetBytes($"k{i % 100}")]));
            batch.Write(RespConnection.Encode([Encoding.ASCII.GetBytes("EXEC")]));
            connection.SendRaw(batch.ToArray());
            for (int i = 0; i <= 100_000; i++) connection.ReadReply();
            var exec = connection.ReadReply();
            return $"{exec.Length} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(exec))} {connection.Call("GET", "k7")}";
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }
}
