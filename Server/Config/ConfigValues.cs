// How Redis reads configuration values: yes/no, byte counts with units, and the range error.
// cf. yesnotoi, memtoull (util.c) and numericBoundaryCheck in config.c.

using System.Globalization;

namespace EventLoopRedis.Config;

internal static class ConfigValues
{
    /// <summary>"yes" or "no", any case (cf. yesnotoi).</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        value = text.Equals("yes", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("no", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Redis's memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb; any case); no sign.
    /// As in C, the digits may be empty (0) and the product wraps.
    /// </summary>
    public static bool TryParseMemory(string text, out ulong bytes)
    {
        bytes = 0;
        if (text.StartsWith('-')) return false;
        int unitAt = 0;
        while (unitAt < text.Length && char.IsAsciiDigit(text[unitAt])) unitAt++;
        ulong multiplier = text[unitAt..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000UL * 1000 * 1000,
            "gb" => 1024UL * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0) return false;
        if (unitAt == 0)
        {
            bytes = 0;
            return true;
        }
        // strtoull saturates on overflow.
        if (!ulong.TryParse(text.AsSpan(0, unitAt), NumberStyles.None, CultureInfo.InvariantCulture, out ulong number)) number = ulong.MaxValue;
        bytes = unchecked(number * multiplier);
        return true;
    }

    public static string OutOfRange(long min, long max) => $"argument must be between {min} and {max} inclusive";

    /// <summary>A percentile as Redis prints it: "%f", then trailing zeros and a bare point trimmed (99.9, 50, 0).</summary>
    public static string FormatPercentile(double value)
    {
        string text = value.ToString("F6", System.Globalization.CultureInfo.InvariantCulture);
        return text.TrimEnd('0').TrimEnd('.');
    }
}
