// Function commands: FCALL, FCALL_RO and FUNCTION's subcommands.
// cf. fcallCommand and the function*Command functions in functions.c.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Scripting;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class FunctionCommands
{
    /// <summary>Format: <c>FCALL function numkeys [key [key ...]] [arg [arg ...]]</c></summary>
    public static void Fcall(Client client)
    {
        Monitors.FeedScript(client);
        client.Server.Scripting.Functions.Call(client, readOnly: false);
    }

    /// <summary>Format: <c>FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]</c>. Only no-writes functions.</summary>
    public static void FcallRo(Client client)
    {
        Monitors.FeedScript(client);
        client.Server.Scripting.Functions.Call(client, readOnly: true);
    }

    /// <summary>Format: <c>FUNCTION LOAD [REPLACE] function-code</c>. Replies the library's name.</summary>
    public static void Load(Client client)
    {
        var args = client.Args;
        bool replace = false;
        int at = 2;
        for (; at < args.Count - 1; at++)
        {
            if (!args.Is(at, "REPLACE"u8))
            {
                client.Reply.Error($"ERR Unknown option given: {CommandExecutor.Printable(args[at], int.MaxValue)}");
                return;
            }
            replace = true;
        }
        if (at >= args.Count)
        {
            client.Reply.Error("ERR Function code is missing"u8);
            return;
        }
        var functions = client.Server.Scripting.Functions;
        string? name = functions.Create(args[at], replace, functions.Current, out string error);
        if (name is null)
        {
            client.Reply.Error("ERR " + error);
            return;
        }
        client.Server.Dirty++; // functions are data: saved, and propagated as the command itself
        client.Reply.Bulk(name);
    }

    /// <summary>Format: <c>FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]</c></summary>
    public static void List(Client client)
    {
        var args = client.Args;
        bool withCode = false;
        byte[]? pattern = null;
        for (int i = 2; i < args.Count; i++)
        {
            if (!withCode && args.Is(i, "WITHCODE"u8))
            {
                withCode = true;
                continue;
            }
            if (pattern is null && args.Is(i, "LIBRARYNAME"u8))
            {
                if (i >= args.Count - 1)
                {
                    client.Reply.Error("ERR library name argument was not given"u8);
                    return;
                }
                pattern = args.ToArray(++i);
                continue;
            }
            client.Reply.Error($"ERR Unknown argument {CommandExecutor.Printable(args[i], int.MaxValue)}");
            return;
        }

        var libraries = client.Server.Scripting.Functions.Current.Libraries
            .Where(l => pattern is null || Glob.Match(pattern, Encoding.ASCII.GetBytes(l.Name), noCase: true))
            .ToList();
        var reply = client.Reply;
        reply.ArrayHeader(libraries.Count);
        foreach (var library in libraries)
        {
            reply.MapHeader(withCode ? 4 : 3);
            reply.Bulk("library_name"u8);
            reply.Bulk(library.Name);
            reply.Bulk("engine"u8);
            reply.Bulk("LUA"u8);
            reply.Bulk("functions"u8);
            reply.ArrayHeader(library.Functions.Count);
            foreach (var function in library.Functions)
            {
                reply.MapHeader(3);
                reply.Bulk("name"u8);
                reply.Bulk(function.Name);
                reply.Bulk("description"u8);
                if (function.Description is null) reply.NullBulk();
                else reply.Bulk(function.Description);
                reply.Bulk("flags"u8);
                var flags = EvalScripts.FlagNames.Where(f => (function.Flags & f.Flag) != 0).ToList();
                reply.SetHeader(flags.Count);
                foreach (var flag in flags) reply.Simple(Encoding.ASCII.GetBytes(flag.Name));
            }
            if (withCode)
            {
                reply.Bulk("library_code"u8);
                reply.Bulk(library.Code);
            }
        }
    }

    /// <summary>Format: <c>FUNCTION DELETE library-name</c></summary>
    public static void Delete(Client client)
    {
        var functions = client.Server.Scripting.Functions;
        var library = functions.Current.Library(Encoding.Latin1.GetString(client.Args[2]));
        if (library is null)
        {
            client.Reply.Error("ERR Library not found"u8);
            return;
        }
        functions.Delete(library);
        client.Server.Dirty++;
        client.Reply.Ok();
    }

    /// <summary>Format: <c>FUNCTION FLUSH [ASYNC|SYNC]</c>. Both modes free synchronously here.</summary>
    public static void Flush(Client client)
    {
        var args = client.Args;
        if (args.Count > 3)
        {
            SubcommandSyntaxError(client);
            return;
        }
        if (args.Count == 3 && !args.Is(2, "SYNC"u8) && !args.Is(2, "ASYNC"u8))
        {
            client.Reply.Error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option"u8);
            return;
        }
        client.Server.Scripting.Functions.Flush();
        client.Server.Dirty++;
        client.Reply.Ok();
    }

    /// <summary>Format: <c>FUNCTION DUMP</c>. A payload FUNCTION RESTORE (here or in Redis) reads back.</summary>
    public static void Dump(Client client) =>
        client.Reply.Bulk(FunctionPayload.Dump(client.Server.Scripting.Functions.Current.Libraries, client.Server.Config.RdbCompression));

    /// <summary>Format: <c>FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]</c>. APPEND by default.</summary>
    public static void Restore(Client client)
    {
        var args = client.Args;
        if (args.Count > 4)
        {
            SubcommandSyntaxError(client);
            return;
        }
        bool flush = false, replace = false;
        if (args.Count == 4)
        {
            if (args.Is(3, "FLUSH"u8)) flush = true;
            else if (args.Is(3, "REPLACE"u8)) replace = true;
            else if (!args.Is(3, "APPEND"u8))
            {
                client.Reply.Error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE."u8);
                return;
            }
        }

        var functions = client.Server.Scripting.Functions;
        var codes = FunctionPayload.Read(args[2], out string error);
        var restored = new LibrarySet();
        if (codes is not null)
        {
            foreach (var code in codes)
            {
                if (functions.Create(code, replace: false, restored, out error) is null) break;
                error = "";
            }
        }
        if (error.Length == 0)
        {
            if (flush) functions.Replace(restored);
            else Join(functions, restored, replace, out error);
        }
        if (error.Length > 0)
        {
            foreach (var library in restored.Libraries) functions.Release(library);
            client.Reply.Error("ERR " + error);
            return;
        }
        client.Server.Dirty++;
        client.Reply.Ok();
    }

    /// <summary>
    /// Adds the restored libraries to the current ones; a library name already there is an
    /// error, or is replaced with <paramref name="replace"/>; a function name already there
    /// is an error either way, and then nothing changes. cf. libraryJoin.
    /// </summary>
    private static bool Join(FunctionLibraries functions, LibrarySet restored, bool replace, out string error)
    {
        error = "";
        var current = functions.Current;
        var replaced = new List<FunctionLibrary>();
        foreach (var library in restored.Libraries)
        {
            var old = current.Library(library.Name);
            if (old is null) continue;
            if (!replace)
            {
                error = $"Library {library.Name} already exists";
                break;
            }
            current.Unlink(old);
            replaced.Add(old);
        }
        if (error.Length == 0)
        {
            foreach (var function in restored.Libraries.SelectMany(l => l.Functions))
            {
                if (current.Function(Encoding.ASCII.GetBytes(function.Name)) is not null)
                {
                    error = $"Function {function.Name} already exists";
                    break;
                }
            }
        }
        if (error.Length > 0)
        {
            foreach (var old in replaced) current.Link(old);
            return false;
        }
        foreach (var library in restored.Libraries.ToList()) current.Link(library);
        foreach (var old in replaced) functions.Release(old);
        return true;
    }

    /// <summary>
    /// Format: <c>FUNCTION STATS</c>: the running function (name, command, duration) or null,
    /// and the number of libraries and functions per engine.
    /// </summary>
    public static void Stats(Client client)
    {
        var scripting = client.Server.Scripting;
        var run = scripting.Running;
        if (run is { IsEval: true })
        {
            client.Reply.Error(ScriptEngine.BusyError(run));
            return;
        }
        var reply = client.Reply;
        reply.MapHeader(2);
        reply.Bulk("running_script"u8);
        if (run is null) reply.NullBulk();
        else
        {
            reply.MapHeader(3);
            reply.Bulk("name"u8);
            reply.Bulk(run.Name);
            reply.Bulk("command"u8);
            var callerArgs = run.Caller.Args;
            reply.ArrayHeader(callerArgs.Count);
            for (int i = 0; i < callerArgs.Count; i++) reply.Bulk(callerArgs[i]);
            reply.Bulk("duration_ms"u8);
            reply.Integer(run.ElapsedMs);
        }
        reply.Bulk("engines"u8);
        reply.MapHeader(1);
        reply.Bulk("LUA"u8);
        reply.MapHeader(2);
        reply.Bulk("libraries_count"u8);
        reply.Integer(scripting.Functions.Current.Libraries.Count);
        reply.Bulk("functions_count"u8);
        reply.Integer(scripting.Functions.Current.FunctionCount);
    }

    /// <summary>Format: <c>FUNCTION KILL</c>. Stops the running function, unless it has written.</summary>
    public static void Kill(Client client) => client.Server.Scripting.Kill(client, isEval: false);

    /// <summary>Format: <c>FUNCTION HELP</c></summary>
    public static void Help(Client client) => Commands.Help.Reply(client, "FUNCTION",
    [
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
    ]);

    /// <summary>cf. addReplySubcommandSyntaxError.</summary>
    private static void SubcommandSyntaxError(Client client) => client.Reply.Error(
        $"ERR unknown subcommand or wrong number of arguments for '{CommandExecutor.Printable(client.Args[1], 128)}'. Try FUNCTION HELP.");
}
