// Helpers for the AOF tests: temporary directories, reading an incr file back as commands, and
// running a server process that is expected to refuse to start.

using System.Diagnostics;
using System.Text;

namespace EventLoopRedis.Tests.Persistence;

internal static class AofTestSupport
{
    /// <summary>A fresh empty directory under the system's temp directory.</summary>
    public static string TempDirectory(string purpose)
    {
        string path = Path.Combine(Path.GetTempPath(), $"elr-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The commands of an AOF file in order, each as its Latin-1 arguments; a cut-off tail is left out.</summary>
    public static List<string[]> ReadCommands(string path)
    {
        var data = File.ReadAllBytes(path);
        var commands = new List<string[]>();
        int at = 0;
        while (at < data.Length)
        {
            int start = at;
            if (data[at] != (byte)'*') throw new InvalidDataException($"not a command at offset {at} of {path}");
            int argc = ReadNumber(data, ref at);
            var args = new string[argc];
            bool complete = true;
            for (int i = 0; i < argc && complete; i++)
            {
                if (at >= data.Length) complete = false;
                else
                {
                    int length = ReadNumber(data, ref at);
                    if (length < 0 || at + length + 2 > data.Length) complete = false;
                    else
                    {
                        args[i] = Encoding.Latin1.GetString(data, at, length);
                        at += length + 2;
                    }
                }
            }
            if (!complete || at > data.Length) break;
            commands.Add(args);
            if (at == start) break;
        }
        return commands;
    }

    private static int ReadNumber(byte[] data, ref int at)
    {
        int end = Array.IndexOf(data, (byte)'\n', at);
        if (end < 0) return -1;
        int value = int.Parse(Encoding.ASCII.GetString(data, at + 1, end - at - 2));
        at = end + 1;
        return value;
    }

    /// <summary>The incr file the manifest in <paramref name="aofDirectory"/> names last.</summary>
    public static string LastIncrFile(string aofDirectory)
    {
        var manifest = File.ReadAllLines(Path.Combine(aofDirectory, "appendonly.aof.manifest"));
        var line = manifest.Last(l => l.EndsWith(" type i", StringComparison.Ordinal));
        return Path.Combine(aofDirectory, line.Split(' ')[1]);
    }

    /// <summary>Runs our server with <paramref name="arguments"/> until it exits (it is expected to refuse to start); returns its exit code and log.</summary>
    public static (int ExitCode, string Output) RunOursToExit(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Server.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(Support.ServerProcess.FreePort().ToString());
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the server started instead of refusing");
        }
        return (process.ExitCode, output.Result + error.Result);
    }
}
