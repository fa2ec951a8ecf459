// Scripting commands: EVAL, EVALSHA, their read-only forms, and SCRIPT.
// cf. evalCommand, evalShaCommand and scriptCommand in eval.c.

using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Commands;

internal static class ScriptingCommands
{
    /// <summary>Format: <c>EVAL script numkeys [key [key ...]] [arg [arg ...]]</c></summary>
    public static void Eval(Client client)
    {
        Monitors.FeedScript(client);
        client.Server.Propagation.Prevent(); // its effects are propagated, not the script
        client.Server.Scripting.Eval.Eval(client, bySha: false, readOnly: false);
    }

    /// <summary>Format: <c>EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]</c></summary>
    public static void EvalSha(Client client)
    {
        Monitors.FeedScript(client);
        client.Server.Propagation.Prevent(); // its effects are propagated, not the script
        client.Server.Scripting.Eval.Eval(client, bySha: true, readOnly: false);
    }

    /// <summary>Format: <c>EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]</c>. Write commands are refused.</summary>
    public static void EvalRo(Client client)
    {
        Monitors.FeedScript(client);
        client.Server.Propagation.Prevent(); // its effects are propagated, not the script
        client.Server.Scripting.Eval.Eval(client, bySha: false, readOnly: true);
    }

    /// <summary>Format: <c>EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]</c>. Write commands are refused.</summary>
    public static void EvalShaRo(Client client)
    {
        Monitors.FeedScript(client);
        client.Server.Propagation.Prevent(); // its effects are propagated, not the script
        client.Server.Scripting.Eval.Eval(client, bySha: true, readOnly: true);
    }

    /// <summary>Format: <c>SCRIPT LOAD script</c>. Replies the script's SHA1.</summary>
    public static void ScriptLoad(Client client)
    {
        var sha = client.Server.Scripting.Eval.Load(client, client.Args[2]);
        if (sha is not null) client.Reply.Bulk(sha);
    }

    /// <summary>Format: <c>SCRIPT EXISTS sha1 [sha1 ...]</c>. Replies 1 or 0 for each.</summary>
    public static void ScriptExists(Client client)
    {
        var args = client.Args;
        client.Reply.ArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++) client.Reply.Integer(client.Server.Scripting.Eval.Exists(args[i]) ? 1 : 0);
    }

    /// <summary>Format: <c>SCRIPT FLUSH [ASYNC|SYNC]</c>. Both modes free synchronously here.</summary>
    public static void ScriptFlush(Client client)
    {
        var args = client.Args;
        if (args.Count > 3 || (args.Count == 3 && !args.Is(2, "SYNC"u8) && !args.Is(2, "ASYNC"u8)))
        {
            client.Reply.Error("ERR SCRIPT FLUSH only support SYNC|ASYNC option"u8);
            return;
        }
        client.Server.Scripting.Eval.Flush();
        client.Reply.Ok();
    }

    /// <summary>Format: <c>SCRIPT KILL</c>. Stops the running script, unless it has written.</summary>
    public static void ScriptKill(Client client) => client.Server.Scripting.Kill(client, isEval: true);

    /// <summary>Format: <c>SCRIPT HELP</c></summary>
    public static void ScriptHelp(Client client) => Help.Reply(client, "SCRIPT",
    [
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
    ]);
}
