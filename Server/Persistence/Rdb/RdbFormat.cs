// The numbers of the RDB format: version, value types, opcodes and string encodings.
// cf. rdb.h (RDB_VERSION, RDB_TYPE_*, RDB_OPCODE_*, RDB_ENC_*, RDB_*BITLEN).

namespace EventLoopRedis.Persistence.Rdb;

internal static class RdbFormat
{
    /// <summary>The RDB version Redis 7.0 writes, and the newest it reads (RDB_VERSION).</summary>
    public const int Version = 10;

    // ---- value types (what follows a key's optional expiry, before the key) ----
    public const byte TypeString = 0;
    public const byte TypeList = 1;
    public const byte TypeSet = 2;
    public const byte TypeZset = 3;
    public const byte TypeHash = 4;
    public const byte TypeZset2 = 5;
    public const byte TypeModulePreGa = 6;
    public const byte TypeModule2 = 7;
    public const byte TypeHashZipmap = 9;
    public const byte TypeListZiplist = 10;
    public const byte TypeSetIntset = 11;
    public const byte TypeZsetZiplist = 12;
    public const byte TypeHashZiplist = 13;
    public const byte TypeListQuicklist = 14;
    public const byte TypeStreamListpacks = 15;
    public const byte TypeHashListpack = 16;
    public const byte TypeZsetListpack = 17;
    public const byte TypeListQuicklist2 = 18;
    public const byte TypeStreamListpacks2 = 19;

    // ---- opcodes (special records between keys) ----
    public const byte OpcodeFunction2 = 245;
    public const byte OpcodeFunctionPreGa = 246;
    public const byte OpcodeModuleAux = 247;
    public const byte OpcodeIdle = 248;
    public const byte OpcodeFreq = 249;
    public const byte OpcodeAux = 250;
    public const byte OpcodeResizeDb = 251;
    public const byte OpcodeExpireTimeMs = 252;
    public const byte OpcodeExpireTime = 253;
    public const byte OpcodeSelectDb = 254;
    public const byte OpcodeEof = 255;

    /// <summary>A quicklist node's container: one big element stored as it is (QUICKLIST_NODE_CONTAINER_PLAIN).</summary>
    public const int ContainerPlain = 1;
    /// <summary>A quicklist node's container: a listpack (QUICKLIST_NODE_CONTAINER_PACKED).</summary>
    public const int ContainerPacked = 2;

    // ---- the "special" string encodings, after the 0b11 length prefix ----
    public const int EncodingInt8 = 0;
    public const int EncodingInt16 = 1;
    public const int EncodingInt32 = 2;
    public const int EncodingLzf = 3;

    /// <summary>The tag byte of an LZF-compressed string ((RDB_ENCVAL &lt;&lt; 6) | RDB_ENC_LZF).</summary>
    public const byte LzfTag = 0xC3;

    /// <summary>Whether <paramref name="type"/> is a value type this server can hold (cf. rdbIsObjectType, less modules).</summary>
    public static bool IsValueType(int type) => type is >= TypeString and <= TypeZset2 or >= TypeHashZipmap and <= TypeStreamListpacks2;

    /// <summary>"REDIS" and the version in four digits: the first 9 bytes of a file.</summary>
    public static ReadOnlySpan<byte> Magic => "REDIS0010"u8;
}
