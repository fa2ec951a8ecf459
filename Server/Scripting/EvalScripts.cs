// lua_scripts, the cache of EVAL scripts by SHA1, and the EVAL/EVALSHA path into the engine.
// cf. luaCreateFunction and evalGenericCommand in eval.c.

using System.Security.Cryptography;
using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Scripting;

internal sealed class EvalScripts : IDisposable
{
    /// <summary>A cached script: its body, its shebang flags, and its compiled function (a registry reference).</summary>
    private sealed record Script(string Sha, byte[] Body, ScriptFlags Flags, int FunctionRef);

    /// <summary>Flag names as shebangs, register_function and FUNCTION LIST spell them, in Redis's order (scripts_flags_def).</summary>
    public static readonly (string Name, ScriptFlags Flag)[] FlagNames =
    [
        ("no-writes", ScriptFlags.NoWrites),
        ("allow-oom", ScriptFlags.AllowOom),
        ("allow-stale", ScriptFlags.AllowStale),
        ("no-cluster", ScriptFlags.NoCluster),
    ];

    private readonly ScriptEngine _engine;
    private LuaState _lua;

    /// <summary>
    /// lua_scripts: lowercase SHA1 hex (40 bytes) to script. Filled by EVAL and SCRIPT LOAD,
    /// read by EVALSHA and SCRIPT EXISTS; looked up by span (and case-insensitively, as
    /// Redis's dict does), so EVALSHA allocates nothing to find its script.
    /// </summary>
    private readonly Dictionary<byte[], Script> _scripts = new(AsciiNoCaseComparer.Instance);
    private readonly Dictionary<byte[], Script>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public EvalScripts(ScriptEngine engine)
    {
        _engine = engine;
        _lua = new LuaState(LuaMode.Eval, _engine.Server.Config.LuaHeapLimit);
        _lookup = _scripts.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _scripts.Count;

    /// <summary>The Lua state EVAL scripts run in.</summary>
    public LuaState Lua => _lua;

    /// <summary>Writes the SHA1 of <paramref name="data"/> as 40 lowercase hex digits. cf. sha1hex.</summary>
    public static void Sha1Hex(ReadOnlySpan<byte> data, Span<byte> hex)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(data, hash);
        for (int i = 0; i < 20; i++)
        {
            hex[i * 2] = (byte)"0123456789abcdef"[hash[i] >> 4];
            hex[i * 2 + 1] = (byte)"0123456789abcdef"[hash[i] & 15];
        }
    }

    /// <summary>
    /// EVAL, EVALSHA and their _RO forms: <c>script|sha1 numkeys [key ...] [arg ...]</c>.
    /// cf. evalGenericCommand.
    /// </summary>
    public void Eval(Client client, bool bySha, bool readOnly)
    {
        var args = client.Args;
        if (bySha && args[1].Length != 40)
        {
            client.Reply.Error(NoScript);
            return;
        }
        if (!ScriptEngine.TryGetNumKeys(client, Errors.NotInteger, out int numKeys)) return;

        Script? script;
        if (bySha)
        {
            if (!_lookup.TryGetValue(args[1], out script))
            {
                client.Reply.Error(NoScript);
                return;
            }
        }
        else
        {
            Span<byte> sha = stackalloc byte[40];
            Sha1Hex(args[1], sha);
            if (!_lookup.TryGetValue(sha, out script))
            {
                script = Create(client, args[1], sha);
                if (script is null) return;
            }
        }

        if (!_engine.CanRun(client, script.Flags, readOnly)) return;
        _engine.Run(_lua, script.FunctionRef, client, script.Sha, script.Flags, readOnly, keysAt: 3, numKeys);
    }

    private static ReadOnlySpan<byte> NoScript => "NOSCRIPT No matching script. Please use EVAL."u8;

    /// <summary>SCRIPT LOAD: compiles and caches the script; returns its SHA1, or null after replying with the error.</summary>
    public byte[]? Load(Client client, ReadOnlySpan<byte> body)
    {
        Span<byte> sha = stackalloc byte[40];
        Sha1Hex(body, sha);
        if (!_lookup.TryGetValue(sha, out var script)) script = Create(client, body, sha);
        return script is null ? null : Encoding.ASCII.GetBytes(script.Sha);
    }

    public bool Exists(ReadOnlySpan<byte> sha) => _lookup.ContainsKey(sha);

    /// <summary>
    /// The flags a call of this script would run with, before running it (cf. the lookup in
    /// evalGetCommandFlags): the cached script's, else the shebang's of a new body; null when that
    /// cannot be known (no script under that SHA1, a bad shebang).
    /// </summary>
    public ScriptFlags? FlagsOf(ReadOnlySpan<byte> scriptOrSha, bool bySha)
    {
        if (bySha)
        {
            if (scriptOrSha.Length != 40) return null;
            return _lookup.TryGetValue(scriptOrSha, out var cached) ? cached.Flags : null;
        }
        Span<byte> sha = stackalloc byte[40];
        Sha1Hex(scriptOrSha, sha);
        if (_lookup.TryGetValue(sha, out var script)) return script.Flags;
        if (!scriptOrSha.StartsWith("#!"u8)) return ScriptFlags.EvalCompatMode;
        int end = scriptOrSha.IndexOf((byte)'\n');
        return ParseShebang(scriptOrSha[..(end < 0 ? scriptOrSha.Length : end)], out var flags, out _) ? flags : null;
    }

    /// <summary>SCRIPT FLUSH: forgets every script and starts a fresh Lua state. cf. scriptingReset.</summary>
    public void Flush()
    {
        _scripts.Clear();
        _lua.Dispose();
        _lua = new LuaState(LuaMode.Eval, _engine.Server.Config.LuaHeapLimit);
    }

    /// <summary>
    /// Parses the shebang, compiles the body and caches it; replies with the error and
    /// returns null when either fails. The body is compiled from the end of the shebang line
    /// on, so that line numbers in errors are the script's own. cf. luaCreateFunction.
    /// </summary>
    private Script? Create(Client client, ReadOnlySpan<byte> body, ReadOnlySpan<byte> sha)
    {
        var flags = ScriptFlags.EvalCompatMode;
        int shebangLength = 0;
        if (body.StartsWith("#!"u8))
        {
            shebangLength = body.IndexOf((byte)'\n');
            if (shebangLength < 0) shebangLength = body.Length;
            if (!ParseShebang(body[..shebangLength], out flags, out string? shebangError))
            {
                client.Reply.Error(shebangError!);
                return null;
            }
        }

        int functionRef = _lua.Compile(body[shebangLength..], "@user_script\0"u8, out string error);
        if (functionRef == LuaApi.NoRef)
        {
            client.Reply.Error($"ERR Error compiling script (new function): {LuaState.QuoteTokens(error)}");
            return null;
        }
        var script = new Script(Encoding.ASCII.GetString(sha), body.ToArray(), flags, functionRef);
        _scripts.Add(sha.ToArray(), script);
        return script;
    }

    /// <summary>
    /// "#!lua flags=no-writes,allow-oom", split as Redis splits arguments (sdssplitargs):
    /// the engine must be lua, and flags= is the only option.
    /// </summary>
    private static bool ParseShebang(ReadOnlySpan<byte> line, out ScriptFlags flags, out string? error)
    {
        flags = ScriptFlags.None;
        error = null;
        var buffer = line.ToArray();
        var parts = new ArgList();
        parts.Reset(buffer);
        if (!InlineSplitter.Split(buffer, 0, parts) || parts.Count == 0)
        {
            error = "ERR Invalid engine in script shebang";
            return false;
        }
        if (!parts[0].SequenceEqual("#!lua"u8))
        {
            error = $"ERR Unexpected engine in script shebang: {Encoding.Latin1.GetString(parts[0])}";
            return false;
        }
        for (int i = 1; i < parts.Count; i++)
        {
            string part = Encoding.Latin1.GetString(parts[i]);
            if (!part.StartsWith("flags=", StringComparison.Ordinal))
            {
                error = $"ERR Unknown lua shebang option: {part}";
                return false;
            }
            if (part.Length == 6) continue;
            foreach (var name in part[6..].Split(','))
            {
                int found = Array.FindIndex(FlagNames, f => f.Name == name);
                if (found < 0)
                {
                    error = $"ERR Unexpected flag in script shebang: {name}";
                    return false;
                }
                flags |= FlagNames[found].Flag;
            }
        }
        return true;
    }

    public void Dispose() => _lua.Dispose();
}
