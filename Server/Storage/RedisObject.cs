// A value stored under a key: its type, its encoding and its data.
// cf. robj in server.h (type, encoding, lru, ptr) and object.c.

namespace EventLoopRedis.Storage;

internal enum RedisType
{
    String,
}

/// <summary>How a value is laid out; OBJECT ENCODING reports <see cref="RedisObject.EncodingName"/>.</summary>
internal enum ObjectEncoding
{
    /// <summary>A string of bytes (Redis distinguishes embstr, up to 44 bytes, from raw).</summary>
    Raw,
    /// <summary>A string that was created holding a 64-bit integer in canonical form.</summary>
    Int,
}

/// <summary>
/// The value of a key. Strings keep their bytes in <see cref="Value"/> as a byte[];
/// each later data type brings its own structure. <see cref="LastAccessMs"/> is what
/// OBJECT IDLETIME reads, updated on every lookup like Redis's LRU clock.
/// </summary>
internal sealed class RedisObject
{
    public RedisType Type { get; }
    public ObjectEncoding Encoding { get; set; }
    public object Value { get; set; }
    public long LastAccessMs { get; set; }

    private RedisObject(RedisType type, ObjectEncoding encoding, object value)
    {
        Type = type;
        Encoding = encoding;
        Value = value;
    }

    public static RedisObject String(byte[] bytes) => new(RedisType.String, ObjectEncoding.Raw, bytes);

    public byte[] Bytes => (byte[])Value;

    /// <summary>The name OBJECT ENCODING replies with, as Redis names its encodings.</summary>
    public string EncodingName => (Type, Encoding) switch
    {
        (RedisType.String, ObjectEncoding.Int) => "int",
        (RedisType.String, _) => Bytes.Length <= 44 ? "embstr" : "raw",
        _ => "raw",
    };
}
