// Loads RDB files (versions 1 to 10, every encoding Redis 7.0.15 reads) and DUMP values.
// cf. rdbLoadRioWithLoadingCtx, rdbLoadObject, rdbFunctionLoad in rdb.c, and the conversions it
// makes (ziplist and zipmap to listpack, then to the encoding the thresholds allow).

using System.Buffers.Binary;
using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>How a load treats what is already there (cf. RDBFLAGS_ALLOW_DUP, RDBFLAGS_AOF_PREAMBLE).</summary>
[Flags]
internal enum RdbLoadFlags
{
    None = 0,
    /// <summary>A key or library that exists already is replaced instead of failing the load (DEBUG RELOAD MERGE).</summary>
    AllowDuplicates = 1,
    /// <summary>The file is an AOF's base: keys already expired are kept, since the AOF's commands that follow assume them.</summary>
    AofPreamble = 2,
    /// <summary>A replica's full sync: expired keys are kept, since the primary sends their DELs (cf. iAmMaster() in rdbLoadRio).</summary>
    KeepExpired = 4,
}

/// <summary>What a load found: counts, the aux fields, the libraries' codes.</summary>
internal sealed class RdbLoadResult
{
    public int Version { get; set; }
    public long KeysLoaded { get; set; }
    public long KeysExpired { get; set; }
    public long EmptyKeysSkipped { get; set; }
    /// <summary>The aux fields, by name (redis-ver, ctime, used-mem, aof-base...), values as text.</summary>
    public Dictionary<string, string> Aux { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The code of every library loaded, in file order.</summary>
    public List<byte[]> Functions { get; } = new();
    /// <summary>Bytes read, the checksum included.</summary>
    public long Bytes { get; set; }

    /// <summary>Whether the file says it is an AOF base (aux field aof-base 1).</summary>
    public bool AofBase => Aux.TryGetValue("aof-base", out var value) && value != "0";
}

/// <summary>
/// Reads a whole file into the server's databases and function libraries, or one value for
/// RESTORE. Values get the encoding this server's thresholds choose, as Redis converts what it
/// loads. Anything malformed throws <see cref="RdbFormatException"/> with what was wrong and the
/// byte offset; the caller decides what failing means (exit at start-up, an error reply for RESTORE).
/// </summary>
internal static class RdbLoader
{
    /// <summary>
    /// Loads <paramref name="input"/> into <paramref name="server"/>: keys into their databases
    /// (expired ones dropped unless <see cref="RdbLoadFlags.AofPreamble"/>), libraries into the
    /// current function set. Logs as Redis does. Throws <see cref="RdbFormatException"/> (with
    /// <see cref="RdbFormatException.Offset"/>) when the input is not valid.
    /// </summary>
    public static RdbLoadResult Load(Stream input, RedisServer server, RdbLoadFlags flags = RdbLoadFlags.None) =>
        Load(input, server, server.Databases, functionCodes: null, flags);

    /// <summary>
    /// Loads <paramref name="input"/> into <paramref name="databases"/>. With <paramref name="functionCodes"/>, the
    /// libraries' code is only collected there, not created: a replica's full sync loads on a background thread
    /// into fresh databases nothing else touches, and the loop creates the libraries when it swaps them in.
    /// </summary>
    public static RdbLoadResult Load(Stream input, RedisServer server, Database[] databases, List<byte[]>? functionCodes, RdbLoadFlags flags)
    {
        var reader = new RdbInput(input);
        try
        {
            return LoadFrom(reader, server, databases, functionCodes, flags);
        }
        catch (RdbFormatException e) when (e.Offset < 0)
        {
            throw new RdbFormatException(e.Message) { Offset = reader.Offset };
        }
    }

    private static RdbLoadResult LoadFrom(RdbInput input, RedisServer server, Database[] databases, List<byte[]>? functionCodes, RdbLoadFlags flags)
    {
        var result = new RdbLoadResult();
        Span<byte> magic = stackalloc byte[9];
        input.ReadExactly(magic);
        if (!magic[..5].SequenceEqual("REDIS"u8)) throw new RdbFormatException("Wrong signature trying to load DB from file");
        // atoi: the leading digits, 0 when there are none.
        int version = 0;
        foreach (byte digit in magic[5..])
        {
            if (digit is < (byte)'0' or > (byte)'9') break;
            version = version * 10 + (digit - '0');
        }
        if (version < 1 || version > RdbFormat.Version) throw new RdbFormatException($"Can't handle RDB format version {version}");
        result.Version = version;

        var config = server.Config;
        var db = databases[0];
        long expireAt = -1, idleSeconds = -1, frequency = -1;
        long now = Clock.UnixMs;
        while (true)
        {
            byte type = input.ReadByte();
            switch (type)
            {
                case RdbFormat.OpcodeExpireTime:
                    expireAt = input.ReadSeconds() * 1000L;
                    continue;
                case RdbFormat.OpcodeExpireTimeMs:
                    expireAt = input.ReadMilliseconds();
                    continue;
                case RdbFormat.OpcodeFreq:
                    frequency = input.ReadByte();
                    continue;
                case RdbFormat.OpcodeIdle:
                    idleSeconds = (long)Math.Min(input.ReadLength(), long.MaxValue / 1000);
                    continue;
                case RdbFormat.OpcodeEof:
                    break;
                case RdbFormat.OpcodeSelectDb:
                    ulong id = input.ReadLength();
                    if (id >= (ulong)databases.Length)
                        throw new RdbFormatException(
                            $"FATAL: Data file was created with a Redis server configured to handle more than {databases.Length} databases. Exiting");
                    db = databases[id];
                    continue;
                case RdbFormat.OpcodeResizeDb:
                    input.ReadLength();
                    input.ReadLength();
                    continue;
                case RdbFormat.OpcodeAux:
                    ReadAux(input, result);
                    continue;
                case RdbFormat.OpcodeModuleAux:
                    ulong moduleId = input.ReadLength();
                    throw new RdbFormatException(
                        $"The RDB file contains AUX module data I can't load: no matching module '{ModuleName(moduleId)}'");
                case RdbFormat.OpcodeFunction2:
                case RdbFormat.OpcodeFunctionPreGa:
                    LoadFunction(input, type, server, functionCodes, flags, result);
                    continue;
                default:
                    var key = input.ReadString();
                    var value = ReadObject(input, type, config, out bool empty);
                    if (empty)
                    {
                        if (result.EmptyKeysSkipped++ < 10) Log.Warning($"rdbLoadObject skipping empty key: {Encoding.Latin1.GetString(key)}");
                    }
                    else if ((flags & (RdbLoadFlags.AofPreamble | RdbLoadFlags.KeepExpired)) == 0 && expireAt != -1 && expireAt < now)
                    {
                        result.KeysExpired++;
                    }
                    else
                    {
                        if (!db.AddLoaded(key, value!, expireAt, (flags & RdbLoadFlags.AllowDuplicates) != 0))
                        {
                            Log.Warning($"RDB has duplicated key '{Encoding.Latin1.GetString(key)}' in DB {db.Id}");
                            throw new RdbFormatException("Duplicated key found in RDB file");
                        }
                        server.Access.Restored(value!, frequency, idleSeconds);
                        result.KeysLoaded++;
                    }
                    expireAt = -1;
                    idleSeconds = frequency = -1;
                    continue;
            }
            break;
        }

        if (version >= 5)
        {
            ulong expected = input.Checksum;
            Span<byte> stored = stackalloc byte[8];
            input.ReadExactly(stored);
            ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(stored);
            if (config.RdbChecksum)
            {
                if (checksum == 0) Log.Warning("RDB file was saved with checksum disabled: no check performed.");
                else if (checksum != expected)
                {
                    Log.Warning($"Wrong RDB checksum expected: ({expected:x}) but got ({checksum:x}). Aborting now.");
                    throw new RdbFormatException("RDB CRC error");
                }
            }
        }
        result.Bytes = input.Offset;
        if (result.EmptyKeysSkipped > 0)
            Log.Warning($"Done loading RDB, keys loaded: {result.KeysLoaded}, keys expired: {result.KeysExpired}, empty keys skipped: {result.EmptyKeysSkipped}.");
        else
            Log.Notice($"Done loading RDB, keys loaded: {result.KeysLoaded}, keys expired: {result.KeysExpired}.");
        return result;
    }

    private static void ReadAux(RdbInput input, RdbLoadResult result)
    {
        string name = Encoding.Latin1.GetString(input.ReadString());
        string value = Encoding.Latin1.GetString(input.ReadString());
        result.Aux[name] = value;
        if (name.StartsWith('%')) Log.Notice($"RDB '{name}': {value}");
        else if (name.Equals("redis-ver", StringComparison.OrdinalIgnoreCase)) Log.Notice($"Loading RDB produced by version {value}");
        else if (name.Equals("ctime", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, out long ctime))
            Log.Notice($"RDB age {Math.Max(0, Clock.UnixMs / 1000 - ctime)} seconds");
        else if (name.Equals("used-mem", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, out long usedMem))
            Log.Notice($"RDB memory usage when created {usedMem / (1024.0 * 1024):0.00} Mb");
        else if (name.Equals("aof-preamble", StringComparison.OrdinalIgnoreCase) && value != "0") Log.Notice("RDB has an AOF tail");
        else if (name.Equals("aof-base", StringComparison.OrdinalIgnoreCase) && value != "0") Log.Notice("RDB is base AOF");
    }

    /// <summary>A module type's name from its 64-bit id: 9 characters of 6 bits each (cf. moduleTypeNameByID).</summary>
    private static string ModuleName(ulong id)
    {
        const string charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var name = new char[9];
        id >>= 10;
        for (int i = 8; i >= 0; i--)
        {
            name[i] = charset[(int)(id & 63)];
            id >>= 6;
        }
        return new string(name);
    }

    /// <summary>
    /// A library: FUNCTION2 is its code; the format of 7.0's release candidates (name, engine,
    /// optional description, body) is turned into code with a shebang (cf. rdbFunctionLoad).
    /// </summary>
    private static void LoadFunction(RdbInput input, byte type, RedisServer server, List<byte[]>? functionCodes, RdbLoadFlags flags, RdbLoadResult result)
    {
        byte[] code;
        if (type == RdbFormat.OpcodeFunction2) code = input.ReadString();
        else
        {
            var name = input.ReadString();
            var engine = input.ReadString();
            if (input.ReadLength() != 0) input.ReadString();
            var body = input.ReadString();
            code = [.. "#!"u8, .. engine, .. " name="u8, .. name, (byte)'\n', .. body];
        }
        if (functionCodes is not null)
        {
            functionCodes.Add(code);
            result.Functions.Add(code);
            return;
        }
        var functions = server.Scripting.Functions;
        if (functions.Create(code, (flags & RdbLoadFlags.AllowDuplicates) != 0, functions.Current, out string error) is null)
        {
            Log.Warning($"Failed loading library, {error}");
            throw new RdbFormatException($"Failed loading library, {error}");
        }
        result.Functions.Add(code);
    }

    // ---- one value ---------------------------------------------------------------------------

    /// <summary>
    /// The value of a DUMP payload: a type byte and the value. As in Redis, the reader runs over the
    /// whole payload, footer included, and ignores what the value does not use. An empty collection
    /// is "Bad data format" there.
    /// </summary>
    public static RedisObject ReadDumpValue(ReadOnlySpan<byte> payload, ServerConfig config)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        var input = new RdbInput(stream);
        byte type = input.ReadByte();
        if (!RdbFormat.IsValueType(type)) throw new RdbFormatException($"Unknown RDB encoding type {type}");
        var value = ReadObject(input, type, config, out bool empty);
        if (empty) throw new RdbFormatException("Bad data format");
        return value!;
    }

    /// <summary>
    /// One value of <paramref name="type"/> (cf. rdbLoadObject). <paramref name="empty"/> is set,
    /// and null returned, for a collection with no elements, which a file may hold from old bugs
    /// and which loading skips (RDB_LOAD_ERR_EMPTY_KEY).
    /// </summary>
    private static RedisObject? ReadObject(RdbInput input, byte type, ServerConfig config, out bool empty)
    {
        empty = false;
        RedisObject? value = type switch
        {
            RdbFormat.TypeString => RedisObject.EncodedString(input.ReadString()),
            RdbFormat.TypeList => ReadPlainList(input, config),
            RdbFormat.TypeListZiplist => ListFromElements(ZiplistBlob.Read(input.ReadString()), config),
            RdbFormat.TypeListQuicklist or RdbFormat.TypeListQuicklist2 => ReadQuicklist(input, type, config),
            RdbFormat.TypeSet => ReadPlainSet(input, config),
            RdbFormat.TypeSetIntset => ReadIntset(input, config),
            RdbFormat.TypeZset or RdbFormat.TypeZset2 => ReadPlainZset(input, type, config),
            RdbFormat.TypeZsetZiplist => ZsetFromPairs(ZiplistBlob.Read(input.ReadString()), config),
            RdbFormat.TypeZsetListpack => ZsetFromPairs(ListpackEntries(input.ReadString(), "Zset listpack"), config),
            RdbFormat.TypeHash => ReadPlainHash(input, config),
            RdbFormat.TypeHashZipmap => HashFromPairs(ZipmapBlob.Read(input.ReadString()), config, config.HashMaxListpackValue),
            RdbFormat.TypeHashZiplist => HashFromPairs(ZiplistBlob.Read(input.ReadString()), config, long.MaxValue),
            RdbFormat.TypeHashListpack => HashFromPairs(ListpackEntries(input.ReadString(), "Hash listpack"), config, long.MaxValue),
            RdbFormat.TypeStreamListpacks or RdbFormat.TypeStreamListpacks2 => ReadStream(input, type),
            RdbFormat.TypeModulePreGa or RdbFormat.TypeModule2 => throw new RdbFormatException(
                "The RDB file contains module data I can't load: no matching module type"),
            _ => throw new RdbFormatException($"Unknown RDB encoding type {type}"),
        };
        if (value is not null && value.Type != RedisType.String && value.Type != RedisType.Stream
            && ((ICollectionValue)value.Value!).Count == 0)
        {
            empty = true;
            return null;
        }
        return value;
    }

    private static List<byte[]> ListpackEntries(ReadOnlySpan<byte> blob, string what)
    {
        var reader = ListpackBlob.Open(blob, what);
        var entries = new List<byte[]>(reader.Count);
        for (int i = 0; i < reader.Count; i++) entries.Add(reader.NextArray());
        return entries;
    }

    private static RedisObject ListFromElements(List<byte[]> elements, ServerConfig config)
    {
        var list = new Quicklist(config.ListMaxListpackSize);
        foreach (var element in elements) list.Push(element, head: false);
        return RedisObject.Collection(RedisType.List, list);
    }

    /// <summary>LIST: the length and each element (cf. the RDB_TYPE_LIST case).</summary>
    private static RedisObject ReadPlainList(RdbInput input, ServerConfig config)
    {
        long count = input.ReadCount("List");
        var list = new Quicklist(config.ListMaxListpackSize);
        for (long i = 0; i < count; i++) list.Push(input.ReadString(), head: false);
        return RedisObject.Collection(RedisType.List, list);
    }

    /// <summary>
    /// QUICKLIST (nodes are ziplists) and QUICKLIST_2 (each node a container kind, then a
    /// listpack, or one element stored plain). Empty nodes are skipped, as Redis does.
    /// </summary>
    private static RedisObject ReadQuicklist(RdbInput input, byte type, ServerConfig config)
    {
        long nodes = input.ReadCount("Quicklist node");
        var list = new Quicklist(config.ListMaxListpackSize);
        for (long n = 0; n < nodes; n++)
        {
            ulong container = RdbFormat.ContainerPacked;
            if (type == RdbFormat.TypeListQuicklist2)
            {
                container = input.ReadLength();
                if (container is not (RdbFormat.ContainerPacked or RdbFormat.ContainerPlain))
                    throw new RdbFormatException($"Quicklist integrity check failed (container {container})");
            }
            var blob = input.ReadString();
            if (container == RdbFormat.ContainerPlain)
            {
                list.Push(blob, head: false);
                continue;
            }
            var elements = type == RdbFormat.TypeListQuicklist2 ? ListpackEntries(blob, "Quicklist listpack") : ZiplistBlob.Read(blob);
            foreach (var element in elements) list.Push(element, head: false);
        }
        return RedisObject.Collection(RedisType.List, list);
    }

    /// <summary>SET: an intset while the members are integers and few enough, else a hash table (cf. the RDB_TYPE_SET case).</summary>
    private static RedisObject ReadPlainSet(RdbInput input, ServerConfig config)
    {
        long count = input.ReadCount("Set");
        var set = count > config.SetMaxIntsetEntries ? RedisSet.CreateHashtable() : RedisSet.CreateIntset();
        for (long i = 0; i < count; i++)
        {
            if (!set.Add(input.ReadString(), config.SetMaxIntsetEntries)) throw new RdbFormatException("Duplicate set members detected");
        }
        return RedisObject.Collection(RedisType.Set, set);
    }

    /// <summary>SET_INTSET: the blob's members, converted to a hash table past set-max-intset-entries.</summary>
    private static RedisObject ReadIntset(RdbInput input, ServerConfig config)
    {
        var members = IntsetBlob.Read(input.ReadString());
        var set = RedisSet.CreateIntset();
        foreach (long member in members) set.Add(new SetMember(member), config.SetMaxIntsetEntries);
        return RedisObject.Collection(RedisType.Set, set);
    }

    private static ZsetLimits Limits(ServerConfig config) => new(config.ZsetMaxListpackEntries, config.ZsetMaxListpackValue);

    /// <summary>
    /// ZSET (text scores) and ZSET_2 (binary scores): loaded into a skip list, then made compact
    /// if it fits the thresholds, as zsetConvertToListpackIfNeeded does after loading.
    /// </summary>
    private static RedisObject ReadPlainZset(RdbInput input, byte type, ServerConfig config)
    {
        long count = input.ReadCount("Zset");
        var zset = SortedSet.CreateSkiplist();
        long maxLength = 0;
        for (long i = 0; i < count; i++)
        {
            var member = input.ReadString();
            double score = type == RdbFormat.TypeZset2 ? input.ReadBinaryDouble() : input.ReadTextDouble();
            if (double.IsNaN(score)) throw new RdbFormatException("Zset with NAN score detected");
            if (zset.TryGetScore(member, out _)) throw new RdbFormatException("Duplicate zset fields detected");
            zset.InsertNew(member, score);
            maxLength = Math.Max(maxLength, member.Length);
        }
        zset.ConvertToListpackIfNeeded(Limits(config), maxLength);
        return RedisObject.Collection(RedisType.ZSet, zset);
    }

    /// <summary>A ziplist or listpack of member, score, member, score...: compact unless it holds more than zset-max-listpack-entries.</summary>
    private static RedisObject ZsetFromPairs(List<byte[]> entries, ServerConfig config)
    {
        if (entries.Count % 2 != 0) throw new RdbFormatException("Zset listpack: odd number of entries");
        var zset = SortedSet.CreateListpack();
        for (int i = 0; i < entries.Count; i += 2)
        {
            if (!Util.Doubles.TryParse(entries[i + 1], out double score)) throw new RdbFormatException("Zset listpack: bad score");
            if (zset.TryGetScore(entries[i], out _)) throw new RdbFormatException("Duplicate zset fields detected");
            zset.InsertNew(entries[i], score);
        }
        if (zset.Count > config.ZsetMaxListpackEntries) zset.ConvertToSkiplist();
        return RedisObject.Collection(RedisType.ZSet, zset);
    }

    /// <summary>HASH: the count and each field and value, in the encoding the thresholds allow.</summary>
    private static RedisObject ReadPlainHash(RdbInput input, ServerConfig config)
    {
        long count = input.ReadCount("Hash");
        var hash = new RedisHash();
        for (long i = 0; i < count; i++)
        {
            var field = input.ReadString();
            var value = input.ReadString();
            if (!hash.Set(field, value, config.HashMaxListpackEntries, config.HashMaxListpackValue))
                throw new RdbFormatException("Duplicate hash fields detected");
        }
        return RedisObject.Collection(RedisType.Hash, hash);
    }

    /// <summary>
    /// A zipmap, ziplist or listpack of field, value, field, value...: a hash table past
    /// hash-max-listpack-entries, or (zipmaps only, as Redis checks) with an element longer than
    /// <paramref name="maxValue"/>.
    /// </summary>
    private static RedisObject HashFromPairs(List<byte[]> entries, ServerConfig config, long maxValue)
    {
        if (entries.Count % 2 != 0) throw new RdbFormatException("Hash listpack: odd number of entries");
        var hash = new RedisHash();
        for (int i = 0; i < entries.Count; i += 2)
        {
            if (!hash.Set(entries[i], entries[i + 1], config.HashMaxListpackEntries, maxValue))
                throw new RdbFormatException("Duplicate hash fields detected");
        }
        return RedisObject.Collection(RedisType.Hash, hash);
    }

    // ---- streams --------------------------------------------------------------------------------

    private static StreamId ReadId(RdbInput input) => new(input.ReadLength(), input.ReadLength());

    private static StreamId RawId(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    /// <summary>
    /// STREAM_LISTPACKS and _2: the nodes (key = master ID, listpack), the length and IDs, then
    /// the consumer groups: each with its PEL (ID, delivery time, delivery count) and consumers
    /// (name, seen time, the IDs of their pending entries, which must be in the group's PEL).
    /// </summary>
    private static RedisObject ReadStream(RdbInput input, byte type)
    {
        var stream = new RedisStream();
        long nodes = input.ReadCount("Stream node");
        StreamId previousMaster = default;
        for (long n = 0; n < nodes; n++)
        {
            var key = input.ReadString();
            if (key.Length != 16) throw new RdbFormatException("Stream node key entry is not the size of a stream ID");
            var master = RawId(key);
            if (n > 0 && master <= previousMaster) throw new RdbFormatException("Stream node keys not in ascending order");
            previousMaster = master;
            var node = StreamListpack.Read(input.ReadString(), master);
            if (n > 0 && node[0].Id <= stream.NodeAt(stream.NodeCount - 1).LastEntry.Id)
                throw new RdbFormatException("Stream node entries overlap");
            stream.AppendLoadedNode(node);
        }
        long length = (long)input.ReadLength();
        var lastId = ReadId(input);
        long live = 0;
        for (int i = 0; i < stream.NodeCount; i++) live += stream.NodeAt(i).Live;
        if (live != length) throw new RdbFormatException("Stream length does not match its entries");
        if (stream.NodeCount > 0 && stream.NodeAt(stream.NodeCount - 1).LastEntry.Id > lastId)
            throw new RdbFormatException("Stream last ID is smaller than its last entry");
        StreamId firstId, maxDeletedId = default;
        long entriesAdded;
        if (type == RdbFormat.TypeStreamListpacks2)
        {
            firstId = ReadId(input);
            maxDeletedId = ReadId(input);
            entriesAdded = (long)input.ReadLength();
        }
        else
        {
            firstId = default;
            entriesAdded = length;
        }
        stream.SetLoadedCounters(length, lastId, firstId, maxDeletedId, entriesAdded);
        if (type != RdbFormat.TypeStreamListpacks2 && length > 0)
            stream.SetLoadedCounters(length, lastId, stream.Edge(last: false)!.Id, maxDeletedId, entriesAdded);

        Span<byte> raw = stackalloc byte[16];
        long groups = input.ReadCount("Stream consumer group");
        for (long g = 0; g < groups; g++)
        {
            var name = input.ReadString();
            var groupLastId = ReadId(input);
            long entriesRead = type == RdbFormat.TypeStreamListpacks2
                ? (long)input.ReadLength()
                : stream.EstimateDistanceFromFirstEverEntry(groupLastId);
            var group = stream.CreateGroup(name, groupLastId, entriesRead)
                ?? throw new RdbFormatException("Duplicated consumer group name");
            long pending = input.ReadCount("Stream PEL");
            var pel = new Dictionary<StreamId, (long Time, long Count)>();
            for (long p = 0; p < pending; p++)
            {
                input.ReadExactly(raw);
                var id = RawId(raw);
                long time = input.ReadMilliseconds();
                long count = (long)input.ReadLength();
                if (!pel.TryAdd(id, (time, count))) throw new RdbFormatException("Duplicated global PEL entry loading stream consumer group");
            }
            long consumers = input.ReadCount("Stream consumer");
            long assigned = 0;
            for (long c = 0; c < consumers; c++)
            {
                var consumerName = input.ReadString();
                long seen = input.ReadMilliseconds();
                var consumer = group.CreateConsumer(consumerName, seen)
                    ?? throw new RdbFormatException("Duplicated consumer name loading stream consumer group");
                long owned = input.ReadCount("Stream consumer PEL");
                for (long p = 0; p < owned; p++)
                {
                    input.ReadExactly(raw);
                    var id = RawId(raw);
                    if (!pel.Remove(id, out var nack)) throw new RdbFormatException("Consumer entry not found in group global PEL");
                    var entry = group.AddPending(id, consumer, nack.Time);
                    entry.DeliveryCount = nack.Count;
                    assigned++;
                }
            }
            if (pel.Count > 0) throw new RdbFormatException("Stream CG PEL entry without consumer");
        }
        return RedisObject.Collection(RedisType.Stream, stream);
    }
}
