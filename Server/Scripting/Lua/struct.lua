-- struct: packing and unpacking binary structures, as Redis's lua_struct.c (Roberto
-- Ierusalimschy's struct library 0.2, with Redis's overflow checks).
-- Formats: > < endianness, ![n] alignment, x padding, b/B h/H l/L T i/I[n] integers,
-- f d floats, s zero-terminated string, c[n] fixed string (c0: the whole string when
-- packing, the previous number as length when unpacking), ' ' ignored.

local helpers = ...
local library_error, type_name, lua51_number = helpers.error, helpers.type_name, helpers.number
local select, type, tonumber, tostring = select, type, tonumber, tostring
local byte, char, sub, find, spack, sunpack = string.byte, string.char, string.sub, string.find, string.pack, string.unpack
local concat, floor = table.concat, math.floor

local MAXINTSIZE, MAXALIGN, INT_MAX = 32, 8, 2147483647
local SIZES = { b = 1, B = 1, h = 2, H = 2, l = 8, L = 8, T = 8, f = 4, d = 8, x = 1 }

local function arg_error(fname, n, message)
  library_error(("bad argument #%d to '%s' (%s)"):format(n, fname, message))
end

local function check_number(fname, n, ...)
  local v = select(n, ...)
  local number = select('#', ...) >= n and (type(v) == 'number' or type(v) == 'string') and tonumber(v) or nil
  if number == nil then arg_error(fname, n, 'number expected, got ' .. type_name(n, ...)) end
  return number
end

local function check_string(fname, n, ...)
  local v = select(n, ...)
  if select('#', ...) < n or (type(v) ~= 'string' and type(v) ~= 'number') then
    arg_error(fname, n, 'string expected, got ' .. type_name(n, ...))
  end
  return tostring(v)
end

-- A format being read: the text, the position of the next option, and the header state.
local function reader(fmt)
  return { fmt = fmt, at = 1, little = true, align = 1 }
end

local function is_digit(c) return c and c >= 48 and c <= 57 end

local function getnum(r, default)
  local c = byte(r.fmt, r.at)
  if not is_digit(c) then return default end
  local a = 0
  repeat
    if a > INT_MAX // 10 or a * 10 > INT_MAX - (c - 48) then library_error('integral size overflow') end
    a = a * 10 + (c - 48)
    r.at = r.at + 1
    c = byte(r.fmt, r.at)
  until not is_digit(c)
  return a
end

local function optsize(r, opt)
  local size = SIZES[opt]
  if size then return size end
  if opt == 'c' then return getnum(r, 1) end
  if opt == 'i' or opt == 'I' then
    local sz = getnum(r, 4)
    if sz > MAXINTSIZE then library_error(('integral size %d is larger than limit of %d'):format(sz, MAXINTSIZE)) end
    return sz
  end
  return 0
end

local function gettoalign(len, r, opt, size)
  if size == 0 or opt == 'c' then return 0 end
  if size > r.align then size = r.align end
  return (size - (len & (size - 1))) & (size - 1)
end

local function controloptions(r, opt, fname)
  if opt == ' ' then return
  elseif opt == '>' then r.little = false
  elseif opt == '<' then r.little = true
  elseif opt == '!' then
    local a = getnum(r, MAXALIGN)
    if a <= 0 or a & (a - 1) ~= 0 then library_error(('alignment %d is not a power of 2'):format(a)) end
    r.align = a
  else
    arg_error(fname, 1, ("invalid format option '%s'"):format(opt))
  end
end

local INTEGER = { b = true, B = true, h = true, H = true, l = true, L = true, T = true, i = true, I = true }

-- The 64-bit pattern C gets from (unsigned long long)(long long)n for negatives and
-- (unsigned long long)n otherwise, as gcc compiles them on x86-64 (out of range: 0 or LLONG_MIN).
local function to_uint64(n)
  if math.type(n) == 'integer' then return n end
  if n < 0 then
    if n < -9223372036854775808.0 then return math.mininteger end
    return math.tointeger(-floor(-n))
  end
  if n < 9223372036854775808.0 then return math.tointeger(floor(n)) end
  if n < 18446744073709551616.0 then return math.tointeger(floor(n - 9223372036854775808.0)) | math.mininteger end
  return 0 -- also NaN
end

-- The low `size` bytes of the value (zeros past the 8 bytes a 64-bit value has).
local function integer_bytes(n, size, little)
  local value = to_uint64(n)
  local out = {}
  for i = 1, size do
    out[little and i or size - i + 1] = char(value & 0xff)
    value = value >> 8
  end
  return concat(out)
end

local struct = {}

struct.pack = function(...)
  local r = reader(check_string('pack', 1, ...))
  local out, arg, total = {}, 2, 0
  while r.at <= #r.fmt do
    local opt = sub(r.fmt, r.at, r.at)
    r.at = r.at + 1
    local size = optsize(r, opt)
    local toalign = gettoalign(total, r, opt, size)
    total = total + toalign
    if toalign > 0 then out[#out + 1] = ('\0'):rep(toalign) end
    if INTEGER[opt] then
      out[#out + 1] = integer_bytes(check_number('pack', arg, ...), size, r.little)
      arg = arg + 1
    elseif opt == 'x' then
      out[#out + 1] = '\0'
    elseif opt == 'f' or opt == 'd' then
      local n = check_number('pack', arg, ...)
      arg = arg + 1
      out[#out + 1] = spack((r.little and '<' or '>') .. opt, n)
    elseif opt == 'c' or opt == 's' then
      local s = check_string('pack', arg, ...)
      arg = arg + 1
      if size == 0 then size = #s end
      -- (sic) Redis reports the argument after the string: it has already counted it.
      if #s < size then arg_error('pack', arg, 'string too short') end
      out[#out + 1] = sub(s, 1, size)
      if opt == 's' then
        out[#out + 1] = '\0'
        size = size + 1
      end
    else
      controloptions(r, opt, 'pack')
    end
    total = total + size
  end
  return concat(out)
end

local function get_integer(data, pos, size, little, signed)
  local l = 0
  for i = 0, size - 1 do
    local b = little and byte(data, pos + size - i) or byte(data, pos + i + 1)
    l = (l << 8) | b
  end
  if not signed then
    return l >= 0 and l or l + 18446744073709551616.0
  end
  local mask = -1 << ((size * 8 - 1) & 63)
  if l & mask ~= 0 then l = l | mask end
  return l
end

struct.unpack = function(...)
  local r = reader(check_string('unpack', 1, ...))
  local data = check_string('unpack', 2, ...)
  local ld = #data
  local pos = 1
  if select('#', ...) >= 3 and select(3, ...) ~= nil then pos = floor(check_number('unpack', 3, ...)) end
  if pos <= 0 then arg_error('unpack', 3, 'offset must be 1 or greater') end
  pos = pos - 1
  local results = {}
  while r.at <= #r.fmt do
    local opt = sub(r.fmt, r.at, r.at)
    r.at = r.at + 1
    local size = optsize(r, opt)
    pos = pos + gettoalign(pos, r, opt, size)
    if size > ld or pos > ld - size then arg_error('unpack', 2, 'data string too short') end
    if INTEGER[opt] then
      results[#results + 1] = lua51_number(get_integer(data, pos, size, r.little, opt == opt:lower()))
    elseif opt == 'x' then
      -- padding: nothing to read
    elseif opt == 'f' or opt == 'd' then
      results[#results + 1] = lua51_number((sunpack((r.little and '<' or '>') .. opt, data, pos + 1)))
    elseif opt == 'c' then
      if size == 0 then
        local previous = results[#results]
        if #results == 0 or tonumber(previous) == nil then library_error("format 'c0' needs a previous size") end
        size = floor(tonumber(previous))
        results[#results] = nil
        if size > ld or pos > ld - size then arg_error('unpack', 2, 'data string too short') end
      end
      results[#results + 1] = sub(data, pos + 1, pos + size)
    elseif opt == 's' then
      local e = find(data, '\0', pos + 1, true)
      if not e then library_error('unfinished string in data') end
      size = e - pos
      results[#results + 1] = sub(data, pos + 1, e - 1)
    else
      controloptions(r, opt, 'unpack')
    end
    pos = pos + size
  end
  results[#results + 1] = pos + 1
  return table.unpack(results, 1, #results)
end

struct.size = function(...)
  local r = reader(check_string('size', 1, ...))
  local pos = 0
  while r.at <= #r.fmt do
    local opt = sub(r.fmt, r.at, r.at)
    r.at = r.at + 1
    local size = optsize(r, opt)
    pos = pos + gettoalign(pos, r, opt, size)
    if opt == 's' then arg_error('size', 1, "option 's' has no fixed size")
    elseif opt == 'c' and size == 0 then arg_error('size', 1, "option 'c0' has no fixed size") end
    if not find(opt, '^%w$') then controloptions(r, opt, 'size') end
    pos = pos + size
  end
  return pos
end

return struct
