// DEBUG DIGEST and DIGEST-VALUE: a SHA-1 based fingerprint of the data set or of values, equal
// to Redis's for the same data. cf. computeDatasetDigest, xorObjectDigest, mixDigest and
// xorDigest in debug.c.

using System.Buffers.Binary;
using System.Security.Cryptography;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Diagnostics;

/// <summary>
/// Unordered collections (sets, hashes, sorted sets) are combined by xor, so their digest does
/// not depend on iteration order; ordered ones (a list's elements, a key then its value) are
/// mixed, each step hashing the digest so far with the next bytes.
/// </summary>
internal static class DatasetDigest
{
    public const int Length = 20;

    /// <summary>The digest of every key of every database, all zeros when there is none.</summary>
    public static byte[] OfDataset(Database[] databases)
    {
        var final = new byte[Length];
        Span<byte> dbId = stackalloc byte[4];
        var keys = new List<byte[]>();
        foreach (var db in databases)
        {
            if (db.Count == 0) continue;
            BinaryPrimitives.WriteUInt32BigEndian(dbId, (uint)db.Id);
            Mix(final, dbId);
            keys.Clear();
            db.CollectKeys("*"u8, keys);
            foreach (var key in keys)
            {
                if (db.PeekRaw(key) is not { } value) continue;
                var digest = new byte[Length];
                Mix(digest, key);
                AddValue(digest, value, db.GetExpire(key) != -1);
                Xor(final, digest);
            }
        }
        return final;
    }

    /// <summary>The digest of one value, as DEBUG DIGEST-VALUE computes it (all zeros for no value).</summary>
    public static byte[] OfValue(RedisObject? value, bool hasExpire)
    {
        var digest = new byte[Length];
        if (value is not null) AddValue(digest, value, hasExpire);
        return digest;
    }

    private static void AddValue(byte[] digest, RedisObject value, bool hasExpire)
    {
        Span<byte> type = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(type, (uint)RedisTypeCode(value.Type));
        Mix(digest, type);
        Span<byte> digits = stackalloc byte[2 * Listpack.DigitsLength];
        switch (value.Value)
        {
            case Quicklist list:
                var iterator = list.IterateFrom(0, forward: true);
                while (iterator.MoveNext()) Mix(digest, iterator.Current(digits));
                break;
            case RedisSet set:
                foreach (var member in set) Xor(digest, member.Span(digits));
                break;
            case RedisHash hash:
                foreach (var pair in hash.Pairs(digits))
                {
                    var element = new byte[Length];
                    Mix(element, pair.Field);
                    Mix(element, pair.Value);
                    Xor(digest, element);
                }
                break;
            case SortedSet zset:
                var cursor = zset.IterateFrom(0, reverse: false);
                Span<byte> score = stackalloc byte[Doubles.MaxFormattedLength];
                while (cursor.MoveNext())
                {
                    var element = new byte[Length];
                    Mix(element, cursor.Member);
                    Mix(element, score[..Doubles.Format(cursor.Score, score)]);
                    Xor(digest, element);
                }
                break;
            case RedisStream stream:
                // Each entry's "ms.seq" then its fields and values; groups do not count (cf. xorObjectDigest).
                var range = stream.Between(default, StreamId.Max);
                Span<byte> id = stackalloc byte[2 * 20 + 1];
                while (range.MoveNext())
                {
                    var entry = range.Current;
                    entry.Id.Ms.TryFormat(id, out int ms);
                    id[ms] = (byte)'.';
                    entry.Id.Seq.TryFormat(id[(ms + 1)..], out int seq);
                    Mix(digest, id[..(ms + 1 + seq)]);
                    foreach (var part in entry.Pairs) Mix(digest, part);
                }
                break;
            default:
                Mix(digest, value.StringSpan(digits));
                break;
        }
        if (hasExpire) Xor(digest, "!!expire!!"u8);
    }

    /// <summary>OBJ_STRING, OBJ_LIST, OBJ_SET, OBJ_ZSET, OBJ_HASH, OBJ_STREAM: the numbers Redis hashes.</summary>
    private static int RedisTypeCode(RedisType type) => type switch
    {
        RedisType.String => 0,
        RedisType.List => 1,
        RedisType.Set => 2,
        RedisType.ZSet => 3,
        RedisType.Hash => 4,
        _ => 6,
    };

    /// <summary>digest ^= SHA1(data) (cf. xorDigest).</summary>
    private static void Xor(byte[] digest, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA1.HashData(data, hash);
        for (int i = 0; i < Length; i++) digest[i] ^= hash[i];
    }

    /// <summary>digest = SHA1(digest ^ SHA1(data)) (cf. mixDigest).</summary>
    private static void Mix(byte[] digest, ReadOnlySpan<byte> data)
    {
        Xor(digest, data);
        SHA1.HashData(digest, digest);
    }
}
