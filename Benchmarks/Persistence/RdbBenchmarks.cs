// RDB serialisation and loading: one key's record (what SAVE and a snapshot write per key) for a
// short string, a compressible string, a compact hash and a large list; DUMP's payload; and loading
// a file of 10,004 keys.

using System.Buffers;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Benchmarks.Commands;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Benchmarks.Persistence;

[MemoryDiagnoser]
public class RdbBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private PipelinedClient _client = null!;
    private RedisObject _short = null!, _compressible = null!, _hash = null!, _list = null!;
    private byte[] _file = null!;
    private readonly RedisServer _loadTarget = new(new Config.ServerConfig());

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        Run("SET", "short", "hello");
        Run("SET", "long", new string('a', 1000));
        for (int i = 0; i < 100; i++) Run("HSET", "hash", $"f{i}", $"v{i}");
        for (int i = 0; i < 10_000; i++) Run("RPUSH", "list", $"e{i}");
        var db = _client.Server.Databases[0];
        _short = db.Peek("short"u8)!;
        _compressible = db.Peek("long"u8)!;
        _hash = db.Peek("hash"u8)!;
        _list = db.Peek("list"u8)!;
        for (int i = 0; i < 10_000; i++) Run("SET", $"k:{i}", "value");
        using var stream = new MemoryStream();
        RdbFile.WriteDataset(_client.Server, stream, aofBase: false);
        _file = stream.ToArray();
    }

    private void Run(params string[] command) => _client.Run(PipelinedClient.Repeat(PipelinedClient.Command(command), 1));

    private int Serialize(RedisObject value)
    {
        _buffer.ResetWrittenCount();
        RdbWriter.SerializeEntry(_buffer, "key"u8, value, -1, compress: true);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int ShortString() => Serialize(_short);

    [Benchmark]
    public int CompressibleString() => Serialize(_compressible);

    [Benchmark]
    public int ListpackHash() => Serialize(_hash);

    [Benchmark]
    public int QuicklistOf10000() => Serialize(_list);

    [Benchmark]
    public int DumpPayloadOfHash() => DumpPayload.Create(_hash, compress: true).Length;

    /// <summary>The file of the set-up dataset (10,004 keys) loaded over itself (MERGE), so no server is built per call.</summary>
    [Benchmark]
    public long LoadFileOf10004Keys() =>
        RdbLoader.Load(new MemoryStream(_file), _loadTarget, RdbLoadFlags.AllowDuplicates).KeysLoaded;
}
