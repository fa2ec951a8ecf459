// A value stored under a key: its type and its data.
// cf. robj in server.h (type, encoding, lru, ptr).

namespace EventLoopRedis.Storage;

internal enum RedisType
{
    String,
}

/// <summary>
/// The value of a key. Strings keep their bytes in <see cref="Value"/> as a byte[];
/// each later data type brings its own structure. <see cref="LastAccessMs"/> is what
/// OBJECT IDLETIME reads, updated on every lookup like Redis's LRU clock.
/// </summary>
internal sealed class RedisObject
{
    public RedisType Type { get; }
    public object Value { get; set; }
    public long LastAccessMs { get; set; }

    private RedisObject(RedisType type, object value)
    {
        Type = type;
        Value = value;
    }

    public static RedisObject String(byte[] bytes) => new(RedisType.String, bytes);

    public byte[] Bytes => (byte[])Value;
}
