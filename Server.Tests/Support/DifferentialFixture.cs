// Base class for differential tests: the same commands go to real redis-server 7.0 and to
// EventLoopRedis, and the raw reply bytes must be equal.

using System.Text;

namespace EventLoopRedis.Tests.Support;

public abstract class DifferentialFixture
{
    private ServerProcess? _redis;
    private ServerProcess? _ours;

    /// <summary>Extra start-up arguments given to both servers (e.g. <c>--enable-debug-command yes</c>).</summary>
    protected virtual string[] ServerArguments => [];

    [OneTimeSetUp]
    public void StartServers()
    {
        _redis = ServerProcess.StartRedis(ServerArguments);
        _ours = ServerProcess.StartOurs(ServerArguments);
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        _redis?.Dispose();
        _ours?.Dispose();
    }

    private protected int RedisPort => _redis!.Port;
    private protected int OurPort => _ours!.Port;

    /// <summary>First element of a command that is sent and read but not compared (its reply holds ids or times).</summary>
    protected const string Unchecked = "<unchecked>";

    /// <summary>First element of a command that gets no reply at all (CLIENT REPLY OFF/SKIP).</summary>
    protected const string NoReply = "<no-reply>";

    /// <summary>A step that sends nothing and waits the milliseconds given next (to let a TTL pass).</summary>
    protected const string Pause = "<pause>";

    /// <summary>A command mixing text (Latin-1) and raw byte arguments, for <see cref="AssertSameReplies(byte[][][])"/>.</summary>
    protected static byte[][] Cmd(params object[] parts) =>
        parts.Select(p => p as byte[] ?? Encoding.Latin1.GetBytes((string)p)).ToArray();

    /// <summary>
    /// Runs <paramref name="commands"/> on a fresh connection to each server, after
    /// FLUSHALL, and asserts every reply is byte-for-byte the same.
    /// </summary>
    protected void AssertSameReplies(params string[][] commands) =>
        AssertSameReplies(commands.Select(c => c.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()).ToArray());

    protected void AssertSameReplies(params byte[][][] commands)
    {
        var expected = Run(RedisPort, commands);
        var actual = Run(OurPort, commands);
        for (int i = 0; i < commands.Length; i++)
        {
            if (Marker(commands[i]) is not null) continue;
            string shown = string.Join(' ', commands[i].Select(a => Encoding.Latin1.GetString(a)));
            Assert.That(RespConnection.Latin1(actual[i]), Is.EqualTo(RespConnection.Latin1(expected[i])),
                $"reply to `{Truncate(shown)}` differs from redis-server's");
        }
    }

    /// <summary>
    /// Runs <paramref name="commands"/> on each server after FLUSHALL and CONFIG RESETSTAT, and
    /// asserts the keyspace_hits and keyspace_misses counters of INFO stats end up the same.
    /// </summary>
    protected void AssertSameKeyspaceCounters(params string[][] commands)
    {
        string Counters(int port)
        {
            using var connection = new RespConnection(port);
            connection.Call("FLUSHALL");
            connection.Call("CONFIG", "RESETSTAT");
            foreach (var command in commands) connection.Call(command);
            return string.Join(",", connection.Call("INFO", "stats").Split("\r\n").Where(l => l.StartsWith("keyspace_", StringComparison.Ordinal)));
        }
        string expected = Counters(RedisPort);
        Assert.That(expected, Does.Contain("keyspace_hits:").And.Contain("keyspace_misses:"));
        Assert.That(Counters(OurPort), Is.EqualTo(expected));
    }

    /// <summary>Sends raw bytes (e.g. a malformed request) and compares the replies that come back before the close.</summary>
    protected void AssertSameRawExchange(string request, int replies)
    {
        string Exchange(int port)
        {
            using var connection = new RespConnection(port);
            connection.SendRaw(request);
            var text = new StringBuilder();
            for (int i = 0; i < replies; i++) text.Append(RespConnection.Latin1(connection.ReadReply()));
            text.Append(connection.IsClosedByPeer() ? "<closed>" : "<open>");
            return text.ToString();
        }
        Assert.That(Exchange(OurPort), Is.EqualTo(Exchange(RedisPort)), $"exchange for {Truncate(request)}");
    }

    private static byte[][] Run(int port, byte[][][] commands)
    {
        using var connection = new RespConnection(port);
        connection.CallBytes("FLUSHALL"u8.ToArray());
        return commands.Select(command => Marker(command) switch
        {
            NoReply => Send(connection, command[1..]),
            Pause => Wait(command[1]),
            Unchecked => connection.CallBytes(command[1..]),
            _ => connection.CallBytes(command),
        }).ToArray();
    }

    private static byte[] Send(RespConnection connection, byte[][] command)
    {
        connection.SendRaw(RespConnection.Encode(command));
        return [];
    }

    private static byte[] Wait(byte[] milliseconds)
    {
        Thread.Sleep(int.Parse(Encoding.ASCII.GetString(milliseconds)));
        return [];
    }

    private static string? Marker(byte[][] command)
    {
        string first = Encoding.Latin1.GetString(command[0]);
        return first is Unchecked or NoReply or Pause ? first : null;
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
