// The protocol layer on its own: parsing requests out of a query buffer and writing replies into
// a reply buffer, with no command behind them. cf. processMultibulkBuffer and addReply* in networking.c.

using System.Text;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Benchmarks.Protocol;

[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private const int Depth = 16;

    private readonly QueryBuffer _query = new();
    private readonly RequestParser _parser = new();
    private readonly ArgList _args = new();
    private readonly ReplyBuffer _reply = new();
    private byte[] _multibulkBatch = null!;
    private byte[] _inlineBatch = null!;
    private byte[] _largeBulkBatch = null!;
    private readonly byte[] _value = new byte[100];

    [GlobalSetup]
    public void Setup()
    {
        _multibulkBatch = Repeat("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$16\r\nvalue:0123456789\r\n");
        _inlineBatch = Repeat("SET key:000000000042 value:0123456789\r\n");
        _largeBulkBatch = Repeat($"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$4096\r\n{new string('x', 4096)}\r\n");
        _value.AsSpan().Fill((byte)'v');
    }

    private static byte[] Repeat(string command) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(command, Depth)));

    /// <summary>A pipelined batch of <c>SET key value</c> multibulk requests, parsed one by one.</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public int ParseMultibulk() => Parse(_multibulkBatch);

    /// <summary>The same requests in the inline form (telnet, redis-benchmark's PING_INLINE).</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public int ParseInline() => Parse(_inlineBatch);

    /// <summary>Requests with a 4 KB bulk argument each.</summary>
    [Benchmark(OperationsPerInvoke = Depth)]
    public int ParseLargeBulk() => Parse(_largeBulkBatch);

    private int Parse(byte[] batch)
    {
        batch.CopyTo(_query.GetFreeSpace(batch.Length));
        _query.Commit(batch.Length);
        int arguments = 0;
        while (_parser.Parse(_query, _args, authRequired: false, long.MaxValue) == ParseStatus.Complete)
        {
            arguments += _args.Count;
            _query.Consume(_parser.Consumed);
        }
        return arguments;
    }

    /// <summary>The replies of GET, INCR and SET: a 100-byte bulk string, an integer, +OK.</summary>
    [Benchmark(OperationsPerInvoke = 3 * Depth)]
    public void WriteSimpleReplies()
    {
        for (int i = 0; i < Depth; i++)
        {
            _reply.Bulk(_value);
            _reply.Integer(1_000_000 + i);
            _reply.Ok();
        }
        _reply.Advance(_reply.PendingBytes);
    }

    /// <summary>An array of 100 bulk strings, as LRANGE 0 99 replies.</summary>
    [Benchmark]
    public void WriteArrayOf100()
    {
        _reply.ArrayHeader(100);
        for (int i = 0; i < 100; i++) _reply.Bulk(_value.AsSpan(0, 16));
        _reply.Advance(_reply.PendingBytes);
    }

    /// <summary>A RESP3 map of 10 fields with a deferred length, as HGETALL replies.</summary>
    [Benchmark]
    public void WriteDeferredMap()
    {
        _reply.Protocol = 3;
        int mark = _reply.DeferArrayLength();
        for (int i = 0; i < 10; i++)
        {
            _reply.Bulk(_value.AsSpan(0, 8));
            _reply.Bulk(_value.AsSpan(0, 16));
        }
        _reply.SetDeferredMapLength(mark, 10);
        _reply.Advance(_reply.PendingBytes);
        _reply.Protocol = 2;
    }
}
