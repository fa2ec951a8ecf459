// Finds the real Redis tools (redis-server, redis-cli, redis-benchmark) and Python's redis client.
// Tests that need one fail loudly when CI says they must run, and are ignored elsewhere.

using System.Diagnostics;

namespace EventLoopRedis.Tests.Support;

internal static class ExternalTools
{
    /// <summary>Set by .ci/run: every external tool must be present, so a missing one is a failure.</summary>
    public const string RequireVariable = "EVENTLOOPREDIS_REQUIRE_TOOLS";

    /// <summary>Debian's python3, which has python3-redis (a pyenv python on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    public static string RedisServer => Require("redis-server");
    public static string RedisCli => Require("redis-cli");
    public static string RedisBenchmark => Require("redis-benchmark");

    /// <summary>Checks that Debian's python3-redis is importable.</summary>
    public static void RequirePythonRedis()
    {
        if (File.Exists(Python) && Run(Python, "-c \"import redis\"") == 0) return;
        Missing("python3-redis (Debian's redis-py for /usr/bin/python3)");
    }

    private static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        Missing(tool);
        return "";
    }

    private static void Missing(string what)
    {
        string message = $"{what} is not installed (apt-get install -y redis-server redis-tools python3-redis)";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{message}, but {RequireVariable}=1 says it must be");
        Assert.Ignore(message);
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> to its end (a minute at most); returns its exit code and all it printed.</summary>
    public static (int ExitCode, string Output) RunToEnd(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(60_000), Is.True, $"{file} did not finish");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static int Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
