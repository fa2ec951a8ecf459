// Normalises ACL replies for comparison with redis-server: what Redis leaves to hash order or the
// clock (the order of single-command rules, log ages, client ids and addresses) is made canonical.

using System.Text;
using System.Text.RegularExpressions;

namespace EventLoopRedis.Tests.Security;

internal static partial class AclReplies
{
    /// <summary>
    /// Sorts each run of single-command rules ("+get +set", kept in hash order by Redis) and drops
    /// those naming commands we lack, replaces log ages and client ids by placeholders, and keeps
    /// only the deterministic fields of client-info lines; bulk lengths are recomputed.
    /// </summary>
    public static string Normalise(string reply, HashSet<string> known)
    {
        var lines = reply.Split("\r\n");
        var output = new StringBuilder();
        string? placeholderNext = null;
        for (int i = 0; i < lines.Length - 1; i++)
        {
            string line = lines[i];
            if (placeholderNext is not null && (line.StartsWith('$') || line.StartsWith(',') || line.StartsWith(':')))
            {
                if (line.StartsWith('$')) i++;
                output.Append(placeholderNext).Append("\r\n");
                placeholderNext = null;
                continue;
            }
            if (line.StartsWith('$') && line != "$-1" && i + 1 < lines.Length - 1)
            {
                string payload = NormalisePayload(lines[++i], known);
                placeholderNext = payload switch
                {
                    "age-seconds" => "<age>",
                    "id" => "<id>",
                    _ => null,
                };
                output.Append('$').Append(payload.Length).Append("\r\n").Append(payload).Append("\r\n");
                continue;
            }
            if (line.StartsWith('+') || line.StartsWith('-')) line = line[0] + NormalisePayload(line[1..], known);
            output.Append(line).Append("\r\n");
        }
        return output.ToString();
    }

    /// <summary>One line of text (a bulk payload, an ACL file line): rules sorted, unknown commands dropped, client info trimmed.</summary>
    public static string NormalisePayload(string text, HashSet<string> known)
    {
        if (text.StartsWith("id=", StringComparison.Ordinal))
        {
            var kept = text.Split(' ').Where(field => KeptClientFields.Contains(field.Split('=')[0]));
            return string.Join(' ', kept);
        }
        var words = text.Split(' ').Where(word => !IsSingleCommandRule(word) || Names(word).Any(known.Contains)).ToArray();
        for (int start = 0; start < words.Length; start++)
        {
            if (!IsSingleCommandRule(words[start])) continue;
            int end = start;
            while (end + 1 < words.Length && IsSingleCommandRule(words[end + 1])) end++;
            bool closes = words[end].EndsWith(')');
            if (closes) words[end] = words[end][..^1];
            Array.Sort(words, start, end - start + 1, StringComparer.Ordinal);
            if (closes) words[end] += ")";
            start = end;
        }
        return string.Join(' ', words);
    }

    private static readonly HashSet<string> KeptClientFields = ["name", "flags", "db", "sub", "psub", "ssub", "multi", "cmd", "user", "resp"];

    private static bool IsSingleCommandRule(string word) => SingleCommandRule().IsMatch(word);

    /// <summary>"+config|get)" names config|get, or the command config with a first argument.</summary>
    private static string[] Names(string rule)
    {
        string name = rule.TrimEnd(')')[1..];
        int bar = name.IndexOf('|');
        return bar < 0 ? [name] : [name, name[..bar]];
    }

    [GeneratedRegex(@"^[+-][a-z|0-9_-]+\)?$")]
    private static partial Regex SingleCommandRule();
}
