// The servers and directories of a persistence test: each test's own, stopped and deleted after it,
// and INFO persistence fields read by name. Shared by the BGSAVE and AOF rewrite tests.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Persistence;

public abstract class PersistenceFixture
{
    private readonly List<ServerProcess> _servers = new();
    private readonly List<string> _dirs = new();

    [TearDown]
    public void StopAll()
    {
        foreach (var server in _servers) server.Dispose();
        _servers.Clear();
        foreach (var dir in _dirs)
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        _dirs.Clear();
    }

    /// <summary>A fresh directory, deleted after the test.</summary>
    protected string NewDir()
    {
        string dir = AofTestSupport.TempDirectory("persistence");
        _dirs.Add(dir);
        return dir;
    }

    /// <summary>Our server in <paramref name="dir"/>, DEBUG enabled, stopped after the test.</summary>
    private protected ServerProcess Ours(string dir, params string[] arguments)
    {
        var server = ServerProcess.StartOurs(["--dir", dir, "--enable-debug-command", "yes", .. arguments]);
        _servers.Add(server);
        return server;
    }

    /// <summary>redis-server 7.0.15 in <paramref name="dir"/>, DEBUG enabled, stopped after the test.</summary>
    private protected ServerProcess Redis(string dir, params string[] arguments)
    {
        var server = ServerProcess.StartRedis(["--dir", dir, "--enable-debug-command", "yes", .. arguments]);
        _servers.Add(server);
        return server;
    }

    /// <summary>A field of INFO persistence.</summary>
    private protected static string Field(RespConnection connection, string field)
    {
        foreach (var line in connection.Call("INFO", "persistence").Split("\r\n"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal)) return line[(field.Length + 1)..];
        }
        throw new InvalidOperationException($"no {field} in INFO persistence");
    }
}
