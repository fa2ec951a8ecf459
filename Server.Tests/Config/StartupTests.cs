// Start-up and shutdown as redis-server does them: config files, command-line directives,
// fatal config errors, signals, SHUTDOWN, requirepass, maxclients.

using System.Diagnostics;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Config;

[TestFixture]
public class StartupTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"elr-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs the server to completion (it is expected to refuse to start) and returns exit code and output.</summary>
    private static (int ExitCode, string Output) RunToExit(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Server.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.ArgumentList.Add("--save"); // after a config file's path, which must come first
        info.ArgumentList.Add("");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(20_000), Is.True, "the server should have exited");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Test]
    public void ConfigFileWithQuotesCommentsAndIncludeIsApplied()
    {
        File.WriteAllText(Path.Combine(_dir, "extra.conf"), "hz 25\n");
        string main = Path.Combine(_dir, "main.conf");
        File.WriteAllText(main,
            "# a comment\n\n" +
            "requirepass \"se cret\"\n" +
            $"include {Path.Combine(_dir, "extra.conf")}\n" +
            "   loglevel   verbose\n");
        using var server = ServerProcess.StartOurs(main, "--requirepass", "se cret");
        using var connection = new RespConnection(server.Port);
        Assert.That(connection.Call("GET", "x"), Is.EqualTo("-NOAUTH Authentication required.\r\n"));
        Assert.That(connection.Call("AUTH", "wrong"), Is.EqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n"));
        Assert.That(connection.Call("AUTH", "se cret"), Is.EqualTo("+OK\r\n"));
        Assert.That(connection.Call("CONFIG", "GET", "hz"), Is.EqualTo("*2\r\n$2\r\nhz\r\n$2\r\n25\r\n"));
        Assert.That(connection.Call("CONFIG", "GET", "loglevel"), Is.EqualTo("*2\r\n$8\r\nloglevel\r\n$7\r\nverbose\r\n"));
    }

    [Test]
    public void UnknownDirectiveStopsStartupWithFileLineAndReason()
    {
        string path = Path.Combine(_dir, "bad.conf");
        File.WriteAllText(path, "hz 10\nnot-a-directive yes\n");
        var (exitCode, output) = RunToExit(path);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***"));
        Assert.That(output, Does.Contain("Reading the configuration file, at line 2"));
        Assert.That(output, Does.Contain(">>> 'not-a-directive yes'"));
        Assert.That(output, Does.Contain("Bad directive or wrong number of arguments"));
    }

    [TestCase("--hz", "abc", "argument couldn't be parsed into an integer")]
    [TestCase("--port", "99999", "argument must be between 0 and 65535 inclusive")]
    [TestCase("--appendfsync", "sometimes", "argument(s) must be one of the following: everysec, always, no")]
    [TestCase("--save", "0 1", "Invalid save parameters")]
    public void MalformedCommandLineDirectiveStopsStartup(string option, string value, string reason)
    {
        var (exitCode, output) = RunToExit(option, value);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("FATAL CONFIG FILE ERROR"));
        Assert.That(output, Does.Contain(reason));
    }

    [Test]
    public void UnbalancedQuotesInConfigFileAreReported()
    {
        string path = Path.Combine(_dir, "quotes.conf");
        File.WriteAllText(path, "requirepass \"abc\n");
        var (exitCode, output) = RunToExit(path);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Unbalanced quotes in configuration line"));
    }

    [Test]
    public void StartupLogsVersionPidPortAndReadiness()
    {
        using var server = ServerProcess.StartOurs();
        Assert.That(server.Output, Does.Contain("version=7.0.15"));
        Assert.That(server.Output, Does.Contain($"pid={server.Pid}"));
        Assert.That(server.Output, Does.Contain($"port={server.Port}"));
        Assert.That(server.Output, Does.Contain("Ready to accept connections"));
    }

    [TestCase("SIGTERM")]
    [TestCase("SIGINT")]
    public void SignalShutsDownCleanly(string signal)
    {
        using var server = ServerProcess.StartOurs();
        using (var kill = Process.Start("kill", ["-s", signal[3..], server.Pid.ToString()])) kill.WaitForExit();
        Assert.That(server.WaitForExit(TimeSpan.FromSeconds(10)), Is.True, () => server.Output);
        Assert.That(server.Output, Does.Contain("ready to exit, bye bye"));
    }

    /// <summary>
    /// A background job of a shell starts with SIGINT ignored, and so would the server, had it
    /// not taken the signals back (redis-server installs its handlers whatever it inherited).
    /// </summary>
    [TestCase("SIGTERM")]
    [TestCase("SIGINT")]
    public void SignalShutsDownCleanlyEvenWhenTheParentIgnoredIt(string signal)
    {
        using var server = ServerProcess.StartOursFromShell("trap '' INT TERM");
        using (var kill = Process.Start("kill", ["-s", signal[3..], server.Pid.ToString()])) kill.WaitForExit();
        Assert.That(server.WaitForExit(TimeSpan.FromSeconds(10)), Is.True, () => server.Output);
        Assert.That(server.Output, Does.Contain($"Received {signal} scheduling shutdown"));
        Assert.That(server.Output, Does.Contain("ready to exit, bye bye"));
    }

    [Test]
    public void ShutdownCommandStopsTheServer()
    {
        // A dir that is gone makes SHUTDOWN SAVE fail, and the server stays up.
        string dir = Directory.CreateTempSubdirectory("shutdown-test-").FullName;
        using var server = ServerProcess.StartOurs("--dir", dir);
        using var connection = new RespConnection(server.Port);
        Directory.Delete(dir);
        Assert.That(connection.Call("SHUTDOWN", "SAVE"), Is.EqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n"));
        connection.Send("SHUTDOWN", "NOSAVE");
        Assert.That(connection.IsClosedByPeer(waitMs: 5000), Is.True);
        Assert.That(server.WaitForExit(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void ConnectionsBeyondMaxclientsAreRefused()
    {
        using var server = ServerProcess.StartOurs("--maxclients", "2");
        using var first = new RespConnection(server.Port);
        // The start-up probe's connection may not be closed yet: wait until only ours is left.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (first.Call("CLIENT", "LIST").Split("id=").Length - 1 > 1 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        using var second = new RespConnection(server.Port);
        Assert.That(second.Call("PING"), Is.EqualTo("+PONG\r\n"));
        using var third = new RespConnection(server.Port);
        Assert.That(RespConnection.Latin1(third.ReadReply()), Is.EqualTo("-ERR max number of clients reached\r\n"));
    }

    [Test]
    public void ConfigFileReadFromStandardInputIsRefusedWhenMissing()
    {
        var (exitCode, output) = RunToExit(Path.Combine(_dir, "does-not-exist.conf"));
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("can't open config file"));
    }
}
