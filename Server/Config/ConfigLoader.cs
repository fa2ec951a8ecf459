// Reads redis.conf-style files and redis-server-style command lines into a ServerConfig.
// cf. loadServerConfig and loadServerConfigFromString in config.c, and main() in server.c.

using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Config;

/// <summary>A start-up configuration error, already worded as Redis prints it.</summary>
internal sealed class ConfigException(string message) : Exception(message);

internal static class ConfigLoader
{
    /// <summary>
    /// Applies <c>[config-file] [--directive value ...]</c> to <paramref name="config"/>.
    /// As in Redis, the command-line options become extra lines after the file's, so an
    /// error in either is reported with its line number in the combined text.
    /// </summary>
    public static void Load(ServerConfig config, string[] argv)
    {
        var text = new StringBuilder();
        int i = 0;
        if (argv.Length > 0 && !argv[0].StartsWith("--", StringComparison.Ordinal))
        {
            text.Append(ReadFile(argv[0]));
            config.ConfigFile = Path.GetFullPath(argv[0]);
            i = 1;
        }
        text.Append('\n');
        bool first = true;
        for (; i < argv.Length; i++)
        {
            if (argv[i].StartsWith("--", StringComparison.Ordinal) && argv[i].Length > 2)
            {
                if (!first) text.Append('\n');
                text.Append(argv[i], 2, argv[i].Length - 2);
                first = false;
            }
            else
            {
                text.Append(' ').Append(Quote(argv[i]));
            }
        }
        text.Append('\n');
        Apply(config, text.ToString());
    }

    /// <summary>Applies the lines of a config text; <c>include</c> reads other files in place.</summary>
    public static void Apply(ServerConfig config, string text)
    {
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim(' ', '\t', '\r');
            if (line.Length == 0 || line[0] == '#') continue;
            string? error = ApplyLine(config, line);
            if (error is not null)
            {
                throw new ConfigException(
                    $"\n*** FATAL CONFIG FILE ERROR (Redis {RedisServer.Version}) ***\n" +
                    $"Reading the configuration file, at line {n + 1}\n>>> '{line}'\n{error}");
            }
        }
    }

    private static string? ApplyLine(ServerConfig config, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var args = new ArgList();
        args.Reset(bytes);
        if (!InlineSplitter.Split(bytes, 0, args)) return "Unbalanced quotes in configuration line";
        if (args.Count == 0) return null;
        string name = Encoding.UTF8.GetString(args[0]).ToLowerInvariant();
        var values = new string[args.Count - 1];
        for (int i = 1; i < args.Count; i++) values[i - 1] = Encoding.UTF8.GetString(args[i]);

        if (name == "include" && values.Length == 1)
        {
            Apply(config, ReadFile(values[0]));
            return null;
        }
        // "user name rules...": an ACL user, checked now and created once the server is built.
        if (name == "user" && args.Count >= 2)
        {
            var words = new byte[args.Count][];
            for (int i = 0; i < args.Count; i++) words[i] = args.ToArray(i);
            return Security.Acl.ValidateUserDefinition(config, words);
        }
        var directive = config.Find(name);
        if (directive is null || values.Length == 0 || (!directive.MultiArg && values.Length != 1))
            return "Bad directive or wrong number of arguments";
        return directive.Set(string.Join(' ', values));
    }

    private static string ReadFile(string path)
    {
        try
        {
            return path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Fatal error, can't open config file '{path}': {e.Message}");
        }
    }

    /// <summary>Quotes a command-line value as sdscatrepr does, so the line splitter reads it back intact.</summary>
    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ' || c == 127) sb.Append($"\\x{(int)c:x2}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
