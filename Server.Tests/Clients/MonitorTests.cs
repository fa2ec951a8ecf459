// MONITOR as its users see it: `redis-cli monitor` printing the same lines against EventLoopRedis as
// against redis-server while another client writes, and the monitor connection's own rules (refused
// keyspace commands, MONITOR twice, RESET, MULTI, RESP3), compared with timestamps and ports masked.

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;
using static EventLoopRedis.Tests.Support.TranscriptStep;

namespace EventLoopRedis.Tests.Clients;

[TestFixture]
public partial class MonitorTests : DifferentialFixture
{
    // A line's time (seconds.microseconds) and a client's ephemeral port differ from run to run.
    [GeneratedRegex(@"\d{10}\.\d{6}")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Address();

    private static string Masked(string text) => Address().Replace(Timestamp().Replace(text, "<time>"), "<addr>");

    /// <summary>What the writer sends while redis-cli monitors: ends with SET end end, the cue to stop.</summary>
    private static readonly byte[][][] Writes =
    [
        Cmd("SET", "a", "1"), Cmd("SET", "x y", "a\"b\\c"), Cmd("SET", "bin", new byte[] { (byte)'a', 1, 0xff, (byte)'\n', (byte)'\t', 7, 8, (byte)'\r', 0 }),
        Cmd("GET", "a"), Cmd("MULTI"), Cmd("INCR", "n"), Cmd("GET", "n"), Cmd("EXEC"),
        Cmd("EVAL", "redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[1])", "1", "k", "from lua"),
        Cmd("AUTH", "secret"), Cmd("AUTH", "user", "secret"), Cmd("SELECT", "2"), Cmd("SET", "in2", "v"), Cmd("SELECT", "0"),
        Cmd("CONFIG", "GET", "hz"), Cmd("CLIENT", "LIST"), Cmd("CLIENT", "ID"), Cmd("NOSUCH", "x"), Cmd("GET"),
        Cmd("FCALL", "nofunc", "0"), Cmd("PUBLISH", "ch", "msg"), Cmd("PING"), Cmd("SLOWLOG", "LEN"), Cmd("LPUSH", "a", "x"),
        Cmd("SET", "end", "end"),
    ];

    /// <summary>Runs `redis-cli monitor`, sends <see cref="Writes"/> from another client, returns what redis-cli printed.</summary>
    private static string CliMonitorWhileWriting(int port)
    {
        var info = new ProcessStartInfo(ExternalTools.RedisCli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-p", port.ToString(), "monitor"]) info.ArgumentList.Add(argument);
        using var writer = new RespConnection(port);
        writer.Call("FLUSHALL");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (output) output.Append(buffer, 0, read);
        });
        var deadline = Stopwatch.StartNew();
        while (!writer.Call("CLIENT", "LIST").Contains("flags=O") && deadline.ElapsedMilliseconds < 10_000) Thread.Sleep(20);
        foreach (var command in Writes) writer.CallBytes(command);
        while (deadline.ElapsedMilliseconds < 10_000)
        {
            lock (output) if (output.ToString().Contains("\"end\" \"end\"")) break;
            Thread.Sleep(20);
        }
        process.Kill();
        process.WaitForExit();
        reader.Wait(5_000);
        lock (output) return output.ToString();
    }

    [Test]
    public void RedisCliMonitorPrintsTheSameLinesAsAgainstRedis()
    {
        string redis = Masked(CliMonitorWhileWriting(RedisPort));
        string ours = Masked(CliMonitorWhileWriting(OurPort));
        Assert.That(ours, Is.EqualTo(redis));
        Assert.That(ours, Does.Contain("[0 lua] \"set\" \"k\" \"from lua\""));
        Assert.That(ours, Does.Contain("\"AUTH\" \"(redacted)\" \"(redacted)\""));
        Assert.That(ours, Does.Contain("\"a\\x01\\xff\\n\\t\\a\\b\\r\\x00\""));
    }

    private void AssertSameMasked(params TranscriptStep[] steps)
    {
        var expected = Transcript.Run(RedisPort, steps).Select(Masked).ToList();
        var actual = Transcript.Run(OurPort, steps).Select(Masked).ToList();
        var shown = new StringBuilder();
        for (int i = 0; i < steps.Length; i++)
        {
            shown.Append(steps[i]).Append(" -> ").Append(expected[i]).Append('\n');
            if (!steps[i].Compared) continue;
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"step {i} ({steps[i]}) differs from redis-server's; transcript so far:\n{shown}");
        }
    }

    [Test]
    public void AMonitorMayNotTouchTheKeyspaceButSeesWhatItRuns() => AssertSameMasked(
        Call(1, "MONITOR"), Call(1, "SET", "k", "v"), Call(1, "GET", "k"), Call(1, "PUBLISH", "a", "b"), Call(1, "EVAL", "return 1", "0"),
        Call(1, "PING"), Read(1), Call(1, "ECHO", "x"), Read(1), Call(1, "SELECT", "1"), Read(1),
        Send(1, "MONITOR"), Call(1, "PING"), Read(1), Call(2, "SET", "k", "v"), Read(1), CallUnchecked(2, "HELLO", "3", "AUTH", "default", "pw"),
        Read(1), Call(1, "MULTI"), Read(1), Call(1, "SET", "x", "y"), Call(1, "EXEC"), Read(1),
        Call(1, "RESET"), Call(2, "SET", "k", "after reset"), Call(1, "GET", "k"));

    [Test]
    public void MonitorInsideMultiIsRefusedAtExec() => AssertSameMasked(
        Call(1, "MULTI"), Call(1, "MONITOR"), Call(1, "EXEC"), Call(1, "EVAL", "return redis.call('monitor')", "0"),
        Call(1, "SUBSCRIBE", "c"), Call(1, "MONITOR"), Call(1, "RESET"), Call(1, "GET", "k"));

    [Test]
    public void Resp3MonitorsGetTheSameStatusLines() => AssertSameMasked(
        CallUnchecked(1, "HELLO", "3"), Call(1, "MONITOR"), Call(2, "SET", "k", "v"), Read(1), Call(3, "MONITOR"),
        Call(2, "DEL", "k"), Read(1), Read(3), Call(2, "CLIENT", "SETNAME", "writer"), Read(1), Read(3),
        Call(3, "QUIT"), Call(2, "PING"), Read(1));

    /// <summary>timeout closes idle clients, but not subscribers or monitors, which wait for pushes (cf. clientsCronHandleTimeout).</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void SubscribersAndMonitorsOutliveTheTimeout(bool againstRedis)
    {
        int port = againstRedis ? RedisPort : OurPort;
        using var idle = new RespConnection(port);
        using var subscriber = new RespConnection(port);
        using var resp3Subscriber = new RespConnection(port);
        using var monitor = new RespConnection(port);
        idle.Call("PING");
        subscriber.Call("SUBSCRIBE", "c");
        resp3Subscriber.Call("HELLO", "3");
        resp3Subscriber.Call("PSUBSCRIBE", "p*");
        monitor.Call("MONITOR");
        using (var admin = new RespConnection(port)) admin.Call("CONFIG", "SET", "timeout", "1");
        try
        {
            Assert.That(idle.IsClosedByPeer(waitMs: 4000), Is.True, "an idle normal client is closed");
            Assert.That(monitor.Call("PING"), Is.EqualTo("+PONG\r\n")); // first: it is fed the others' PINGs
            Assert.That(subscriber.Call("PING"), Does.Contain("pong"));
            Assert.That(resp3Subscriber.Call("PING"), Is.EqualTo("+PONG\r\n"));
        }
        finally
        {
            using var reset = new RespConnection(port);
            reset.Call("CONFIG", "SET", "timeout", "0");
        }
    }
}
