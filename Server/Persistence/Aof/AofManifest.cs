// The AOF manifest: which files make up the append-only file, in Redis 7.0's multi-part layout
// (a base, incr files, history files awaiting deletion). cf. aofInfo, aofManifest, aofLoadManifestFromFile
// and getAofManifestAsString in aof.c.

using System.Globalization;
using System.Text;

namespace EventLoopRedis.Persistence.Aof;

/// <summary>The kinds of file a manifest lists, with their one-letter codes (cf. AOF_FILE_TYPE_*).</summary>
internal enum AofFileType
{
    Base = 'b',
    History = 'h',
    Incr = 'i',
}

/// <summary>One line of the manifest: <c>file name seq n type t</c>.</summary>
internal sealed record AofFileInfo(string Name, long Seq, AofFileType Type);

/// <summary>
/// The parsed manifest. Its text format is Redis's exactly: one <c>file NAME seq N type T</c> line per
/// file, the base first, then history files, then incr files in order, each line ending in a newline.
/// </summary>
internal sealed class AofManifest
{
    public AofFileInfo? Base { get; set; }
    public List<AofFileInfo> History { get; } = new();
    public List<AofFileInfo> Incrs { get; } = new();

    /// <summary>The highest base and incr sequence numbers handed out (cf. curr_base_file_seq, curr_incr_file_seq).</summary>
    public long BaseSeq { get; set; }
    public long IncrSeq { get; set; }

    /// <summary>A copy to change, so that the one in use stays as it is until the change is on disk (cf. aofManifestDup).</summary>
    public AofManifest Clone()
    {
        var copy = new AofManifest { Base = Base, BaseSeq = BaseSeq, IncrSeq = IncrSeq };
        copy.History.AddRange(History);
        copy.Incrs.AddRange(Incrs);
        return copy;
    }

    /// <summary>The manifest's file name: <c>appendonly.aof.manifest</c> for the default appendfilename.</summary>
    public static string FileName(string appendFilename) => appendFilename + ".manifest";

    public static string BaseName(string appendFilename, long seq, bool rdb) =>
        $"{appendFilename}.{seq}.base.{(rdb ? "rdb" : "aof")}";

    public static string IncrName(string appendFilename, long seq) => $"{appendFilename}.{seq}.incr.aof";

    /// <summary>The manifest as Redis writes it (cf. getAofManifestAsString).</summary>
    public string Format()
    {
        var text = new StringBuilder();
        void Line(AofFileInfo info) => text.Append("file ").Append(QuoteIfNeeded(info.Name))
            .Append(" seq ").Append(info.Seq.ToString(CultureInfo.InvariantCulture))
            .Append(" type ").Append((char)info.Type).Append('\n');
        if (Base is not null) Line(Base);
        foreach (var info in History) Line(info);
        foreach (var info in Incrs) Line(info);
        return text.ToString();
    }

    // Redis writes a name with spaces or unprintable bytes as a quoted C string (sdscatrepr).
    private static string QuoteIfNeeded(string name)
    {
        bool plain = name.Length > 0;
        foreach (char c in name) plain &= c > ' ' && c < 127 && c != '"' && c != '\\';
        if (plain) return name;
        var quoted = new StringBuilder("\"");
        foreach (char c in name)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || c >= 127 => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// Parses a manifest, or returns null with Redis's reason (cf. aofLoadManifestFromFile: each
    /// message as it logs it after "Invalid AOF manifest file format" or on its own).
    /// </summary>
    public static AofManifest? Parse(string text, out string error)
    {
        error = "";
        var manifest = new AofManifest();
        long maxIncrSeq = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            if (rawLine.Length == 0) continue;
            var line = rawLine.TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0 || line[0] == '#') continue;
            var words = SplitArgs(line);
            if (words is null || words.Count < 6 || words.Count % 2 == 1)
            {
                error = "Invalid AOF manifest file format";
                return null;
            }
            string? name = null;
            long seq = 0;
            char type = '\0';
            for (int i = 0; i < words.Count; i += 2)
            {
                switch (words[i].ToLowerInvariant())
                {
                    case "file": name = words[i + 1]; break;
                    case "seq": long.TryParse(words[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seq); break;
                    case "type": type = words[i + 1].Length > 0 ? words[i + 1][0] : '\0'; break;
                }
            }
            if (name is null || seq == 0 || type == '\0')
            {
                error = "Invalid AOF manifest file format";
                return null;
            }
            var info = new AofFileInfo(name, seq, (AofFileType)type);
            switch (type)
            {
                case 'b':
                    if (manifest.Base is not null)
                    {
                        error = "Found duplicate base file information";
                        return null;
                    }
                    manifest.Base = info;
                    manifest.BaseSeq = seq;
                    break;
                case 'h':
                    manifest.History.Add(info);
                    break;
                case 'i':
                    if (seq <= maxIncrSeq)
                    {
                        error = "Found a non-monotonic sequence number";
                        return null;
                    }
                    manifest.Incrs.Add(info);
                    manifest.IncrSeq = maxIncrSeq = seq;
                    break;
                default:
                    error = "Unknown AOF file type";
                    return null;
            }
        }
        if (manifest.Base is null && manifest.Incrs.Count == 0)
        {
            error = "Found an empty AOF manifest";
            return null;
        }
        return manifest;
    }

    // Words separated by blanks, "double" or 'single' quoted with C escapes (cf. sdssplitargs).
    private static List<string>? SplitArgs(string line)
    {
        var words = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i == line.Length) return words;
            var word = new StringBuilder();
            char quote = line[i] is '"' or '\'' ? line[i++] : '\0';
            while (true)
            {
                if (i == line.Length)
                {
                    if (quote != '\0') return null; // unterminated quotes
                    break;
                }
                char c = line[i];
                if (quote == '\0' && char.IsWhiteSpace(c)) break;
                if (quote != '\0' && c == quote)
                {
                    i++;
                    if (i < line.Length && !char.IsWhiteSpace(line[i])) return null; // closing quote must be followed by a space
                    break;
                }
                if (quote == '"' && c == '\\' && i + 1 < line.Length)
                {
                    char next = line[i + 1];
                    if (next == 'x' && i + 3 < line.Length && IsHex(line[i + 2]) && IsHex(line[i + 3]))
                    {
                        word.Append((char)Convert.ToInt32(line.Substring(i + 2, 2), 16));
                        i += 4;
                        continue;
                    }
                    word.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'a' => '\a', _ => next });
                    i += 2;
                    continue;
                }
                word.Append(c);
                i++;
            }
            words.Add(word.ToString());
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
