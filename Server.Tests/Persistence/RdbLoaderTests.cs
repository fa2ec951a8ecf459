// The writer and loader in process: a dataset round-trips, SerializeEntry's bytes are WriteKey's,
// expired keys, duplicates, modules, and corrupt or truncated input that must fail with the
// loader's own error and never anything else. cf. rdbLoadRioWithLoadingCtx and rdbSaveRio in rdb.c.

using System.Buffers;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

[TestFixture]
public class RdbLoaderTests
{
    private static readonly string[][] Commands =
    [
        ["SET", "s", "hello"],
        ["SET", "n", "-42"],
        ["SET", "long", new string('x', 200)],
        ["RPUSH", "l", "a", "1", "b", "70000"],
        ["SADD", "si", "1", "2", "3"],
        ["SADD", "ss", "a", "b"],
        ["HSET", "h", "f", "v", "g", "7"],
        ["ZADD", "z", "1", "a", "2.5", "b"],
        ["XADD", "x", "1-1", "f", "v"],
        ["XADD", "x", "1-2", "f", "w"],
        ["XGROUP", "CREATE", "x", "g", "0"],
        ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", ">"],
        ["SET", "ttl", "v", "PX", "100000"],
    ];

    private static InProcessServer Filled()
    {
        var server = new InProcessServer();
        foreach (var command in Commands) Assert.That(server.Call(command), Does.Not.StartWith("-"));
        return server;
    }

    private static byte[] FileOf(InProcessServer server)
    {
        using var stream = new MemoryStream();
        RdbFile.WriteDataset(server.Server, stream, aofBase: false);
        return stream.ToArray();
    }

    private static readonly string[][] Reads =
    [
        ["GET", "s"], ["GET", "n"], ["GET", "long"], ["LRANGE", "l", "0", "-1"], ["SMEMBERS", "si"], ["HGETALL", "h"],
        ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["XRANGE", "x", "-", "+"], ["XPENDING", "x", "g"], ["OBJECT", "ENCODING", "si"],
        ["OBJECT", "ENCODING", "n"], ["DBSIZE"],
    ];

    [Test]
    public void ADatasetRoundTripsThroughWriterAndLoader()
    {
        using var source = Filled();
        var file = FileOf(source);
        using var target = new InProcessServer();
        var result = RdbLoader.Load(new MemoryStream(file), target.Server);
        Assert.That(result.KeysLoaded, Is.EqualTo(10));
        Assert.That(result.Aux["redis-ver"], Is.EqualTo("7.0.15"));
        Assert.That(result.AofBase, Is.False);
        Assert.That(result.Bytes, Is.EqualTo(file.Length));
        foreach (var read in Reads) Assert.That(target.Call(read), Is.EqualTo(source.Call(read)), string.Join(' ', read));
        Assert.That(long.Parse(target.Call("PTTL", "ttl")[1..^2]), Is.InRange(90_000, 100_000));
    }

    [Test]
    public void SerializeEntryWritesExactlyWhatWriteKeyWrites()
    {
        using var source = Filled();
        var db = source.Server.Databases[0];
        using var viaWriteKey = new MemoryStream();
        using var viaRaw = new MemoryStream();
        var direct = new RdbWriter(viaWriteKey, checksum: true, compress: true);
        var spliced = new RdbWriter(viaRaw, checksum: true, compress: true);
        foreach (var (key, value) in db)
        {
            direct.WriteKey(key, value, db.GetExpire(key));
            var buffer = new ArrayBufferWriter<byte>();
            RdbWriter.SerializeEntry(buffer, key, value, db.GetExpire(key), compress: true);
            spliced.WriteRaw(buffer.WrittenSpan);
        }
        direct.WriteEnd();
        spliced.WriteEnd();
        Assert.That(viaRaw.ToArray(), Is.EqualTo(viaWriteKey.ToArray()));
    }

    [Test]
    public void KeysAlreadyExpiredAreDroppedUnlessTheFileIsAnAofBase()
    {
        var file = new RdbFileBuilder(10)
            .Byte(RdbFormat.OpcodeExpireTimeMs).Raw(BitConverter.GetBytes(1000L)).Key(RdbFormat.TypeString, "old").String("v")
            .Key(RdbFormat.TypeString, "kept").String("v")
            .Finish();
        using var normal = new InProcessServer();
        var result = RdbLoader.Load(new MemoryStream(file), normal.Server);
        Assert.That((result.KeysLoaded, result.KeysExpired), Is.EqualTo((1L, 1L)));
        using var aof = new InProcessServer();
        Assert.That(RdbLoader.Load(new MemoryStream(file), aof.Server, RdbLoadFlags.AofPreamble).KeysLoaded, Is.EqualTo(2));
    }

    [Test]
    public void ADuplicatedKeyFailsUnlessDuplicatesAreAllowed()
    {
        var file = new RdbFileBuilder(10)
            .Key(RdbFormat.TypeString, "k").String("first")
            .Key(RdbFormat.TypeString, "k").String("second")
            .Finish();
        using var strict = new InProcessServer();
        Assert.That(() => RdbLoader.Load(new MemoryStream(file), strict.Server),
            Throws.TypeOf<RdbFormatException>().With.Message.EqualTo("Duplicated key found in RDB file"));
        using var merging = new InProcessServer();
        RdbLoader.Load(new MemoryStream(file), merging.Server, RdbLoadFlags.AllowDuplicates);
        Assert.That(merging.Call("GET", "k"), Is.EqualTo("$6\r\nsecond\r\n"));
    }

    [Test]
    public void ModuleAuxDataIsRefusedAsRedisDoesWithoutTheModule()
    {
        // A module id: 9 characters of 6 bits ("mymodule1" would need its charset index), then a 10-bit version.
        ulong id = 0;
        foreach (char c in "MyModType") id = (id << 6) | (uint)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".IndexOf(c);
        id = (id << 10) | 1;
        var file = new RdbFileBuilder(10).Byte(RdbFormat.OpcodeModuleAux).Byte(0x81).Raw(BitConverter.GetBytes(id).Reverse().ToArray()).Finish();
        using var server = new InProcessServer();
        Assert.That(() => RdbLoader.Load(new MemoryStream(file), server.Server), Throws.TypeOf<RdbFormatException>()
            .With.Message.EqualTo("The RDB file contains AUX module data I can't load: no matching module 'MyModType'"));
    }

    [Test]
    public void EveryTruncationFailsWithTheLoadersErrorAndTheOffset()
    {
        using var source = Filled();
        var file = FileOf(source);
        using var target = new InProcessServer();
        for (int length = 0; length < file.Length; length++)
        {
            Empty(target);
            var e = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(new MemoryStream(file, 0, length), target.Server), $"cut at {length}");
            Assert.That(e!.Offset, Is.InRange(0, length));
        }
    }

    [Test]
    public void RandomCorruptionFailsWithTheLoadersErrorOrLoadsNeverAnythingElse()
    {
        using var source = Filled();
        var file = FileOf(source);
        var random = new Random(12);
        int refused = 0;
        using var target = new InProcessServer();
        target.Server.Config.RdbChecksum = false; // let corrupt structures reach the value readers
        for (int round = 0; round < 3000; round++)
        {
            var mutated = file.ToArray();
            int flips = 1 + random.Next(3);
            for (int i = 0; i < flips; i++) mutated[9 + random.Next(mutated.Length - 9)] = (byte)random.Next(256);
            Empty(target);
            try
            {
                RdbLoader.Load(new MemoryStream(mutated), target.Server);
            }
            catch (RdbFormatException)
            {
                refused++;
            }
        }
        Assert.That(refused, Is.GreaterThan(1000));
    }

    private static void Empty(InProcessServer server)
    {
        foreach (var db in server.Server.Databases) db.Clear();
    }

    [Test]
    public void AWrongChecksumIsRefusedAndAZeroChecksumIsNotChecked()
    {
        using var source = Filled();
        var file = FileOf(source);
        var wrong = file.ToArray();
        wrong[^3] ^= 1;
        using (var target = new InProcessServer())
            Assert.That(() => RdbLoader.Load(new MemoryStream(wrong), target.Server), Throws.TypeOf<RdbFormatException>().With.Message.EqualTo("RDB CRC error"));
        var unchecked_ = file.ToArray();
        Array.Clear(unchecked_, unchecked_.Length - 8, 8);
        using (var target = new InProcessServer())
            Assert.That(RdbLoader.Load(new MemoryStream(unchecked_), target.Server).KeysLoaded, Is.EqualTo(10));
    }
}
