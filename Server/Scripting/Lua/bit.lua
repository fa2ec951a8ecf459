-- bit: 32-bit bitwise operations, as Redis's LuaBitOp 1.0.2 (lua_bit.c).
-- Arguments are numbers reduced modulo 2^32 (after rounding to the nearest integer);
-- results are signed 32-bit integers.

local helpers = ...
local library_error, type_name = helpers.error, helpers.type_name
local pack, unpack, select, tonumber, type = string.pack, string.unpack, select, tonumber, type

-- LuaBitOp's conversion: add 2^52+2^51 and read the low 32 bits of the double.
local function tobit(fname, n, ...)
  local v = select(n, ...)
  local number = select('#', ...) >= n and (type(v) == 'number' or type(v) == 'string') and tonumber(v) or nil
  if number == nil then
    library_error(("bad argument #%d to '%s' (number expected, got %s)"):format(n, fname, type_name(n, ...)))
  end
  return (unpack('<I4', pack('<d', number + 6755399441055744.0)))
end

local function signed(b)
  b = b & 0xffffffff
  return b >= 0x80000000 and b - 0x100000000 or b
end

local bit = {}

bit.tobit = function(...) return signed(tobit('tobit', 1, ...)) end
bit.bnot = function(...) return signed(~tobit('bnot', 1, ...)) end
bit.bswap = function(...)
  local b = tobit('bswap', 1, ...)
  return signed(((b >> 24) & 0xff) | ((b >> 8) & 0xff00) | ((b & 0xff00) << 8) | ((b & 0xff) << 24))
end

-- band, bor, bxor take any number of arguments: the first, then from the last down.
local function fold(fname, op)
  return function(...)
    local b = tobit(fname, 1, ...)
    for i = select('#', ...), 2, -1 do b = op(b, tobit(fname, i, ...)) end
    return signed(b)
  end
end
bit.band = fold('band', function(a, b) return a & b end)
bit.bor = fold('bor', function(a, b) return a | b end)
bit.bxor = fold('bxor', function(a, b) return a ~ b end)

local function shift(fname, op)
  return function(...)
    local b, n = tobit(fname, 1, ...), tobit(fname, 2, ...) & 31
    return signed(op(b, n))
  end
end
bit.lshift = shift('lshift', function(b, n) return b << n end)
bit.rshift = shift('rshift', function(b, n) return b >> n end)
-- On the sign-extended 64-bit value a logical shift keeps the sign in the low 32 bits.
bit.arshift = shift('arshift', function(b, n) return signed(b) >> n end)
bit.rol = shift('rol', function(b, n) return (b << n) | (b >> (32 - n)) end)
bit.ror = shift('ror', function(b, n) return (b >> n) | (b << (32 - n)) end)

bit.tohex = function(...)
  local b = tobit('tohex', 1, ...)
  local n = select('#', ...) < 2 and 8 or signed(tobit('tohex', 2, ...))
  local digits = '0123456789abcdef'
  if n < 0 then
    n = -n
    digits = '0123456789ABCDEF'
  end
  if n > 8 then n = 8 end
  local out = {}
  for i = n, 1, -1 do
    local d = (b & 15) + 1
    out[i] = digits:sub(d, d)
    b = b >> 4
  end
  return table.concat(out)
end

return bit
