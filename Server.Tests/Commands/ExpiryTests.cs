// Behaviour tests for active expiry and SCAN against EventLoopRedis alone: what no differential
// test can show, because it is about time, memory and the hash table changing under a cursor.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class ExpiryTests
{
    private ServerProcess? _server;

    [SetUp]
    public void StartServer() => _server = ServerProcess.StartOurs("--enable-debug-command", "yes"); // DEBUG HTSTATS

    [TearDown]
    public void StopServer() => _server?.Dispose();

    private int Port => _server!.Port;

    /// <summary>
    /// 100,000 keys that expire together and are never read again are reclaimed by the cron's
    /// active expiry alone, their memory is given back, and the loop keeps answering another
    /// client promptly all along (the cycle has a time budget per tick).
    /// </summary>
    [Test]
    public void UntouchedExpiredKeysAreReclaimedWhileOtherClientsAreServedPromptly()
    {
        const int Keys = 100_000;
        using var loader = new RespConnection(Port);
        long baseline = UsedMemory(loader);

        using var pinger = new PingMonitor(Port);
        var loading = Stopwatch.StartNew();
        var value = new string('v', 64);
        for (int start = 0; start < Keys; start += 10_000)
        {
            var batch = new MemoryStream();
            for (int i = start; i < start + 10_000; i++)
                batch.Write(RespConnection.Encode([Bytes("SET"), Bytes("volatile:" + i), Bytes(value), Bytes("PX"), Bytes("100")]));
            loader.SendRaw(batch.ToArray());
            for (int i = start; i < start + 10_000; i++)
                Assert.That(RespConnection.Latin1(loader.ReadReply()), Is.EqualTo("+OK\r\n"));
        }
        long loaded = UsedMemory(loader);
        long stored = long.Parse(loader.Call("DBSIZE")[1..^2]);
        TestContext.Out.WriteLine($"loaded in {loading.ElapsedMilliseconds} ms, {stored} keys still stored");
        // Keys start expiring (and being reclaimed) while the load is still going on, so only part
        // of the 100,000 keys is there at once, how many depends on the machine's speed; used_memory
        // counts the keys stored (docs/reliability.md), each well over 100 bytes.
        Assert.That(stored, Is.GreaterThan(1000), "the last keys loaded should still be there");
        Assert.That(loaded - baseline, Is.GreaterThan(stored * 100), "the keys should weigh in used_memory");

        var clock = Stopwatch.StartNew();
        while (loader.Call("DBSIZE") != ":0\r\n")
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "DBSIZE did not reach 0");
            Thread.Sleep(20);
        }
        TestContext.Out.WriteLine($"DBSIZE reached 0 after {clock.ElapsedMilliseconds} ms");

        // Back near the baseline: at most a quarter of what the keys added is still counted.
        long target = baseline + (loaded - baseline) / 4;
        long used;
        while ((used = UsedMemory(loader)) > target)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)),
                $"used_memory stayed at {used} (baseline {baseline}, loaded {loaded})");
            Thread.Sleep(20);
        }
        TestContext.Out.WriteLine($"used_memory {baseline} -> {loaded} -> {used} after {clock.ElapsedMilliseconds} ms");

        var latencies = pinger.Stop();
        TestContext.Out.WriteLine($"{latencies.Count} PINGs, slowest {latencies.Max():F1} ms");
        Assert.That(latencies, Has.Count.GreaterThan(50));
        Assert.That(latencies.Max(), Is.LessThan(100), "a PING waited 100 ms or more");
        Assert.That(Info(loader, "stats"), Does.Contain($"expired_keys:{Keys}\r\n"));
    }

    /// <summary>
    /// SCAN's guarantee: a key present during the whole iteration is returned at least once,
    /// although keys are added and removed between calls so that the table grows (and is
    /// rehashed) and then shrinks (and is rehashed again) in mid-iteration.
    /// </summary>
    [Test]
    public void ScanReturnsEveryKeyThatStaysWhileTheTableGrowsAndShrinks()
    {
        const int Stable = 10_000;
        const int Bulk = 70_000; // with the stable keys, enough for a table of 131072 buckets
        using var connection = new RespConnection(Port);
        Pipeline(connection, Enumerable.Range(0, Stable).Select(i => new[] { "SET", "stay:" + i, "v" }));

        var seen = new HashSet<string>();
        var random = new Random(7);
        int churn = 0, calls = 0;
        ulong cursor = 0;
        // Cursors are bucket indexes, below the table's size: one of 65536 or more shows the table
        // of 131072 buckets, and cursors staying below it afterwards show the shrink.
        var cursorsWhileGrown = new List<ulong>();
        var cursorsAfterShrink = new List<ulong>();
        List<ulong>? phase = null;
        do
        {
            var reply = (List<object?>)Resp.Parse(Encoding.Latin1.GetBytes(connection.Call("SCAN", cursor.ToString(), "COUNT", "100")))!;
            cursor = ulong.Parse((string)reply[0]!);
            foreach (var key in (List<object?>)reply[1]!) seen.Add((string)key!);
            calls++;
            if (cursor != 0) phase?.Add(cursor);

            // Small churn on every call: a few keys come, a few older ones go.
            var adds = Enumerable.Range(churn, 20).Select(i => new[] { "SET", "churn:" + i, "v" });
            var removes = Enumerable.Range(0, 20).Select(_ => new[] { "DEL", "churn:" + random.Next(Math.Max(1, churn)) });
            Pipeline(connection, adds.Concat(removes));
            churn += 20;

            if (calls == 10)
            {
                Pipeline(connection, Enumerable.Range(0, Bulk).Select(i => new[] { "SET", "bulk:" + i, "v" }));
                WaitForSettledKeyspace(connection, size => size >= 131_072); // the cron finishes the rehash
                phase = cursorsWhileGrown;
            }
            else if (calls == 40)
            {
                Pipeline(connection, Enumerable.Range(0, Bulk).Select(i => new[] { "DEL", "bulk:" + i }));
                WaitForSettledKeyspace(connection, size => size < 131_072); // the cron shrinks the sparse table and rehashes
                phase = cursorsAfterShrink;
            }
        } while (cursor != 0);

        TestContext.Out.WriteLine($"{calls} SCAN calls; largest cursor while grown {cursorsWhileGrown.Max()}, " +
            $"last cursors after the shrink {string.Join(' ', cursorsAfterShrink.TakeLast(5))}");
        Assert.That(cursorsAfterShrink, Has.Count.GreaterThan(20), "the iteration ended too soon after the shrink");
        Assert.That(cursorsWhileGrown.Max(), Is.GreaterThanOrEqualTo(65_536UL), "the table did not grow to 131072 buckets");
        Assert.That(cursorsAfterShrink.TakeLast(10), Has.All.LessThan(65_536UL), "the table did not shrink");
        var missing = Enumerable.Range(0, Stable).Select(i => "stay:" + i).Where(k => !seen.Contains(k)).ToList();
        Assert.That(missing, Is.Empty, $"{missing.Count} stable keys were never returned");
    }

    // Waits (up to 30 s, as a slow machine may need) until db 0's keyspace table is no longer rehashing
    // and its size satisfies `sizeOk`, as DEBUG HTSTATS shows: SCAN's cursors depend on the table's size.
    private static void WaitForSettledKeyspace(RespConnection connection, Func<int, bool> sizeOk)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var stats = connection.Call("DEBUG", "HTSTATS", "0");
            var keyspace = stats[..stats.IndexOf("[Expires HT]", StringComparison.Ordinal)];
            var sizeAt = keyspace.IndexOf("table size: ", StringComparison.Ordinal) + "table size: ".Length;
            var size = int.Parse(keyspace[sizeAt..keyspace.IndexOf('\n', sizeAt)]);
            if (!keyspace.Contains("rehashing target", StringComparison.Ordinal) && sizeOk(size))
                return;
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"the keyspace table did not settle:\n{keyspace}");
            Thread.Sleep(20);
        }
    }

    [Test]
    public void ScanNeverReturnsExpiredKeysAndDeletesThem()
    {
        using var connection = new RespConnection(Port);
        // With hz 1 the cron runs once a second: right after a tick, the active cycle stays away
        // long enough for the keys to expire and be met by SCAN alone.
        connection.Call("CONFIG", "SET", "hz", "1");
        Thread.Sleep(150);
        Pipeline(connection, Enumerable.Range(0, 1000).Select(i => new[] { "SET", "gone:" + i, "v", "PX", "30" }));
        Pipeline(connection, Enumerable.Range(0, 1000).Select(i => new[] { "SET", "kept:" + i, "v" }));
        Thread.Sleep(60);
        Assert.That(connection.Call("DBSIZE"), Is.EqualTo(":2000\r\n"), "the expired keys should still be there");

        var seen = new List<string>();
        string cursor = "0";
        do
        {
            var reply = (List<object?>)Resp.Parse(Encoding.Latin1.GetBytes(connection.Call("SCAN", cursor, "COUNT", "50")))!;
            cursor = (string)reply[0]!;
            seen.AddRange(((List<object?>)reply[1]!).Select(k => (string)k!));
        } while (cursor != "0");

        Assert.That(seen.Where(k => k.StartsWith("gone:")), Is.Empty);
        Assert.That(seen.Distinct().Count(k => k.StartsWith("kept:")), Is.EqualTo(1000));
        Assert.That(connection.Call("DBSIZE"), Is.EqualTo(":1000\r\n"), "SCAN deletes the expired keys it meets");
        Assert.That(Info(connection, "stats"), Does.Contain("expired_keys:1000\r\n"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Sends all the commands at once, then reads (and discards) one reply per command.</summary>
    private static void Pipeline(RespConnection connection, IEnumerable<string[]> commands)
    {
        var batch = new MemoryStream();
        int count = 0;
        foreach (var command in commands)
        {
            batch.Write(RespConnection.Encode(command.Select(Bytes).ToArray()));
            count++;
        }
        connection.SendRaw(batch.ToArray());
        for (int i = 0; i < count; i++) connection.ReadReply();
    }

    private static string Info(RespConnection connection, string section)
    {
        var reply = Resp.Parse(Encoding.Latin1.GetBytes(connection.Call("INFO", section)));
        return (string)reply!;
    }

    private static long UsedMemory(RespConnection connection)
    {
        var line = Info(connection, "memory").Split("\r\n").First(l => l.StartsWith("used_memory:"));
        return long.Parse(line["used_memory:".Length..]);
    }

    /// <summary>A second client that PINGs every few milliseconds and records how long each answer took.</summary>
    private sealed class PingMonitor : IDisposable
    {
        private readonly RespConnection _connection;
        private readonly Thread _thread;
        private readonly List<double> _latencies = new();
        private volatile bool _stop;
        private Exception? _failure;

        public PingMonitor(int port)
        {
            _connection = new RespConnection(port);
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        private void Run()
        {
            try
            {
                while (!_stop)
                {
                    long start = Stopwatch.GetTimestamp();
                    if (_connection.Call("PING") != "+PONG\r\n") throw new InvalidOperationException("PING did not get PONG");
                    lock (_latencies) _latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Thread.Sleep(5);
                }
            }
            catch (Exception e)
            {
                _failure = e;
            }
        }

        /// <summary>Stops pinging and returns every round trip, in milliseconds.</summary>
        public List<double> Stop()
        {
            _stop = true;
            _thread.Join();
            if (_failure is not null) throw new InvalidOperationException("the PING client failed", _failure);
            lock (_latencies) return new List<double>(_latencies);
        }

        public void Dispose()
        {
            if (!_stop) Stop();
            _connection.Dispose();
        }
    }
}
