// The Lua heap cap (lua-heap-limit, this server's own): the Lua bomb of issue 16 fails with Lua's
// "not enough memory" instead of taking the machine, the server lives on and serves others, the
// memory comes back, and a script spinning at the cap can still be killed. Redis has no such cap,
// so these run against EventLoopRedis alone; the error's form is Redis's for a Lua error that is
// not a table ("Error running script NAME, MESSAGE", cf. luaCallFunction).

using System.Security.Cryptography;
using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Scripting;

[TestFixture]
public class LuaHeapTests
{
    private const string Bomb = "local t = {} while true do t[#t+1] = string.rep('x', 1e6) end";
    private const long Cap = 64L * 1024 * 1024;

    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public void Start() => _server = ServerProcess.StartOurs("--lua-heap-limit", "64mb", "--busy-reply-threshold", "100");

    [OneTimeTearDown]
    public void Stop() => _server.Dispose();

    private static string Sha1(string script) => Convert.ToHexStringLower(SHA1.HashData(Encoding.Latin1.GetBytes(script)));

    [Test]
    public void TheBombFailsWithNotEnoughMemoryAndTheMemoryComesBack()
    {
        using var connection = new RespConnection(_server.Port, receiveTimeoutMs: 60_000);
        using var other = new RespConnection(_server.Port);
        long rssBefore = ProcessMemory("VmRSS");
        long luaBefore = InfoField(connection, "used_memory_lua");

        Assert.That(connection.Call("EVAL", Bomb, "0"), Is.EqualTo($"-ERR Error running script {Sha1(Bomb)}, not enough memory\r\n"));

        long peak = ProcessMemory("VmHWM");
        long rssAfter = ProcessMemory("VmRSS");
        long luaAfter = InfoField(connection, "used_memory_lua");
        TestContext.Out.WriteLine($"RSS {rssBefore / 1024} KB -> peak {peak / 1024} KB -> {rssAfter / 1024} KB; " +
            $"used_memory_lua {luaBefore} -> {luaAfter}");
        Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"), "the server lives on");
        Assert.That(connection.Call("EVAL", "return 1 + 1", "0"), Is.EqualTo(":2\r\n"), "and runs scripts");
        Assert.That(luaAfter, Is.LessThan(luaBefore + 1024 * 1024), "the Lua heap is back near its baseline");
        Assert.That(rssAfter, Is.LessThan(rssBefore + Cap / 2), "the process gave the bomb's memory back");
        Assert.That(peak, Is.LessThan(rssBefore + 3 * Cap), "the bomb never grew far past the cap");
    }

    [Test]
    public void PcallCatchesTheMemoryErrorAndTheScriptGoesOn() => Assert.That(
        Resp.Parse(new RespConnection(_server.Port).CallBytes(Args("EVAL",
            "local ok, err = pcall(function() " + Bomb + " end) return {tostring(ok), err, redis.call('ping')}", "0"))),
        Is.EqualTo(new List<object?> { "false", "not enough memory", "PONG" }));

    [Test]
    public void FunctionsHaveTheSameCap()
    {
        using var connection = new RespConnection(_server.Port, receiveTimeoutMs: 60_000);
        Assert.That(connection.Call("FUNCTION", "LOAD", "REPLACE",
            "#!lua name=bomblib\nredis.register_function('bomb', function() " + Bomb + " end)"), Is.EqualTo("$7\r\nbomblib\r\n"));
        Assert.That(connection.Call("FCALL", "bomb", "0"), Is.EqualTo("-ERR Error running script bomb, not enough memory\r\n"));
        Assert.That(connection.Call("FUNCTION", "DELETE", "bomblib"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void ScriptsUnderTheCapRunAsUsual() => Assert.That(
        new RespConnection(_server.Port).Call("EVAL",
            "local t = {} for i = 1, 20 do t[i] = string.rep('x', 1e6) end return #t * #t[1]", "0"),
        Is.EqualTo(":20000000\r\n"));

    [Test]
    public void AScriptSpinningAtTheCapCanStillBeKilled()
    {
        using var runner = new RespConnection(_server.Port, receiveTimeoutMs: 30_000);
        using var other = new RespConnection(_server.Port);
        const string spinner = "local t = {} while true do pcall(function() t[#t+1] = string.rep('x', 1e5) end) end";
        runner.Send("EVAL", spinner, "0");
        // Past busy-reply-threshold (100 ms) the server answers BUSY while the script runs.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string reply;
        while (!(reply = other.Call("PING")).StartsWith("-BUSY", StringComparison.Ordinal))
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), $"the script never became busy: {reply}");
            Thread.Sleep(20);
        }
        Assert.That(other.Call("SCRIPT", "KILL"), Is.EqualTo("+OK\r\n"));
        Assert.That(RespConnection.Latin1(runner.ReadReply()), Does.StartWith("-ERR Script killed by user with SCRIPT KILL..."));
        Assert.That(other.Call("PING"), Is.EqualTo("+PONG\r\n"));
        Assert.That(InfoField(other, "used_memory_lua"), Is.LessThan(2 * 1024 * 1024));
    }

    [Test]
    public void TheCapIsAHiddenDirectiveKnownToConfig()
    {
        using var connection = new RespConnection(_server.Port);
        Assert.That(connection.Call("CONFIG", "GET", "lua-heap-limit"), Is.EqualTo("*2\r\n$14\r\nlua-heap-limit\r\n$8\r\n67108864\r\n"));
        Assert.That(connection.Call("CONFIG", "GET", "*"), Does.Not.Contain("lua-heap-limit"), "CONFIG GET * lists Redis's parameters");
        Assert.That(connection.Call("CONFIG", "SET", "lua-heap-limit", "32mb"), Is.EqualTo("+OK\r\n"));
        Assert.That(connection.Call("CONFIG", "GET", "lua-heap-limit"), Does.Contain("33554432"));
        Assert.That(connection.Call("CONFIG", "SET", "lua-heap-limit", "lots"), Does.StartWith("-ERR CONFIG SET failed"));
        Assert.That(connection.Call("CONFIG", "SET", "lua-heap-limit", "64mb"), Is.EqualTo("+OK\r\n"));
    }

    private static byte[][] Args(params string[] args) => args.Select(a => Encoding.Latin1.GetBytes(a)).ToArray();

    /// <summary>A field of /proc/PID/status, in bytes (VmRSS now, VmHWM the peak).</summary>
    private long ProcessMemory(string field)
    {
        var line = File.ReadLines($"/proc/{_server.Pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
    }

    private static long InfoField(RespConnection connection, string field)
    {
        var text = (string)Resp.Parse(connection.CallBytes(Args("INFO", "memory")))!;
        var line = text.Split("\r\n").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..]);
    }
}
