// Redis's fixed reply and error texts, in one place, as UTF-8 literals (no allocation to send).
// cf. the shared.* objects created in createSharedObjects() in server.c.

namespace EventLoopRedis.Protocol;

internal static class Errors
{
    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;
    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;
    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;
    public static ReadOnlySpan<byte> NoAuth => "NOAUTH Authentication required."u8;
    public static ReadOnlySpan<byte> WrongPass => "WRONGPASS invalid username-password pair or user is disabled."u8;
    public static ReadOnlySpan<byte> NoPassword =>
        "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"u8;
    public static ReadOnlySpan<byte> NoProto => "NOPROTO unsupported protocol version"u8;
    public static ReadOnlySpan<byte> ProtoNotInteger => "ERR Protocol version is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NoSuchClient => "ERR No such client"u8;
    public static ReadOnlySpan<byte> InvalidClientId => "ERR Invalid client ID"u8;
    public static ReadOnlySpan<byte> BadClientName =>
        "ERR Client names cannot contain spaces, newlines or special characters."u8;
    public static ReadOnlySpan<byte> InvalidExpireTime(bool set) =>
        set ? "ERR invalid expire time in 'set' command"u8 : "ERR invalid expire time in 'getex' command"u8;

    // Keyspace commands (db.c, expire.c, object.c).
    public static ReadOnlySpan<byte> NotInt32 => "ERR value is out of range, value must between -2147483648 and 2147483647"u8;
    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;
    public static ReadOnlySpan<byte> SameObject => "ERR source and destination objects are the same"u8;
    public static ReadOnlySpan<byte> InvalidCursor => "ERR invalid cursor"u8;
    public static ReadOnlySpan<byte> UnknownTypeObject => "ERR unknown type object"u8;
    public static ReadOnlySpan<byte> ExpireNxAndOthers => "ERR NX and XX, GT or LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ExpireGtAndLt => "ERR GT and LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> LfuNotSelected =>
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;
}
