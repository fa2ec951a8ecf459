// LATENCY and its subcommands: the latency monitor's events, and the per-command latency
// histograms of latency-tracking. cf. latencyCommand and latencyHistogramCommand in latency.c.

using System.Text;
using EventLoopRedis.Diagnostics;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class LatencyCommands
{
    /// <summary>Format: <c>LATENCY LATEST</c>: <c>[event, unix time, latency ms, all-time max ms]</c> per event.</summary>
    public static void Latest(Client client)
    {
        var events = client.Server.Latency.Events;
        client.Reply.ArrayHeader(events.Count);
        foreach (var (name, series) in events)
        {
            var (time, latency) = series.Latest;
            client.Reply.ArrayHeader(4);
            client.Reply.Bulk(name);
            client.Reply.Integer(time);
            client.Reply.Integer(latency);
            client.Reply.Integer(series.Max);
        }
    }

    /// <summary>Format: <c>LATENCY HISTORY event</c>: <c>[unix time, latency ms]</c> per sample, oldest first.</summary>
    public static void History(Client client)
    {
        if (!client.Server.Latency.Events.TryGetValue(Encoding.Latin1.GetString(client.Args[2]), out var series))
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        int mark = client.Reply.DeferArrayLength();
        int count = 0;
        foreach (var (time, latency) in series.Chronological())
        {
            client.Reply.ArrayHeader(2);
            client.Reply.Integer(time);
            client.Reply.Integer(latency);
            count++;
        }
        client.Reply.SetDeferredArrayLength(mark, count);
    }

    /// <summary>Format: <c>LATENCY GRAPH event</c>: an ASCII graph of the event's samples.</summary>
    public static void Graph(Client client)
    {
        string name = Encoding.Latin1.GetString(client.Args[2]);
        if (!client.Server.Latency.Events.TryGetValue(name, out var series))
        {
            client.Reply.Error($"ERR No samples available for event '{name}'");
            return;
        }
        client.Reply.Verbatim(Encoding.Latin1.GetBytes(LatencyMonitor.Graph(name, series, Clock.UnixMs / 1000)), "txt"u8);
    }

    /// <summary>Format: <c>LATENCY DOCTOR</c>: a human-readable analysis of the events.</summary>
    public static void Doctor(Client client)
    {
        var config = client.Server.Config;
        var report = client.Server.Latency.Doctor(new LatencyMonitor.DoctorContext(
            config.LatencyMonitorThreshold, config.SlowlogLogSlowerThan, config.Hz, LatencyMonitor.AnonHugePagesBytes(), Clock.UnixMs / 1000));
        client.Reply.Verbatim(Encoding.Latin1.GetBytes(report), "txt"u8);
    }

    /// <summary>Format: <c>LATENCY RESET [event [event ...]]</c>: how many events were forgotten.</summary>
    public static void Reset(Client client)
    {
        var args = client.Args;
        var monitor = client.Server.Latency;
        if (args.Count == 2)
        {
            client.Reply.Integer(monitor.Reset(null));
            return;
        }
        int resets = 0;
        for (int i = 2; i < args.Count; i++) resets += monitor.Reset(Encoding.Latin1.GetString(args[i]));
        client.Reply.Integer(resets);
    }

    /// <summary>
    /// Format: <c>LATENCY HISTOGRAM [command [command ...]]</c>: for each named command (a
    /// container stands for its subcommands) that has run since the last CONFIG RESETSTAT,
    /// its calls and its cumulative latency distribution in microseconds. Unknown names are skipped.
    /// </summary>
    public static void Histogram(Client client)
    {
        var args = client.Args;
        var table = client.Server.Commands;
        var selected = new List<CommandDef>();
        if (args.Count == 2)
        {
            foreach (var command in table.Commands) AddWithHistograms(selected, command);
        }
        else
        {
            for (int i = 2; i < args.Count; i++)
            {
                if (table.FindByFullName(args[i]) is { } command) AddWithHistograms(selected, command);
            }
        }
        client.Reply.MapHeader(selected.Count);
        foreach (var command in selected)
        {
            client.Reply.Bulk(command.FullName);
            ReplyWithDistribution(client, command.LatencyHistogram!);
        }
    }

    /// <summary>The command if it has a histogram, then those of its subcommands that have one.</summary>
    private static void AddWithHistograms(List<CommandDef> selected, CommandDef command)
    {
        if (command.LatencyHistogram is not null) selected.Add(command);
        foreach (var sub in command.Subcommands)
        {
            if (sub.LatencyHistogram is not null) selected.Add(sub);
        }
    }

    /// <summary>A map {calls, histogram_usec: {bucket edge in µs: cumulative count}} (cf. fillCommandCDF).</summary>
    private static void ReplyWithDistribution(Client client, HdrHistogram histogram)
    {
        client.Reply.MapHeader(2);
        client.Reply.Bulk("calls"u8);
        client.Reply.Integer(histogram.TotalCount);
        client.Reply.Bulk("histogram_usec"u8);
        var steps = histogram.CumulativeDistribution();
        client.Reply.MapHeader(steps.Count);
        foreach (var (edge, cumulative) in steps)
        {
            client.Reply.Integer(edge / 1000);
            client.Reply.Integer(cumulative);
        }
    }

    /// <summary>Format: <c>LATENCY HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "LATENCY",
    [
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
    ]);
}
