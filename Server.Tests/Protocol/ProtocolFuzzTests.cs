// The protocol fuzzer against live servers: valid streams cut anywhere must be answered as if sent
// whole, and mutated streams must get redis-server 7.0.15's replies and protocol errors, closing only
// the client that sent them. cf. processInputBuffer, processMultibulkBuffer and processInlineBuffer in
// networking.c. About 30 s in CI; EVENTLOOPREDIS_FUZZ_SECONDS=600 for a long run (docs/reliability.md).

using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Protocol;

[TestFixture]
[NonParallelizable]
public class ProtocolFuzzTests
{
    private ServerProcess? _redis;
    private ServerProcess? _ours;

    [OneTimeSetUp]
    public void StartServers()
    {
        _redis = ServerProcess.StartRedis();
        _ours = ServerProcess.StartOurs();
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        _redis?.Dispose();
        _ours?.Dispose();
    }

    /// <summary>The whole fuzzing budget, shared by the two tests: 30 s unless EVENTLOOPREDIS_FUZZ_SECONDS says otherwise.</summary>
    private static double BudgetSeconds =>
        double.TryParse(Environment.GetEnvironmentVariable("EVENTLOOPREDIS_FUZZ_SECONDS"), out double seconds) && seconds > 0 ? seconds : 30;

    /// <summary>The seed of both fuzzers: fixed in CI, another with EVENTLOOPREDIS_FUZZ_SEED for a long run.</summary>
    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("EVENTLOOPREDIS_FUZZ_SEED"), out int seed) ? seed : 20261130;

    [Test]
    public void SplittingAValidStreamAnywhereGivesTheRepliesOfTheWholeStream()
    {
        var fuzzer = new ProtocolFuzzer(Seed);
        int port = _ours!.Port;
        using var watchdog = new Watchdog(port);
        using var machine = new Watchdog(_redis!.Port);
        using var admin = new RespConnection(port);
        var deadline = Stopwatch.StartNew();
        long streams = 0, commands = 0, pieces = 0;
        while (deadline.Elapsed.TotalSeconds < BudgetSeconds * 0.4)
        {
            bool resp3 = fuzzer.OneIn(3);
            int count = fuzzer.Between(5, 45);
            var (stream, sent) = fuzzer.ValidStream(count);
            if (resp3) stream = [.. "HELLO 3\r\n"u8, .. stream];
            int replies = count + (resp3 ? 1 : 0);

            admin.Call("FLUSHALL");
            var whole = Replay(port, [new ArraySegment<byte>(stream)], fuzzer, replies);
            admin.Call("FLUSHALL");
            var split = fuzzer.Split(stream, 60);
            var pieceByPiece = Replay(port, split, fuzzer, replies);

            // HELLO's map holds the connection's id, which differs between the two runs.
            for (int i = resp3 ? 1 : 0; i < replies; i++)
                Assert.That(pieceByPiece[i], Is.EqualTo(whole[i]),
                    $"stream {streams}: the reply to `{Show(sent[i - (resp3 ? 1 : 0)])}` differs when the stream is sent in {split.Count} pieces; " +
                    $"the commands before it: {string.Join(" | ", sent.Take(i - (resp3 ? 1 : 0)).Select(Show))}");
            streams++;
            commands += count;
            pieces += split.Count;
        }
        TestContext.Out.WriteLine($"split fuzzing (seed {Seed}): {streams} streams, {commands} commands (drawn from {ProtocolFuzzer.Deterministic.Length} of the table), {pieces} pieces; slowest PING of another client {watchdog.SlowestMs} ms (redis-server's meanwhile {machine.SlowestMs} ms)");
        Assert.That(streams, Is.GreaterThan(10));
        watchdog.AssertAnsweredPromptly(machine);
        AssertServerHealthy(admin);
    }

    [Test]
    public void MutatedInputGetsRedisRepliesAndProtocolErrorsAndClosesOnlyItsClient()
    {
        var fuzzer = new ProtocolFuzzer(Seed + 1);
        using var admin = new RespConnection(_ours!.Port);
        using var redisAdmin = new RespConnection(_redis!.Port);
        long baseline = UsedMemoryAfterPurge(admin);
        using var watchdog = new Watchdog(_ours.Port);
        using var machine = new Watchdog(_redis.Port);
        var deadline = Stopwatch.StartNew();
        long inputs = 0, bytes = 0, protocolErrors = 0;
        var errorsSeen = new SortedSet<string>(StringComparer.Ordinal);
        while (deadline.Elapsed.TotalSeconds < BudgetSeconds * 0.6)
        {
            var (input, description, big) = fuzzer.MutatedStream();
            // Kept where the test runs, to replay by hand (e.g. nc 127.0.0.1 6379 < fuzz-input.bin) when an assertion fails.
            File.WriteAllBytes(Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-input.bin"), input);
            string expected = Transcript(_redis.Port, input);
            string actual = Transcript(_ours.Port, input);
            // Redis drops what it has not sent of a big reply once the client hangs up (it writes 64 KB
            // per turn of its loop, NET_MAX_WRITES_PER_EVENT): then only what it sent can be compared.
            if (expected.Length >= 64 * 1024 && actual.Length > expected.Length) actual = actual[..expected.Length];
            Assert.That(actual, Is.EqualTo(expected), $"input {inputs} ({description}): {Show(input)}");

            var error = Regex.Match(expected, @"-ERR Protocol error: [^\r]*\r\n$");
            if (error.Success)
            {
                protocolErrors++;
                errorsSeen.Add(Regex.Replace(error.Value.TrimEnd(), "got '.'", "got 'x'"));
                // The error closes the connection by itself, without waiting for the client to hang up
                // (sent to both servers, so that their data sets stay alike).
                Assert.That(ClosedWithoutHangingUp(_redis.Port, input), Is.True, $"redis-server did not close input {inputs} ({description})");
                Assert.That(ClosedWithoutHangingUp(_ours.Port, input), Is.True, $"input {inputs} ({description}) was not closed after {error.Value.TrimEnd()}");
            }
            inputs++;
            bytes += input.Length;
            if (big || inputs % 50 == 0)
            {
                admin.Call("FLUSHALL");
                redisAdmin.Call("FLUSHALL");
            }
        }
        TestContext.Out.WriteLine(
            $"mutation fuzzing (seed {Seed + 1}): {inputs} inputs ({bytes} bytes), {protocolErrors} protocol errors; slowest PING of another client {watchdog.SlowestMs} ms (redis-server's {machine.SlowestMs} ms)");
        foreach (var error in errorsSeen) TestContext.Out.WriteLine($"  seen: {error}");
        Assert.That(inputs, Is.GreaterThan(20));
        Assert.That(protocolErrors, Is.GreaterThan(0));
        watchdog.AssertAnsweredPromptly(machine);
        AssertServerHealthy(admin);

        long after = UsedMemoryAfterPurge(admin);
        TestContext.Out.WriteLine($"used_memory after a full GC: {baseline} bytes before fuzzing, {after} after");
        Assert.That(after, Is.LessThan(baseline + 16 * 1024 * 1024), "memory did not return to its baseline");
    }

    /// <summary>Sends <paramref name="pieces"/> on a fresh connection, pausing between some, and reads <paramref name="replies"/> replies.</summary>
    private static List<string> Replay(int port, List<ArraySegment<byte>> pieces, ProtocolFuzzer fuzzer, int replies)
    {
        using var connection = new RespConnection(port, receiveTimeoutMs: 5_000);
        foreach (var piece in pieces)
        {
            connection.Socket.Send(piece);
            if (pieces.Count > 1 && fuzzer.OneIn(3)) Thread.Sleep(1);
        }
        var read = new List<string>(replies);
        for (int i = 0; i < replies; i++) read.Add(RespConnection.Latin1(connection.ReadReply()));
        return read;
    }

    /// <summary>
    /// Everything the server answers to <paramref name="input"/> sent on a fresh connection that then
    /// hangs up its sending side, until the server closes (a reset after the replies counts as a close).
    /// </summary>
    private static string Transcript(int port, byte[] input)
    {
        using var socket = Connect(port);
        var sender = Task.Run(() =>
        {
            try
            {
                socket.Send(input);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The server closed first (after a protocol error): what it said is what matters.
            }
        });
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        string end = "";
        try
        {
            while (true)
            {
                int read = socket.Receive(buffer);
                if (read == 0) break;
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            end = "<still open after 10 s>";
        }
        catch (SocketException)
        {
            // Reset by the server after its reply: closed.
        }
        sender.Wait();
        return Encoding.Latin1.GetString(received.ToArray()) + end;
    }

    private static bool ClosedWithoutHangingUp(int port, byte[] input)
    {
        using var socket = Connect(port);
        var sender = Task.Run(() =>
        {
            try
            {
                socket.Send(input);
            }
            catch (SocketException)
            {
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.Receive(buffer) > 0) { }
            return true;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode != SocketError.TimedOut;
        }
        finally
        {
            sender.Wait();
        }
    }

    private static Socket Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000 };
        socket.Connect("127.0.0.1", port);
        return socket;
    }

    /// <summary>No exception in the server's log, and no client left behind but the admin and the watchdog's.</summary>
    private void AssertServerHealthy(RespConnection admin)
    {
        Assert.That(_ours!.HasExited, Is.False);
        Assert.That(_ours.Output, Does.Not.Contain("Exception").And.Not.Contain("failed for client"));
        // Closed clients leave at the loop's next turn: give it a moment.
        string clients = "";
        for (int attempt = 0; attempt < 50; attempt++)
        {
            clients = Regex.Match(admin.Call("INFO", "clients"), @"connected_clients:(\d+)").Groups[1].Value;
            if (clients == "2") break;
            Thread.Sleep(100);
        }
        Assert.That(clients, Is.EqualTo("2"), "clients left behind");
    }

    private static long UsedMemoryAfterPurge(RespConnection admin)
    {
        admin.Call("FLUSHALL");
        admin.Call("MEMORY", "PURGE");
        return long.Parse(Regex.Match(admin.Call("INFO", "memory"), @"used_memory:(\d+)").Groups[1].Value);
    }

    private static string Show(byte[][] command) => string.Join(" ", command.Select(Show));

    private static string Show(byte[] input)
    {
        string text = Encoding.Latin1.GetString(input, 0, Math.Min(input.Length, 600));
        text = Regex.Replace(text, @"[^\x20-\x7e]", m => $"\\x{(int)m.Value[0]:x2}");
        return input.Length > 600 ? $"{text}... ({input.Length} bytes)" : text;
    }

    /// <summary>Another client that PINGs every 20 ms throughout, recording the slowest answer.</summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly RespConnection _connection;
        private readonly Thread _thread;
        private volatile bool _stop;
        private string? _failure;

        public Watchdog(int port)
        {
            _connection = new RespConnection(port, receiveTimeoutMs: 10_000);
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        public long SlowestMs { get; private set; }

        private void Run()
        {
            try
            {
                while (!_stop)
                {
                    var watch = Stopwatch.StartNew();
                    string reply = _connection.Call("PING");
                    if (reply != "+PONG\r\n") _failure = $"PING answered {reply}";
                    SlowestMs = Math.Max(SlowestMs, watch.ElapsedMilliseconds);
                    Thread.Sleep(20);
                }
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                _failure = $"the other client lost its connection: {e.Message}";
            }
        }

        /// <summary>
        /// No PING waited more than 2 s beyond twice what <paramref name="machine"/>'s PINGs to
        /// redis-server waited meanwhile: on a loaded machine both wait for a CPU.
        /// </summary>
        public void AssertAnsweredPromptly(Watchdog machine)
        {
            _stop = true;
            _thread.Join();
            machine._stop = true;
            machine._thread.Join();
            Assert.That(_failure, Is.Null);
            Assert.That(SlowestMs, Is.LessThan(2_000 + 2 * machine.SlowestMs), "another client waited too long for its PING");
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _connection.Dispose();
        }
    }
}
