// CONFIG subcommands: GET, SET, RESETSTAT, HELP.
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
    /// Each parameter is a glob pattern (case-insensitive); the reply maps names to values.
    /// </summary>
    public static void Get(Client client)
    {
        var args = client.Args;
        var matches = new List<(string Name, string Value)>();
        var seen = new HashSet<string>();
        foreach (var directive in client.Server.Config.Directives)
        {
            foreach (string name in directive.Aliases.Prepend(directive.Name))
            {
                var nameBytes = Encoding.ASCII.GetBytes(name);
                for (int i = 2; i < args.Count; i++)
                {
                    if (Glob.Match(args[i], nameBytes, noCase: true) && seen.Add(name))
                        matches.Add((name, directive.Get()));
                }
            }
        }
        client.Reply.MapHeader(matches.Count);
        foreach (var (name, value) in matches)
        {
            client.Reply.Bulk(name);
            client.Reply.Bulk(value);
        }
    }

    /// <summary>
    /// Format: <c>CONFIG SET parameter value [parameter value ...]</c>
    /// All or nothing: if one value is refused, the ones already set are restored.
    /// </summary>
    public static void Set(Client client)
    {
        var args = client.Args;
        var config = client.Server.Config;
        if ((args.Count - 2) % 2 != 0)
        {
            client.Reply.Error(Errors.WrongArgCount("config|set"));
            return;
        }

        var changes = new List<(Directive Directive, string Name, string Value)>();
        for (int i = 2; i < args.Count; i += 2)
        {
            string name = Encoding.Latin1.GetString(args[i]);
            var directive = config.Find(name);
            if (directive is null)
            {
                client.Reply.Error($"ERR Unknown option or number of arguments for CONFIG SET - '{name}'");
                return;
            }
            if (!directive.Mutable)
            {
                client.Reply.Error(SetFailed(name, "can't set immutable config"));
                return;
            }
            if (changes.Any(c => c.Directive == directive))
            {
                client.Reply.Error(SetFailed(name, "duplicate parameter"));
                return;
            }
            changes.Add((directive, name, Encoding.Latin1.GetString(args[i + 1])));
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

    private static string SetFailed(string name, string reason) =>
        $"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}";

    /// <summary>Format: <c>CONFIG RESETSTAT</c></summary>
    public static void ResetStat(Client client)
    {
        var server = client.Server;
        server.Stats.Reset();
        foreach (var command in server.Commands.Commands)
        {
            foreach (var c in command.Subcommands.Prepend(command)) c.Calls = c.Microseconds = c.FailedCalls = c.RejectedCalls = 0;
        }
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
    ]);
}
