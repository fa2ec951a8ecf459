// Real Redis Sentinel watching this server as a primary with a real redis-server replica: when this
// server dies, Sentinel promotes the replica and names it as the primary. What Sentinel needs from a
// monitored primary (INFO replication's slaveN lines, PING, the __sentinel__:hello channel) must
// answer as Redis for it to find the replica at all.

using EventLoopRedis.Tests.Persistence;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

[NonParallelizable]
public class SentinelFailoverTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = AofTestSupport.TempDirectory("sentinel");

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void SentinelPromotesTheRealReplicaWhenThisServerDies()
    {
        using var ours = ServerProcess.StartOurs("--repl-diskless-sync-delay", "0");
        using var replica = ServerProcess.StartRedis("--replicaof", "127.0.0.1", ours.Port.ToString(), "--dir", _dir);
        using (var client = new RespConnection(ours.Port))
        {
            client.Call("SET", "k", "v");
            WaitFor(() => Field(client, "replication", "slave0").Contains("state=online"), "the replica to come online");
        }
        string config = Path.Combine(_dir, "sentinel.conf");
        File.WriteAllText(config, $"""
            dir {_dir}
            sentinel monitor m 127.0.0.1 {ours.Port} 1
            sentinel down-after-milliseconds m 1000
            sentinel failover-timeout m 10000
            sentinel parallel-syncs m 1

            """);
        using var sentinel = ServerProcess.StartSentinel(config);
        using var watcher = new RespConnection(sentinel.Port, receiveTimeoutMs: 10_000);
        // Sentinel learns the replica from our INFO replication before it can fail over to it.
        WaitFor(() => watcher.Call("SENTINEL", "REPLICAS", "m").Contains(replica.Port.ToString()), "Sentinel to discover the replica");
        Assert.That(watcher.Call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "m"), Does.Contain(ours.Port.ToString()));

        ours.Dispose(); // killed by its PID

        WaitFor(() => watcher.Call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "m").Contains(replica.Port.ToString()),
            "Sentinel to promote the replica", seconds: 60);
        using var promoted = new RespConnection(replica.Port);
        WaitFor(() => Field(promoted, "replication", "role") == "master", "the replica to be a primary");
        Assert.That(promoted.Call("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
    }

    private static string Field(RespConnection connection, string section, string name)
    {
        foreach (var line in connection.Call("INFO", section).Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal)) return line[(name.Length + 1)..];
        }
        return "";
    }

    private static void WaitFor(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(100);
        }
    }
}
