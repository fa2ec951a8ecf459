// Differential tests for the blocking commands, WAIT and CLIENT UNBLOCK/PAUSE/UNPAUSE: multi-client
// transcripts run against redis-server 7.0 and EventLoopRedis, every reply compared byte for byte.

using EventLoopRedis.Tests.Support;
using static EventLoopRedis.Tests.Support.TranscriptStep;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
[NonParallelizable]
public class BlockingDifferentialTests : DifferentialFixture
{
    /// <summary>Long enough for the server to have read a command sent on another connection.</summary>
    private const int Settle = 50;

    private void AssertSame(params TranscriptStep[] steps) => Transcript.AssertSame(RedisPort, OurPort, steps);

    // ---- the non-blocking paths ------------------------------------------------------------------

    [Test]
    public void WithDataTheyActAsTheirNonBlockingForms() => AssertSameReplies(
        ["RPUSH", "l2", "a", "b", "c"],
        ["BLPOP", "l1", "l2", "0"],
        ["BRPOP", "l1", "l2", "0"],
        ["LRANGE", "l2", "0", "-1"],
        ["BLMPOP", "0", "2", "l1", "l2", "RIGHT", "COUNT", "5"],
        ["EXISTS", "l2"],
        ["RPUSH", "src", "x", "y"],
        ["BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"],
        ["BRPOPLPUSH", "src", "dst", "0"],
        ["LRANGE", "dst", "0", "-1"],
        ["EXISTS", "src"],
        ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
        ["BZPOPMIN", "nosuch", "z", "0"],
        ["BZPOPMAX", "z", "0"],
        ["ZADD", "z", "4", "d", "5", "e"],
        ["BZMPOP", "0", "2", "nosuch", "z", "MAX", "COUNT", "2"],
        ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "10"],
        ["EXISTS", "z"]);

    [Test]
    public void WithDataTheyActAsTheirNonBlockingFormsInResp3() => AssertSameReplies(
        [Unchecked, "HELLO", "3"],
        ["RPUSH", "l", "a", "b", "c"],
        ["BLPOP", "l", "0"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "1"],
        ["ZADD", "z", "1.5", "a", "2", "b", "3", "c"],
        ["BZPOPMIN", "z", "0"],
        ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"],
        ["BLPOP", "none", "0.01"],
        ["BZPOPMAX", "none", "0.01"],
        ["BZMPOP", "0.01", "1", "none", "MIN"],
        ["BLMOVE", "none", "x", "LEFT", "LEFT", "0.01"]);

    [Test]
    public void WrongTypeBothWays() => AssertSameReplies(
        ["SET", "s", "v"],
        ["BLPOP", "s", "0"],
        ["BLPOP", "nosuch", "s", "0"],
        ["BLMPOP", "0", "1", "s", "LEFT"],
        ["BLMOVE", "s", "d", "LEFT", "LEFT", "0"],
        ["RPUSH", "l", "a"],
        ["BLMOVE", "l", "s", "LEFT", "LEFT", "0"],
        ["LRANGE", "l", "0", "-1"],
        ["BZPOPMIN", "l", "0"],
        ["BZMPOP", "0", "1", "l", "MIN"],
        ["ZADD", "z", "1", "m"],
        ["BLPOP", "z", "0"],
        ["BRPOPLPUSH", "z", "l", "0"]);

    [Test]
    public void TimeoutAndArgumentErrorsMatch() => AssertSameReplies(
        ["BLPOP", "k", "-1"],
        ["BLPOP", "k", "abc"],
        ["BLPOP", "k", ""],
        ["BLPOP", "k", "nan"],
        ["BLPOP", "k", "inf"],
        ["BLPOP", "k", "-inf"],
        ["BLPOP", "k", "1e400"],
        ["BLPOP", "k", "9223372036854775807"],
        ["BLPOP", "k", " 1"],
        ["BLPOP", "k", "1 "],
        ["BLPOP", "k", "0.001"],
        ["BLPOP", "k", "1e-400"],
        ["BLPOP", "k", "0x1p-20"],
        ["BRPOP", "k", "-0.002"],
        ["BZPOPMIN", "k", "-5"],
        ["BLMOVE", "a", "b", "UP", "LEFT", "-1"],
        ["BLMOVE", "a", "b", "LEFT", "LEFT", "-1"],
        ["BRPOPLPUSH", "a", "b", "x"],
        ["BLMPOP", "0", "0", "l", "LEFT"],
        ["BLMPOP", "0", "1", "l", "MIDDLE"],
        ["BLMPOP", "-1", "1", "l", "LEFT"],
        ["BLMPOP", "abc", "1", "l", "LEFT"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"],
        ["BLMPOP", "0", "5", "l", "LEFT"],
        ["BLMPOP", "0", "2", "l"],
        ["BZMPOP", "0", "1", "z", "LEFT"],
        ["BZMPOP", "0", "0", "z", "MIN"],
        ["BZMPOP", "x", "1", "z", "MIN"],
        ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "-1"],
        ["BLPOP", "k"],
        ["WAIT", "0", "0"],
        ["WAIT", "-1", "10"],
        ["WAIT", "1", "-5"],
        ["WAIT", "1", "abc"],
        ["WAIT", "abc", "1"],
        ["WAIT", "1", "20"],
        ["CLIENT", "UNBLOCK", "abc"],
        ["CLIENT", "UNBLOCK", "999999"],
        ["CLIENT", "UNBLOCK", "999999", "foo"],
        ["CLIENT", "UNBLOCK", "999999", "timeout"],
        ["CLIENT", "UNBLOCK", "1", "timeout", "x"],
        ["CLIENT", "PAUSE", "abc"],
        ["CLIENT", "PAUSE", "-1"],
        ["CLIENT", "PAUSE", "10", "foo"],
        ["CLIENT", "PAUSE", "10", "all", "x"],
        ["CLIENT", "UNPAUSE", "x"],
        ["CLIENT", "UNPAUSE"]);

    [Test]
    public void InsideMultiTheyDoNotBlock() => AssertSameReplies(
        ["MULTI"],
        ["BLPOP", "k", "0"],
        ["BRPOP", "k", "0"],
        ["BLMOVE", "k", "d", "LEFT", "LEFT", "0"],
        ["BRPOPLPUSH", "k", "d", "0"],
        ["BLMPOP", "0", "1", "k", "LEFT"],
        ["BZPOPMIN", "z", "0"],
        ["BZMPOP", "0", "1", "z", "MIN"],
        ["WAIT", "1", "0"],
        ["RPUSH", "k", "a"],
        ["BLPOP", "k", "0"],
        ["EXEC"]);

    [Test]
    public void InsideScriptsTheyDoNotBlock() => AssertSameReplies(
        ["EVAL", "return redis.call('blmpop', 0, 1, KEYS[1], 'LEFT')", "1", "k"],
        ["EVAL", "return redis.call('bzmpop', 0, 1, KEYS[1], 'MIN')", "1", "z"],
        ["EVAL", "return redis.pcall('blpop', KEYS[1], 0)", "1", "k"],
        ["EVAL", "return redis.pcall('wait', 1, 0)", "0"],
        ["EVAL", "redis.call('rpush', KEYS[1], 'a'); return redis.call('blmpop', 0, 1, KEYS[1], 'LEFT')", "1", "k"]);

    [Test]
    public void BinaryKeysAndElements() => AssertSameReplies(
        Cmd("RPUSH", new byte[] { 0, 255, 13, 10 }, new byte[] { 1, 0, 2 }),
        Cmd("BLPOP", "x", new byte[] { 0, 255, 13, 10 }, "0"),
        Cmd("ZADD", new byte[] { 0xC0, 0 }, "1", new byte[] { 0, 10, 13 }),
        Cmd("BZPOPMIN", new byte[] { 0xC0, 0 }, "0"));

    [Test]
    public void AServedCommandIsCountedAndSlowLoggedWhenItIsUnblocked() => AssertSame(
        Call(2, "CONFIG", "SET", "slowlog-log-slower-than", "0"),
        Call(2, "SLOWLOG", "RESET"),
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Call(2, "SLOWLOG", "LEN"),
        Call(2, "RPUSH", "l", "a"),
        Read(1),
        Call(2, "SLOWLOG", "LEN"),
        Call(2, "CONFIG", "SET", "slowlog-log-slower-than", "10000"));

    [Test]
    public void KeysDoNotExpireWhileClientsArePaused() => AssertSame(
        Call(1, "SET", "k", "v", "PX", "100"),
        Call(1, "SET", "other", "v", "PX", "100"),
        Call(1, "CLIENT", "PAUSE", "2000", "WRITE"),
        Pause(400),
        Call(2, "EXISTS", "k"),
        Call(2, "DBSIZE"),
        Call(1, "CLIENT", "UNPAUSE"),
        // Right after the pause, the active cycle may or may not have run yet (in either server):
        // lookups make it certain, as they expire what they find.
        Call(2, "EXISTS", "k"),
        Call(2, "EXISTS", "other"),
        Call(2, "DBSIZE"));

    // ---- waking ---------------------------------------------------------------------------------------

    [Test]
    public void WaitersAreServedFirstBlockedFirstServed() => AssertSame(
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Send(2, "BLPOP", "other", "l", "0"), Pause(Settle),
        Send(3, "BRPOP", "l", "0"), Pause(Settle),
        Call(4, "RPUSH", "l", "a", "b"),
        Read(1), Read(2),
        Call(4, "LLEN", "l"),
        Call(4, "RPUSH", "l", "c", "d"),
        Read(3),
        Call(4, "LRANGE", "l", "0", "-1"));

    [Test]
    public void OneWaiterOnSeveralKeysIsServedOnce() => AssertSame(
        Send(1, "BLPOP", "a", "b", "a", "0"), Pause(Settle),
        Call(2, "MULTI"),
        Call(2, "RPUSH", "b", "1"),
        Call(2, "RPUSH", "a", "2"),
        Call(2, "EXEC"),
        Read(1),
        Call(2, "LRANGE", "a", "0", "-1"),
        Call(2, "LRANGE", "b", "0", "-1"));

    [Test]
    public void ATransactionWakesWaitersOnlyOnceItIsOver() => AssertSame(
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Call(2, "MULTI"),
        Call(2, "RPUSH", "l", "a", "b"),
        Call(2, "LPOP", "l"),
        Call(2, "LLEN", "l"),
        Call(2, "EXEC"),
        Read(1),
        Call(2, "EXISTS", "l"));

    [Test]
    public void AKeyPushedAndDeletedInOneTransactionWakesNobody() => AssertSame(
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Call(2, "MULTI"),
        Call(2, "RPUSH", "l", "a"),
        Call(2, "DEL", "l"),
        Call(2, "EXEC"),
        Pause(Settle),
        Call(2, "RPUSH", "l", "b"),
        Read(1));

    [Test]
    public void AScriptWakesWaitersOnlyOnceItIsOver() => AssertSame(
        Send(1, "BRPOP", "l", "0"), Pause(Settle),
        Send(2, "BZPOPMAX", "z", "0"), Pause(Settle),
        Call(3, "EVAL", "redis.call('rpush', KEYS[1], 'a', 'b', 'c'); redis.call('rpop', KEYS[1]); redis.call('zadd', KEYS[2], 1, 'x', 2, 'y'); return redis.call('llen', KEYS[1])", "2", "l", "z"),
        Read(1), Read(2),
        Call(3, "LRANGE", "l", "0", "-1"),
        Call(3, "ZRANGE", "z", "0", "-1", "WITHSCORES"));

    [Test]
    public void ABusyScriptServesWaitersOnlyOnceItEnds() => AssertSame(
        Call(1, "CONFIG", "SET", "busy-reply-threshold", "100"),
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Send(2, "EVAL", "redis.call('rpush', KEYS[1], 'a', 'b'); local t = redis.call('time'); local start = t[1] * 1000000 + t[2]; repeat t = redis.call('time') until t[1] * 1000000 + t[2] - start > 600000; redis.call('lpop', KEYS[1]); return 1", "1", "l"),
        Pause(300),
        Call(3, "LLEN", "l"),
        Read(2), Read(1),
        Call(3, "EXISTS", "l"),
        Call(3, "CONFIG", "SET", "busy-reply-threshold", "5000"));

    [Test]
    public void BlmoveChainsThroughWaitingLists() => AssertSame(
        Send(1, "BLMOVE", "a", "b", "LEFT", "RIGHT", "0"), Pause(Settle),
        Send(2, "BRPOPLPUSH", "b", "c", "0"), Pause(Settle),
        Send(3, "BLPOP", "c", "0"), Pause(Settle),
        Call(4, "RPUSH", "a", "x"),
        Read(1), Read(2), Read(3),
        Call(4, "EXISTS", "a", "b", "c"));

    [TestCase("2")]
    [TestCase("3")]
    public void ServedRepliesHaveTheShapesOfTheirCommands(string protocol) => AssertSame(
        CallUnchecked(1, "HELLO", protocol),
        Send(1, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"), Pause(Settle),
        CallUnchecked(2, "HELLO", protocol),
        Send(2, "BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "2"), Pause(Settle),
        CallUnchecked(3, "HELLO", protocol),
        Send(3, "BZPOPMIN", "z", "0"), Pause(Settle),
        Send(4, "BRPOP", "b", "0"), Pause(Settle),
        Call(5, "RPUSH", "b", "1", "2", "3"),
        Read(1), Read(4),
        Call(5, "ZADD", "z", "1.5", "m1", "2", "m2", "3", "m3"),
        Read(2), Read(3),
        Call(5, "ZRANGE", "z", "0", "-1", "WITHSCORES"),
        Call(5, "LRANGE", "b", "0", "-1"));

    [Test]
    public void BlmoveOntoItselfRotates() => AssertSame(
        Send(1, "BLMOVE", "a", "a", "LEFT", "RIGHT", "0"), Pause(Settle),
        Call(2, "RPUSH", "a", "x", "y"),
        Read(1),
        Call(2, "LRANGE", "a", "0", "-1"));

    [Test]
    public void ARetypedKeyKeepsListWaitersWaiting() => AssertSame(
        Send(1, "BLPOP", "k", "0"), Pause(Settle),
        Send(2, "BZPOPMIN", "k", "0"), Pause(Settle),
        Call(3, "SET", "k", "v"),
        Call(3, "DEL", "k"),
        Call(3, "ZADD", "k", "1", "m"),
        Read(2),
        Call(3, "HSET", "k", "f", "v"),
        Call(3, "DEL", "k"),
        Call(3, "LPUSH", "k", "e"),
        Read(1));

    [Test]
    public void ABlmoveIntoAKeyOfAnotherTypeGetsWrongType() => AssertSame(
        Send(1, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0"), Pause(Settle),
        Send(2, "BLPOP", "src", "0"), Pause(Settle),
        Call(3, "SET", "dst", "string"),
        Call(3, "RPUSH", "src", "a"),
        Read(1), Read(2),
        Call(3, "EXISTS", "src"),
        Call(3, "GET", "dst"));

    [Test]
    public void RenameAndMoveWakeWaiters() => AssertSame(
        Send(1, "BLPOP", "dst", "0"), Pause(Settle),
        Call(2, "RPUSH", "src", "a"),
        Call(2, "RENAME", "src", "dst"),
        Read(1),
        Send(1, "SELECT", "1"), Read(1),
        Send(1, "BLPOP", "k", "0"), Pause(Settle),
        Call(2, "RPUSH", "k", "b"),
        Call(2, "MOVE", "k", "1"),
        Read(1));

    [Test]
    public void SwapdbWakesWaitersOfTheDatabaseNumber() => AssertSame(
        Call(1, "SELECT", "1"),
        Send(1, "BLPOP", "k", "0"), Pause(Settle),
        Call(2, "RPUSH", "k", "a"),
        Call(2, "SWAPDB", "0", "1"),
        Read(1),
        Call(2, "FLUSHALL"),
        Send(1, "BLPOP", "k", "0"), Pause(Settle),
        Call(2, "SELECT", "1"),
        Call(2, "RPUSH", "k", "b"),
        Read(1),
        Call(2, "FLUSHALL"));

    [Test]
    public void PipelinedCommandsWaitBehindTheBlockedOne() => AssertSame(
        Send(1, "BLPOP", "l", "0"),
        Send(1, "PING"),
        Send(1, "LLEN", "l"),
        Pause(Settle),
        Call(2, "RPUSH", "l", "a", "b"),
        Read(1), Read(1), Read(1));

    // ---- timeouts, CLIENT UNBLOCK, disconnects ---------------------------------------------------------

    [TestCase("2")]
    [TestCase("3")]
    public void TimeoutsReplyTheNullArray(string protocol) => AssertSame(
        CallUnchecked(1, "HELLO", protocol),
        Call(1, "BLPOP", "a", "b", "0.02"),
        Call(1, "BRPOP", "a", "0.02"),
        Call(1, "BLMOVE", "a", "b", "LEFT", "LEFT", "0.02"),
        Call(1, "BRPOPLPUSH", "a", "b", "0.02"),
        Call(1, "BLMPOP", "0.02", "1", "a", "LEFT"),
        Call(1, "BZPOPMIN", "z", "0.02"),
        Call(1, "BZMPOP", "0.02", "1", "z", "MAX", "COUNT", "3"),
        Call(1, "WAIT", "1", "20"),
        Call(1, "EXISTS", "a", "b", "z"));

    [TestCase("TIMEOUT")]
    [TestCase("ERROR")]
    public void ClientUnblockEndsTheWait(string how) => AssertSame(
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Call(2, "CLIENT", "UNBLOCK", IdOf(1), how),
        Read(1),
        Call(2, "CLIENT", "UNBLOCK", IdOf(1), how),
        Send(1, "WAIT", "1", "0"), Pause(Settle),
        Call(2, "CLIENT", "UNBLOCK", IdOf(1), how),
        Read(1),
        Send(1, "BZPOPMIN", "z", "0"), Pause(Settle),
        Call(2, "CLIENT", "UNBLOCK", IdOf(1)),
        Read(1),
        Call(1, "PING"));

    [Test]
    public void ADisconnectedWaiterIsForgotten() => AssertSame(
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Send(2, "BLPOP", "l", "0"), Pause(Settle),
        Close(1), Pause(Settle),
        Call(3, "RPUSH", "l", "a", "b"),
        Read(2),
        Call(3, "LRANGE", "l", "0", "-1"));

    [Test]
    public void InfoAndClientListShowBlockedClients()
    {
        string Observe(int port)
        {
            using var blocked = new RespConnection(port);
            using var forever = new RespConnection(port);
            using var observer = new RespConnection(port);
            observer.Call("FLUSHALL");
            blocked.Send("BLPOP", "l", "100");
            forever.Send("BZPOPMIN", "z", "0");
            Thread.Sleep(Settle);
            string info = string.Join(",", observer.Call("INFO", "clients").Split("\r\n").Where(l => l.StartsWith("blocked_clients") || l.StartsWith("clients_in_timeout_table")));
            string list = string.Join(",", observer.Call("CLIENT", "LIST").Split('\n')
                .Select(line => line.Split(' ').Where(f => f.StartsWith("flags=") || f.StartsWith("cmd=")))
                .Select(fields => string.Join(" ", fields)).Order(StringComparer.Ordinal));
            observer.Call("RPUSH", "l", "a");
            blocked.ReadReply();
            observer.Call("ZADD", "z", "1", "a");
            forever.ReadReply();
            string after = string.Join(",", observer.Call("INFO", "clients").Split("\r\n").Where(l => l.StartsWith("blocked_clients") || l.StartsWith("clients_in_timeout_table")));
            return $"{info}|{list}|{after}";
        }
        Assert.That(Observe(OurPort), Is.EqualTo(Observe(RedisPort)));
    }

    // ---- CLIENT PAUSE -----------------------------------------------------------------------------------

    [Test]
    public void PauseWriteHoldsWritesAndLetsReadsThrough() => AssertSame(
        Call(1, "SET", "k", "v"),
        Call(1, "CLIENT", "PAUSE", "10000", "WRITE"),
        Call(1, "GET", "k"),
        Send(2, "SET", "k", "w"), Pause(Settle),
        Send(3, "EVAL", "return 1", "0"), Pause(Settle),
        Send(4, "PUBLISH", "ch", "m"), Pause(Settle),
        Call(5, "EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k"),
        Call(5, "MULTI"),
        Call(5, "GET", "k"),
        Call(5, "EXEC"),
        Call(5, "MULTI"),
        Send(5, "INCR", "n"), Pause(Settle),
        Call(6, "GET", "k"),
        Call(6, "CLIENT", "UNPAUSE"),
        Read(2), Read(3), Read(4), Read(5),
        Call(5, "EXEC"),
        Call(6, "GET", "k"));

    [Test]
    public void PauseAllHoldsEveryCommandUntilItEnds() => AssertSame(
        Call(1, "CLIENT", "PAUSE", "300", "ALL"),
        Send(1, "PING"),
        Send(2, "GET", "k"),
        Send(3, "CLIENT", "UNPAUSE"),
        Pause(100),
        Call(4, "CLIENT", "PAUSE", "0"),
        Read(1), Read(2), Read(3));

    [Test]
    public void BlockedClientsAreServedOnceAHeldPushRuns() => AssertSame(
        Send(1, "BLPOP", "l", "0"), Pause(Settle),
        Call(2, "CLIENT", "PAUSE", "10000", "WRITE"),
        Send(3, "RPUSH", "l", "a"), Pause(Settle),
        Call(2, "LLEN", "l"),
        Call(2, "CLIENT", "UNPAUSE"),
        Read(3), Read(1));

    // ---- large ---------------------------------------------------------------------------------------------

    [Test]
    public void ALargeListIsPoppedFromByBlmpop()
    {
        var push = new List<string> { "RPUSH", "big" };
        for (int i = 0; i < 100_000; i++) push.Add("e" + i);
        AssertSameReplies(
            push.ToArray(),
            ["BLMPOP", "0", "1", "big", "RIGHT", "COUNT", "3"],
            ["BLMPOP", "0", "1", "big", "LEFT", "COUNT", "99990"],
            ["BLPOP", "big", "0"],
            ["LLEN", "big"]);
    }
}
