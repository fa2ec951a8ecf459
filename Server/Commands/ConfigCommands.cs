// CONFIG subcommands: GET, SET, RESETSTAT, REWRITE, HELP.
// cf. configGetCommand, configSetCommand and resetCommandTableStats in config.c and server.c.

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class ConfigCommands
{
    /// <summary>
    /// Format: <c>CONFIG GET parameter [parameter ...]</c>
    /// A parameter with glob characters matches names and aliases (not hidden ones), ignoring case;
    /// one without is looked up exactly and answered under the name as given. cf. configGetCommand.
    /// </summary>
    public static void Get(Client client)
    {
        var args = client.Args;
        var config = client.Server.Config;
        var matches = new List<(string Name, Directive Directive)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 2; i < args.Count; i++)
        {
            var pattern = args[i];
            if (pattern.IndexOfAny("[*?"u8) < 0)
            {
                string name = Encoding.Latin1.GetString(pattern);
                if (config.Find(name) is { } directive && seen.Add(name)) matches.Add((name, directive));
                continue;
            }
            foreach (var directive in config.Directives)
            {
                if (directive.Hidden) continue;
                foreach (string name in directive.Aliases.Prepend(directive.Name))
                {
                    if (!seen.Contains(name) && Glob.Match(pattern, Encoding.ASCII.GetBytes(name), noCase: true))
                    {
                        seen.Add(name);
                        matches.Add((name, directive));
                    }
                }
            }
        }
        client.Reply.MapHeader(matches.Count);
        foreach (var (name, directive) in matches)
        {
            client.Reply.Bulk(name);
            client.Reply.Bulk(directive.Get());
        }
    }

    /// <summary>
    /// Format: <c>CONFIG SET parameter value [parameter value ...]</c>
    /// All or nothing: the names are checked first (unknown, immutable, protected, repeated), then
    /// the values are set in order, and if one is refused the ones already set are restored.
    /// cf. configSetCommand.
    /// </summary>
    public static void Set(Client client)
    {
        var args = client.Args;
        var config = client.Server.Config;
        if ((args.Count - 2) % 2 != 0)
        {
            client.Reply.Error(Errors.Syntax); // a name without a value (the arity check caught CONFIG SET name)
            return;
        }

        var changes = new List<(Directive Directive, string Name, string Value)>();
        string? unknown = null, refusal = null;
        for (int i = 2; i < args.Count; i += 2)
        {
            string typed = Encoding.Latin1.GetString(args[i]);
            var directive = config.Find(typed);
            if (directive is null)
            {
                if (unknown is null && refusal is null) unknown = typed;
                continue;
            }
            // Every sensitive value is redacted, even when another argument makes the command fail.
            if (directive.Sensitive) client.RedactedArgs.Add(i + 1);
            if (unknown is not null || refusal is not null) continue;
            if (!directive.Mutable || (directive.Protected && !AllowsProtected(client, config.EnableProtectedConfigs)))
            {
                refusal = SetFailed(typed, directive.Mutable ? "can't set protected config" : "can't set immutable config");
                continue;
            }
            // An alias is an entry of its own in Redis: it names errors, and it is no duplicate of its parameter.
            string name = Array.Find(directive.Aliases, a => a.Equals(typed, StringComparison.OrdinalIgnoreCase)) ?? directive.Name;
            if (changes.Exists(c => c.Name == name))
            {
                refusal = SetFailed(typed, "duplicate parameter");
                continue;
            }
            changes.Add((directive, name, Encoding.Latin1.GetString(args[i + 1])));
        }
        if (unknown is not null)
        {
            client.Reply.Error($"ERR Unknown option or number of arguments for CONFIG SET - '{unknown}'");
            return;
        }
        if (refusal is not null)
        {
            client.Reply.Error(refusal);
            return;
        }

        var applied = new List<(Directive Directive, string OldValue)>();
        foreach (var (directive, name, value) in changes)
        {
            string oldValue = directive.Get();
            string? error = directive.Set(value);
            if (error is not null)
            {
                foreach (var (done, old) in applied) done.Set(old);
                client.Reply.Error(SetFailed(name, error));
                return;
            }
            applied.Add((directive, oldValue));
        }
        Log.MinLevel = Log.Parse(config.LogLevel);
        client.Reply.Ok();
    }

    /// <summary>enable-protected-configs and enable-debug-command: yes, no, or local (cf. allowProtectedAction).</summary>
    public static bool AllowsProtected(Client client, string setting) =>
        setting == "yes" || (setting == "local" && client.IsLocal);

    private static string SetFailed(string name, string reason) =>
        $"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}";

    /// <summary>Format: <c>CONFIG RESETSTAT</c></summary>
    public static void ResetStat(Client client)
    {
        var server = client.Server;
        server.Stats.Reset();
        server.Evictor.ResetStats();
        server.ClientMemory.EvictedClients = 0;
        server.Replicas.SyncFull = server.Replicas.SyncPartialOk = server.Replicas.SyncPartialErr = 0;
        foreach (var command in server.Commands.Commands)
        {
            foreach (var c in command.Subcommands.Prepend(command))
            {
                c.Calls = c.Microseconds = c.FailedCalls = c.RejectedCalls = 0;
                c.LatencyHistogram = null;
            }
        }
        client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>CONFIG REWRITE</c>: writes the running configuration into the file the server
    /// started with, keeping its comments and order (see ConfigRewrite). cf. configRewriteCommand.
    /// </summary>
    public static void Rewrite(Client client)
    {
        var config = client.Server.Config;
        if (config.ConfigFile is null)
        {
            client.Reply.Error("ERR The server is running without a config file"u8);
            return;
        }
        if (ConfigRewrite.RewriteFile(config) is { } error)
        {
            Log.Warning($"CONFIG REWRITE failed: {error}");
            client.Reply.Error($"ERR Rewriting config file: {error}");
            return;
        }
        Log.Notice("CONFIG REWRITE executed with success.");
        client.Reply.Ok();
    }

    /// <summary>Format: <c>CONFIG HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "CONFIG",
    [
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    ]);
}
