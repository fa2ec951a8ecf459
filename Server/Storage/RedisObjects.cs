// Type-generic operations on values that the keyspace commands need: TYPE's name, COPY's
// duplicate, OBJECT REFCOUNT's count. cf. getObjectTypeName in db.c, dupStringObject and
// OBJ_SHARED_INTEGERS in object.c and server.h.

using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Storage;

internal static class RedisObjects
{
    // Redis keeps one shared object for each integer 0..9999 and stores it under every key
    // whose value is that integer; such an object reports this as its refcount.
    private const int SharedIntegers = 10_000;   // OBJ_SHARED_INTEGERS
    private const long SharedRefCount = int.MaxValue; // OBJ_SHARED_REFCOUNT

    // The members of RedisType are named after Redis's type names ("string", "list", "zset"...),
    // so TYPE can reply with the lower-cased name; made once, replied without allocating.
    private static readonly byte[][] TypeNames =
        Enum.GetValues<RedisType>().Select(t => Encoding.ASCII.GetBytes(t.ToString().ToLowerInvariant())).ToArray();

    /// <summary>What TYPE replies: "none" for a missing key, otherwise the value's type name.</summary>
    public static ReadOnlySpan<byte> TypeName(RedisObject? value) =>
        value is null ? "none"u8 : TypeNames[(int)value.Type];

    /// <summary>
    /// An independent copy of <paramref name="value"/> for COPY, with the same encoding.
    /// </summary>
    public static RedisObject Duplicate(RedisObject value)
    {
        switch (value.Type)
        {
            case RedisType.String:
                // Same encoding as the source, as dupStringObject keeps it. A raw copy owns a
                // fresh buffer, since raw strings may later be written in place (APPEND, SETRANGE).
                return value.Encoding switch
                {
                    ObjectEncoding.Int => RedisObject.FromLong(value.Integer),
                    ObjectEncoding.Raw => RedisObject.RawString(value.Bytes.ToArray()),
                    _ => RedisObject.String(value.Bytes),
                };
            default:
                return RedisObject.Collection(value.Type, ((ICollectionValue)value.Value!).Duplicate());
        }
    }

    /// <summary>
    /// What OBJECT REFCOUNT replies: every value has one reference, except the integers
    /// 0..9999 that Redis shares between keys.
    /// </summary>
    public static long RefCount(RedisObject value) =>
        value.Type == RedisType.String && value.Encoding == ObjectEncoding.Int
            && value.Integer is >= 0 and < SharedIntegers
            ? SharedRefCount
            : 1;

}
