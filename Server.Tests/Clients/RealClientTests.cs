// Real clients against EventLoopRedis: redis-cli (compared with its output against real
// Redis), redis-py (Debian's python3-redis), and redis-benchmark.

using System.Diagnostics;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Clients;

[TestFixture]
public class RealClientTests
{
    private ServerProcess _ours = null!;
    private ServerProcess? _redis;

    [OneTimeSetUp]
    public void Start() => _ours = ServerProcess.StartOurs();

    [OneTimeTearDown]
    public void Stop()
    {
        _ours.Dispose();
        _redis?.Dispose();
    }

    private int RedisPort => (_redis ??= ServerProcess.StartRedis()).Port;

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, byte[]? input = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        if (input is not null) process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(120_000), Is.True, $"{file} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Cli(int port, byte[]? input, params string[] arguments) =>
        Run(ExternalTools.RedisCli, ["-p", port.ToString(), "--no-raw", .. arguments], input).Output;

    /// <summary>The same redis-cli invocation against both servers prints the same thing.</summary>
    private void AssertCliSame(byte[]? input, params string[] arguments)
    {
        using (var flush = new RespConnection(RedisPort)) flush.Call("FLUSHALL");
        using (var flush = new RespConnection(_ours.Port)) flush.Call("FLUSHALL");
        Assert.That(Cli(_ours.Port, input, arguments), Is.EqualTo(Cli(RedisPort, input, arguments)),
            $"redis-cli {string.Join(' ', arguments)}");
    }

    [Test]
    public void RedisCliPing() => AssertCliSame(null, "PING");

    [Test]
    public void RedisCliSetsAndGetsABinaryValue()
    {
        byte[] value = [0xff, 0x00, (byte)'\r', (byte)'\n'];
        // -x takes the last argument from standard input, bytes as they are.
        foreach (int port in new[] { _ours.Port, RedisPort })
            Assert.That(Cli(port, value, "-x", "SET", "bin"), Is.EqualTo("OK\n"));
        Assert.That(Cli(_ours.Port, null, "GET", "bin"), Is.EqualTo("\"\\xff\\x00\\r\\n\"\n"));
        Assert.That(Cli(_ours.Port, null, "GET", "bin"), Is.EqualTo(Cli(RedisPort, null, "GET", "bin")));
    }

    [Test]
    public void RedisCliRunsCommandsFromStandardInput() =>
        AssertCliSame("SELECT 3\nSET a 1\nGET a\nDBSIZE\nSELECT 0\nGET a\nCONFIG GET save\nCONFIG GET appendonly\nNOSUCH x\n"u8.ToArray());

    [Test]
    public void RedisCliShowsInfoAndConfig()
    {
        string info = Cli(_ours.Port, null, "INFO");
        Assert.That(info, Does.Contain("redis_version:7.0.15"));
        Assert.That(info, Does.Contain("# Keyspace"));
        var config = Run(ExternalTools.RedisCli, ["-p", _ours.Port.ToString(), "--raw", "CONFIG", "GET", "*"]).Output
            .TrimEnd('\n').Split('\n');
        Assert.That(config.Length % 2, Is.Zero, "CONFIG GET * prints name/value pairs");
        Assert.That(config, Does.Contain("save").And.Contain("appendonly").And.Contain("hz"));
    }

    [Test]
    public void RedisPyClientWorks()
    {
        ExternalTools.RequirePythonRedis();
        string script = Path.Combine(AppContext.BaseDirectory, "Clients", "redis_py_check.py");
        var (exitCode, output) = Run(ExternalTools.Python, [script, _ours.Port.ToString()]);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("all checks passed"));
    }

    /// <summary>
    /// redis-py keeps a small client-side cache fresh with CLIENT TRACKING redirected to a pub/sub
    /// connection (its RESP2 way): the same reads, invalidations and flush as against real Redis.
    /// </summary>
    [Test]
    public void RedisPyClientSideCacheSeesTheSameInvalidations()
    {
        ExternalTools.RequirePythonRedis();
        string script = Path.Combine(AppContext.BaseDirectory, "Clients", "redis_py_tracking.py");
        var ours = Run(ExternalTools.Python, [script, _ours.Port.ToString()]);
        var redis = Run(ExternalTools.Python, [script, RedisPort.ToString()]);
        Assert.That(ours.ExitCode, Is.Zero, ours.Output);
        Assert.That(redis.ExitCode, Is.Zero, redis.Output);
        Assert.That(ours.Output, Does.Contain("invalidate: [b'user:1']").And.Contain("redirect is the listener: True"));
        Assert.That(ours.Output, Is.EqualTo(redis.Output));
    }

    [Test]
    public void RedisPyAclMethodsWork()
    {
        ExternalTools.RequirePythonRedis();
        string script = Path.Combine(AppContext.BaseDirectory, "Clients", "redis_py_acl_check.py");
        var (exitCode, output) = Run(ExternalTools.Python, [script, _ours.Port.ToString()]);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("all checks passed"));
    }

    [Test]
    public void RedisBenchmarkCompletesWithoutErrors()
    {
        var (exitCode, output) = Run(ExternalTools.RedisBenchmark,
            ["-p", _ours.Port.ToString(), "-t", "ping,set,get", "-c", "50", "-P", "16", "-n", "100000", "-q", "--csv"]);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Not.Contain("rror"));
        foreach (var test in new[] { "PING_INLINE", "PING_MBULK", "SET", "GET" })
            Assert.That(output, Does.Contain($"\"{test}\""));
    }
}
