// The chart of docs/benchmarks.md: for each redis-benchmark test, this server's throughput as a
// ratio to real Redis (and to Garnet when it ran), one panel per pipeline depth, parity marked.
// Run by Benchmarks/compare-with-redis.sh as `Benchmarks chart <ratios.tsv> <out.png>`.

using System.Globalization;
using ScottPlot;

namespace EventLoopRedis.Benchmarks.Reports;

internal static class RatioChart
{
    /// <summary>
    /// Reads lines "depth&lt;TAB&gt;test&lt;TAB&gt;ratio to Redis&lt;TAB&gt;ratio to Garnet" (a ratio may be
    /// "n/a") and writes a PNG with one horizontal bar chart per depth.
    /// </summary>
    public static int Draw(string tsvPath, string pngPath)
    {
        var rows = File.ReadLines(tsvPath)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 3)
            .Select(f => (Depth: int.Parse(f[0], CultureInfo.InvariantCulture), Test: f[1], Redis: Parse(f[2]), Garnet: f.Length > 3 ? Parse(f[3]) : null))
            .ToList();
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"chart: no rows in {tsvPath}");
            return 1;
        }
        bool withGarnet = rows.Any(r => r.Garnet is not null);
        var depths = rows.Select(r => r.Depth).Distinct().ToList();
        int tests = rows.Count / depths.Count;

        var multiplot = new Multiplot();
        multiplot.AddPlots(depths.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int p = 0; p < depths.Count; p++)
        {
            var plot = multiplot.GetPlot(p);
            var panel = rows.Where(r => r.Depth == depths[p]).ToList();
            var bars = new List<Bar>();
            var ticks = new List<Tick>();
            double step = withGarnet ? 3 : 2;
            for (int i = 0; i < panel.Count; i++)
            {
                double position = (panel.Count - 1 - i) * step; // first test on top
                if (panel[i].Redis is double vsRedis)
                    bars.Add(new Bar { Position = position, Value = vsRedis, FillColor = vsRedis >= 1 ? Colors.SeaGreen : Colors.IndianRed, Label = vsRedis.ToString("0.00", CultureInfo.InvariantCulture) });
                if (withGarnet && panel[i].Garnet is double vsGarnet)
                    bars.Add(new Bar { Position = position - 1, Value = vsGarnet, FillColor = Colors.SteelBlue.WithAlpha(0.7), Label = vsGarnet.ToString("0.00", CultureInfo.InvariantCulture) });
                ticks.Add(new Tick(withGarnet ? position - 0.5 : position, panel[i].Test));
            }
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            barPlot.ValueLabelStyle.FontSize = 10;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
            plot.Axes.Left.MajorTickStyle.Length = 0;
            var parity = plot.Add.VerticalLine(1.0);
            parity.LineColor = Colors.Black;
            parity.LinePattern = LinePattern.Dashed;
            plot.Axes.Margins(left: 0, bottom: 0.02, top: 0.02);
            plot.Axes.SetLimitsX(0, Math.Max(1.6, panel.Max(r => Math.Max(r.Redis ?? 0, r.Garnet ?? 0)) * 1.15));
            plot.Title($"-P {depths[p]}");
            plot.XLabel(withGarnet ? "ours / Redis (green or red), ours / Garnet (blue)" : "ours / Redis (green: faster, red: slower)");
        }
        multiplot.SavePng(pngPath, 600 * depths.Count, 120 + 26 * tests * (withGarnet ? 2 : 1));
        Console.WriteLine($"wrote {pngPath}");
        return 0;
    }

    private static double? Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
