// The newcomer path: `dotnet pack` makes a dotnet tool that installs from a local package
// source into a tool path and runs as redis-server does (--version, --help, a server).

using System.Diagnostics;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Config;

[TestFixture]
[NonParallelizable]
public class PackedToolTests
{
    private string _directory = null!;
    private string _tool = null!;

    /// <summary>Packs the Server project as built for these tests and installs the package into a temporary tool path.</summary>
    [OneTimeSetUp]
    public void PackAndInstall()
    {
        _directory = Directory.CreateTempSubdirectory("packed-tool-").FullName;
        string project = DocsTests.RepositoryFile("Server/Server.csproj");
        // bin/<Configuration>/net10.0/: pack the same build the tests run against, without building again.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string source = Path.Combine(_directory, "source");
        Run("dotnet", ["pack", project, "-c", configuration, "--no-build", "-o", source]);
        Assert.That(Directory.GetFiles(source, "EventLoopRedis.Server.*.nupkg"), Has.Length.EqualTo(1));
        string tools = Path.Combine(_directory, "tools");
        // A private package cache, so that an older package of the same version cannot stand in for this one.
        Run("dotnet", ["tool", "install", "EventLoopRedis.Server", "--tool-path", tools, "--add-source", source, "--ignore-failed-sources"],
            ("NUGET_PACKAGES", Path.Combine(_directory, "packages")));
        _tool = Path.Combine(tools, "eventloop-redis-server");
        Assert.That(File.Exists(_tool), Is.True, "the tool's command was not installed");
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_directory, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(string file, string[] arguments, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(300_000), Is.True, $"{file} {string.Join(' ', arguments)} did not finish");
        if (file == "dotnet")
            Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}:\n{output}\n{error.Result}");
        return (process.ExitCode, output, error.Result);
    }

    [Test]
    public void InstalledToolAnswersPingAndRunsScripts()
    {
        int port = ServerProcess.FreePort();
        var info = new ProcessStartInfo(_tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString() }) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            RespConnection? connection = null;
            while (connection is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    connection = new RespConnection(port);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    Thread.Sleep(100);
                }
            }
            Assert.That(connection, Is.Not.Null, "the installed server did not listen");
            using (connection)
            {
                Assert.That(connection!.Call("PING"), Is.EqualTo("+PONG\r\n"));
                Assert.That(connection.Call("EVAL", "return 6 * 7", "0"), Is.EqualTo(":42\r\n")); // the Lua library came along
                connection.SendRaw("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n");
                Assert.That(connection.IsClosedByPeer(5000), Is.True);
            }
            Assert.That(process.WaitForExit(10_000), Is.True);
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Test]
    public void VersionIsPrintedInRedisServersFormat()
    {
        var (exitCode, output, _) = Run(_tool, ["--version"]);
        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Match(@"^EventLoopRedis server v=7\.0\.15 sha=00000000:0 malloc=dotnet-gc bits=64 build=\d+\.\d+\.\d+\n$"));
        Assert.That(Run(_tool, ["-v"]).Output, Is.EqualTo(output));
    }

    [Test]
    public void HelpIsPrintedAsRedisServerPrintsItAndExitsWithOne()
    {
        var (exitCode, output, error) = Run(_tool, ["--help"]);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("Usage: eventloop-redis-server [/path/to/redis.conf] [options]\n"));
        Assert.That(error, Does.Contain("eventloop-redis-server -v or --version\n").And.Contain("eventloop-redis-server -h or --help\n"));
        Assert.That(Run(_tool, ["-h"]).Error, Is.EqualTo(error));
    }
}
