// Loading the AOF with Redis's rules and words: a truncated last command is dropped (aof-load-truncated
// yes) or refused (no), a corrupt middle is refused naming the offset, an unfinished MULTI is reverted;
// and a failed write makes writes fail with MISCONF, as redis-server 7.0.15 words it.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

public class AofLoadingTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = AofTestSupport.TempDirectory("aof-load");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static string Resp(params string[] args)
    {
        var text = new StringBuilder($"*{args.Length}\r\n");
        foreach (var arg in args) text.Append($"${arg.Length}\r\n{arg}\r\n");
        return text.ToString();
    }

    // An AOF directory as Redis 7.0 lays it out: an empty base, one incr file holding `incr`.
    private string WriteAof(string incr)
    {
        string aofDir = Path.Combine(_dir, "appendonlydir");
        Directory.CreateDirectory(aofDir);
        File.WriteAllText(Path.Combine(aofDir, "appendonly.aof.manifest"),
            "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        File.WriteAllText(Path.Combine(aofDir, "appendonly.aof.1.base.aof"), "");
        string path = Path.Combine(aofDir, "appendonly.aof.1.incr.aof");
        File.WriteAllText(path, incr, Encoding.Latin1);
        return path;
    }

    private static string Good => Resp("SELECT", "0") + Resp("SET", "a", "1") + Resp("RPUSH", "l", "x", "y");

    [Test]
    public void ATruncatedLastCommandIsDroppedWithRedisWarningsAndTheFileCut()
    {
        string path = WriteAof(Good + "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nhel");
        using (var server = ServerProcess.StartOurs("--appendonly", "yes", "--dir", _dir))
        {
            using var connection = new RespConnection(server.Port);
            Assert.That(connection.Call("GET", "a"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(connection.Call("EXISTS", "b"), Is.EqualTo(":0\r\n"));
            Assert.That(connection.Call("LLEN", "l"), Is.EqualTo(":2\r\n"));
            Assert.That(server.Output, Does.Contain("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!"));
            Assert.That(server.Output, Does.Contain($"!!! Truncating the AOF appendonly.aof.1.incr.aof at offset {Good.Length} !!!"));
            Assert.That(server.Output, Does.Contain("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled"));
            // New writes follow the last complete command.
            Assert.That(connection.Call("SET", "c", "3"), Is.EqualTo("+OK\r\n"));
        }
        var commands = AofTestSupport.ReadCommands(path);
        Assert.That(commands.Select(c => string.Join(' ', c)), Is.EqualTo(new[] { "SELECT 0", "SET a 1", "RPUSH l x y", "SELECT 0", "SET c 3" }));
    }

    [Test]
    public void ATruncatedLastCommandRefusesTheStartWithAofLoadTruncatedNo()
    {
        WriteAof(Good + "*2\r\n$3\r\nDEL\r\n");
        var (exitCode, output) = AofTestSupport.RunOursToExit("--appendonly", "yes", "--dir", _dir, "--aof-load-truncated", "no");
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof. You can: " +
            "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. " +
            "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server."));
    }

    [Test]
    public void ACorruptMiddleIsRefusedNamingTheOffset()
    {
        WriteAof(Good + "garbage\r\n" + Resp("SET", "b", "2"));
        var (exitCode, output) = AofTestSupport.RunOursToExit("--appendonly", "yes", "--dir", _dir);
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("Bad file format reading the append only file appendonly.aof.1.incr.aof: " +
            "make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>"));
        Assert.That(output, Does.Contain($"from offset {Good.Length} on"));
    }

    [Test]
    public void AnUnfinishedMultiAtTheEndIsReverted()
    {
        WriteAof(Good + Resp("MULTI") + Resp("SET", "b", "2") + Resp("INCR", "a"));
        using var server = ServerProcess.StartOurs("--appendonly", "yes", "--dir", _dir);
        using var connection = new RespConnection(server.Port);
        Assert.That(connection.Call("GET", "a"), Is.EqualTo("$1\r\n1\r\n"));
        Assert.That(connection.Call("EXISTS", "b"), Is.EqualTo(":0\r\n"));
        Assert.That(server.Output, Does.Contain("Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof"));
        Assert.That(server.Output, Does.Contain($"!!! Truncating the AOF appendonly.aof.1.incr.aof at offset {Good.Length} !!!"));
    }

    [Test]
    public void AnInvalidManifestRefusesTheStart()
    {
        WriteAof(Good);
        File.WriteAllText(Path.Combine(_dir, "appendonlydir", "appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1\n");
        var (exitCode, output) = AofTestSupport.RunOursToExit("--appendonly", "yes", "--dir", _dir);
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("Invalid AOF manifest file format"));
    }

    [Test]
    public void AStartWithoutAnAofCreatesBaseIncrAndManifest()
    {
        using (var server = ServerProcess.StartOurs("--appendonly", "yes", "--dir", _dir))
        {
            using var connection = new RespConnection(server.Port);
            connection.Call("SET", "k", "v");
            Assert.That(connection.Call("INFO", "persistence"), Does.Contain("aof_enabled:1\r\n"));
        }
        Assert.That(File.ReadAllText(Path.Combine(_dir, "appendonlydir", "appendonly.aof.manifest")),
            Is.EqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"),
            "the base of an empty dataset is an RDB, as aof-use-rdb-preamble yes makes it in Redis");
        Assert.That(File.ReadAllText(Path.Combine(_dir, "appendonlydir", "appendonly.aof.1.incr.aof")),
            Is.EqualTo(Resp("SELECT", "0") + Resp("SET", "k", "v")));
    }

    [Test]
    public void AFailedWriteTurnsWritesAwayWithRedisMisconfError()
    {
        // The incr file points at /dev/full, whose every write fails with ENOSPC: the same on both servers.
        string Run(Func<string[], ServerProcess> start)
        {
            string dir = AofTestSupport.TempDirectory("aof-full");
            try
            {
                string aofDir = Path.Combine(dir, "appendonlydir");
                Directory.CreateDirectory(aofDir);
                File.WriteAllText(Path.Combine(aofDir, "appendonly.aof.manifest"),
                    "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
                File.WriteAllText(Path.Combine(aofDir, "appendonly.aof.1.base.aof"), "");
                File.CreateSymbolicLink(Path.Combine(aofDir, "appendonly.aof.1.incr.aof"), "/dev/full");
                using var server = start(["--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir]);
                using var connection = new RespConnection(server.Port);
                var replies = new StringBuilder();
                replies.Append(connection.Call("SET", "a", "1"));
                Thread.Sleep(300); // the failed write happens before the reply leaves, the refusals after it
                foreach (var command in new[] { new[] { "SET", "b", "2" }, ["GET", "a"], ["PING"], ["MULTI"], ["INCR", "a"], ["EXEC"] })
                    replies.Append(connection.Call(command));
                replies.Append(connection.Call("INFO", "persistence").Contains("aof_last_write_status:err") ? "status err" : "status ok");
                return replies.ToString();
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        string redis = Run(ServerProcess.StartRedis);
        string ours = Run(ServerProcess.StartOurs);
        Assert.That(ours, Is.EqualTo(redis));
        Assert.That(ours, Does.Contain("-MISCONF Errors writing to the AOF file: No space left on device\r\n"));
    }
}
