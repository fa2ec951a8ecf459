-- cjson: JSON encoding and decoding, as Redis's lua_cjson.c (Lua CJSON 2.1.0) with its
-- default settings: numbers as "%.14g", '/' escaped, sparse arrays refused past a ratio,
-- nesting limited to 1000, cjson.null for JSON null.

local helpers = ...
local library_error, null, lua51_number = helpers.error, helpers.null, helpers.number
local type, select, tostring, tonumber, next, floor, huge = type, select, tostring, tonumber, next, math.floor, math.huge
local byte, char, sub, find, lower, format, concat = string.byte, string.char, string.sub, string.find, string.lower, string.format, table.concat
local rawget, rawlen = rawget, rawlen

local cfg = {
  sparse_convert = false, sparse_ratio = 2, sparse_safe = 10,
  encode_max_depth = 1000, decode_max_depth = 1000,
  precision = 14, encode_invalid_numbers = false, decode_invalid_numbers = true,
  keep_buffer = true,
}

local function arg_error(fname, message)
  library_error(("bad argument #1 to '%s' (%s)"):format(fname, message))
end

-- ---- encoding ---------------------------------------------------------------------------

local ESCAPES = { ['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t', ['\127'] = '\\u007f' }
for c = 0, 31 do
  local ch = char(c)
  if not ESCAPES[ch] then ESCAPES[ch] = ('\\u%04x'):format(c) end
end

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\/\127]', ESCAPES) .. '"'
end

local function cannot(value, reason)
  library_error(('Cannot serialise %s: %s'):format(type(value), reason))
end

local function encode_number(n)
  if n ~= n or n == huge or n == -huge then
    if cfg.encode_invalid_numbers == 'null' then return 'null' end
    if not cfg.encode_invalid_numbers then cannot(n, 'must not be NaN or Inf') end
    if n ~= n then return 'nan' end
  end
  return format('%.' .. cfg.precision .. 'g', n)
end

-- The array length of t, or -1 when it must be an object. cf. lua_array_length.
local function array_length(t)
  local max, items = 0, 0
  for k in next, t do
    if type(k) ~= 'number' or k < 1 or floor(k) ~= k then return -1 end
    if k > max then max = k end
    items = items + 1
  end
  if cfg.sparse_ratio > 0 and max > items * cfg.sparse_ratio and max > cfg.sparse_safe then
    if not cfg.sparse_convert then cannot(t, 'excessively sparse array') end
    return -1
  end
  return max
end

local encode_value

local function encode_table(t, depth, out)
  if depth > cfg.encode_max_depth then
    library_error(('Cannot serialise, excessive nesting (%d)'):format(depth))
  end
  local length = array_length(t)
  if length > 0 then
    out[#out + 1] = '['
    for i = 1, length do
      if i > 1 then out[#out + 1] = ',' end
      encode_value(rawget(t, i), depth, out)
    end
    out[#out + 1] = ']'
    return
  end
  out[#out + 1] = '{'
  local first = true
  for k, v in next, t do
    if not first then out[#out + 1] = ',' end
    first = false
    if type(k) == 'string' then out[#out + 1] = encode_string(k)
    elseif type(k) == 'number' then out[#out + 1] = '"' .. encode_number(k) .. '"'
    else cannot(k, 'table key must be a number or string') end
    out[#out + 1] = ':'
    encode_value(v, depth, out)
  end
  out[#out + 1] = '}'
end

encode_value = function(v, depth, out)
  local t = type(v)
  if t == 'string' then out[#out + 1] = encode_string(v)
  elseif t == 'number' then out[#out + 1] = encode_number(v)
  elseif t == 'boolean' then out[#out + 1] = v and 'true' or 'false'
  elseif t == 'table' then encode_table(v, depth + 1, out)
  elseif v == nil or v == null then out[#out + 1] = 'null'
  else cannot(v, 'type not supported') end
end

-- ---- decoding ---------------------------------------------------------------------------

local DECODE_ESCAPES = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

-- A token: its kind (the name Lua CJSON prints in errors), its value, its 0-based index.
local function parse_error(expected, kind, at)
  library_error(('Expected %s but found %s at character %d'):format(expected, kind, at + 1))
end

local function utf8_char(code)
  if code < 0x80 then return char(code) end
  if code < 0x800 then return char(0xC0 | (code >> 6), 0x80 | (code & 0x3F)) end
  if code < 0x10000 then return char(0xE0 | (code >> 12), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F)) end
  return char(0xF0 | (code >> 18), 0x80 | ((code >> 12) & 0x3F), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F))
end

-- C's strtod on the text at i: the longest prefix that is a number. Returns number, next index.
local function strtod(s, i)
  local p = i
  local sign = byte(s, p)
  if sign == 43 or sign == 45 then p = p + 1 end
  local negative = sign == 45
  local word = lower(sub(s, p, p + 7))
  if word == 'infinity' then return negative and -huge or huge, p + 8 end
  if sub(word, 1, 3) == 'inf' then return negative and -huge or huge, p + 3 end
  if sub(word, 1, 3) == 'nan' then
    local close = find(s, '^%([%w_]*%)', p + 3)
    return -(0.0 / 0.0), close and (s:find(')', p + 3, true) + 1) or p + 3
  end
  local hex = s:match('^0[xX]%x+', p)
  if hex then
    local value = tonumber(hex)
    return negative and -value or value, p + #hex
  end
  local digits = s:match('^%d*%.?%d*', p)
  if not digits:find('%d') then return nil, i end
  local stop = p + #digits
  local exponent = s:match('^[eE][+-]?%d+', stop)
  if exponent then stop = stop + #exponent end
  return tonumber(sub(s, i, stop - 1)), stop
end

-- json_is_invalid_number: hex, leading zeros, inf and nan (accepted by default).
local function invalid_number_start(s, i)
  local p = i
  if byte(s, p) == 45 then p = p + 1 end
  local c1, c2 = byte(s, p, p + 1)
  if c1 == 48 and (c2 == 120 or c2 == 88) then return true end
  if c1 == 48 and c2 and c2 >= 48 and c2 <= 57 then return true end
  local word = lower(sub(s, p, p + 2))
  return word == 'inf' or word == 'nan'
end

local function new_decoder(s)
  local d = { s = s, pos = 1, depth = 0 }

  -- Reads the next token: kind, value, index (0-based).
  function d.next()
    local _, e = find(s, '^[ \t\n\r]*', d.pos)
    d.pos = e + 1
    local at = d.pos - 1
    local c = byte(s, d.pos)
    if c == nil or c == 0 then return 'T_END', nil, at end
    if c == 123 then d.pos = d.pos + 1 return 'T_OBJ_BEGIN', nil, at end
    if c == 125 then d.pos = d.pos + 1 return 'T_OBJ_END', nil, at end
    if c == 91 then d.pos = d.pos + 1 return 'T_ARR_BEGIN', nil, at end
    if c == 93 then d.pos = d.pos + 1 return 'T_ARR_END', nil, at end
    if c == 58 then d.pos = d.pos + 1 return 'T_COLON', nil, at end
    if c == 44 then d.pos = d.pos + 1 return 'T_COMMA', nil, at end
    if c == 34 then return d.string() end
    if c == 45 or (c >= 48 and c <= 57) then
      if not cfg.decode_invalid_numbers and invalid_number_start(s, d.pos) then return 'T_ERROR', 'invalid number', at end
      local value, stop = strtod(s, d.pos)
      if value == nil then return 'T_ERROR', 'invalid number', at end
      d.pos = stop
      return 'T_NUMBER', lua51_number(value), at
    end
    if sub(s, d.pos, d.pos + 3) == 'true' then d.pos = d.pos + 4 return 'T_BOOLEAN', true, at end
    if sub(s, d.pos, d.pos + 4) == 'false' then d.pos = d.pos + 5 return 'T_BOOLEAN', false, at end
    if sub(s, d.pos, d.pos + 3) == 'null' then d.pos = d.pos + 4 return 'T_NULL', null, at end
    if cfg.decode_invalid_numbers and invalid_number_start(s, d.pos) then
      local value, stop = strtod(s, d.pos)
      if value ~= nil then
        d.pos = stop
        return 'T_NUMBER', lua51_number(value), at
      end
    end
    return 'T_ERROR', 'invalid token', at
  end

  function d.string()
    local at = d.pos - 1
    local p = d.pos + 1
    local out = {}
    while true do
      local stop = find(s, '["\\%z]', p)
      if not stop then return 'T_ERROR', 'unexpected end of string', #s end
      out[#out + 1] = sub(s, p, stop - 1)
      local c = byte(s, stop)
      if c == 34 then
        d.pos = stop + 1
        return 'T_STRING', concat(out), at
      end
      if c == 0 then return 'T_ERROR', 'unexpected end of string', stop - 1 end
      local e = sub(s, stop + 1, stop + 1)
      if e == 'u' then
        local code = tonumber(sub(s, stop + 2, stop + 5):match('^%x%x%x%x$') or '', 16)
        local used = 6
        if code and code >= 0xD800 and code <= 0xDBFF then
          local low = sub(s, stop + 6, stop + 7) == '\\u' and tonumber(sub(s, stop + 8, stop + 11):match('^%x%x%x%x$') or '', 16)
          if low and low >= 0xDC00 and low <= 0xDFFF then
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            used = 12
          else
            code = nil
          end
        elseif code and code >= 0xDC00 and code <= 0xDFFF then
          code = nil
        end
        if not code then return 'T_ERROR', 'invalid unicode escape code', stop - 1 end
        out[#out + 1] = utf8_char(code)
        p = stop + used
      else
        local replacement = DECODE_ESCAPES[e]
        if not replacement then return 'T_ERROR', 'invalid escape code', stop - 1 end
        out[#out + 1] = replacement
        p = stop + 2
      end
    end
  end

  return d
end

local process_value

local function descend(d)
  d.depth = d.depth + 1
  if d.depth > cfg.decode_max_depth then
    library_error(('Found too many nested data structures (%d) at character %d'):format(d.depth, d.pos - 1))
  end
end

local function found(kind, value) return kind == 'T_ERROR' and value or kind end

local function parse_object(d)
  descend(d)
  local result = {}
  local kind, value, at = d.next()
  if kind == 'T_OBJ_END' then
    d.depth = d.depth - 1
    return result
  end
  while true do
    if kind ~= 'T_STRING' then parse_error('object key string', found(kind, value), at) end
    local key = value
    kind, value, at = d.next()
    if kind ~= 'T_COLON' then parse_error('colon', found(kind, value), at) end
    result[key] = process_value(d, d.next())
    kind, value, at = d.next()
    if kind == 'T_OBJ_END' then
      d.depth = d.depth - 1
      return result
    end
    if kind ~= 'T_COMMA' then parse_error('comma or object end', found(kind, value), at) end
    kind, value, at = d.next()
  end
end

local function parse_array(d)
  descend(d)
  local result = {}
  local kind, value, at = d.next()
  if kind == 'T_ARR_END' then
    d.depth = d.depth - 1
    return result
  end
  local i = 1
  while true do
    result[i] = process_value(d, kind, value, at)
    i = i + 1
    kind, value, at = d.next()
    if kind == 'T_ARR_END' then
      d.depth = d.depth - 1
      return result
    end
    if kind ~= 'T_COMMA' then parse_error('comma or array end', found(kind, value), at) end
    kind, value, at = d.next()
  end
end

process_value = function(d, kind, value, at)
  if kind == 'T_STRING' or kind == 'T_NUMBER' or kind == 'T_BOOLEAN' or kind == 'T_NULL' then return value end
  if kind == 'T_OBJ_BEGIN' then return parse_object(d) end
  if kind == 'T_ARR_BEGIN' then return parse_array(d) end
  parse_error('value', found(kind, value), at)
end

-- ---- the module ---------------------------------------------------------------------------

local cjson = { null = null, _NAME = 'cjson', _VERSION = '2.1.0' }

cjson.encode = function(...)
  if select('#', ...) ~= 1 then arg_error('encode', 'expected 1 argument') end
  local out = {}
  encode_value((...), 0, out)
  return concat(out)
end

cjson.decode = function(...)
  if select('#', ...) ~= 1 then arg_error('decode', 'expected 1 argument') end
  local s = ...
  if type(s) ~= 'string' and type(s) ~= 'number' then arg_error('decode', 'string expected, got ' .. type(s)) end
  s = tostring(s)
  if #s >= 2 and (byte(s, 1) == 0 or byte(s, 2) == 0) then library_error('JSON parser does not support UTF-16 or UTF-32') end
  local d = new_decoder(s)
  local value = process_value(d, d.next())
  local kind, token, at = d.next()
  if kind ~= 'T_END' then parse_error('the end', found(kind, token), at) end
  return value
end

-- Settings: each returns the current values; arguments change them (cf. json_cfg_*).
local function integer_option(name, fname, min, max)
  return function(...)
    local value = ...
    if select('#', ...) > 0 and value ~= nil then
      value = tonumber(value)
      if not value or value < min or value > max or floor(value) ~= value then
        arg_error(fname, ('expected integer between %d and %d'):format(min, max))
      end
      cfg[name] = value
    end
    return cfg[name]
  end
end
cjson.encode_max_depth = integer_option('encode_max_depth', 'encode_max_depth', 1, 2147483647)
cjson.decode_max_depth = integer_option('decode_max_depth', 'decode_max_depth', 1, 2147483647)
cjson.encode_number_precision = integer_option('precision', 'encode_number_precision', 1, 14)

cjson.encode_sparse_array = function(convert, ratio, safe)
  if convert ~= nil then cfg.sparse_convert = convert and true or false end
  if ratio ~= nil then cfg.sparse_ratio = tonumber(ratio) or cfg.sparse_ratio end
  if safe ~= nil then cfg.sparse_safe = tonumber(safe) or cfg.sparse_safe end
  return cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe
end
cjson.encode_keep_buffer = function(keep)
  if keep ~= nil then cfg.keep_buffer = keep and true or false end
  return cfg.keep_buffer
end
cjson.encode_invalid_numbers = function(setting)
  if setting ~= nil then cfg.encode_invalid_numbers = setting == 'null' and 'null' or (setting and true or false) end
  return cfg.encode_invalid_numbers
end
cjson.decode_invalid_numbers = function(setting)
  if setting ~= nil then cfg.decode_invalid_numbers = setting and true or false end
  return cfg.decode_invalid_numbers
end

return cjson
