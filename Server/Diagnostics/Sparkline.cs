// ASCII sparklines: a series of samples drawn over a few text rows, with a label under each.
// cf. sparkline.c (sparklineRender, sparklineRenderRange), which LATENCY GRAPH uses.

using System.Text;

namespace EventLoopRedis.Diagnostics;

internal static class Sparkline
{
    private const string CharsetFill = "_o#";
    private const int LabelMarginTop = 1;

    /// <summary>
    /// Draws <paramref name="samples"/> <paramref name="columns"/> per block, <paramref name="rows"/>
    /// rows high, filled below the line (SPARKLINE_FILL), each sample's label written downwards
    /// under it after one blank row.
    /// </summary>
    public static void Render(StringBuilder output, IReadOnlyList<(double Value, string Label)> samples, int columns, int rows)
    {
        if (samples.Count == 0) return;
        double min = samples[0].Value, max = samples[0].Value;
        // sparklineSequenceAddSample's running min/max: a new minimum is never also checked as a maximum.
        for (int i = 1; i < samples.Count; i++)
        {
            if (samples[i].Value < min) min = samples[i].Value;
            else if (samples[i].Value > max) max = samples[i].Value;
        }
        for (int start = 0; start < samples.Count; start += columns)
        {
            if (start != 0) output.Append('\n');
            RenderRange(output, samples, min, max, rows, start, Math.Min(columns, samples.Count - start));
        }
    }

    private static void RenderRange(StringBuilder output, IReadOnlyList<(double Value, string Label)> samples,
        double min, double max, int rows, int offset, int length)
    {
        double relativeMax = max - min;
        if (relativeMax == 0) relativeMax = 1;
        int steps = CharsetFill.Length * rows;
        var chars = new char[length];
        bool hasLabels = false;
        foreach (var sample in samples) hasLabels |= sample.Label.Length > 0;
        for (int row = 0; ; row++)
        {
            bool more = false;
            Array.Fill(chars, ' ');
            for (int j = 0; j < length; j++)
            {
                var (value, label) = samples[j + offset];
                int step = (int)((int)((value - min) * steps) / relativeMax);
                step = Math.Clamp(step, 0, steps - 1);
                if (row < rows)
                {
                    int charIndex = step - (rows - row - 1) * CharsetFill.Length;
                    more = true;
                    if (charIndex >= 0 && charIndex < CharsetFill.Length) chars[j] = CharsetFill[charIndex];
                    else if (charIndex >= CharsetFill.Length) chars[j] = '|';
                }
                else
                {
                    if (hasLabels && row - rows < LabelMarginTop)
                    {
                        more = true;
                        break;
                    }
                    int labelChar = row - rows - LabelMarginTop;
                    if (label.Length > labelChar)
                    {
                        more = true;
                        chars[j] = label[labelChar];
                    }
                }
            }
            if (!more) return;
            output.Append(chars).Append('\n');
        }
    }
}
