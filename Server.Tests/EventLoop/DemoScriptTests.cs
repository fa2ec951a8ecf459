// docs/demo.sh in its unattended mode: every step must show in the trace what docs/demo.md says
// it shows, and the trace file of the run must be valid Trace Event Format.

using System.Diagnostics;
using System.Text.Json;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
[NonParallelizable]
public class DemoScriptTests
{
    [Test]
    public void DemoRunsUnattendedAndEveryStepShowsWhatItShould()
    {
        _ = ExternalTools.RedisCli;
        string directory = Directory.CreateTempSubdirectory("demo-").FullName;
        try
        {
            var info = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(DocsTests.RepositoryFile("docs/demo.sh"));
            info.ArgumentList.Add("--non-interactive");
            info.Environment["EVENTLOOP_REDIS_SERVER"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "Server.dll")}";
            info.Environment["DEMO_PORT"] = ServerProcess.FreePort().ToString();
            info.Environment["DEMO_DIR"] = directory;
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            Assert.That(process.WaitForExit(120_000), Is.True, "the demo did not finish");
            TestContext.Out.WriteLine(output + error.Result);
            Assert.That(process.ExitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("All steps showed what they should."));
            Assert.That(output, Does.Not.Contain("MISSING").And.Not.Contain("WRONG"));

            using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "trace.json")));
            var events = trace.RootElement.EnumerateArray().ToList();
            foreach (var e in events)
            {
                foreach (var field in new[] { "ph", "ts", "pid", "tid" })
                    Assert.That(e.TryGetProperty(field, out _), Is.True, $"an event without {field}: {e}");
            }
            LoopTraceTests.AssertSlicesNest(events);
            Assert.That(events.Any(e => e.TryGetProperty("cat", out var c) && c.GetString() == "busy"), Is.True,
                "the busy script's passes are in the trace");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
