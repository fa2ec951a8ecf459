// Bitmap commands: strings addressed bit by bit. The bit-level work is in Storage/Bitmap.cs.
// cf. bitops.c (setbitCommand, getbitCommand, bitopCommand, bitcountCommand,
// bitposCommand, bitfieldGeneric).

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class BitmapCommands
{
    /// <summary>Format: <c>SETBIT key offset value</c>. Replies the bit's old value; the string grows as needed.</summary>
    public static void SetBit(Client client)
    {
        var args = client.Args;
        if (!TryGetBitOffset(client, args[2], hashBits: 0, out long offset)) return;
        if (!Numbers.TryParseLong(args[3], out long bit) || (bit & ~1L) != 0)
        {
            client.Reply.Error(Errors.BitValue);
            return;
        }
        var bytes = LookupForWrite(client, offset, out bool grew);
        if (bytes.IsEmpty) return;
        int old = Bitmap.SetBit(bytes, offset, (int)bit);
        // As Redis 7.0: a key is changed only if it was created, grew, or the bit flipped.
        if (grew || old != bit)
        {
            client.Db.SignalModified(args[1]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.String, "setbit"u8, args[1]);
        }
        client.Reply.Integer(old);
    }

    /// <summary>Format: <c>GETBIT key offset</c>. 0 past the end of the string or for a missing key.</summary>
    public static void GetBit(Client client)
    {
        if (!TryGetBitOffset(client, client.Args[2], hashBits: 0, out long offset)) return;
        if (!StringCommands.TryLookupString(client, client.Args[1], out var value)) return;
        Span<byte> digits = stackalloc byte[20];
        client.Reply.Integer(value is null ? 0 : Bitmap.GetBit(value.StringSpan(digits), offset));
    }

    /// <summary>
    /// Format: <c>BITOP AND|OR|XOR|NOT destkey key [key ...]</c>. Stores the result (as long
    /// as the longest source; an empty result deletes destkey) and replies its length.
    /// </summary>
    public static void BitOp(Client client)
    {
        var args = client.Args;
        BitOperation operation;
        if (args.IsOption(1, "AND"u8)) operation = BitOperation.And;
        else if (args.IsOption(1, "OR"u8)) operation = BitOperation.Or;
        else if (args.IsOption(1, "XOR"u8)) operation = BitOperation.Xor;
        else if (args.IsOption(1, "NOT"u8)) operation = BitOperation.Not;
        else
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        if (operation == BitOperation.Not && args.Count != 4)
        {
            client.Reply.Error(Errors.BitopNotArity);
            return;
        }

        var sources = new ReadOnlyMemory<byte>[args.Count - 3];
        for (int i = 0; i < sources.Length; i++)
        {
            if (!StringCommands.TryLookupString(client, args[i + 3], out var value)) return;
            if (value is not null) sources[i] = value.DecodedString(); // a missing key is an empty string
        }

        var result = Bitmap.Combine(operation, sources);
        if (result.Length > 0)
        {
            client.Db.Set(args[2], RedisObject.RawString(result));
            client.Db.SignalModified(args[2]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.String, "set"u8, args[2]);
        }
        else if (client.Db.Delete(args[2]))
        {
            client.Db.SignalModified(args[2]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, args[2]);
        }
        client.Reply.Integer(result.Length);
    }

    /// <summary>
    /// Format: <c>BITCOUNT key [start end [BYTE | BIT]]</c>. Counts the set bits of the whole
    /// string or of an inclusive range of bytes (or bits); negative indexes count from the end.
    /// </summary>
    public static void BitCount(Client client)
    {
        var args = client.Args;
        if (!StringCommands.TryLookupString(client, args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.Integer(0);
            return;
        }
        Span<byte> digits = stackalloc byte[20];
        var bytes = value.StringSpan(digits);

        long start = 0, end = bytes.Length - 1;
        byte firstByteMask = 0, lastByteMask = 0; // bits of the edge bytes outside a BIT range
        if (args.Count is 4 or 5)
        {
            if (!Numbers.TryParseLong(args[2], out start) || !Numbers.TryParseLong(args[3], out end))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            if (start < 0 && end < 0 && start > end)
            {
                client.Reply.Integer(0);
                return;
            }
            if (!TryParseUnit(client, args.Count == 5 ? 4 : 0, out bool isBit)) return;
            ClipRange(ref start, ref end, isBit ? bytes.Length * 8L : bytes.Length);
            if (isBit && start <= end) ToByteRange(ref start, ref end, out firstByteMask, out lastByteMask);
        }
        else if (args.Count != 2)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }

        if (start > end)
        {
            client.Reply.Integer(0);
            return;
        }
        long count = Bitmap.PopCount(bytes[(int)start..(int)(end + 1)]);
        count -= Bitmap.PopCount([(byte)(bytes[(int)start] & firstByteMask), (byte)(bytes[(int)end] & lastByteMask)]);
        client.Reply.Integer(count);
    }

    /// <summary>
    /// Format: <c>BITPOS key bit [start [end [BYTE | BIT]]]</c>. The first bit equal to
    /// <c>bit</c> within the range, or -1. Without an end, a search for 0 may answer the
    /// first bit past the string (it is taken as padded with zeros).
    /// </summary>
    public static void BitPos(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[2], out long bit))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (bit is not (0 or 1))
        {
            client.Reply.Error(Errors.BitArgument);
            return;
        }
        if (!StringCommands.TryLookupString(client, args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.Integer(bit == 1 ? -1 : 0); // a missing key is an endless run of zeros
            return;
        }
        Span<byte> digits = stackalloc byte[20];
        var bytes = value.StringSpan(digits);

        long start = 0, end = bytes.Length - 1;
        bool endGiven = false;
        byte firstByteMask = 0, lastByteMask = 0;
        if (args.Count is 4 or 5 or 6)
        {
            if (!Numbers.TryParseLong(args[3], out start))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            if (!TryParseUnit(client, args.Count == 6 ? 5 : 0, out bool isBit)) return;
            long total = isBit ? bytes.Length * 8L : bytes.Length;
            end = total - 1;
            if (args.Count >= 5)
            {
                if (!Numbers.TryParseLong(args[4], out end))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                endGiven = true;
            }
            ClipRange(ref start, ref end, total);
            if (isBit && start <= end) ToByteRange(ref start, ref end, out firstByteMask, out lastByteMask);
        }
        else if (args.Count != 3)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }

        if (start > end)
        {
            client.Reply.Integer(-1); // an empty range holds neither a 0 nor a 1
            return;
        }
        var range = bytes[(int)start..(int)(end + 1)];
        // Edge bits outside a BIT range are forced to the opposite of the bit sought, on a copy.
        Span<byte> edges = [range[0], range[^1]];
        edges[0] = (byte)(bit == 1 ? edges[0] & ~firstByteMask : edges[0] | firstByteMask);
        if (range.Length == 1) edges[0] = (byte)(bit == 1 ? edges[0] & ~lastByteMask : edges[0] | lastByteMask);
        else edges[1] = (byte)(bit == 1 ? edges[1] & ~lastByteMask : edges[1] | lastByteMask);

        long position = FirstBitWithEdges(range, edges, (int)bit);
        // With an explicit end, the bits past the range are not zeros we may answer.
        if (endGiven && bit == 0 && position == range.Length * 8L)
        {
            client.Reply.Integer(-1);
            return;
        }
        client.Reply.Integer(position == -1 ? -1 : position + start * 8);
    }

    /// <summary>The first bit equal to <paramref name="bit"/> in <paramref name="range"/>, reading its first and last bytes from <paramref name="edges"/>.</summary>
    private static long FirstBitWithEdges(ReadOnlySpan<byte> range, ReadOnlySpan<byte> edges, int bit)
    {
        long position = Bitmap.FirstBit(edges[..1], bit);
        if (range.Length == 1 || position is >= 0 and < 8) return position;
        if (range.Length > 2)
        {
            position = Bitmap.FirstBit(range[1..^1], bit);
            long middleBits = (range.Length - 2) * 8L;
            if (position >= 0 && position < middleBits) return position + 8;
        }
        position = Bitmap.FirstBit(edges[1..], bit);
        return position == -1 ? -1 : position + (range.Length - 1) * 8L;
    }

    /// <summary>Reads the optional BYTE|BIT argument at <paramref name="index"/> (0: absent, meaning BYTE).</summary>
    private static bool TryParseUnit(Client client, int index, out bool isBit)
    {
        isBit = false;
        if (index == 0 || client.Args.IsOption(index, "BYTE"u8)) return true;
        if (client.Args.IsOption(index, "BIT"u8))
        {
            isBit = true;
            return true;
        }
        client.Reply.Error(Errors.Syntax);
        return false;
    }

    /// <summary>Resolves negative indexes against <paramref name="total"/> and clips to [0, total-1], as BITCOUNT and BITPOS do.</summary>
    private static void ClipRange(ref long start, ref long end, long total)
    {
        if (start < 0) start = Math.Max(total + start, 0);
        if (end < 0) end = Math.Max(total + end, 0);
        if (end >= total) end = total - 1;
    }

    /// <summary>Turns a bit range into a byte range plus masks of the edge bits that fall outside it.</summary>
    private static void ToByteRange(ref long start, ref long end, out byte firstByteMask, out byte lastByteMask)
    {
        firstByteMask = (byte)~((1 << (8 - (int)(start & 7))) - 1);
        lastByteMask = (byte)((1 << (7 - (int)(end & 7))) - 1);
        start >>= 3;
        end >>= 3;
    }

    // ---- BITFIELD --------------------------------------------------------------------

    private enum BitfieldOpcode
    {
        Get,
        Set,
        IncrBy,
    }

    /// <summary>One parsed BITFIELD operation; all are parsed (and checked) before any runs.</summary>
    private readonly record struct BitfieldOp(BitfieldOpcode Opcode, long Offset, long Value, BitfieldOverflow Overflow, int Bits, bool Signed);

    /// <summary>
    /// Format: <c>BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL]
    /// SET encoding offset value | INCRBY encoding offset increment] ...</c>.
    /// Encodings are i1..i64 and u1..u63; an offset "#n" means n times the width. Replies
    /// one result per GET/SET/INCRBY (null where OVERFLOW FAIL refused the write).
    /// </summary>
    public static void Bitfield(Client client) => BitfieldGeneric(client, readOnly: false);

    /// <summary>Format: <c>BITFIELD_RO key [GET encoding offset ...]</c></summary>
    public static void BitfieldRo(Client client) => BitfieldGeneric(client, readOnly: true);

    private static void BitfieldGeneric(Client client, bool readOnly)
    {
        var args = client.Args;
        var ops = new List<BitfieldOp>();
        var overflow = BitfieldOverflow.Wrap;
        bool writes = false;
        long highestWriteBit = 0;
        for (int j = 2; j < args.Count; j++)
        {
            int remaining = args.Count - j - 1;
            BitfieldOpcode opcode;
            if (args.IsOption(j, "GET"u8) && remaining >= 2) opcode = BitfieldOpcode.Get;
            else if (args.IsOption(j, "SET"u8) && remaining >= 3) opcode = BitfieldOpcode.Set;
            else if (args.IsOption(j, "INCRBY"u8) && remaining >= 3) opcode = BitfieldOpcode.IncrBy;
            else if (args.IsOption(j, "OVERFLOW"u8) && remaining >= 1)
            {
                j++;
                if (args.IsOption(j, "WRAP"u8)) overflow = BitfieldOverflow.Wrap;
                else if (args.IsOption(j, "SAT"u8)) overflow = BitfieldOverflow.Sat;
                else if (args.IsOption(j, "FAIL"u8)) overflow = BitfieldOverflow.Fail;
                else
                {
                    client.Reply.Error(Errors.BitfieldOverflowType);
                    return;
                }
                continue;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }

            if (!TryGetBitfieldType(args[j + 1], out bool signed, out int bits))
            {
                client.Reply.Error(Errors.BitfieldType);
                return;
            }
            if (!TryGetBitOffset(client, args[j + 2], bits, out long offset)) return;
            long value = 0;
            if (opcode != BitfieldOpcode.Get)
            {
                writes = true;
                highestWriteBit = Math.Max(highestWriteBit, offset + bits - 1);
                if (!Numbers.TryParseLong(args[j + 3], out value))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
            }
            ops.Add(new BitfieldOp(opcode, offset, value, overflow, bits, signed));
            j += opcode == BitfieldOpcode.Get ? 2 : 3;
        }

        RedisObject? target = null;
        Span<byte> bytes = default;
        bool grew = false;
        if (!writes)
        {
            if (!StringCommands.TryLookupString(client, args[1], out target)) return;
        }
        else if (readOnly)
        {
            client.Reply.Error(Errors.BitfieldReadOnly);
            return;
        }
        else
        {
            bytes = LookupForWrite(client, highestWriteBit, out grew);
            if (bytes.IsEmpty) return;
        }

        Span<byte> digits = stackalloc byte[20];
        ReadOnlySpan<byte> readable = target is null ? bytes : target.StringSpan(digits);
        client.Reply.ArrayHeader(ops.Count);
        int changes = 0;
        foreach (var op in ops)
        {
            if (op.Opcode == BitfieldOpcode.Get) ReplyField(client, readable, op);
            else if (op.Signed ? WriteSigned(client, bytes, op, grew) : WriteUnsigned(client, bytes, op, grew)) changes++;
        }
        if (changes > 0)
        {
            client.Db.SignalModified(args[1]);
            client.Server.Dirty += changes;
            KeyspaceEvents.Notify(client, NotifyClass.String, "setbit"u8, args[1]);
        }
    }

    /// <summary>GET: the field read as if the string went on with zero bytes.</summary>
    private static void ReplyField(Client client, ReadOnlySpan<byte> bytes, BitfieldOp op)
    {
        // Copy the (up to) 9 bytes the field touches into a zero-padded buffer, as Redis does,
        // so a field that runs past the end of the string reads zeros there.
        long firstByte = op.Offset >> 3;
        Span<byte> window = stackalloc byte[9];
        window.Clear();
        if (firstByte < bytes.Length) bytes[(int)firstByte..Math.Min(bytes.Length, (int)firstByte + 9)].CopyTo(window);
        long offset = op.Offset & 7;
        if (op.Signed) client.Reply.Integer(Bitmap.GetSigned(window, offset, op.Bits));
        else client.Reply.Integer((long)Bitmap.GetUnsigned(window, offset, op.Bits));
    }

    /// <summary>
    /// SET or INCRBY on a signed field: replies the old value (SET) or the new one (INCRBY). Returns
    /// whether the key changed, as Redis 7.0 counts it: the value differs, or the string was created
    /// or grown (<paramref name="grew"/>); false when OVERFLOW FAIL refused the write.
    /// </summary>
    private static bool WriteSigned(Client client, Span<byte> bytes, BitfieldOp op, bool grew)
    {
        long old = Bitmap.GetSigned(bytes, op.Offset, op.Bits);
        long updated, reply;
        int overflowed;
        if (op.Opcode == BitfieldOpcode.IncrBy)
        {
            overflowed = Bitmap.CheckSignedOverflow(old, op.Value, op.Bits, op.Overflow, out long limit);
            updated = overflowed != 0 ? limit : old + op.Value;
            reply = updated;
        }
        else
        {
            overflowed = Bitmap.CheckSignedOverflow(op.Value, 0, op.Bits, op.Overflow, out long limit);
            updated = overflowed != 0 ? limit : op.Value;
            reply = old;
        }
        if (overflowed != 0 && op.Overflow == BitfieldOverflow.Fail)
        {
            client.Reply.NullBulk();
            return false;
        }
        client.Reply.Integer(reply);
        Bitmap.SetUnsigned(bytes, op.Offset, op.Bits, (ulong)updated);
        return grew || updated != old;
    }

    /// <summary>SET or INCRBY on an unsigned field (at most 63 bits, so every value fits a reply integer); returns as <see cref="WriteSigned"/>.</summary>
    private static bool WriteUnsigned(Client client, Span<byte> bytes, BitfieldOp op, bool grew)
    {
        ulong old = Bitmap.GetUnsigned(bytes, op.Offset, op.Bits);
        ulong updated, reply;
        int overflowed;
        if (op.Opcode == BitfieldOpcode.IncrBy)
        {
            overflowed = Bitmap.CheckUnsignedOverflow(old, op.Value, op.Bits, op.Overflow, out ulong limit);
            updated = overflowed != 0 ? limit : old + (ulong)op.Value;
            reply = updated;
        }
        else
        {
            overflowed = Bitmap.CheckUnsignedOverflow((ulong)op.Value, 0, op.Bits, op.Overflow, out ulong limit);
            updated = overflowed != 0 ? limit : (ulong)op.Value;
            reply = old;
        }
        if (overflowed != 0 && op.Overflow == BitfieldOverflow.Fail)
        {
            client.Reply.NullBulk();
            return false;
        }
        client.Reply.Integer((long)reply);
        Bitmap.SetUnsigned(bytes, op.Offset, op.Bits, updated);
        return grew || updated != old;
    }

    /// <summary>
    /// Parses a BITFIELD type: 'i' or 'u' (lower case only) then the width, 1..64 signed or
    /// 1..63 unsigned. Read like Redis's C string: the width ends at the first NUL byte.
    /// cf. getBitfieldTypeFromArgument.
    /// </summary>
    private static bool TryGetBitfieldType(ReadOnlySpan<byte> arg, out bool signed, out int bits)
    {
        signed = arg.Length > 0 && arg[0] == (byte)'i';
        bits = 0;
        if (arg.Length == 0 || (arg[0] != (byte)'i' && arg[0] != (byte)'u')) return false;
        if (!Numbers.TryParseLong(ArgList.CString(arg[1..]), out long width) || width < 1 || width > (signed ? 64 : 63))
            return false;
        bits = (int)width;
        return true;
    }

    // ---- shared helpers ----------------------------------------------------------------

    /// <summary>
    /// Parses a bit offset: a non-negative integer whose byte (offset / 8) lies below
    /// proto-max-bulk-len. With <paramref name="hashBits"/> &gt; 0 (BITFIELD), "#n" means n
    /// times that width. cf. getBitOffsetFromArgument.
    /// </summary>
    private static bool TryGetBitOffset(Client client, ReadOnlySpan<byte> arg, int hashBits, out long offset)
    {
        bool hash = hashBits > 0 && arg.Length > 0 && arg[0] == (byte)'#';
        if (!Numbers.TryParseLong(hash ? arg[1..] : arg, out offset))
        {
            client.Reply.Error(Errors.BitOffset);
            return false;
        }
        if (hash) offset = unchecked(offset * hashBits); // wraps on overflow, as in C; the range check then refuses it
        long limit = Math.Min(client.Server.Config.ProtoMaxBulkLen, Array.MaxLength);
        if (offset < 0 || (offset >> 3) >= limit)
        {
            client.Reply.Error(Errors.BitOffset);
            return false;
        }
        return true;
    }

    /// <summary>
    /// The string at argv[1] as writable bytes, created or padded with zero bytes so that bit
    /// <paramref name="highestBit"/> exists; empty after replying WRONGTYPE. New strings are
    /// raw, as Redis creates them. cf. lookupStringForBitCommand.
    /// </summary>
    private static Span<byte> LookupForWrite(Client client, long highestBit, out bool grew)
    {
        var key = client.Args[1];
        int length = (int)(highestBit >> 3) + 1;
        grew = false;
        if (!StringCommands.TryLookupString(client, key, out var value, forWrite: true)) return default;
        grew = value is null || value.StringLength < length;
        if (value is not null) return value.WritableString(length);
        var bytes = new byte[length];
        client.Db.Set(key, RedisObject.RawString(bytes));
        return bytes;
    }
}
