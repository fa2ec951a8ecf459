// LATENCY and latency-tracking against redis-server 7.0.15: replies and error texts byte for byte,
// and for what depends on timing (sample times, milliseconds, histogram edges) the shape, with
// the numbers masked.

using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class LatencyDifferentialTests : DifferentialFixture
{
    /// <summary>A script that busies the server for about 60 ms (both servers' TIME moves during a script).</summary>
    private const string Spin60Ms =
        "local t = redis.call('time') local s = t[1] * 1000000 + t[2] " +
        "while true do local n = redis.call('time') if n[1] * 1000000 + n[2] - s > 60000 then break end end return 1";

    /// <summary>Well under the spin, well over what any other command of these tests takes, even on a loaded machine.</summary>
    private const string ThresholdMs = "40";

    /// <summary>The bucket edges (µs) Redis's histograms use: 1024 ns doubling, each at its highest equivalent value.</summary>
    private static readonly long[] RedisEdges =
        [1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, 2113, 4227, 8454, 16908, 33816, 67633, 135266, 270532, 541065];

    private static string[] Reset => ["CONFIG", "SET", "latency-monitor-threshold", "0", "latency-tracking", "yes"];

    [Test]
    public void SubcommandsAnswerAsRedisWhenNothingWasObserved() => AssertSameReplies(
        Reset, [Unchecked, "LATENCY", "RESET"],
        ["LATENCY", "LATEST"], ["LATENCY", "HISTORY", "command"], ["LATENCY", "GRAPH", "command"],
        ["LATENCY", "DOCTOR"], ["LATENCY", "RESET"], ["LATENCY", "RESET", "command", "nosuch"],
        ["LATENCY", "HELP"], ["LATENCY"], ["LATENCY", "NOSUCH"], ["LATENCY", "HISTORY"], ["LATENCY", "GRAPH", "a", "b"],
        ["LATENCY", "LATEST", "x"], ["LATENCY", "DOCTOR", "x"], ["LATENCY", "HELP", "x"],
        [Unchecked, "HELLO", "3"], ["LATENCY", "LATEST"], ["LATENCY", "DOCTOR"], ["LATENCY", "HISTOGRAM", "nosuch"],
        ["CONFIG", "SET", "latency-monitor-threshold", "5"], ["LATENCY", "DOCTOR"], Reset);

    [TestCase("latency-monitor-threshold", "-1")]
    [TestCase("latency-monitor-threshold", "abc")]
    [TestCase("latency-tracking", "maybe")]
    [TestCase("latency-tracking-info-percentiles", "50 abc")]
    [TestCase("latency-tracking-info-percentiles", "101")]
    [TestCase("latency-tracking-info-percentiles", "-1")]
    [TestCase("latency-tracking-info-percentiles", " 5")]
    [TestCase("latency-tracking-info-percentiles", "50  99")]
    [TestCase("latency-tracking-info-percentiles", "nan")]
    [TestCase("latency-tracking-info-percentiles", "99.99 0.0000001 5")]
    [TestCase("latency-tracking-info-percentiles", "1e1 0x10 100")]
    [TestCase("latency-tracking-info-percentiles", "")]
    public void ConfigSetChecksValuesAsRedis(string name, string value) => AssertSameReplies(
        ["CONFIG", "SET", name, value], ["CONFIG", "GET", name],
        ["CONFIG", "SET", "latency-monitor-threshold", "0", "latency-tracking", "yes", "latency-tracking-info-percentiles", "50 99 99.9"]);

    /// <summary>Runs the spin script with monitoring on and returns LATEST, HISTORY, GRAPH and DOCTOR for the "command" event, numbers masked.</summary>
    private static string SlowCommandEvent(int port, bool resp3)
    {
        using var connection = new RespConnection(port);
        if (resp3) connection.Call("HELLO", "3");
        // Every command once before monitoring starts, so that no first call (and its JIT) is itself an event.
        foreach (var sub in new[] { "LATEST", "DOCTOR", "RESET" }) connection.Call("LATENCY", sub);
        connection.Call("LATENCY", "HISTORY", "command");
        connection.Call("LATENCY", "GRAPH", "command");
        connection.Call("EVAL", Spin60Ms, "0");
        connection.Call("CONFIG", "SET", "latency-monitor-threshold", ThresholdMs);
        connection.Call("LATENCY", "RESET");
        connection.Call("EVAL", Spin60Ms, "0");
        var latest = RespTree.Parse(connection.CallBytes("LATENCY"u8.ToArray(), "LATEST"u8.ToArray()));
        // This server also records "event-loop" (the loop's cycle), "gc" and "bgsave-turn"; Redis has no such events.
        latest.RemoveElements(e => e.Children[0].Text != "command");
        string history = RespConnection.Latin1(connection.CallBytes("LATENCY"u8.ToArray(), "HISTORY"u8.ToArray(), "command"u8.ToArray()));
        string graph = RespConnection.Latin1(connection.CallBytes("LATENCY"u8.ToArray(), "GRAPH"u8.ToArray(), "command"u8.ToArray()));
        string doctor = RespConnection.Latin1(connection.CallBytes("LATENCY"u8.ToArray(), "DOCTOR"u8.ToArray()));
        doctor = Regex.Replace(doctor, @"\d+\. (event-loop|gc|bgsave-turn):[^\n]*\n", "");
        string reset = connection.Call("LATENCY", "RESET", "COMMAND");
        connection.Call("CONFIG", "SET", "latency-monitor-threshold", "0");
        connection.Call("LATENCY", "RESET");
        string all = $"{latest.Serialize()}|{history}|{graph}|{doctor}|{reset}";
        Assert.That(all, Does.Contain("command"));
        // Sample times, milliseconds and the verbatim lengths that follow them depend on timing.
        return Regex.Replace(all, @"\d+", "N");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ASlowCommandIsAnEventAsInRedis(bool resp3) =>
        Assert.That(SlowCommandEvent(OurPort, resp3), Is.EqualTo(SlowCommandEvent(RedisPort, resp3)));

    [Test]
    public void ASlowCommandIsMeasuredInMilliseconds()
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("CONFIG", "SET", "latency-monitor-threshold", ThresholdMs);
        connection.Call("LATENCY", "RESET");
        connection.Call("EVAL", Spin60Ms, "0");
        var latest = RespTree.Parse(connection.CallBytes("LATENCY"u8.ToArray(), "LATEST"u8.ToArray()));
        connection.Call("CONFIG", "SET", "latency-monitor-threshold", "0");
        var command = latest.Children.Single(e => e.Children[0].Text == "command");
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.That(long.Parse(command.Children[1].Header[1..]), Is.InRange(now - 5, now + 1));
        Assert.That(long.Parse(command.Children[2].Header[1..]), Is.GreaterThanOrEqualTo(60));
        var loop = latest.Children.Single(e => e.Children[0].Text == "event-loop");
        Assert.That(long.Parse(loop.Children[2].Header[1..]), Is.GreaterThanOrEqualTo(60), "the cycle that ran the script was slow too");
    }

    /// <summary>Runs commands after CONFIG RESETSTAT and returns LATENCY HISTOGRAM of some of them with the bucket edges checked, then masked.</summary>
    private static string Histograms(int port, bool resp3)
    {
        using var connection = new RespConnection(port);
        if (resp3) connection.Call("HELLO", "3");
        connection.Call("CONFIG", "RESETSTAT");
        for (int i = 0; i < 3; i++) connection.Call("SET", "k", "v");
        connection.Call("GET", "k");
        connection.Call("CONFIG", "GET", "hz");
        connection.Call("CLIENT", "ID");
        var reply = RespTree.Parse(connection.CallBytes(
            [.. new[] { "LATENCY", "HISTOGRAM", "set", "nosuch", "get", "config", "client|id", "lpush" }.Select(a => System.Text.Encoding.ASCII.GetBytes(a))]));
        var pairs = reply.Children; // a map's children alternate key and value, as a RESP2 flat array's
        var lines = new List<string>();
        for (int i = 0; i + 1 < pairs.Count; i += 2)
        {
            var stats = pairs[i + 1].Children;
            long calls = long.Parse(stats[1].Header[1..]);
            var buckets = stats[3].Children;
            long previous = 0;
            for (int b = 0; b + 1 < buckets.Count; b += 2)
            {
                Assert.That(RedisEdges, Does.Contain(long.Parse(buckets[b].Header[1..])), "a bucket edge Redis uses");
                long cumulative = long.Parse(buckets[b + 1].Header[1..]);
                Assert.That(cumulative, Is.GreaterThan(previous), "counts are cumulative and only growing steps are listed");
                previous = cumulative;
            }
            Assert.That(previous, Is.EqualTo(calls), "the last step counts every call");
            lines.Add($"{pairs[i].Text} calls={calls} {stats[0].Text},{stats[2].Text} {stats[1].Header[0]}{stats[3].Header[0]}");
        }
        // A container's subcommands come in Redis's dict order, which is unspecified.
        lines.Sort(StringComparer.Ordinal);
        return reply.Header + "\n" + string.Join("\n", lines);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void HistogramsCountCallsInRedisBuckets(bool resp3) =>
        Assert.That(Histograms(OurPort, resp3), Is.EqualTo(Histograms(RedisPort, resp3)));

    /// <summary>INFO latencystats after a few commands, with the percentile values masked.</summary>
    private static string LatencyStats(int port, string percentiles, string tracking)
    {
        using var connection = new RespConnection(port);
        connection.Call("CONFIG", "SET", "latency-tracking-info-percentiles", percentiles);
        connection.Call("CONFIG", "RESETSTAT");
        connection.Call("SET", "k", "v");
        connection.Call("CONFIG", "SET", "latency-tracking", tracking);
        string info = (string)Resp.Parse(connection.CallBytes("INFO"u8.ToArray(), "latencystats"u8.ToArray()))!;
        connection.Call("CONFIG", "SET", "latency-tracking", "yes", "latency-tracking-info-percentiles", "50 99 99.9");
        var lines = info.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var line in lines.Where(l => !l.StartsWith('#')))
            Assert.That(line, Does.Match(@"^latency_percentiles_usec_[a-z|]+:(p[0-9.]+=\d+\.\d{3}(,|$))*$"));
        lines.Sort(StringComparer.Ordinal);
        return Regex.Replace(string.Join("\n", lines), @"=\d+\.\d{3}", "=N");
    }

    [TestCase("50 99 99.9", "yes")]
    [TestCase("99.99 0.0000001 5", "yes")]
    [TestCase("", "yes")]
    [TestCase("50", "no")]
    public void InfoLatencystatsReportsTheConfiguredPercentiles(string percentiles, string tracking) =>
        Assert.That(LatencyStats(OurPort, percentiles, tracking), Is.EqualTo(LatencyStats(RedisPort, percentiles, tracking)));

    [Test]
    public void AllAndEverythingIncludeLatencystatsAfterErrorstats()
    {
        string Headers(int port)
        {
            using var connection = new RespConnection(port);
            return string.Join(",", connection.Call("INFO", "all").Split("\r\n").Where(l => l.StartsWith('#')));
        }
        Assert.That(Headers(OurPort), Is.EqualTo(Headers(RedisPort)));
    }
}
