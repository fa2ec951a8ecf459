// What the schedule trace's hooks cost per resume: none at all, tracing off (the one bool
// test plus INFO eventloop's counters), and tracing on into a null writer.

using System.Text;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.EventLoop;

/// <summary>
/// A pipelined batch of 16 GETs run through one client's coroutine as the loop runs it after a
/// read: the same work three ways. With tracing off the hooked run must allocate nothing more
/// than the bare one (MemoryDiagnoser's column) and cost only the counters and two timestamps.
/// </summary>
[MemoryDiagnoser]
public class LoopTraceBenchmarks
{
    private const int Depth = 16;

    private RedisServer _server = null!;
    private Client _client = null!;
    private IEnumerator<Step> _coroutine = null!;
    private LoopTrace _trace = null!;
    private byte[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new RedisServer(new ServerConfig());
        _client = _server.CreateClient(socket: null);
        _coroutine = ClientCoroutine.Run(_client, _server.Executor);
        _trace = _server.Trace;
        _batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000042\r\n", Depth)));
        Log.Output = TextWriter.Null;
    }

    [GlobalSetup(Target = nameof(TraceOn))]
    public void SetupTraceOn()
    {
        Setup();
        _trace.Configure(text: true, file: "");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Depth)]
    public void NoHooks()
    {
        Read();
        while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }

    [Benchmark(OperationsPerInvoke = Depth)]
    public void TraceOff() => Hooked();

    [Benchmark(OperationsPerInvoke = Depth)]
    public void TraceOn() => Hooked();

    /// <summary>One cycle's hooks around the same resumes, as EventLoop calls them.</summary>
    private void Hooked()
    {
        _trace.CycleStarted(1);
        Read();
        Step step;
        do
        {
            var mark = _trace.StartResume();
            _coroutine.MoveNext();
            step = _coroutine.Current;
            _trace.Resumed(_client, step, mark);
        }
        while (step == Step.RanCommand);
        int bytes = _client.Reply.PendingBytes;
        _client.Reply.Advance(bytes);
        _trace.Flushed(_client, bytes, 1);
        _trace.CycleEnded();
    }

    private void Read()
    {
        _batch.CopyTo(_client.Query.GetFreeSpace(_batch.Length));
        _client.Query.Commit(_batch.Length);
    }
}
