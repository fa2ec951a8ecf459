// Starts a server process on a free loopback port and stops it by its PID: ours or real Redis.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventLoopRedis.Tests.Support;

internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server printed so far (its log).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts EventLoopRedis (the Server.dll built next to the tests) with extra arguments (a config file's
    /// path first, if any); no save points unless the options give some, so no dump.rdb is left behind.
    /// </summary>
    public static ServerProcess StartOurs(params string[] arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Server.dll");
        int file = arguments.Length > 0 && !arguments[0].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
        return Start("dotnet", port => [dll, .. arguments[..file], "--save", "", .. arguments[file..], "--port", port.ToString()]);
    }

    /// <summary>
    /// Starts EventLoopRedis from bash, which runs <paramref name="shellCommands"/> first and then
    /// execs the server in its own process (same pid): for what a process inherits, such as
    /// ignored signals. The arguments must not need quoting.
    /// </summary>
    public static ServerProcess StartOursFromShell(string shellCommands, params string[] arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Server.dll");
        return Start("bash", port => ["-c", $"{shellCommands}; exec dotnet '{dll}' {string.Join(' ', arguments)} --port {port}"]);
    }

    /// <summary>Starts the real redis-server 7.0, persistence off, on loopback.</summary>
    public static ServerProcess StartRedis(params string[] arguments) =>
        Start(ExternalTools.RedisServer, port =>
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", .. arguments]);

    /// <summary>
    /// Starts real Redis Sentinel (redis-server in sentinel mode) with <paramref name="configFile"/>, which it
    /// rewrites as it learns: a file of the test's own.
    /// </summary>
    public static ServerProcess StartSentinel(string configFile) =>
        Start(ExternalTools.RedisServer, port => [configFile, "--sentinel", "--port", port.ToString(), "--bind", "127.0.0.1"]);

    private static ServerProcess Start(string file, Func<int, string[]> arguments)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                // Never the test process's own working directory: a server run in-process follows its `dir`
                // there (chdir, as Redis), and once that directory is deleted, every child started in it fails.
                WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var argument in arguments(port)) info.ArgumentList.Add(argument);
            var process = Process.Start(info)!;
            var server = new ServerProcess(process, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (server.WaitUntilReady()) return server;
            server.Dispose();
            if (attempt == 2) throw new InvalidOperationException($"{file} did not start:\n{server.Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private bool WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var connection = new RespConnection(Port);
                string reply = connection.Call("PING");
                if (reply == "+PONG\r\n" || reply.StartsWith("-NOAUTH")) return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        return false;
    }

    /// <summary>A port nobody listens on right now (the kernel's choice for port 0).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits for the process to exit. Once it has, the parameterless WaitForExit also waits until the
    /// redirected output has been read to its end, so <see cref="Output"/> holds the last lines.
    /// </summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();
        return true;
    }

    private bool _disposed;

    /// <summary>Kills the process (SIGKILL, by its PID) if it still runs; a second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
