// The idle-connection chart of docs/benchmarks.md: GET throughput (redis-benchmark -c 50 -P 1)
// against the number of idle connections held open, this server next to real Redis.
// Run by Benchmarks/compare-with-redis.sh --idle as `Benchmarks idle-chart <idle.tsv> <out.png>`.

using System.Globalization;
using ScottPlot;

namespace EventLoopRedis.Benchmarks.Reports;

internal static class IdleChart
{
    /// <summary>Reads lines "idle connections&lt;TAB&gt;ours req/s&lt;TAB&gt;Redis req/s" and writes a line chart.</summary>
    public static int Draw(string tsvPath, string pngPath)
    {
        var rows = File.ReadLines(tsvPath)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 3)
            .Select(f => (Idle: double.Parse(f[0], CultureInfo.InvariantCulture),
                          Ours: double.Parse(f[1], CultureInfo.InvariantCulture),
                          Redis: double.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"idle-chart: no rows in {tsvPath}");
            return 1;
        }
        var plot = new Plot();
        double[] idle = rows.Select(r => r.Idle).ToArray();
        var ours = plot.Add.Scatter(idle, rows.Select(r => r.Ours).ToArray());
        ours.LegendText = "EventLoopRedis";
        ours.MarkerSize = 8;
        var redis = plot.Add.Scatter(idle, rows.Select(r => r.Redis).ToArray());
        redis.LegendText = "redis-server 7.0";
        redis.LinePattern = LinePattern.Dashed;
        redis.MarkerShape = MarkerShape.FilledSquare;
        redis.MarkerSize = 8;
        // The target: 80% of this server's own throughput with no idle connections.
        var target = plot.Add.HorizontalLine(0.8 * rows[0].Ours);
        target.LineColor = Colors.Gray;
        target.LinePattern = LinePattern.Dotted;
        target.LegendText = "80% of ours with none idle (target)";
        plot.Axes.SetLimitsY(0, rows.Max(r => Math.Max(r.Ours, r.Redis)) * 1.15);
        plot.XLabel("idle connections held open");
        plot.YLabel("GET requests per second (-c 50 -P 1)");
        plot.Title("GET throughput against idle connections");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(pngPath, 760, 420);
        Console.WriteLine($"wrote {pngPath}");
        return 0;
    }
}
