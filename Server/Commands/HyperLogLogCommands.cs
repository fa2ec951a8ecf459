// HyperLogLog commands: PFADD, PFCOUNT, PFMERGE and the PFDEBUG / PFSELFTEST helpers. An HLL is a
// plain string value; the representation is in Storage/HyperLogLog.cs.
// cf. the commands part of hyperloglog.c (pfaddCommand, pfcountCommand, pfmergeCommand, pfdebugCommand).

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class HyperLogLogCommands
{
    /// <summary>
    /// Looks up <paramref name="key"/> and checks it holds an HLL (see <see cref="IsHllOrReply"/>);
    /// a missing key is null.
    /// </summary>
    private static bool TryLookupHll(Client client, ReadOnlySpan<byte> key, out RedisObject? value, bool forWrite = false)
    {
        value = forWrite ? client.Db.LookupQuiet(key) : client.Db.Lookup(key);
        return value is null || IsHllOrReply(client, value);
    }

    /// <summary>
    /// True when <paramref name="value"/> is a string shaped like an HLL; otherwise replies
    /// WRONGTYPE (Redis's generic text for another type, the HLL text for a string that is not
    /// one) and returns false (cf. isHLLObjectOrReply).
    /// </summary>
    private static bool IsHllOrReply(Client client, RedisObject value)
    {
        if (value.Type != RedisType.String)
        {
            client.Reply.Error(Errors.WrongType);
            return false;
        }
        // An int-encoded string is never an HLL (Redis checks sdsEncodedObject first).
        if (value.Encoding != ObjectEncoding.Int && HyperLogLog.IsValid(value.StringSpan([]))) return true;
        client.Reply.Error(Errors.NotHll);
        return false;
    }

    /// <summary>
    /// Format: <c>PFADD key [element [element ...]]</c>. Replies 1 if the key was created or a
    /// register changed (so the estimate may have), else 0.
    /// </summary>
    public static void PfAdd(Client client)
    {
        var args = client.Args;
        if (!TryLookupHll(client, args[1], out var value, forWrite: true)) return;
        int updated = 0;
        if (value is null)
        {
            value = RedisObject.RawString(HyperLogLog.CreateEmpty());
            client.Db.Set(args[1], value);
            updated++;
        }

        var hll = new HllBuffer(value.UnsharedBuffer(out int length), length);
        long sparseMaxBytes = client.Server.Config.HllSparseMaxBytes;
        for (int i = 2; i < args.Count; i++)
        {
            int result = HyperLogLog.Add(ref hll, args[i], sparseMaxBytes);
            if (result < 0)
            {
                value.SetRawString(hll.Bytes, hll.Length);
                client.Reply.Error(Errors.InvalidHll);
                return;
            }
            updated += result;
        }
        if (updated > 0)
        {
            HyperLogLog.InvalidateCache(hll.Span);
            client.Db.SignalModified(args[1]);
            client.Server.Dirty += updated;
            KeyspaceEvents.Notify(client, NotifyClass.String, "pfadd"u8, args[1]);
        }
        value.SetRawString(hll.Bytes, hll.Length);
        client.Reply.Integer(updated > 0 ? 1 : 0);
    }

    /// <summary>
    /// Format: <c>PFCOUNT key [key ...]</c>. One key: its estimate, from the cached cardinality
    /// when valid, else computed and cached (a change to the value, signalled as one). Several
    /// keys: the estimate of their union, merged in a temporary; missing keys count as empty.
    /// </summary>
    public static void PfCount(Client client)
    {
        var args = client.Args;
        if (args.Count > 2)
        {
            Span<byte> max = stackalloc byte[HyperLogLog.RegisterCount];
            max.Clear();
            if (!TryMergeSources(client, 1, max, out _)) return;
            client.Reply.Integer((long)HyperLogLog.CountRaw(max));
            return;
        }

        if (!TryLookupHll(client, args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.Integer(0);
            return;
        }
        var bytes = value.UnsharedBuffer(out int length).AsSpan(0, length);
        if (HyperLogLog.TryGetCachedCount(bytes, out long cached))
        {
            client.Reply.Integer(cached);
            return;
        }
        if (!HyperLogLog.TryCount(bytes, out ulong count))
        {
            client.Reply.Error(Errors.InvalidHll);
            return;
        }
        HyperLogLog.SetCachedCount(bytes, count);
        client.Db.SignalModified(args[1]);
        client.Server.Dirty++; // a read that rewrote the cached count, so it is propagated (as pfcountCommand)
        client.Reply.Integer((long)count);
    }

    /// <summary>
    /// Merges the HLLs at args[first..] into <paramref name="max"/> (one byte per register);
    /// false after replying WRONGTYPE or INVALIDOBJ. <paramref name="anyDense"/> tells whether
    /// one of them was dense.
    /// </summary>
    private static bool TryMergeSources(Client client, int first, Span<byte> max, out bool anyDense)
    {
        anyDense = false;
        var args = client.Args;
        for (int i = first; i < args.Count; i++)
        {
            if (!TryLookupHll(client, args[i], out var value)) return false;
            if (value is null) continue; // a missing key is an empty HLL
            var bytes = value.StringSpan([]);
            if (!HyperLogLog.IsSparse(bytes)) anyDense = true;
            if (!HyperLogLog.TryMergeInto(max, bytes))
            {
                client.Reply.Error(Errors.InvalidHll);
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Format: <c>PFMERGE destkey sourcekey [sourcekey ...]</c>. Stores at destkey the union of
    /// the sources and of destkey itself when it exists. The result stays sparse unless a source
    /// was dense or it grows past hll-sparse-max-bytes.
    /// </summary>
    public static void PfMerge(Client client)
    {
        var args = client.Args;
        Span<byte> max = stackalloc byte[HyperLogLog.RegisterCount];
        max.Clear();
        if (!TryMergeSources(client, 1, max, out bool anyDense)) return;

        // destkey was checked with the sources, so it is a valid HLL or missing.
        var value = client.Db.LookupQuiet(args[1]);
        if (value is null)
        {
            value = RedisObject.RawString(HyperLogLog.CreateEmpty());
            client.Db.Set(args[1], value);
        }
        var hll = new HllBuffer(value.UnsharedBuffer(out int length), length);
        if (!HyperLogLog.TryStoreRegisters(ref hll, max, toDense: anyDense, client.Server.Config.HllSparseMaxBytes))
        {
            client.Reply.Error(Errors.InvalidHll);
            return;
        }
        value.SetRawString(hll.Bytes, hll.Length);
        client.Db.SignalModified(args[1]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.String, "pfadd"u8, args[1]); // Redis reuses PFADD's event name
        client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>PFDEBUG GETREG|DECODE|ENCODING|TODENSE key</c>. GETREG turns the HLL dense and
    /// replies its 16384 registers; DECODE shows the sparse opcodes; ENCODING replies dense or
    /// sparse; TODENSE converts and replies 1, or 0 if it was dense already.
    /// </summary>
    public static void PfDebug(Client client)
    {
        var args = client.Args;
        var value = client.Db.LookupQuiet(args[2]);
        if (value is null)
        {
            client.Reply.Error(Errors.PfDebugNoKey);
            return;
        }
        if (!IsHllOrReply(client, value)) return;
        var hll = new HllBuffer(value.UnsharedBuffer(out int length), length);

        if (args.IsOption(1, "GETREG"u8))
        {
            if (!HyperLogLog.TryToDense(ref hll))
            {
                client.Reply.Error(Errors.InvalidHll);
                return;
            }
            value.SetRawString(hll.Bytes, hll.Length);
            var registers = hll.Span[HyperLogLog.HeaderSize..];
            client.Reply.ArrayHeader(HyperLogLog.RegisterCount);
            for (int i = 0; i < HyperLogLog.RegisterCount; i++) client.Reply.Integer(HyperLogLog.GetRegister(registers, i));
        }
        else if (args.IsOption(1, "DECODE"u8))
        {
            if (!HyperLogLog.IsSparse(hll.Span)) client.Reply.Error(Errors.HllNotSparse);
            else client.Reply.Bulk(HyperLogLog.DecodeSparse(hll.Span));
        }
        else if (args.IsOption(1, "ENCODING"u8))
        {
            client.Reply.Simple(HyperLogLog.IsSparse(hll.Span) ? "sparse"u8 : "dense"u8);
        }
        else if (args.IsOption(1, "TODENSE"u8))
        {
            bool wasSparse = HyperLogLog.IsSparse(hll.Span);
            if (!HyperLogLog.TryToDense(ref hll))
            {
                client.Reply.Error(Errors.InvalidHll);
                return;
            }
            value.SetRawString(hll.Bytes, hll.Length);
            client.Reply.Integer(wasSparse ? 1 : 0);
        }
        else
        {
            // Redis formats the name as a C string, with newlines turned into spaces.
            string name = Encoding.Latin1.GetString(ArgList.CString(args[1])).Replace('\r', ' ').Replace('\n', ' ');
            client.Reply.Error(Errors.UnknownPfDebugSubcommand(name));
        }
    }

    /// <summary>
    /// Format: <c>PFSELFTEST</c>. Checks the register packing against plain bytes, then that the
    /// dense and sparse forms agree and stay within six standard errors up to 10 million elements
    /// (cf. pfselftestCommand). Replies OK or a TESTFAILED error.
    /// </summary>
    public static void PfSelfTest(Client client)
    {
        string? failure = SelfTest(client.Server.Config.HllSparseMaxBytes);
        if (failure is null) client.Reply.Ok();
        else client.Reply.Error(failure);
    }

    private static string? SelfTest(long sparseMaxBytes)
    {
        var random = new Random();

        // Test 1: every register keeps its value without disturbing its neighbours.
        var dense = new byte[HyperLogLog.DenseSize];
        var registers = dense.AsSpan(HyperLogLog.HeaderSize);
        var expected = new byte[HyperLogLog.RegisterCount];
        for (int cycle = 0; cycle < 1000; cycle++)
        {
            random.NextBytes(expected);
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] &= 63;
                HyperLogLog.SetRegister(registers, i, expected[i]);
            }
            for (int i = 0; i < expected.Length; i++)
            {
                int actual = HyperLogLog.GetRegister(registers, i);
                if (actual != expected[i]) return Errors.SelfTestRegister(i, expected[i], actual);
            }
        }

        // Test 2: the estimate of n distinct elements, dense and sparse side by side.
        registers.Clear();
        "HYLL"u8.CopyTo(dense);
        var denseHll = new HllBuffer(dense, dense.Length);
        var sparse = HyperLogLog.CreateEmpty();
        var sparseHll = new HllBuffer(sparse, sparse.Length);
        double relativeError = 1.04 / Math.Sqrt(HyperLogLog.RegisterCount);
        long checkpoint = 1;
        ulong seed = (ulong)random.NextInt64();
        Span<byte> element = stackalloc byte[8];
        for (long j = 1; j <= 10_000_000; j++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(element, (ulong)j ^ seed);
            HyperLogLog.Add(ref denseHll, element, sparseMaxBytes);
            HyperLogLog.Add(ref sparseHll, element, sparseMaxBytes);
            if (j != checkpoint) continue;

            if (j < sparseMaxBytes / 2 && !HyperLogLog.IsSparse(sparseHll.Span)) return Errors.SelfTestNotSparse;
            HyperLogLog.TryCount(denseHll.Span, out ulong denseCount);
            HyperLogLog.TryCount(sparseHll.Span, out ulong sparseCount);
            if (denseCount != sparseCount) return Errors.SelfTestDisagree;
            long absoluteError = Math.Abs(checkpoint - (long)denseCount);
            long maxError = j == 10 ? 1 : (long)Math.Ceiling(relativeError * 6 * checkpoint);
            if (absoluteError > maxError) return Errors.SelfTestError(checkpoint, absoluteError);
            checkpoint *= 10;
        }
        return null;
    }
}
