// What the loop reads and when: idle clients watched in slices (the cold set) and reads bounded
// while a client still has commands to run. Each test talks to a real server process.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
[NonParallelizable]
public class ReadInterestTests
{
    /// <summary>ReadInterest.MinColdPeriodMs: the bound on a cold client's wait while the loop is busy with few idle clients.</summary>
    private const int ColdPeriodMs = 10;

    [Test]
    public void AColdClientIsAnsweredWithinTheColdPeriodWhileTheLoopIsBusy()
    {
        using var server = ServerProcess.StartOurs("--loglevel", "debug");
        var idle = new List<RespConnection>();
        for (int i = 0; i < 50; i++) idle.Add(new RespConnection(server.Port));
        using var target = new RespConnection(server.Port);
        long id = long.Parse(target.Call("CLIENT", "ID")[1..].TrimEnd());
        try
        {
            // Another client keeps the loop busy, so Select is never idle and never watches everyone.
            using var stop = new CancellationTokenSource();
            var busy = Task.Run(() =>
            {
                using var other = new RespConnection(server.Port);
                while (!stop.IsCancellationRequested) other.Call("PING");
            });
            Thread.Sleep(200);

            var wakeUps = new List<double>();
            for (int round = 1; round <= 7; round++)
            {
                Assert.That(WaitForLog(server, $"client {id} idle for", TimeSpan.FromSeconds(10), times: round), Is.True,
                    "the target did not move to the cold set");
                var watch = Stopwatch.StartNew();
                Assert.That(target.Call("PING"), Is.EqualTo("+PONG\r\n"));
                wakeUps.Add(watch.Elapsed.TotalMilliseconds);
                Assert.That(WaitForLog(server, $"client {id} is active again", TimeSpan.FromSeconds(1), times: round), Is.True);
            }
            stop.Cancel();
            busy.Wait();
            // The bound is ColdPeriodMs plus the cycle in progress. A loaded test machine adds its own
            // scheduling noise to single round trips, so the median of seven is checked against a
            // generous multiple: a cold socket never polled, or polled once per cron tick (100 ms,
            // a median near 50 ms), fails it.
            wakeUps.Sort();
            Assert.That(wakeUps[3], Is.LessThan(ColdPeriodMs * 3), $"cold wake-ups (ms): {string.Join(", ", wakeUps.Select(w => w.ToString("F1")))}");
        }
        finally
        {
            foreach (var connection in idle) connection.Dispose();
        }
    }

    [Test]
    public void AnIdleServerAnswersAColdClientAtOnce()
    {
        using var server = ServerProcess.StartOurs("--loglevel", "debug");
        using var target = new RespConnection(server.Port);
        long id = long.Parse(target.Call("CLIENT", "ID")[1..].TrimEnd());
        Assert.That(WaitForLog(server, $"client {id} idle for", TimeSpan.FromSeconds(10)), Is.True);
        Thread.Sleep(300); // long enough for a Select to time out: the next one watches every socket
        var watch = Stopwatch.StartNew();
        Assert.That(target.Call("PING"), Is.EqualTo("+PONG\r\n"));
        Assert.That(watch.Elapsed.TotalMilliseconds, Is.LessThan(ColdPeriodMs * 8));
    }

    [Test]
    public void AClientTricklingBytesStaysColdUntilItRunsACommand()
    {
        using var server = ServerProcess.StartOurs("--loglevel", "debug");
        using var trickler = new RespConnection(server.Port);
        long id = long.Parse(trickler.Call("CLIENT", "ID")[1..].TrimEnd());
        Assert.That(WaitForLog(server, $"client {id} idle for", TimeSpan.FromSeconds(10)), Is.True, () => server.Output[^3000..]);
        const string command = "*2\r\n$4\r\nECHO\r\n$5\r\nslow!\r\n";
        foreach (char c in command[..^1])
        {
            trickler.SendRaw(c.ToString());
            Thread.Sleep(20);
        }
        Assert.That(server.Output, Does.Contain($"read from client {id}: 1 bytes"), "the trickled bytes were read");
        Assert.That(server.Output, Does.Not.Contain($"client {id} is active again"), "a byte at a time warmed it up");
        trickler.SendRaw(command[^1..]);
        Assert.That(RespConnection.Latin1(trickler.ReadReply()), Is.EqualTo("$5\r\nslow!\r\n"));
        Assert.That(WaitForLog(server, $"client {id} is active again", TimeSpan.FromSeconds(1)), Is.True);
    }

    /// <summary>
    /// The bound of docs/architecture.md for a slowloris's own command: among 200 clients trickling a
    /// byte every 20 ms while another client keeps the loop busy (so the cold set is only read in
    /// slices, a few reads per cycle), a cold client that trickled all of a command but its last byte
    /// gets its reply within the cold period of that byte.
    /// </summary>
    [Test]
    public void ATrickledCommandIsAnsweredWithinTheColdPeriodOnceItCompletes()
    {
        using var server = ServerProcess.StartOurs();
        var tricklers = new List<RespConnection>();
        var targets = new List<RespConnection>();
        for (int i = 0; i < 200; i++) tricklers.Add(new RespConnection(server.Port));
        for (int i = 0; i < 7; i++) targets.Add(new RespConnection(server.Port));
        using var observer = new RespConnection(server.Port);
        using var stop = new CancellationTokenSource();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && Counter(observer, "eventloop_clients_cold") < tricklers.Count + targets.Count) Thread.Sleep(100);
            Assert.That(Counter(observer, "eventloop_clients_cold"), Is.GreaterThanOrEqualTo(tricklers.Count + targets.Count), "the clients did not cool");

            var busy = Task.Run(() =>
            {
                using var other = new RespConnection(server.Port);
                while (!stop.IsCancellationRequested) other.Call("PING");
            });
            var trickle = Task.Run(() =>
            {
                var endless = Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$9\r\nslowloris\r\n$1000000\r\n");
                for (int step = 0; !stop.IsCancellationRequested; step++)
                {
                    byte[] next = [step < endless.Length ? endless[step] : (byte)'x'];
                    foreach (var connection in tricklers) connection.SendRaw(next);
                    Thread.Sleep(20);
                }
            });

            const string command = "*2\r\n$4\r\nECHO\r\n$5\r\nslow!\r\n";
            var wakeUps = new List<double>();
            foreach (var target in targets)
            {
                foreach (char c in command[..^1])
                {
                    target.SendRaw(c.ToString());
                    Thread.Sleep(5);
                }
                Thread.Sleep(30); // every byte so far read: the last one completes the command
                var watch = Stopwatch.StartNew();
                target.SendRaw(command[^1..]);
                Assert.That(RespConnection.Latin1(target.ReadReply()), Is.EqualTo("$5\r\nslow!\r\n"));
                wakeUps.Add(watch.Elapsed.TotalMilliseconds);
            }
            stop.Cancel();
            busy.Wait();
            trickle.Wait();
            Assert.That(Counter(observer, "eventloop_cold_reads"), Is.GreaterThan(tricklers.Count), "the tricklers were not read by the slices");
            // As AColdClientIsAnsweredWithinTheColdPeriodWhileTheLoopIsBusy: the median against a generous multiple.
            wakeUps.Sort();
            Assert.That(wakeUps[3], Is.LessThan(ColdPeriodMs * 3), $"wake-ups (ms): {string.Join(", ", wakeUps.Select(w => w.ToString("F1")))}");
        }
        finally
        {
            stop.Cancel();
            foreach (var connection in tricklers.Concat(targets)) connection.Dispose();
        }
    }

    /// <summary>
    /// A cold client sending a command one byte per read (binary bytes, CRLFs inside the value) gets
    /// the reply the same command gets sent whole.
    /// </summary>
    [Test]
    public void ACommandTrickledAByteAtATimeGetsTheReplyOfTheWholeCommand()
    {
        using var server = ServerProcess.StartOurs();
        using var whole = new RespConnection(server.Port);
        using var trickler = new RespConnection(server.Port);
        var value = new byte[256];
        for (int i = 0; i < value.Length; i++) value[i] = (byte)(255 - i);
        var command = RespConnection.Encode([Encoding.ASCII.GetBytes("ECHO"), value]);
        whole.SendRaw(command);
        var expected = whole.ReadReply();
        Assert.That(expected, Is.EqualTo([.. Encoding.ASCII.GetBytes("$256\r\n"), .. value, .. "\r\n"u8]));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && Counter(whole, "eventloop_clients_cold") < 1) Thread.Sleep(100);
        foreach (byte b in command)
        {
            trickler.SendRaw([b]);
            Thread.Sleep(1);
        }
        Assert.That(trickler.ReadReply(), Is.EqualTo(expected));
    }

    [Test]
    public void ADisconnectedColdClientIsForgotten()
    {
        using var server = ServerProcess.StartOurs("--loglevel", "debug");
        using var observer = new RespConnection(server.Port);
        var target = new RespConnection(server.Port);
        long id = long.Parse(target.Call("CLIENT", "ID")[1..].TrimEnd());
        Assert.That(WaitForLog(server, $"client {id} idle for", TimeSpan.FromSeconds(10)), Is.True);
        target.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && observer.Call("CLIENT", "LIST").Contains($"id={id} ")) Thread.Sleep(20);
        Assert.That(observer.Call("CLIENT", "LIST"), Does.Not.Contain($"id={id} "));
    }

    [Test]
    public void APipelineLongerThanTheQueryBufferLimitIsAnsweredInFull()
    {
        // Redis reads 16 KB per event and runs it before reading more, so a pipeline is never held
        // in the query buffer whole: 300,000 PINGs (1.8 MB) pass a 1 MB limit.
        using var server = ServerProcess.StartOurs();
        using var client = new RespConnection(server.Port, receiveTimeoutMs: 30_000);
        Assert.That(client.Call("CONFIG", "SET", "client-query-buffer-limit", "1mb"), Is.EqualTo("+OK\r\n"));
        const int count = 300_000;
        var pipeline = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("PING\r\n", count)));
        var send = Task.Run(() => client.SendRaw(pipeline));
        int answered = 0;
        for (; answered < count; answered++)
        {
            if (RespConnection.Latin1(client.ReadReply()) != "+PONG\r\n") break;
        }
        send.Wait();
        Assert.That(answered, Is.EqualTo(count));
        using var other = new RespConnection(server.Port);
        Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }

    /// <summary>
    /// What the loop pays for idle clients, counted rather than timed: while one client keeps the
    /// loop busy with a long pipeline, 300 idle clients add no socket to the main Select, their
    /// slices are polled at most once per 100 us whatever the cycle rate, and the cron visits
    /// a tenth of them per tick (each once a second, as Redis's clientsCron) instead of every one.
    /// </summary>
    [Test]
    public void IdleClientsCostTheBusyLoopNoSocketsPerCycle()
    {
        using var server = ServerProcess.StartOurs("--timeout", "3600");
        var idle = new List<RespConnection>();
        for (int i = 0; i < IdleClients; i++) idle.Add(new RespConnection(server.Port));
        using var busy = new RespConnection(server.Port, receiveTimeoutMs: 30_000);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && Counter(busy, "eventloop_clients_cold") < IdleClients) Thread.Sleep(100);
            Assert.That(Counter(busy, "eventloop_clients_cold"), Is.GreaterThanOrEqualTo(IdleClients), "the idle clients did not cool");

            var before = EventLoopCounters(busy);
            var watch = Stopwatch.StartNew();
            const int pings = 200_000;
            var send = Task.Run(() => busy.SendRaw(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("PING\r\n", pings)))));
            for (int i = 0; i < pings; i++) Assert.That(busy.ReadReply().Length, Is.EqualTo(7));
            send.Wait();
            double elapsedMs = watch.Elapsed.TotalMilliseconds;
            var after = EventLoopCounters(busy);
            long Delta(string field) => after[field] - before[field];

            // Listeners, the busy client, sometimes another hot client: a handful, never the idle ones.
            Assert.That((double)Delta("eventloop_select_sockets") / Delta("eventloop_select_calls"), Is.LessThan(8));
            Assert.That(Delta("eventloop_cold_polls"), Is.LessThanOrEqualTo(elapsedMs * 10 + 2), $"cycles: {Delta("eventloop_cycles")}");
            Assert.That(Delta("eventloop_cold_sockets_polled"), Is.Positive, "the cold set was not polled at all");
            long ticks = Math.Max(1, Delta("eventloop_timers_fired"));
            TestContext.Progress.WriteLine($"{IdleClients} idle, {elapsedMs:F0} ms: cycles {Delta("eventloop_cycles")}, select calls {Delta("eventloop_select_calls")}, " +
                $"select sockets {Delta("eventloop_select_sockets")}, cold polls {Delta("eventloop_cold_polls")}, cold sockets polled {Delta("eventloop_cold_sockets_polled")}, " +
                $"cron ticks {ticks}, cron client visits {Delta("eventloop_cron_client_visits")}");
            Assert.That((double)Delta("eventloop_cron_client_visits") / ticks, Is.LessThan(IdleClients / 10 + 20));
        }
        finally
        {
            foreach (var connection in idle) connection.Dispose();
        }
    }

    /// <summary>
    /// A client that announces a 1 MB bulk and trickles it gets its room as the bytes arrive, not
    /// 1 MB up front (a thousand such slowloris clients would make the server allocate and clear a
    /// gigabyte); sent in full, the value is stored whole.
    /// </summary>
    [Test]
    public void ATrickledBigBulkGetsItsRoomAsItArrives()
    {
        using var server = ServerProcess.StartOurs();
        using var trickler = new RespConnection(server.Port);
        using var observer = new RespConnection(server.Port);
        const int size = 1_000_000;
        trickler.SendRaw($"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n${size}\r\nxxxxxxxxxx");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        string line = "";
        while (DateTime.UtcNow < deadline && !(line = ClientLine(observer, "qbuf=")).Contains("qbuf=3")) Thread.Sleep(20);
        long free = long.Parse(System.Text.RegularExpressions.Regex.Match(line, @"qbuf-free=(\d+)").Groups[1].Value);
        Assert.That(free, Is.LessThan(64 * 1024), line);

        trickler.SendRaw(new string('x', size - 10) + "\r\n");
        Assert.That(RespConnection.Latin1(trickler.ReadReply()), Is.EqualTo("+OK\r\n"));
        Assert.That(observer.Call("STRLEN", "big"), Is.EqualTo($":{size}\r\n"));
    }

    /// <summary>The CLIENT LIST line of the other client (the one that is not running CLIENT LIST).</summary>
    private static string ClientLine(RespConnection observer, string field) =>
        observer.Call("CLIENT", "LIST").Split('\n').First(l => l.Contains(field) && !l.Contains("cmd=client|list"));

    private const int IdleClients = 300;

    private static long Counter(RespConnection connection, string field) => EventLoopCounters(connection)[field];

    private static Dictionary<string, long> EventLoopCounters(RespConnection connection) =>
        connection.Call("INFO", "eventloop").Split("\r\n")
            .Where(line => line.StartsWith("eventloop_") && long.TryParse(line[(line.IndexOf(':') + 1)..], out _))
            .ToDictionary(line => line[..line.IndexOf(':')], line => long.Parse(line[(line.IndexOf(':') + 1)..]));

    /// <summary>Waits until the server's log holds <paramref name="text"/> at least <paramref name="times"/> times.</summary>
    private static bool WaitForLog(ServerProcess server, string text, TimeSpan timeout, int times = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string output = server.Output;
            int found = 0;
            for (int at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + 1, StringComparison.Ordinal)) found++;
            if (found >= times) return true;
            Thread.Sleep(20);
        }
        return false;
    }
}
