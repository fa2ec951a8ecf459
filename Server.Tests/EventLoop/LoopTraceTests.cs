// The schedule trace (--loop-trace, loop-trace-file) seen from outside: the text in the log
// narrates the events, and the JSON file is valid Chrome Trace Event Format.

using System.Text.Json;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
[NonParallelizable]
public class LoopTraceTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("loop-trace-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>Two clients: a pipeline, and a command sent in two halves while the other is served.</summary>
    private static void ShortRun(ServerProcess server)
    {
        using var first = new RespConnection(server.Port);
        using var second = new RespConnection(server.Port);
        first.SendRaw("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n*1\r\n$4\r\nPING\r\n");
        Assert.That(RespConnection.Latin1(first.ReadReply()), Is.EqualTo("+OK\r\n"));
        Assert.That(RespConnection.Latin1(first.ReadReply()), Is.EqualTo("$1\r\n1\r\n"));
        Assert.That(RespConnection.Latin1(first.ReadReply()), Is.EqualTo("+PONG\r\n"));
        second.SendRaw("*2\r\n$4\r\nECHO\r\n$5\r\nhel");
        Assert.That(first.Call("INCR", "n"), Is.EqualTo(":1\r\n"));
        second.SendRaw("lo\r\n");
        Assert.That(RespConnection.Latin1(second.ReadReply()), Is.EqualTo("$5\r\nhello\r\n"));
    }

    private static void Shutdown(ServerProcess server)
    {
        using (var connection = new RespConnection(server.Port))
        {
            connection.SendRaw("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n");
            Assert.That(connection.IsClosedByPeer(5000), Is.True);
        }
        Assert.That(server.WaitForExit(TimeSpan.FromSeconds(10)), Is.True, "the server did not exit");
    }

    [Test]
    public void TraceFileOfAShortRunIsValidTraceEventFormatWithNestedSlices()
    {
        string path = Path.Combine(_directory, "trace.json");
        using (var server = ServerProcess.StartOurs("--loop-trace-file", path))
        {
            ShortRun(server);
            Shutdown(server);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var events = document.RootElement.EnumerateArray().ToList();
        Assert.That(events, Is.Not.Empty);
        foreach (var e in events)
        {
            foreach (var field in new[] { "ph", "ts", "pid", "tid", "name" })
                Assert.That(e.TryGetProperty(field, out _), Is.True, $"an event without {field}: {e}");
            Assert.That(e.GetProperty("ts").GetDouble(), Is.GreaterThanOrEqualTo(0), e.ToString());
            if (e.GetProperty("ph").GetString() == "X")
                Assert.That(e.GetProperty("dur").GetDouble(), Is.GreaterThanOrEqualTo(0), e.ToString());
        }
        AssertSlicesNest(events);

        var trackNames = events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt64(), e => e.GetProperty("args").GetProperty("name").GetString());
        Assert.That(trackNames.Values, Is.SupersetOf(new[] { "event loop", "timers" }));
        // One slice per resume, named after its command, on its client's own track.
        var resumes = events.Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("cat").GetString() == "resume").ToList();
        var names = resumes.Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "set", "get", "ping", "incr", "echo", "(need input)" }));
        long setTrack = resumes.First(e => e.GetProperty("name").GetString() == "set").GetProperty("tid").GetInt64();
        long echoTrack = resumes.First(e => e.GetProperty("name").GetString() == "echo").GetProperty("tid").GetInt64();
        Assert.That(setTrack, Is.Not.EqualTo(echoTrack));
        Assert.That(trackNames[setTrack], Does.StartWith("client "));
        Assert.That(events.Count(e => e.GetProperty("name").GetString() == "select"), Is.GreaterThan(0));
        Assert.That(events.Any(e => e.TryGetProperty("cat", out var category) && category.GetString() == "timer"), Is.True);
    }

    /// <summary>On each track, sorted by start, every slice ends before the next one starts or contains it.</summary>
    internal static void AssertSlicesNest(List<JsonElement> events)
    {
        var slices = events.Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => (Track: (e.GetProperty("pid").GetInt64(), e.GetProperty("tid").GetInt64()),
                Start: e.GetProperty("ts").GetDecimal(), End: e.GetProperty("ts").GetDecimal() + e.GetProperty("dur").GetDecimal(),
                Text: e.ToString()));
        foreach (var track in slices.GroupBy(s => s.Track))
        {
            var open = new Stack<(decimal End, string Text)>();
            foreach (var slice in track.OrderBy(s => s.Start).ThenByDescending(s => s.End))
            {
                while (open.Count > 0 && open.Peek().End <= slice.Start) open.Pop();
                if (open.Count > 0)
                    Assert.That(slice.End, Is.LessThanOrEqualTo(open.Peek().End), $"{slice.Text} overlaps {open.Peek().Text}");
                open.Push((slice.End, slice.Text));
            }
        }
    }

    [Test]
    public void HooksAllocateNothingWhileTracingIsOff()
    {
        using var server = new InProcessServer();
        var trace = server.Server.Trace;
        var client = server.Client;
        string[] ping = ["PING"];
        void Cycle()
        {
            trace.CycleStarted(0);
            var mark = trace.StartResume();
            server.Execute(ping);
            trace.Resumed(client, Step.RanCommand, mark);
            trace.Flushed(client, client.Reply.PendingBytes, 1);
            client.Reply.Advance(client.Reply.PendingBytes);
            trace.ReadyQueueLength(1);
            trace.Read(client, 14);
            trace.Accepted(client);
            trace.Closed(client);
            trace.CycleEnded();
        }
        Cycle(); // first calls JIT-compile and size the buffers
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Cycle();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(trace.Stats.Resumes, Is.EqualTo(1001));
        Assert.That(trace.Stats.Yields[(int)Step.RanCommand], Is.EqualTo(1001));
        Assert.That(trace.Stats.LongestResumeCommand, Is.EqualTo("ping"));
    }

    [Test]
    public void TextTraceFollowsOneSetFromReadToFlush()
    {
        using var server = ServerProcess.StartOurs("--loop-trace", "yes");
        ShortRun(server);
        Shutdown(server);
        string log = server.Output;
        Assert.That(log, Does.Match(@"cycle \d+ \| read client \d+: 61 bytes, 61 buffered"));
        Assert.That(log, Does.Match(@"cycle \d+ \| resume client \d+: ran set in \d+ us, yields RanCommand"));
        Assert.That(log, Does.Match(@"cycle \d+ \| resume client \d+: no complete command buffered \(\d+ bytes\) in \d+ us, yields NeedInput"));
        Assert.That(log, Does.Match(@"cycle \d+ \| flush client \d+: 19 bytes in 1 send, 0 still pending"));
        Assert.That(log, Does.Match(@"cycle \d+ \| select: waited \d+ us \(timeout \d+ us\), readable: client \d+"));
        Assert.That(log, Does.Match(@"cycle \d+ \| accept client \d+ from 127\.0\.0\.1:\d+"));
        Assert.That(log, Does.Match(@"cycle \d+: ready \d+, \d+ resumes?, \d+ commands?, \d+ sends?, waited \d+ us, readable: "));
    }

    [Test]
    public void TraceIsIndependentOfLoglevelAndSwitchedByConfigSet()
    {
        using var server = ServerProcess.StartOurs("--loglevel", "warning");
        using var client = new RespConnection(server.Port);
        Assert.That(client.Call("CONFIG", "GET", "loop-trace"), Is.EqualTo("*2\r\n$10\r\nloop-trace\r\n$2\r\nno\r\n"));
        Assert.That(client.Call("ECHO", "before"), Is.EqualTo("$6\r\nbefore\r\n"));
        Assert.That(client.Call("CONFIG", "SET", "loop-trace", "yes"), Is.EqualTo("+OK\r\n"));
        Assert.That(client.Call("ECHO", "traced"), Is.EqualTo("$6\r\ntraced\r\n"));
        Assert.That(client.Call("CONFIG", "SET", "loop-trace", "no"), Is.EqualTo("+OK\r\n"));
        Assert.That(client.Call("ECHO", "after"), Is.EqualTo("$5\r\nafter\r\n"));
        Shutdown(server);
        Assert.That(server.Output, Does.Contain("ran echo"));
        Assert.That(server.Output.Split('\n').Count(line => line.Contains("ran echo")), Is.EqualTo(1));
    }

    [Test]
    public void TraceFileIsAProtectedConfig()
    {
        using var server = ServerProcess.StartOurs();
        using var client = new RespConnection(server.Port);
        Assert.That(client.Call("CONFIG", "SET", "loop-trace-file", Path.Combine(_directory, "x.json")),
            Is.EqualTo("-ERR CONFIG SET failed (possibly related to argument 'loop-trace-file') - can't set protected config\r\n"));
        Assert.That(File.Exists(Path.Combine(_directory, "x.json")), Is.False);
    }

    [Test]
    public void TraceFileCanBeSwitchedByConfigSetWhenProtectedConfigsAreEnabled()
    {
        using var server = ServerProcess.StartOurs("--enable-protected-configs", "yes");
        using var client = new RespConnection(server.Port);
        string path = Path.Combine(_directory, "late.json");
        Assert.That(client.Call("CONFIG", "SET", "loop-trace-file", path), Is.EqualTo("+OK\r\n"));
        Assert.That(client.Call("PING"), Is.EqualTo("+PONG\r\n"));
        Assert.That(client.Call("CONFIG", "SET", "loop-trace-file", ""), Is.EqualTo("+OK\r\n"));
        using var document = JsonDocument.Parse(File.ReadAllText(path)); // closed: a complete document
        Assert.That(document.RootElement.EnumerateArray().Any(e => e.GetProperty("name").GetString() == "ping"), Is.True);
        Assert.That(client.Call("CONFIG", "SET", "loop-trace-file", Path.Combine(_directory, "no-such-dir", "x.json")),
            Does.StartWith("-ERR CONFIG SET failed (possibly related to argument 'loop-trace-file') - can't open the trace file"));
    }
}
