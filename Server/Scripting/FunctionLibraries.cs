// Function libraries: FUNCTION LOAD compiles a library whose code registers functions,
// FCALL calls them. cf. functions.c (libraries, functions, FUNCTION commands) and
// function_lua.c (the Lua engine behind them).

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Scripting;

/// <summary>A function registered by a library. cf. functionInfo.</summary>
internal sealed class LibraryFunction(string name, FunctionLibrary library, int callbackRef, ScriptFlags flags, byte[]? description)
{
    public string Name { get; } = name;
    public FunctionLibrary Library { get; } = library;
    /// <summary>The Lua callback, as a registry reference in the functions' Lua state.</summary>
    public int CallbackRef { get; } = callbackRef;
    public ScriptFlags Flags { get; } = flags;
    public byte[]? Description { get; } = description;
}

/// <summary>A library: its name, its code (shebang included) and its functions, in registration order. cf. functionLibInfo.</summary>
internal sealed class FunctionLibrary(string name, byte[] code)
{
    public string Name { get; } = name;
    public byte[] Code { get; } = code;
    public List<LibraryFunction> Functions { get; } = new();
}

/// <summary>
/// A set of libraries and the functions they registered (cf. functionsLibCtx). Library
/// names are case-sensitive; function names are not, as in Redis's dicts.
/// </summary>
internal sealed class LibrarySet
{
    private readonly Dictionary<string, FunctionLibrary> _libraries = new(StringComparer.Ordinal);
    private readonly List<FunctionLibrary> _order = new();
    private readonly Dictionary<byte[], LibraryFunction> _functions = new(AsciiNoCaseComparer.Instance);
    private readonly Dictionary<byte[], LibraryFunction>.AlternateLookup<ReadOnlySpan<byte>> _functionLookup;

    public LibrarySet() => _functionLookup = _functions.GetAlternateLookup<ReadOnlySpan<byte>>();

    public IReadOnlyList<FunctionLibrary> Libraries => _order;
    public int FunctionCount => _functions.Count;

    public FunctionLibrary? Library(string name) => _libraries.GetValueOrDefault(name);

    public LibraryFunction? Function(ReadOnlySpan<byte> name) => _functionLookup.TryGetValue(name, out var f) ? f : null;

    public void Link(FunctionLibrary library)
    {
        _libraries.Add(library.Name, library);
        _order.Add(library);
        foreach (var function in library.Functions) _functions.Add(Encoding.ASCII.GetBytes(function.Name), function);
    }

    public void Unlink(FunctionLibrary library)
    {
        _libraries.Remove(library.Name);
        _order.Remove(library);
        foreach (var function in library.Functions) _functions.Remove(Encoding.ASCII.GetBytes(function.Name));
    }
}

internal sealed class FunctionLibraries : IDisposable
{
    private readonly ScriptEngine _engine;
    private LuaState _lua;

    public FunctionLibraries(ScriptEngine engine)
    {
        _engine = engine;
        _lua = new LuaState(LuaMode.Function, _engine.Server.Config.LuaHeapLimit);
    }

    /// <summary>The libraries loaded now.</summary>
    public LibrarySet Current { get; private set; } = new();

    /// <summary>The Lua state functions run in (INFO memory reports its size).</summary>
    public LuaState Lua => _lua;

    /// <summary>
    /// FCALL and FCALL_RO: <c>function numkeys [key ...] [arg ...]</c>. cf. fcallCommandGeneric.
    /// </summary>
    public void Call(Client client, bool readOnly)
    {
        var args = client.Args;
        var function = Current.Function(args[1]);
        if (function is null)
        {
            client.Reply.Error("ERR Function not found"u8);
            return;
        }
        if (!ScriptEngine.TryGetNumKeys(client, "ERR Bad number of keys provided"u8, out int numKeys)) return;
        if (!_engine.CanRun(client, function.Flags, readOnly)) return;
        _engine.Run(_lua, function.CallbackRef, client, function.Name, function.Flags, readOnly, keysAt: 3, numKeys);
    }

    /// <summary>
    /// Compiles <paramref name="code"/> and adds its library to <paramref name="set"/>,
    /// replacing a library of the same name if <paramref name="replace"/>. Returns the
    /// library's name, or null with Redis's message in <paramref name="error"/>.
    /// cf. functionsCreateWithLibraryCtx.
    /// </summary>
    public string? Create(ReadOnlySpan<byte> code, bool replace, LibrarySet set, out string error)
    {
        if (!ParseMetadata(code, out string engine, out string name, out int codeStart, out error)) return null;
        if (!IsValidName(name))
        {
            error = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";
            return null;
        }
        if (!engine.Equals("lua", StringComparison.OrdinalIgnoreCase))
        {
            error = $"Engine '{engine}' not found";
            return null;
        }
        var old = set.Library(name);
        if (old is not null && !replace)
        {
            error = $"Library '{name}' already exists";
            return null;
        }

        var library = Compile(name, code, codeStart, out error);
        if (library is null) return null;
        foreach (var function in library.Functions)
        {
            var existing = set.Function(Encoding.ASCII.GetBytes(function.Name));
            if (existing is not null && existing.Library != old)
            {
                error = $"Function {function.Name} already exists";
                Release(library);
                return null;
            }
        }
        if (old is not null)
        {
            set.Unlink(old);
            Release(old);
        }
        set.Link(library);
        return name;
    }

    /// <summary>Runs the library's code, which registers its functions (cf. luaEngineCreate).</summary>
    private FunctionLibrary? Compile(string name, ReadOnlySpan<byte> code, int codeStart, out string error)
    {
        int chunkRef = _lua.Compile(code[codeStart..], "@user_function\0"u8, out string compileError);
        if (chunkRef == LuaApi.NoRef)
        {
            error = "Error compiling function: " + LuaState.QuoteTokens(compileError);
            return null;
        }
        IntPtr co = _lua.Runner;
        int status = _engine.RunLoad(_lua, chunkRef, out int results);
        _lua.Release(chunkRef);
        if (status != LuaApi.Ok)
        {
            error = status == LuaApi.Yield
                ? "Error registering functions: ERR FUNCTION LOAD timeout"
                : "Error registering functions: " + LuaToResp.ErrorText(co);
            _lua.ReplaceRunner();
            return null;
        }

        var library = new FunctionLibrary(name, code.ToArray());
        bool ok = results >= 2 && LuaApi.lua_toboolean(co, 1) != 0;
        if (!ok)
        {
            error = "Error registering functions: " + Encoding.Latin1.GetString(LuaApi.ToBytes(co, 2));
            LuaApi.lua_settop(co, 0);
            return null;
        }
        // The registered functions: { {name=, callback=, flags=, description=}, ... }
        for (int i = 1; LuaApi.lua_rawgeti(co, 2, i) == LuaApi.TTable; i++)
        {
            LuaApi.RawGetField(co, -1, "name"u8);
            string functionName = Encoding.ASCII.GetString(LuaApi.ToBytes(co, -1));
            LuaApi.Pop(co, 1);
            LuaApi.RawGetField(co, -1, "flags"u8);
            var flags = (ScriptFlags)LuaApi.ToInteger(co, -1);
            LuaApi.Pop(co, 1);
            byte[]? description = LuaApi.RawGetField(co, -1, "description"u8) == LuaApi.TString ? LuaApi.ToBytes(co, -1).ToArray() : null;
            LuaApi.Pop(co, 1);
            LuaApi.RawGetField(co, -1, "callback"u8);
            LuaApi.lua_xmove(co, _lua.Main, 1);
            int callbackRef = LuaApi.luaL_ref(_lua.Main, LuaApi.RegistryIndex);
            library.Functions.Add(new LibraryFunction(functionName, library, callbackRef, flags, description));
            LuaApi.Pop(co, 1);
        }
        LuaApi.lua_settop(co, 0);
        if (library.Functions.Count == 0)
        {
            error = "No functions registered";
            return null;
        }
        error = "";
        return library;
    }

    /// <summary>Frees a library's callbacks in the Lua state.</summary>
    public void Release(FunctionLibrary library)
    {
        foreach (var function in library.Functions) _lua.Release(function.CallbackRef);
    }

    /// <summary>
    /// The first line, "#!&lt;engine&gt; name=&lt;library&gt;", split with Redis's quoting rules;
    /// the code proper starts at its newline. cf. functionExtractLibMetaData.
    /// </summary>
    private static bool ParseMetadata(ReadOnlySpan<byte> code, out string engine, out string name, out int codeStart, out string error)
    {
        engine = name = error = "";
        codeStart = code.IndexOf((byte)'\n');
        if (!code.StartsWith("#!"u8))
        {
            error = "Missing library metadata";
            return false;
        }
        if (codeStart < 0)
        {
            error = "Invalid library metadata";
            return false;
        }
        var line = code[..codeStart].ToArray();
        var parts = new ArgList();
        parts.Reset(line);
        if (!InlineSplitter.Split(line, 0, parts) || parts.Count == 0)
        {
            error = "Invalid library metadata";
            return false;
        }
        engine = Encoding.Latin1.GetString(parts[0][Math.Min(2, parts[0].Length)..]);
        string? given = null;
        for (int i = 1; i < parts.Count; i++)
        {
            string part = Encoding.Latin1.GetString(parts[i]);
            if (part.StartsWith("name=", StringComparison.OrdinalIgnoreCase))
            {
                if (given is not null)
                {
                    error = "Invalid metadata value, name argument was given multiple times";
                    return false;
                }
                given = part[5..];
                continue;
            }
            error = $"Invalid metadata value given: {part}";
            return false;
        }
        if (given is null)
        {
            error = "Library name was not given";
            return false;
        }
        name = given;
        return true;
    }

    /// <summary>Letters, digits and underscores, at least one. cf. functionsVerifyName.</summary>
    private static bool IsValidName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>FUNCTION FLUSH: every library goes, and the Lua state starts afresh. cf. functionsLibCtxClearCurrent.</summary>
    public void Flush()
    {
        Current = new LibrarySet();
        _lua.Dispose();
        _lua = new LuaState(LuaMode.Function, _engine.Server.Config.LuaHeapLimit);
    }

    /// <summary>Replaces the current libraries with <paramref name="set"/> (FUNCTION RESTORE ... FLUSH).</summary>
    public void Replace(LibrarySet set)
    {
        foreach (var library in Current.Libraries) Release(library);
        Current = set;
    }

    public void Delete(FunctionLibrary library)
    {
        Current.Unlink(library);
        Release(library);
    }

    public void Dispose() => _lua.Dispose();
}
