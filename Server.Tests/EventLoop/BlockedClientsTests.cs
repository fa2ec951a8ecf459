// The blocked coroutine seen from inside: an event loop run in this process, on its own thread, so
// the tests can read its counters (resumes, unblocks) while clients talk to it over real sockets.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
[NonParallelizable]
public class BlockedClientsTests
{
    private RedisServer _server = null!;
    private EventLoopRedis.EventLoop.EventLoop _loop = null!;
    private Socket _listener = null!;
    private Thread _thread = null!;
    private int _port;

    [OneTimeSetUp]
    public void Start()
    {
        _server = new RedisServer(new ServerConfig());
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(2048);
        _listener.Blocking = false;
        _port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        var timers = new Timers();
        _loop = new EventLoopRedis.EventLoop.EventLoop(_server, [_listener], timers);
        var cron = new ServerCron(_server, _loop);
        timers.Add(1, cron.Tick);
        _thread = new Thread(_loop.Run) { IsBackground = true, Name = "event loop under test" };
        _thread.Start();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _server.ShutdownRequested = true;
        _thread.Join(5000);
        _listener.Dispose();
        _server.Scripting.Dispose();
    }

    /// <summary>Polls until <paramref name="condition"/> holds (the loop thread updates what it reads), for up to 10 s.</summary>
    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "condition not reached in time");
            Thread.Sleep(5);
        }
    }

    [Test]
    public void AThousandBlockedClientsCostNoResumesAndEachIsWokenByItsOwnPush()
    {
        const int count = 1000;
        var waiters = new List<RespConnection>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var waiter = new RespConnection(_port);
                waiter.Send("BLPOP", $"queue:{i}", "0");
                waiters.Add(waiter);
            }
            WaitUntil(() => _server.Blocking.BlockedCount == count);

            using var other = new RespConnection(_port);
            Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"));
            long resumesBefore = _loop.Resumes;
            const int pings = 100;
            for (int i = 0; i < pings; i++) Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"));
            long resumes = _loop.Resumes - resumesBefore;
            // Each PING costs its own client two resumes (run it, then find the buffer empty); the
            // thousand waiters cost none, however many cycles the loop made meanwhile.
            Assert.That(resumes, Is.LessThanOrEqualTo(2 * pings + 2));

            long unblocksBefore = _server.Blocking.Unblocks;
            var pushes = new List<byte>();
            for (int i = 0; i < count; i++)
                pushes.AddRange(RespConnection.Encode([.. new[] { "LPUSH", $"queue:{i}", $"element:{i}" }.Select(System.Text.Encoding.Latin1.GetBytes)]));
            other.SendRaw(pushes.ToArray());
            for (int i = 0; i < count; i++) Assert.That(other.ReadReply(), Is.EqualTo(":1\r\n"u8.ToArray()));
            for (int i = 0; i < count; i++)
            {
                string key = $"queue:{i}", element = $"element:{i}";
                Assert.That(RespConnection.Latin1(waiters[i].ReadReply()),
                    Is.EqualTo($"*2\r\n${key.Length}\r\n{key}\r\n${element.Length}\r\n{element}\r\n"));
            }
            Assert.That(_server.Blocking.Unblocks - unblocksBefore, Is.EqualTo(count));
            Assert.That(_server.Blocking.BlockedCount, Is.Zero);
            Assert.That(other.Call("DBSIZE"), Is.EqualTo(":0\r\n"));
        }
        finally
        {
            foreach (var waiter in waiters) waiter.Dispose();
        }
    }

    /// <summary>
    /// The documented bound: a timeout fires within 100 ms of its deadline (Redis's granularity at
    /// hz 10), as the loop itself measures it; never early. The loop sleeps in Select no later than
    /// the nearest deadline, so it is usually a millisecond or two. The round trip seen by the client
    /// also holds its own thread's scheduling, so it is only checked to be neither early nor lost.
    /// </summary>
    [TestCase("BLPOP", "nosuch", "0.25")]
    [TestCase("BZPOPMIN", "nosuch", "0.25")]
    [TestCase("BLMOVE", "nosuch", "dst", "LEFT", "LEFT", "0.25")]
    public void ATimeoutFiresWithinItsGranularity(params string[] command)
    {
        using var client = new RespConnection(_port);
        var watch = Stopwatch.StartNew();
        Assert.That(client.Call(command), Is.EqualTo("*-1\r\n"));
        Assert.That(watch.Elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(249).And.LessThan(5000));
        Assert.That(_server.Blocking.LastTimeoutLatenessMs, Is.InRange(0, 100));
        Assert.That(_server.Blocking.InTimeoutTable, Is.Zero);
    }

    [Test]
    public void WaitTimesOutWithinItsGranularity()
    {
        using var client = new RespConnection(_port);
        var watch = Stopwatch.StartNew();
        Assert.That(client.Call("WAIT", "1", "150"), Is.EqualTo(":0\r\n"));
        Assert.That(watch.Elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(149).And.LessThan(5000));
        Assert.That(_server.Blocking.LastTimeoutLatenessMs, Is.InRange(0, 100));
    }

    [Test]
    public void APauseEndsWithinItsGranularity()
    {
        using var pauser = new RespConnection(_port);
        using var writer = new RespConnection(_port);
        Assert.That(pauser.Call("CLIENT", "PAUSE", "200", "WRITE"), Is.EqualTo("+OK\r\n"));
        var watch = Stopwatch.StartNew();
        Assert.That(writer.Call("SET", "paused", "v"), Is.EqualTo("+OK\r\n"));
        Assert.That(watch.Elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(150).And.LessThan(5000));
        Assert.That(writer.Call("DEL", "paused"), Is.EqualTo(":1\r\n"));
    }
}
