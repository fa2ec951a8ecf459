// The real redis-cli's replica modes against this server, as against redis-server 7.0.15: --rdb and
// --functions-rdb (REPLCONF rdb-only and rdb-filter-only: a snapshot and nothing after it), and --replica
// (a filtered replica that prints the write stream). cf. getRDB and slaveMode in redis-cli.c.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Commands;
using EventLoopRedis.Tests.Persistence;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

[NonParallelizable]
public class RedisCliReplicaTests
{
    private const string Library = "#!lua name=clilib\nredis.register_function('clif', function() return 7 end)";

    private string _dir = "";

    [SetUp]
    public void MakeDirectory()
    {
        _dir = AofTestSupport.TempDirectory("redis-cli-rdb");
        Directory.CreateDirectory(Path.Combine(_dir, "ours"));
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    // A disk-based sync saves dump.rdb in the server's directory: one of the test's own, never where other tests start servers.
    private ServerProcess Ours(string disklessSync) =>
        ServerProcess.StartOurs("--repl-diskless-sync", disklessSync, "--repl-diskless-sync-delay", "0", "--enable-debug-command", "yes",
            "--dir", Path.Combine(_dir, "ours"));

    private static (int ExitCode, string Output) RunCli(params string[] arguments) => ExternalTools.RunToEnd(ExternalTools.RedisCli, arguments);

    private static void Fill(RespConnection connection)
    {
        Assert.That(connection.Call("EVAL", RealReplicaTests.Fill, "0"), Is.EqualTo(":1\r\n"));
        Assert.That(connection.Call("FUNCTION", "LOAD", Library), Is.EqualTo("$6\r\nclilib\r\n"));
    }

    private static void WaitForNoReplicas(RespConnection connection)
    {
        var clock = Stopwatch.StartNew();
        while (!connection.Call("INFO", "replication").Contains("connected_slaves:0") && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(20);
        Assert.That(connection.Call("INFO", "replication"), Does.Contain("connected_slaves:0"), "the rdb-only replica is gone once it has the file");
    }

    [TestCase("yes")]
    [TestCase("no")]
    public void RedisCliRdbSavesAFileRedisLoadsWithTheSameData(string disklessSync)
    {
        using var ours = Ours(disklessSync);
        using (var connection = new RespConnection(ours.Port)) Fill(connection);
        string file = Path.Combine(_dir, "fetched.rdb");

        var (exitCode, output) = RunCli("-p", ours.Port.ToString(), "--rdb", file);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Transfer finished with success"));
        using var redis = ServerProcess.StartRedis("--dir", _dir, "--dbfilename", "fetched.rdb");
        RdbDifferentialTests.AssertSameDataset(ours.Port, redis.Port, anyStringEncoding: true);
        using (var connection = new RespConnection(ours.Port))
        {
            WaitForNoReplicas(connection);
            Assert.That(connection.Call("SET", "after", "1"), Is.EqualTo("+OK\r\n"), "the server goes on serving");
        }
    }

    [Test]
    public void RedisCliFunctionsRdbHoldsTheFunctionsAndNoKeys()
    {
        using var ours = Ours("yes");
        using (var connection = new RespConnection(ours.Port)) Fill(connection);
        string file = Path.Combine(_dir, "functions.rdb");

        var (exitCode, output) = RunCli("-p", ours.Port.ToString(), "--functions-rdb", file);

        Assert.That(exitCode, Is.EqualTo(0), output);
        using var redis = ServerProcess.StartRedis("--dir", _dir, "--dbfilename", "functions.rdb");
        using var loaded = new RespConnection(redis.Port);
        using var source = new RespConnection(ours.Port);
        Assert.That(loaded.Call("DBSIZE"), Is.EqualTo(":0\r\n"));
        Assert.That(loaded.Call("SELECT", "1"), Is.EqualTo("+OK\r\n"));
        Assert.That(loaded.Call("DBSIZE"), Is.EqualTo(":0\r\n"));
        Assert.That(loaded.Call("FUNCTION", "LIST", "WITHCODE"), Is.EqualTo(source.Call("FUNCTION", "LIST", "WITHCODE")));
    }

    /// <summary>
    /// Runs redis-cli --replica against <paramref name="port"/>, makes writes once it follows the stream,
    /// and returns what it printed after "Logging commands from master." (the lines before it count the
    /// RDB's bytes, which differ between servers).
    /// </summary>
    private static string CliReplicaWhileWriting(int port)
    {
        var info = new ProcessStartInfo(ExternalTools.RedisCli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-p", port.ToString(), "--replica"]) info.ArgumentList.Add(argument);
        using var writer = new RespConnection(port);
        writer.Call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var readers = new[] { process.StandardOutput, process.StandardError }.Select(stream => Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
                lock (output) output.Append(buffer, 0, read);
        })).ToArray();
        var clock = Stopwatch.StartNew();
        string Printed() { lock (output) return output.ToString(); }
        while (!Printed().Contains("REPLCONF ACK") && clock.ElapsedMilliseconds < 20_000) Thread.Sleep(20);
        Assert.That(writer.Call("SET", "k", "v"), Is.EqualTo("+OK\r\n"));
        Assert.That(writer.Call("RPUSH", "list", "a b", "c\"d"), Is.EqualTo(":2\r\n"));
        Assert.That(writer.Call("SELECT", "3"), Is.EqualTo("+OK\r\n"));
        Assert.That(writer.Call("HSET", "h", "f", "1"), Is.EqualTo(":1\r\n"));
        Assert.That(writer.Call("EVAL", "redis.call('incr', 'n'); return redis.call('del', 'h')", "0"), Is.EqualTo(":1\r\n"));
        Assert.That(writer.Call("SET", "end", "end"), Is.EqualTo("+OK\r\n"));
        while (!Printed().Contains("\"end\"") && clock.ElapsedMilliseconds < 20_000) Thread.Sleep(20);
        process.Kill();
        process.WaitForExit();
        Task.WaitAll(readers, 5_000);
        string printed = Printed();
        const string Marker = "Logging commands from master.";
        int at = printed.IndexOf(Marker, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), printed);
        return printed[(at + Marker.Length)..];
    }

    [Test]
    public void RedisCliReplicaPrintsTheWriteStreamAsAgainstRedis()
    {
        using var redis = ServerProcess.StartRedis();
        using var ours = Ours("yes");
        string expected = CliReplicaWhileWriting(redis.Port);
        string actual = CliReplicaWhileWriting(ours.Port);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual, Does.Contain("\"HSET\",\"h\",\"f\",\"1\""));
    }
}
