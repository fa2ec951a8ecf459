-- The Lua side of the scripting engine: the redis API, Lua 5.1 compatibility shims, the
-- sandbox (read-only globals) and the functions the engine resumes to run a script.
-- cf. luaRegisterRedisAPI and luaSetTableProtectionRecursively in script_lua.c, scriptingInit
-- in eval.c, luaEngineInitEngine in function_lua.c.
--
-- It runs once per Lua state, with the standard libraries open and the globals still
-- writable. Arguments: the engine mode ("eval" or "function"), the table of native (C#)
-- primitives, the coroutine the engine runs scripts in, and the compiled library chunks
-- (bit, struct, cjson, cmsgpack), each of which returns its module table. C# never raises a Lua error (a
-- longjmp through managed frames is fatal), so every native returns normally, with a
-- "failed" flag where it can fail, and the wrappers here call error().

local mode, native, runner, libraries = ...

local G = _G
local debug_getinfo = debug.getinfo
local rawget, rawset, rawequal, rawlen = rawget, rawset, rawequal, rawlen
local type, select, tostring, tonumber, error, next, pairs = type, select, tostring, tonumber, error, next, pairs
local setmetatable, getmetatable = setmetatable, getmetatable
local raw_pcall, raw_load = pcall, load
local floor, string_byte, string_sub, string_find, string_lower = math.floor, string.byte, string.sub, string.find, string.lower
local native_call, native_acl_check = native.call, native.acl_check
local native_sha1hex, native_log, native_setresp = native.sha1hex, native.log, native.setresp
local native_rand48, native_srand48, untail = native.rand48, native.srand48, native.untail

-- ---- errors ------------------------------------------------------------------------

-- An error object as redis.pcall returns it: {err="CODE message"}. A message that starts
-- with '-' carries its own code; any other gets "ERR". cf. luaPushErrorBuff.
local function error_table(message)
  local code, text = 'ERR', message
  if string_byte(message, 1) == 45 then
    local space = string_find(message, ' ', 1, true)
    if space then
      code, text = string_sub(message, 2, space - 1), string_sub(message, space + 1)
    else
      text = string_sub(message, 2)
    end
  end
  text = text:gsub('^[\r\n]+', ''):gsub('[\r\n]+$', '')
  return { err = code .. ' ' .. text }
end

-- Chunks of this runtime and of the libraries are named "=..." ; the message handler and
-- library errors skip their frames, so positions point at the user's code, as they do in
-- Redis, where the same functions are written in C and have no frame of their own.
local function is_internal(info)
  return info.what ~= 'C' and string_byte(info.source, 1) == 61
end

-- The message handler of every script call: turns any error into a table with the
-- position of the user code that raised it. cf. the error handler in luaEngineInitEngine.
local function error_handler(err)
  local level = 2
  local info = debug_getinfo(level, 'Sl')
  if info and info.what == 'C' then
    level = level + 1
    info = debug_getinfo(level, 'Sl')
  end
  while info and is_internal(info) do
    level = level + 1
    info = debug_getinfo(level, 'Sl')
  end
  if type(err) ~= 'table' then
    err = { err = 'ERR ' .. tostring(err) }
  end
  if info then
    rawset(err, 'source', info.source)
    rawset(err, 'line', info.currentline)
  end
  return err
end

-- Raises a library error (a plain message) positioned at the first user frame: what
-- luaL_error does from a C library function. The libraries get it as helpers.error.
local function library_error(message)
  local level = 2
  local info = debug_getinfo(level, 'S')
  while info and (is_internal(info)) do
    level = level + 1
    info = debug_getinfo(level, 'S')
  end
  error(message, level)
end

local function type_name(n, ...)
  if select('#', ...) < n then return 'no value' end
  return type((select(n, ...)))
end

-- luaL_checkint: a number, or a string that converts to one, truncated toward zero.
local function check_int(fname, n, ...)
  local v = select(n, ...)
  local number = select('#', ...) >= n and tonumber(v) or nil
  if type(v) ~= 'number' and type(v) ~= 'string' then number = nil end
  if number == nil then
    library_error(("bad argument #%d to '%s' (number expected, got %s)"):format(n, fname, type_name(n, ...)))
  end
  return number >= 0 and floor(number) or -floor(-number)
end

-- ---- the libraries ------------------------------------------------------------------------

-- A number as Redis's Lua 5.1 holds it: always a double, printed with "%.14g". Lua 5.4 prints an
-- integral float with ".0" and an integer with all its digits, so a value the libraries decode
-- (cjson, cmsgpack, struct) becomes an integer only where 5.1 would print it without a fraction
-- or an exponent (integral and below 1e14 in size), and a float everywhere else.
local tointeger = math.tointeger
local function lua51_number(v)
  v = v * 1.0 -- (not + 0.0, which would turn -0.0 into 0.0)
  if v == floor(v) and v > -1e14 and v < 1e14 and (v ~= 0 or 1 / v > 0) then return tointeger(v) end
  return v
end

local library_helpers = { error = library_error, type_name = type_name, null = native.null, number = lua51_number }
for name, chunk in next, libraries do
  G[name] = chunk(library_helpers)
end

-- ---- Lua 5.1 compatibility ---------------------------------------------------------------
-- Redis embeds Lua 5.1; these restore the 5.1 names scripts use. See docs/scripting.md.

G.unpack = table.unpack
G.gcinfo = function() return floor(collectgarbage('count')) end
-- collectgarbage with Lua 5.1's options only: 5.4's 'isrunning', 'incremental' and 'generational'
-- are invalid there, and the last two would switch the collector of every later script (the
-- engine runs the generational one, see LuaState.cs).
local raw_collectgarbage = collectgarbage
local gc_params = { setpause = 200, setstepmul = 200 }
local GC_OPTIONS = { stop = true, restart = true, collect = true, count = true, step = true, setpause = true, setstepmul = true }
G.collectgarbage = function(...)
  local opt, arg = ...
  if opt == nil then opt = 'collect' end -- luaL_checkoption's default
  if type(opt) == 'number' then opt = tostring(opt) end
  if type(opt) ~= 'string' then
    library_error(("bad argument #1 to 'collectgarbage' (string expected, got %s)"):format(type_name(1, ...)))
  end
  if not GC_OPTIONS[opt] then
    library_error(("bad argument #1 to 'collectgarbage' (invalid option '%s')"):format(opt))
  end
  if arg ~= nil then arg = check_int('collectgarbage', 2, ...) end -- luaL_optint
  if opt == 'setpause' or opt == 'setstepmul' then
    -- The previous value, as 5.1 keeps it (5.4's step multiplier starts at 100, 5.1's at 200).
    local previous = gc_params[opt]
    gc_params[opt] = arg or 0
    raw_collectgarbage(opt, arg or 0)
    return previous
  end
  return raw_collectgarbage(opt, arg)
end
-- Code a script loads gets no tail calls either, like the script itself (see TailCalls.cs).
local function loaded(f, ...)
  if f then return untail(f) end
  return f, ...
end
G.loadstring = function(s, chunkname)
  return loaded(raw_load(s, chunkname, 't'))
end
G.load = function(...)
  local f, chunkname = ...
  if type(f) ~= 'function' then
    library_error(("bad argument #1 to 'load' (function expected, got %s)"):format(type_name(1, ...)))
  end
  return loaded(raw_load(f, chunkname or '=(load)', 't'))
end
-- Lua 5.1 gives a number error message a position too, formatted as 5.1 prints numbers.
local raw_error = error
G.error = function(...)
  local message, level = ...
  if type(message) == 'number' then message = string.format('%.14g', message) end
  level = level or 1
  if level > 0 then level = level + 1 end
  if select('#', ...) == 0 then return raw_error() end
  return raw_error(message, level)
end
table.getn = function(t) return #t end
table.setn = function() library_error("'setn' is obsolete") end
table.maxn = function(t)
  local max = 0
  for k in next, t do
    if type(k) == 'number' and k > max then max = k end
  end
  return max
end
table.foreach = function(t, f)
  for k, v in next, t do
    local r = f(k, v)
    if r ~= nil then return r end
  end
end
table.foreachi = function(t, f)
  for i = 1, #t do
    local r = f(i, t[i])
    if r ~= nil then return r end
  end
end
math.pow = function(x, y) return x ^ y end
math.mod = math.fmod
math.log10 = function(x) return math.log(x, 10) end
math.ldexp = function(m, e) return m * 2.0 ^ e end
math.frexp = function(x)
  if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0 end
  local e = floor(math.log(math.abs(x), 2)) + 1
  local m = x / 2.0 ^ e
  if math.abs(m) >= 1 then m, e = m / 2, e + 1 elseif math.abs(m) < 0.5 then m, e = m * 2, e - 1 end
  return m, e
end
math.cosh = function(x) return (math.exp(x) + math.exp(-x)) / 2 end
math.sinh = function(x) return (math.exp(x) - math.exp(-x)) / 2 end
math.tanh = function(x)
  if x > 20 then return 1.0 elseif x < -20 then return -1.0 end
  local a, b = math.exp(x), math.exp(-x)
  return (a - b) / (a + b)
end
string.gfind = string.gmatch

-- Redis's pcall: an error raised as a table with an 'err' field (redis.call's errors)
-- comes back as its message. cf. luaRedisPcall.
local function pcall_result(ok, ...)
  if ok then return true, ... end
  local err = ...
  if type(err) == 'table' then
    local message = rawget(err, 'err')
    if type(message) == 'string' or type(message) == 'number' then err = message end
  end
  return false, err
end
G.pcall = function(...) return pcall_result(raw_pcall(...)) end

-- A script runs as the body of the engine's coroutine, so coroutine.yield at its top level
-- would leave the script: refuse it as Lua 5.1 does outside a coroutine.
local raw_yield, raw_isyieldable, raw_running = coroutine.yield, coroutine.isyieldable, coroutine.running
-- The engine's runner, held weakly: one the engine replaced must be free to go as garbage.
local current = setmetatable({ runner }, { __mode = 'v' })
runner = nil
coroutine.yield = function(...)
  if rawequal(raw_running(), current[1]) then
    error('attempt to yield across metamethod/C-call boundary', 0)
  end
  return raw_yield(...)
end
coroutine.isyieldable = function()
  return not rawequal(raw_running(), current[1]) and raw_isyieldable()
end
coroutine.running = function()
  local co = raw_running()
  if rawequal(co, current[1]) then return nil end
  return co
end

-- The engine tracks the coroutines a script runs in, so that the busy hook reaches them: Lua 5.4
-- keeps a hook per thread (see ScriptThreads.cs). `resuming` keeps each one alive while the engine
-- holds its address; a memory error may skip the clean-up here, so run() starts a fresh table.
local raw_resume, raw_create, native_enter, native_leave = coroutine.resume, coroutine.create, native.enter, native.leave
local resuming = {}
local function resumed(co, ...)
  native_leave()
  resuming[co] = nil
  return ...
end
local function resume(co, ...)
  if type(co) ~= 'thread' then library_error("bad argument #1 to 'resume' (coroutine expected)") end
  resuming[co] = true
  native_enter(co)
  return resumed(co, raw_resume(co, ...))
end
coroutine.resume = resume

-- coroutine.wrap over the tracked resume, with Lua 5.1's checks and messages (cf. luaB_cowrap and
-- auxwrap in Lua 5.1's lbaselib.c): a string or number error gets the caller's position.
local raw_error0 = error
local function wrapped_result(ok, ...)
  if ok then return ... end
  local err = ...
  if type(err) == 'number' then err = string.format('%.14g', err) end
  if type(err) == 'string' then raw_error0(err, 2) end
  raw_error0(err, 0)
end
coroutine.wrap = function(...)
  local f = ...
  if type(f) ~= 'function' or debug_getinfo(f, 'S').what == 'C' then
    library_error("bad argument #1 to 'wrap' (Lua function expected)")
  end
  local co = raw_create(f)
  return function(...)
    return wrapped_result(resume(co, ...))
  end
end

-- Redis's math.random: rand48, the same sequence on every platform. cf. redis_math_random.
local RAND48_MAX = 2147483647
math.random = function(...)
  local r = (native_rand48() % RAND48_MAX) / RAND48_MAX
  local argc = select('#', ...)
  if argc == 0 then
    return r
  elseif argc == 1 then
    local u = check_int('random', 1, ...)
    if u < 1 then library_error("bad argument #1 to 'random' (interval is empty)") end
    return floor(r * u) + 1
  elseif argc == 2 then
    local l, u = check_int('random', 1, ...), check_int('random', 2, ...)
    if l > u then library_error("bad argument #2 to 'random' (interval is empty)") end
    return floor(r * (u - l + 1)) + l
  end
  library_error('wrong number of arguments')
end
math.randomseed = function(...)
  native_srand48(check_int('randomseed', 1, ...))
end

-- What Redis's sandbox removes (os, io, package, require are never loaded).
G.print, G.dofile, G.loadfile, G.warn, G.debug, G.utf8 = nil, nil, nil, nil, nil, nil

-- ---- the redis table ------------------------------------------------------------------

local redis = {}

redis.call = function(...)
  local reply, failed = native_call(...)
  if failed then error(reply) end
  return reply
end
redis.pcall = function(...)
  return (native_call(...))
end

redis.sha1hex = function(...)
  if select('#', ...) ~= 1 then error(error_table('wrong number of arguments')) end
  local s = ...
  if type(s) ~= 'string' and type(s) ~= 'number' then s = '' end
  return native_sha1hex(tostring(s))
end

redis.error_reply = function(...)
  local s = ...
  if select('#', ...) ~= 1 or type(s) ~= 'string' then return error_table('wrong number or type of arguments') end
  if string_byte(s, 1) ~= 45 then s = '-' .. s end
  return error_table(s)
end
redis.status_reply = function(...)
  local s = ...
  if select('#', ...) ~= 1 or type(s) ~= 'string' then return error_table('wrong number or type of arguments') end
  return { ok = s }
end

redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.log = function(...)
  local argc = select('#', ...)
  if argc < 2 then error(error_table('redis.log() requires two arguments or more.')) end
  local level = tonumber((...))
  if type((...)) ~= 'number' and type((...)) ~= 'string' then level = nil end
  if level == nil then error(error_table('First argument must be a number (log level).')) end
  level = level >= 0 and floor(level) or -floor(-level)
  if level < 0 or level > 3 then error(error_table('Invalid debug level.')) end
  local parts = {}
  for i = 2, argc do
    local v = select(i, ...)
    if type(v) == 'string' or type(v) == 'number' then parts[#parts + 1] = tostring(v) end
  end
  native_log(level, table.concat(parts, ' '))
end

redis.setresp = function(...)
  if select('#', ...) ~= 1 then error(error_table('redis.setresp() requires one argument.')) end
  local resp = tonumber((...)) or 0
  if resp ~= 2 and resp ~= 3 then error(error_table('RESP version must be 2 or 3.')) end
  native_setresp(resp)
end

redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.set_repl = function(...)
  if select('#', ...) ~= 1 then error(error_table('redis.set_repl() requires two arguments.')) end
  local flags = tonumber((...)) or 0
  flags = flags >= 0 and floor(flags) or -floor(-flags)
  if flags < 0 or flags > 3 then
    error(error_table('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.'))
  end
end

redis.acl_check_cmd = function(...)
  local allowed, failed = native_acl_check(...)
  if failed then error(allowed) end
  return allowed
end

redis.REDIS_VERSION, redis.REDIS_VERSION_NUM = native.version, native.version_num

if mode == 'eval' then
  -- The debugger (SCRIPT DEBUG) is not implemented: outside a debugging session these are what Redis returns.
  redis.breakpoint = function() return false end
  redis.debug = function() end
  redis.replicate_commands = function() return true end
end

G.redis = redis

-- ---- read-only tables ----------------------------------------------------------------------
-- Lua 5.4 has no read-only tables (Redis patches its Lua 5.1 for them), so every table a
-- script can reach from the globals is replaced by an empty proxy: reads go through
-- __index to the real table, writes hit __newindex and fail. The raw functions are wrapped
-- so that they cannot write into a proxy behind its back.

local real_of = setmetatable({}, { __mode = 'k' })      -- proxy -> the table it protects
local metatable_of = setmetatable({}, { __mode = 'k' }) -- proxy -> its (hidden) metatable

local function readonly_error()
  error('Attempt to modify a readonly table', 2)
end

-- A read-only view of t: getmetatable on a proxy returns one of these over its metatable.
local function view(t)
  local v = setmetatable({}, { __index = t, __newindex = readonly_error, __metatable = false })
  real_of[v] = t
  return v
end

local function protect(t, index)
  if real_of[t] then return t end
  local proxy = {}
  local mt = {
    __index = index or t,
    __newindex = readonly_error,
    __len = function() return #t end,
    __pairs = function() return next, t, nil end,
  }
  mt.__metatable = view(mt)
  real_of[proxy] = t
  metatable_of[proxy] = mt
  for k, v in next, t do
    if type(v) == 'table' and not real_of[v] and v ~= G then rawset(t, k, protect(v)) end
  end
  return setmetatable(proxy, mt)
end

G.rawset = function(t, k, v)
  if real_of[t] then error('Attempt to modify a readonly table', 0) end
  return rawset(t, k, v)
end
G.rawget = function(t, k) return rawget(real_of[t] or t, k) end
G.rawlen = function(t) return rawlen(real_of[t] or t) end
G.next = function(t, k) return next(real_of[t] or t, k) end
-- Lua 5.1 never finalizes a table; Lua 5.4 does when its metatable has __gc as it is set. A
-- finalizer runs with hooks off (GCTM in lgc.c), so a loop in one could never be stopped: the
-- field is hidden while the metatable is set, and the table is never marked for finalization.
G.setmetatable = function(t, mt)
  if real_of[t] then error('Attempt to modify a readonly table', 0) end
  if type(mt) == 'table' and type(t) == 'table' then
    local gc = rawget(mt, '__gc')
    if gc ~= nil then
      rawset(mt, '__gc', nil)
      setmetatable(t, mt)
      rawset(mt, '__gc', gc)
      return t
    end
  end
  return setmetatable(t, mt)
end

-- A global that does not exist is an error, not nil. cf. luaProtectedTableError.
local function missing_global(_, name)
  error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
end

-- The library tables and their values, protected in place in G.
local string_metatable = getmetatable('')
for k, v in next, G do
  if type(v) == 'table' and v ~= G then rawset(G, k, protect(v)) end
end
string_metatable.__index = G.string
string_metatable.__metatable = view(string_metatable)

-- The environment scripts see: an empty proxy over G, whose misses are errors.
setmetatable(G, { __index = missing_global })
local env = protect(G)
rawset(G, '_G', env)

-- ---- running scripts ---------------------------------------------------------------------

local xpcall = xpcall
local exports = { env = env, globals = G }

-- Each script starts in the runner the engine gives it: a runner a kill interrupted is replaced,
-- never reused (ScriptEngine.Run).
local function start()
  current[1] = raw_running()
  if next(resuming) ~= nil then resuming = {} end
end

if mode == 'eval' then
  exports.run = function(f)
    start()
    return xpcall(f, error_handler)
  end
else
  -- FUNCTION LOAD runs the library code with only the library API visible: the redis
  -- table reduced to register_function, log and the version. cf. luaEngineCreate.
  local pending, loading = nil, false
  local FLAGS = { ['no-writes'] = 1, ['allow-oom'] = 2, ['allow-stale'] = 4, ['no-cluster'] = 8 }

  local function register_error(message) error(error_table(message)) end
  local function is_string(v) return type(v) == 'string' or type(v) == 'number' end

  local function read_flags(t)
    local flags, i = 0, 1
    while true do
      local flag = t[i]
      if flag == nil then return flags end
      if not is_string(flag) then return nil end
      local bit = FLAGS[string_lower(tostring(flag))]
      if not bit then return nil end
      if flags & bit == 0 then flags = flags + bit end
      i = i + 1
    end
  end

  local function register_function(...)
    if not loading then register_error('redis.register_function can only be called on FUNCTION LOAD command') end
    local argc = select('#', ...)
    if argc < 1 or argc > 2 then register_error('wrong number of arguments to redis.register_function') end
    local name, callback, description, flags = nil, nil, nil, 0
    if argc == 1 then
      local args = ...
      if type(args) ~= 'table' then
        register_error('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).')
      end
      for k, v in next, real_of[args] or args do
        if not is_string(k) then register_error('named argument key given to redis.register_function is not a string') end
        local key = string_lower(tostring(k))
        if key == 'function_name' then
          if not is_string(v) then register_error('function_name argument given to redis.register_function must be a string') end
          name = tostring(v)
        elseif key == 'description' then
          if not is_string(v) then register_error('description argument given to redis.register_function must be a string') end
          description = tostring(v)
        elseif key == 'callback' then
          if type(v) ~= 'function' then register_error('callback argument given to redis.register_function must be a function') end
          callback = v
        elseif key == 'flags' then
          if type(v) ~= 'table' then register_error('flags argument to redis.register_function must be a table representing function flags') end
          flags = read_flags(v)
          if not flags then register_error('unknown flag given') end
        else
          register_error('unknown argument given to redis.register_function')
        end
      end
      if not name then register_error('redis.register_function must get a function name argument') end
      if not callback then register_error('redis.register_function must get a callback argument') end
    else
      local n, f = ...
      if not is_string(n) then register_error('first argument to redis.register_function must be a string') end
      if type(f) ~= 'function' then register_error('second argument to redis.register_function must be a function') end
      name, callback = tostring(n), f
    end
    if name == '' or string_find(name, '[^%w_]') then
      -- (sic) Redis words it for libraries, for functions too.
      register_error('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long')
    end
    for _, existing in next, pending do
      if existing.name == name then register_error('Function already exists in the library') end
    end
    pending[#pending + 1] = { name = name, callback = callback, flags = flags, description = description }
  end

  local library_redis = setmetatable({
    register_function = register_function,
    log = redis.log,
    LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
    REDIS_VERSION = redis.REDIS_VERSION, REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM,
  }, { __index = missing_global })
  local library_api = protect(setmetatable({ redis = protect(library_redis, library_redis) }, { __index = missing_global }))
  local env_metatable = metatable_of[env]

  -- Runs a library's compiled code; returns true and the registered functions, or false
  -- and the error message. cf. luaEngineCreate.
  exports.load = function(chunk)
    start()
    pending, loading = {}, true
    env_metatable.__index = library_api
    local ok, err = raw_pcall(chunk)
    env_metatable.__index = G
    loading = false
    if not ok then
      if type(err) == 'table' then
        local message = rawget(err, 'err')
        return false, type(message) == 'string' and message or 'ERR ' .. tostring(err)
      end
      return false, 'ERR ' .. tostring(err)
    end
    return true, pending
  end
  exports.run = function(f, keys, args)
    start()
    if loading then -- a FUNCTION LOAD stopped at its timeout left the library API in place
      env_metatable.__index = G
      loading = false
    end
    return xpcall(f, error_handler, keys, args)
  end
end

return exports
