// Pub/sub as real subscribers see it: redis-cli's subscribe and psubscribe printing the same
// lines against EventLoopRedis as against redis-server, and a subscriber that never reads being
// cut off at client-output-buffer-limit while everyone else keeps being served promptly.

using System.Diagnostics;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Clients;

[TestFixture]
public class PubSubClientTests
{
    private ServerProcess _ours = null!;
    private ServerProcess _redis = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _ours = ServerProcess.StartOurs();
        _redis = ServerProcess.StartRedis();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _ours.Dispose();
        _redis.Dispose();
    }

    /// <summary>Runs redis-cli with the arguments, publishes the messages once it has subscribed, and returns what it printed.</summary>
    private static string CliWhilePublishing(int port, string[] arguments, string subscribedTo, (string Channel, string Message)[] messages)
    {
        var info = new ProcessStartInfo(ExternalTools.RedisCli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-p", port.ToString(), .. arguments]) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (output) output.Append(buffer, 0, read);
        });
        using var publisher = new RespConnection(port);
        var deadline = Stopwatch.StartNew();
        while (!IsSubscribed(publisher, subscribedTo) && deadline.ElapsedMilliseconds < 10_000) Thread.Sleep(20);
        foreach (var (channel, message) in messages) publisher.Call("PUBLISH", channel, message);
        string last = messages[^1].Message;
        while (deadline.ElapsedMilliseconds < 10_000)
        {
            lock (output) if (output.ToString().EndsWith(last + "\n")) break;
            Thread.Sleep(20);
        }
        process.Kill();
        process.WaitForExit();
        reader.Wait(5_000);
        lock (output) return output.ToString();
    }

    private static bool IsSubscribed(RespConnection connection, string subscribedTo) => subscribedTo.EndsWith('*')
        ? connection.Call("PUBSUB", "NUMPAT") != ":0\r\n"
        : !connection.Call("PUBSUB", "NUMSUB", subscribedTo).EndsWith(":0\r\n");

    [Test]
    public void RedisCliSubscribePrintsTheSameLinesAsAgainstRedis()
    {
        (string, string)[] messages = [("ch", "hello"), ("other", "not for us"), ("ch", "two words"), ("ch", "last")];
        string ours = CliWhilePublishing(_ours.Port, ["subscribe", "ch"], "ch", messages);
        string redis = CliWhilePublishing(_redis.Port, ["subscribe", "ch"], "ch", messages);
        Assert.That(ours, Is.EqualTo(redis));
        Assert.That(ours, Does.Contain("message\nch\ntwo words\n"));
    }

    [Test]
    public void RedisCliPsubscribePrintsTheSameLinesAsAgainstRedis()
    {
        (string, string)[] messages = [("news", "hello"), ("other", "not for us"), ("nx", "last")];
        string ours = CliWhilePublishing(_ours.Port, ["psubscribe", "n*"], "n*", messages);
        string redis = CliWhilePublishing(_redis.Port, ["psubscribe", "n*"], "n*", messages);
        Assert.That(ours, Is.EqualTo(redis));
        Assert.That(ours, Does.Contain("pmessage\nn*\nnews\nhello\n"));
    }

    /// <summary>
    /// A subscriber that never reads: its output grows in the server until the hard limit cuts it
    /// off; meanwhile the publisher and an unrelated client get every reply within a short time.
    /// Checked against redis-server too, so the test shows the behaviour is Redis's.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void ASubscriberThatDoesNotReadIsCutOffAtTheHardLimit(bool againstRedis)
    {
        int port = againstRedis ? _redis.Port : _ours.Port;
        using var admin = new RespConnection(port);
        admin.Call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 4mb 1mb 60");
        try
        {
            using var subscriber = new RespConnection(port);
            subscriber.Socket.ReceiveBufferSize = 4096; // keep the kernel from absorbing much
            Assert.That(subscriber.Call("SUBSCRIBE", "firehose"), Does.StartWith("*3"));
            using var publisher = new RespConnection(port);
            using var bystander = new RespConnection(port);
            string message = new('x', 64 * 1024);
            long slowest = 0;
            bool cutOff = false;
            // 64 MB at most: far past the 4 MB limit plus any kernel buffering.
            for (int i = 0; i < 1024 && !cutOff; i++)
            {
                var timer = Stopwatch.StartNew();
                string receivers = publisher.Call("PUBLISH", "firehose", message);
                Assert.That(bystander.Call("PING"), Is.EqualTo("+PONG\r\n"));
                slowest = Math.Max(slowest, timer.ElapsedMilliseconds);
                cutOff = receivers == ":0\r\n";
            }
            Assert.That(cutOff, Is.True, "the subscriber was never disconnected");
            Assert.That(slowest, Is.LessThan(1000), "the publisher or the bystander waited on the stuck subscriber");
            // Its subscription went with its connection; the server lists one subscriber-type client fewer.
            Assert.That(admin.Call("PUBSUB", "NUMSUB", "firehose"), Does.EndWith(":0\r\n"));
            Assert.That(admin.Call("CLIENT", "LIST", "TYPE", "pubsub"), Is.EqualTo("$0\r\n\r\n"));
        }
        finally
        {
            admin.Call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
        }
    }
}
