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
}
