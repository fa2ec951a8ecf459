-- cmsgpack: MessagePack encoding and decoding, as Redis's lua_cmsgpack.c (lua-cmsgpack
-- 0.4.0): pack(...) concatenates its arguments' encodings, unpack(s) returns every value.

local helpers = ...
local library_error, type_name, lua51_number = helpers.error, helpers.type_name, helpers.number
local type, select, tostring, tonumber, next, floor = type, select, tostring, tonumber, next, math.floor
local byte, char, sub, spack, sunpack, concat = string.byte, string.char, string.sub, string.pack, string.unpack, table.concat
local tointeger, mathtype, rawget, rawlen = math.tointeger, math.type, rawget, rawlen

local MAX_NESTING = 16 -- deeper tables are encoded as nil (this also survives cycles)

local function arg_error(fname, n, message)
  library_error(("bad argument #%d to '%s' (%s)"):format(n, fname, message))
end

-- ---- encoding ------------------------------------------------------------------------------

local function encode_integer(n, out)
  local s
  if n >= 0 then
    if n <= 127 then s = char(n)
    elseif n <= 0xff then s = char(0xcc, n)
    elseif n <= 0xffff then s = spack('>BI2', 0xcd, n)
    elseif n <= 0xffffffff then s = spack('>BI4', 0xce, n)
    else s = spack('>Bi8', 0xcf, n) end
  else
    if n >= -32 then s = char(n & 0xff)
    elseif n >= -128 then s = spack('>Bi1', 0xd0, n)
    elseif n >= -32768 then s = spack('>Bi2', 0xd1, n)
    elseif n >= -2147483648 then s = spack('>Bi4', 0xd2, n)
    else s = spack('>Bi8', 0xd3, n) end
  end
  out[#out + 1] = s
end

local function encode_number(n, out)
  if mathtype(n) == 'integer' then return encode_integer(n, out) end
  -- A float with an integral value is written as an integer (IS_INT64_EQUIVALENT).
  local i = tointeger(n)
  if i then return encode_integer(i, out) end
  if sunpack('>f', spack('>f', n)) == n then out[#out + 1] = spack('>Bf', 0xca, n)
  else out[#out + 1] = spack('>Bd', 0xcb, n) end
end

local function encode_string(s, out)
  local n = #s
  if n < 32 then out[#out + 1] = char(0xa0 | n)
  elseif n <= 0xff then out[#out + 1] = char(0xd9, n)
  elseif n <= 0xffff then out[#out + 1] = spack('>BI2', 0xda, n)
  else out[#out + 1] = spack('>BI4', 0xdb, n) end
  out[#out + 1] = s
end

-- An array when its keys are exactly 1..n (positive integers within int range, no holes).
local function is_array(t)
  local count, max = 0, 0
  for k in next, t do
    if type(k) ~= 'number' or k <= 0 or floor(k) ~= k or k > 2147483647 then return false end
    if k > max then max = k end
    count = count + 1
  end
  return max == count
end

local encode_value

local function encode_table(t, level, out)
  if is_array(t) then
    local n = rawlen(t)
    if n < 16 then out[#out + 1] = char(0x90 | n)
    elseif n <= 0xffff then out[#out + 1] = spack('>BI2', 0xdc, n)
    else out[#out + 1] = spack('>BI4', 0xdd, n) end
    for i = 1, n do encode_value(rawget(t, i), level + 1, out) end
    return
  end
  local n = 0
  for _ in next, t do n = n + 1 end
  if n < 16 then out[#out + 1] = char(0x80 | n)
  elseif n <= 0xffff then out[#out + 1] = spack('>BI2', 0xde, n)
  else out[#out + 1] = spack('>BI4', 0xdf, n) end
  for k, v in next, t do
    encode_value(k, level + 1, out)
    encode_value(v, level + 1, out)
  end
end

encode_value = function(v, level, out)
  local t = type(v)
  if t == 'table' and level == MAX_NESTING then t = 'nil' end
  if t == 'string' then encode_string(v, out)
  elseif t == 'boolean' then out[#out + 1] = v and '\xc3' or '\xc2'
  elseif t == 'number' then encode_number(v, out)
  elseif t == 'table' then encode_table(v, level, out)
  else out[#out + 1] = '\xc0' end
end

-- ---- decoding ------------------------------------------------------------------------------

local EOF, BADFMT = 'Missing bytes in input.', 'Bad data format in input.'

-- Decodes the value at position p of s; returns it and the next position, or raises.
local decode_value

local FIXED = {
  [0xcc] = { 1, '>B' }, [0xcd] = { 2, '>I2' }, [0xce] = { 4, '>I4' }, [0xcf] = { 8, '>I8' },
  [0xd0] = { 1, '>i1' }, [0xd1] = { 2, '>i2' }, [0xd2] = { 4, '>i4' }, [0xd3] = { 8, '>i8' },
  [0xca] = { 4, '>f' }, [0xcb] = { 8, '>d' },
}
local STRINGS = { [0xc4] = 1, [0xd9] = 1, [0xc5] = 2, [0xda] = 2, [0xc6] = 4, [0xdb] = 4 }

local function need(s, p, n)
  if #s - p + 1 < n then library_error(EOF) end
end

local function decode_array(s, p, n)
  local t = {}
  for i = 1, n do t[i], p = decode_value(s, p) end
  return t, p
end

local function decode_map(s, p, n)
  local t = {}
  for _ = 1, n do
    local k, v
    k, p = decode_value(s, p)
    v, p = decode_value(s, p)
    if k == nil then library_error('table index is nil') end
    t[k] = v
  end
  return t, p
end

decode_value = function(s, p)
  need(s, p, 1)
  local b = byte(s, p)
  local fixed = FIXED[b]
  if fixed then
    need(s, p, 1 + fixed[1])
    local v = sunpack(fixed[2], s, p + 1)
    if b == 0xcf and v < 0 then v = v + 18446744073709551616.0 end
    return lua51_number(v), p + 1 + fixed[1]
  end
  local size = STRINGS[b]
  if size then
    need(s, p, 1 + size)
    local n = sunpack('>I' .. size, s, p + 1)
    need(s, p, 1 + size + n)
    return sub(s, p + 1 + size, p + size + n), p + 1 + size + n
  end
  if b == 0xc0 then return nil, p + 1 end
  if b == 0xc3 then return true, p + 1 end
  if b == 0xc2 then return false, p + 1 end
  if b == 0xdc or b == 0xdd or b == 0xde or b == 0xdf then
    local width = (b == 0xdc or b == 0xde) and 2 or 4
    need(s, p, 1 + width)
    local n = sunpack('>I' .. width, s, p + 1)
    if b <= 0xdd then return decode_array(s, p + 1 + width, n) end
    return decode_map(s, p + 1 + width, n)
  end
  if b & 0x80 == 0 then return b, p + 1 end
  if b & 0xe0 == 0xe0 then return b - 256, p + 1 end
  if b & 0xe0 == 0xa0 then
    local n = b & 0x1f
    need(s, p, 1 + n)
    return sub(s, p + 1, p + n), p + 1 + n
  end
  if b & 0xf0 == 0x90 then return decode_array(s, p + 1, b & 0x0f) end
  if b & 0xf0 == 0x80 then return decode_map(s, p + 1, b & 0x0f) end
  library_error(BADFMT)
end

-- cf. mp_unpack_full: decodes up to `limit` values from `offset`; unless decoding
-- everything, returns first the offset to resume from (-1 at the end).
local function unpack_full(fname, s, limit, offset)
  local decode_all = limit == 0 and offset == 0
  if offset < 0 or limit < 0 then
    library_error(('Invalid request to unpack with offset of %d and limit of %d.'):format(offset, #s))
  elseif offset > #s then
    library_error(('Start offset %d greater than input length %d.'):format(offset, #s))
  end
  if decode_all then limit = math.maxinteger end
  local results, p, count = {}, offset + 1, 0
  while p <= #s and count < limit do
    count = count + 1
    results[count], p = decode_value(s, p)
  end
  if decode_all then return table.unpack(results, 1, count) end
  return p > #s and -1 or p - 1, table.unpack(results, 1, count)
end

local function check_string(fname, ...)
  local s = ...
  if select('#', ...) < 1 or (type(s) ~= 'string' and type(s) ~= 'number') then
    arg_error(fname, 1, 'string expected, got ' .. type_name(1, ...))
  end
  return tostring(s)
end

local function check_integer(fname, n, default, ...)
  local v = select(n, ...)
  if select('#', ...) < n or v == nil then
    if default then return default end
    arg_error(fname, n, 'number expected, got ' .. type_name(n, ...))
  end
  local number = (type(v) == 'number' or type(v) == 'string') and tonumber(v) or nil
  if not number then arg_error(fname, n, 'number expected, got ' .. type_name(n, ...)) end
  return number >= 0 and floor(number) or -floor(-number)
end

local cmsgpack = { _NAME = 'cmsgpack', _VERSION = 'lua-cmsgpack 0.4.0', _COPYRIGHT = 'Copyright (C) 2012, Salvatore Sanfilippo',
  _DESCRIPTION = 'MessagePack C implementation for Lua' }

cmsgpack.pack = function(...)
  local n = select('#', ...)
  if n == 0 then arg_error('pack', 0, 'MessagePack pack needs input.') end
  local out = {}
  for i = 1, n do encode_value((select(i, ...)), 0, out) end
  return concat(out)
end

cmsgpack.unpack = function(...)
  return unpack_full('unpack', check_string('unpack', ...), 0, 0)
end

cmsgpack.unpack_one = function(...)
  local s = check_string('unpack_one', ...)
  return unpack_full('unpack_one', s, 1, check_integer('unpack_one', 2, 0, ...))
end

cmsgpack.unpack_limit = function(...)
  local s = check_string('unpack_limit', ...)
  local limit = check_integer('unpack_limit', 2, nil, ...)
  return unpack_full('unpack_limit', s, limit, check_integer('unpack_limit', 3, 0, ...))
end

return cmsgpack
