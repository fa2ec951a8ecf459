// Unit tests for LatencyMonitor and Sparkline: one sample per second per event, a ring of 160
// seconds, resets ignoring case, and LATENCY GRAPH's drawing.

using EventLoopRedis.Diagnostics;

namespace EventLoopRedis.Tests.Diagnostics;

[TestFixture]
public class LatencyMonitorTests
{
    [Test]
    public void ASecondKeepsItsWorstSampleAndTheMaximumIsAllTime()
    {
        var monitor = new LatencyMonitor();
        monitor.AddSample("command", 20, 1000);
        monitor.AddSample("command", 50, 1000);
        monitor.AddSample("command", 30, 1000);
        monitor.AddSample("command", 10, 1001);
        var series = monitor.Events["command"];
        Assert.That(series.Chronological(), Is.EqualTo(new[] { (1000L, 50L), (1001L, 10L) }));
        Assert.That(series.Max, Is.EqualTo(50));
        Assert.That(series.Latest, Is.EqualTo((1001L, 10L)));
    }

    [Test]
    public void OnlyTheLast160SecondsAreKept()
    {
        var monitor = new LatencyMonitor();
        for (int second = 1; second <= 200; second++) monitor.AddSample("expire-cycle", second, second);
        var samples = monitor.Events["expire-cycle"].Chronological().ToList();
        Assert.That(samples, Has.Count.EqualTo(LatencyTimeSeries.Length));
        Assert.That(samples[0], Is.EqualTo((41L, 41L)));
        Assert.That(samples[^1], Is.EqualTo((200L, 200L)));
    }

    [Test]
    public void BelowTheThresholdOrWithMonitoringOffNothingIsRecorded()
    {
        var monitor = new LatencyMonitor();
        monitor.AddSampleIfNeeded("command", 9, 10);
        monitor.AddSampleIfNeeded("command", 100, 0);
        Assert.That(monitor.Events, Is.Empty);
        monitor.AddSampleIfNeeded("command", 10, 10);
        Assert.That(monitor.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public void ResetNamesEventsIgnoringCase()
    {
        var monitor = new LatencyMonitor();
        monitor.AddSample("command", 1, 1);
        monitor.AddSample("fast-command", 1, 1);
        Assert.That(monitor.Reset("COMMAND"), Is.EqualTo(1));
        Assert.That(monitor.Reset("nosuch"), Is.Zero);
        Assert.That(monitor.Reset(null), Is.EqualTo(1));
        Assert.That(monitor.Events, Is.Empty);
    }

    [Test]
    public void GraphDrawsFilledColumnsLabelledByAge()
    {
        var monitor = new LatencyMonitor();
        monitor.AddSample("command", 10, 100);
        monitor.AddSample("command", 40, 130);
        monitor.AddSample("command", 20, 190);
        string graph = LatencyMonitor.Graph("command", monitor.Events["command"], 200);
        Assert.That(graph, Is.EqualTo(
            "command - high 40 ms, low 10 ms (all time high 40 ms)\n" + new string('-', 80) + "\n" +
            " # \n" +
            " | \n" +
            " |o\n" +
            "_||\n" +
            "   \n" +
            "111\n" +
            "mm0\n" +
            "  s\n"));
    }
}
