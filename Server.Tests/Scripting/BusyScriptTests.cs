// Scripts that run past busy-reply-threshold: the loop keeps serving clients from inside the
// script (BUSY for most commands), SCRIPT KILL / FUNCTION KILL stop it, SHUTDOWN NOSAVE ends
// the server. Each scenario runs against redis-server 7.0 and against EventLoopRedis, both
// with a 100 ms threshold, and the two transcripts must be the same.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Scripting;

[TestFixture]
public class BusyScriptTests
{
    private static readonly string[] ShortThreshold = ["--busy-reply-threshold", "100"];

    /// <summary>
    /// Runs <paramref name="scenario"/> on a fresh server of each kind and compares what it
    /// wrote down. The scenario gets a connection for the script and one for the others.
    /// </summary>
    private static void AssertSameTranscript(Action<RespConnection, RespConnection, StringBuilder> scenario)
    {
        string Run(ServerProcess server)
        {
            using var runner = new RespConnection(server.Port, receiveTimeoutMs: 20_000);
            using var other = new RespConnection(server.Port, receiveTimeoutMs: 20_000);
            var transcript = new StringBuilder();
            scenario(runner, other, transcript);
            return transcript.ToString();
        }
        using var redis = ServerProcess.StartRedis(ShortThreshold);
        using var ours = ServerProcess.StartOurs(ShortThreshold);
        Assert.That(Run(ours), Is.EqualTo(Run(redis)));
    }

    /// <summary>Sends PING until the server answers BUSY (it does once the script is past the threshold).</summary>
    private static string WaitForBusy(RespConnection other)
    {
        for (int i = 0; i < 200; i++)
        {
            string reply = other.Call("PING");
            if (reply.StartsWith("-BUSY")) return reply;
            Thread.Sleep(20);
        }
        return "never busy";
    }

    [Test]
    public void OtherClientsGetBusyAndScriptKillEndsTheScript() => AssertSameTranscript((runner, other, log) =>
    {
        log.AppendLine(other.Call("SCRIPT", "KILL"));
        runner.Send("EVAL", "while true do end", "0");
        log.AppendLine(WaitForBusy(other));
        log.AppendLine(other.Call("GET", "x"));
        log.AppendLine(other.Call("EVAL", "return 1", "0"));
        log.AppendLine(other.Call("FUNCTION", "STATS"));
        log.AppendLine(other.Call("FUNCTION", "KILL"));
        log.AppendLine(other.Call("SHUTDOWN"));
        log.AppendLine(other.Call("SCRIPT", "KILL"));
        log.AppendLine(RespConnection.Latin1(runner.ReadReply()));
        log.AppendLine(other.Call("SCRIPT", "KILL"));
        log.AppendLine(other.Call("PING"));
        log.AppendLine(runner.Call("EVAL", "return redis.call('PING')", "0"));
    });

    [Test]
    public void PcallCannotTrapTheKill() => AssertSameTranscript((runner, other, log) =>
    {
        runner.Send("EVAL", "while true do pcall(function() while true do end end) end", "0");
        log.AppendLine(WaitForBusy(other));
        log.AppendLine(other.Call("SCRIPT", "KILL"));
        log.AppendLine(RespConnection.Latin1(runner.ReadReply()));
        log.AppendLine(runner.Call("PING"));
    });

    [Test]
    public void LoopsOfRedisCallAreNoticedAndKilled() => AssertSameTranscript((runner, other, log) =>
    {
        runner.Send("EVAL", "local n = 0 while true do n = n + #redis.call('ECHO', 'x') end", "0");
        log.AppendLine(WaitForBusy(other));
        log.AppendLine(other.Call("SCRIPT", "KILL"));
        log.AppendLine(RespConnection.Latin1(runner.ReadReply()));
    });

    [Test]
    public void FunctionsAreKilledWithFunctionKill() => AssertSameTranscript((runner, other, log) =>
    {
        log.AppendLine(runner.Call("FUNCTION", "LOAD", "#!lua name=spin\nredis.register_function('spin', function() while true do end end)"));
        runner.Send("FCALL", "spin", "0");
        log.AppendLine(WaitForBusy(other));
        log.AppendLine(other.Call("SCRIPT", "KILL"));
        string stats = other.Call("FUNCTION", "STATS");
        log.AppendLine(stats[..stats.IndexOf("duration_ms", StringComparison.Ordinal)]); // the duration varies
        log.AppendLine(other.Call("FUNCTION", "KILL"));
        log.AppendLine(RespConnection.Latin1(runner.ReadReply()));
        log.AppendLine(runner.Call("FCALL", "spin", "x"));
    });

    [Test]
    public void AScriptThatWroteIsUnkillableButShutdownNosaveEndsTheServer()
    {
        string Run(ServerProcess server)
        {
            using var runner = new RespConnection(server.Port, receiveTimeoutMs: 20_000);
            using var other = new RespConnection(server.Port, receiveTimeoutMs: 20_000);
            var log = new StringBuilder();
            runner.Send("EVAL", "redis.call('SET', 'x', '1') while true do end", "0");
            log.AppendLine(WaitForBusy(other));
            log.AppendLine(other.Call("SCRIPT", "KILL"));
            log.AppendLine(other.Call("FUNCTION", "KILL"));
            log.AppendLine(other.Call("SHUTDOWN"));
            other.Send("SHUTDOWN", "NOSAVE");
            log.AppendLine(other.IsClosedByPeer(10_000) ? "closed" : "open");
            log.AppendLine(server.WaitForExit(TimeSpan.FromSeconds(10)) ? "exited" : "running");
            return log.ToString();
        }
        using var redis = ServerProcess.StartRedis(ShortThreshold);
        using var ours = ServerProcess.StartOurs(ShortThreshold);
        Assert.That(Run(ours), Is.EqualTo(Run(redis)));
    }

    [Test]
    public void WithoutAThresholdOthersWaitForTheScript()
    {
        using var ours = ServerProcess.StartOurs("--busy-reply-threshold", "0");
        using var runner = new RespConnection(ours.Port);
        using var other = new RespConnection(ours.Port);
        runner.Send("EVAL", "local n = 0 while n < 30000000 do n = n + 1 end return n", "0");
        Thread.Sleep(50);
        other.Send("PING");
        Assert.That(RespConnection.Latin1(other.ReadReply()), Is.EqualTo("+PONG\r\n"));
        Assert.That(runner.Socket.Available, Is.GreaterThan(0), "PING was answered before the script ended");
        Assert.That(RespConnection.Latin1(runner.ReadReply()), Is.EqualTo(":30000000\r\n"));
    }

    /// <summary>Starts <paramref name="script"/>, waits for BUSY, kills it; returns the kill's reply and the script's.</summary>
    private static string KillRunning(RespConnection runner, RespConnection other, params string[] command)
    {
        runner.Send(command);
        string busy = WaitForBusy(other);
        string kill = other.Call(command[0] == "FCALL" ? "FUNCTION" : "SCRIPT", "KILL");
        return busy + kill + RespConnection.Latin1(runner.ReadReply());
    }

    private const string BusyAndKilled = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n+OK\r\n" +
        "-ERR Script killed by user with SCRIPT KILL... script: ";

    /// <summary>pcall, xpcall and error forms whose replies must not change after a script was aborted.</summary>
    private static readonly string[] ErrorForms =
    [
        "return {xpcall(function() error('y') end, function(e) return 'handled' end)}",
        "return {pcall(error, 'z')}",
        "return {pcall(function() error({err='q'}) end)}",
        "return {xpcall(function() return 1, 2 end, function(e) return e end)}",
        "return {pcall(xpcall, function() error('x') end, function(e) return e .. '!' end)}",
        "return {xpcall(function() error('x') end, function(e) error('again') end)}",
        "return {pcall(function() return redis.call('NOSUCH') end)}",
        "error('top')",
        "return redis.pcall('INCR')",
        "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) " +
            "return {coroutine.resume(co, 1), coroutine.resume(co, 5), coroutine.status(co)}",
        "return coroutine.wrap(function() error('boom') end)()",
    ];

    private static string RunErrorForms(RespConnection connection)
    {
        var replies = new StringBuilder();
        foreach (var script in ErrorForms) replies.AppendLine(connection.Call("EVAL", script, "0"));
        return replies.ToString();
    }

    /// <summary>
    /// Lua runs a message handler as a call that may not yield, so the busy hook cannot suspend a
    /// script looping there. Real Redis 7.0 answers SCRIPT KILL with OK and then never stops this
    /// script (it is stuck for good); here the script is aborted, and the next scripts behave as
    /// on a fresh server.
    /// </summary>
    [Test]
    public void AScriptLoopingInsideAnXpcallHandlerIsKilled()
    {
        string fresh;
        using (var server = ServerProcess.StartOurs(ShortThreshold))
        using (var connection = new RespConnection(server.Port))
            fresh = RunErrorForms(connection);

        using var ours = ServerProcess.StartOurs(ShortThreshold);
        using var runner = new RespConnection(ours.Port, receiveTimeoutMs: 20_000);
        using var other = new RespConnection(ours.Port, receiveTimeoutMs: 20_000);
        const string Script = "while true do pcall(xpcall, function() error('x') end, function(e) while true do end end) end";
        Assert.That(KillRunning(runner, other, "EVAL", Script, "0"),
            Is.EqualTo(BusyAndKilled + "8b254710e9d01d7a3e29ba4f4dd3977851bd9d06, on @user_script:1.\r\n"));
        Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"));
        Assert.That(RunErrorForms(runner), Is.EqualTo(fresh));
        // Killed twice more, in a row: nothing accumulates.
        KillRunning(runner, other, "EVAL", Script, "0");
        KillRunning(runner, other, "EVAL", "xpcall(error, function() local n = 0 while true do n = n + 1 end end)", "0");
        Assert.That(RunErrorForms(runner), Is.EqualTo(fresh));
        Assert.That(ours.HasExited, Is.False);
    }

    /// <summary>Every place Lua runs code that cannot yield, and coroutines created before the hook, stay killable.</summary>
    [TestCase("table.sort({3, 2, 1}, function(a, b) while true do end end)")]
    [TestCase("string.gsub('aaa', 'a', function() while true do end end)")]
    [TestCase("xpcall(function() error('x') end, function(e) while true do pcall(function() while true do end end) end end)")]
    [TestCase("coroutine.wrap(function() while true do end end)()")]
    [TestCase("local co = coroutine.create(function() while true do end end) while true do coroutine.resume(co) end")]
    [TestCase("local co = coroutine.wrap(function() xpcall(error, function() while true do end end) end) co()")]
    [TestCase("while true do local s = string.rep('x', 100000) end")]
    [TestCase("local t = {} for i = 1, 1000 do t[i] = 'x' end while true do local s = table.concat(t) end")]
    public void LoopsWhereLuaCannotYieldAreKilled(string script)
    {
        using var ours = ServerProcess.StartOurs(ShortThreshold);
        using var runner = new RespConnection(ours.Port, receiveTimeoutMs: 20_000);
        using var other = new RespConnection(ours.Port, receiveTimeoutMs: 20_000);
        Assert.That(KillRunning(runner, other, "EVAL", script, "0"), Does.StartWith(BusyAndKilled));
        Assert.That(runner.Call("EVAL", "return {pcall(error, 'z')}", "0"), Is.EqualTo("*2\r\n$-1\r\n$1\r\nz\r\n"));
        Assert.That(runner.Call("EVAL", "return coroutine.wrap(function(a) return a + 1 end)(1)", "0"), Is.EqualTo(":2\r\n"));
    }

    /// <summary>
    /// Lua 5.1 never finalizes tables; Lua 5.4 would, with hooks off, so a finalizer that loops
    /// could never be stopped. The metatable keeps its __gc field, which never runs.
    /// </summary>
    [Test]
    public void TableFinalizersNeverRun() => AssertSameTranscript((runner, _, log) =>
    {
        log.AppendLine(runner.Call("EVAL", "local ran = false local t = setmetatable({}, {__gc = function() ran = true end}) " +
            "t = nil collectgarbage() collectgarbage() return tostring(ran)", "0"));
        log.AppendLine(runner.Call("EVAL", "return type(getmetatable(setmetatable({}, {__gc = 1})).__gc)", "0"));
        log.AppendLine(runner.Call("EVAL", "setmetatable({}, {__gc = function() while true do end end}) collectgarbage() return 1", "0"));
    });

    [Test]
    public void CoroutineWrapAndResumeReportErrorsAsRedis() => AssertSameTranscript((runner, _, log) =>
    {
        log.AppendLine(runner.Call("EVAL", "return coroutine.wrap(function() error('boom') end)()", "0"));
        log.AppendLine(runner.Call("EVAL", "return coroutine.wrap(function() error(5) end)()", "0"));
        log.AppendLine(runner.Call("EVAL", "local f = coroutine.wrap(function() return 1 end) f() return f()", "0"));
        log.AppendLine(runner.Call("EVAL", "return coroutine.wrap(string.len)", "0"));
        log.AppendLine(runner.Call("EVAL", "return coroutine.resume(1)", "0"));
        log.AppendLine(runner.Call("EVAL", "local f = coroutine.wrap(function(a, b) local c = coroutine.yield(a + b) return c * 2 end) return {f(1, 2), f(10)}", "0"));
    });
}
