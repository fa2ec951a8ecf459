// INFO eventloop: the loop's counters, seen over a real socket after known work.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.EventLoop;

[TestFixture]
[NonParallelizable]
public class InfoEventLoopTests
{
    private static Dictionary<string, string> Fields(string bulk) =>
        bulk.Split("\r\n").Where(line => line.Contains(':'))
            .ToDictionary(line => line[..line.IndexOf(':')], line => line[(line.IndexOf(':') + 1)..]);

    [Test]
    public void CountersShowThePipelineCapOf32CommandsPerCycle()
    {
        using var server = ServerProcess.StartOurs();
        using var client = new RespConnection(server.Port);
        var pipeline = new StringBuilder();
        for (int i = 0; i < 100; i++) pipeline.Append("PING\r\n");
        client.SendRaw(pipeline.ToString());
        for (int i = 0; i < 100; i++) Assert.That(RespConnection.Latin1(client.ReadReply()), Is.EqualTo("+PONG\r\n"));
        Thread.Sleep(250); // a few cron ticks

        var info = Fields(client.Call("INFO", "eventloop"));
        Assert.That(info.Keys.First(), Is.EqualTo("eventloop_cycles"));
        Assert.That(long.Parse(info["eventloop_cycles"]), Is.GreaterThan(3));
        Assert.That(long.Parse(info["eventloop_select_calls"]), Is.GreaterThan(3));
        Assert.That(long.Parse(info["eventloop_resumes"]), Is.GreaterThanOrEqualTo(102)); // 100 PINGs, a NeedInput, INFO
        Assert.That(long.Parse(info["eventloop_yields_ran_command"]), Is.GreaterThanOrEqualTo(100));
        Assert.That(long.Parse(info["eventloop_yields_need_input"]), Is.GreaterThanOrEqualTo(1));
        Assert.That(info["eventloop_yields_close"], Is.EqualTo("0"));
        // One client, 100 commands buffered by one read: 32 turns, then a flush and Select.
        Assert.That(info["eventloop_commands_per_cycle_max"], Is.EqualTo("32"));
        Assert.That(info["eventloop_ready_queue_high_water"], Is.EqualTo("1"));
        Assert.That(info["eventloop_longest_resume_command"], Is.Not.Empty);
        Assert.That(long.Parse(info["eventloop_flush_sends"]), Is.GreaterThanOrEqualTo(long.Parse(info["eventloop_flushes"])));
        Assert.That(long.Parse(info["eventloop_flushes"]), Is.GreaterThanOrEqualTo(4)); // 32 + 32 + 32 + 4 replies
        Assert.That(long.Parse(info["eventloop_timers_fired"]), Is.GreaterThan(0));
        Assert.That(info["eventloop_busy_script_passes"], Is.EqualTo("0"));
    }

    [Test]
    public void SectionIsLeftOutOfDefaultAllAndEverything()
    {
        using var server = ServerProcess.StartOurs();
        using var client = new RespConnection(server.Port);
        foreach (var request in new[] { new[] { "INFO" }, ["INFO", "all"], ["INFO", "everything"] })
            Assert.That(client.Call(request), Does.Not.Contain("# Eventloop"));
        Assert.That(client.Call("INFO", "eventloop", "server"), Does.Contain("# Eventloop").And.Contain("# Server"));
    }

    [Test]
    public void EveryFieldIsDocumentedInOperationsMd()
    {
        using var server = ServerProcess.StartOurs();
        using var client = new RespConnection(server.Port);
        string docs = File.ReadAllText(DocsTests.RepositoryFile("docs/operations.md"));
        foreach (var field in Fields(client.Call("INFO", "eventloop")).Keys)
            Assert.That(docs, Does.Contain($"`{field}`"), $"{field} is not described in docs/operations.md");
    }
}
