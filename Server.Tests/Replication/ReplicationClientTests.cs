// Client libraries reading a primary and its replica: redis-py's role(), wait() and info('replication'),
// and StackExchange.Redis's IServer.Role(), IServer.Info("replication") and its discovery of which
// endpoint of a pair is the primary, with this server on either side of a pair with redis-server 7.0.15.

using System.Diagnostics;
using EventLoopRedis.Tests.Persistence;
using EventLoopRedis.Tests.Support;
using StackExchange.Redis;

namespace EventLoopRedis.Tests.Replication;

[NonParallelizable]
public class ReplicationClientTests
{
    private readonly List<ServerProcess> _servers = new();
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = AofTestSupport.TempDirectory("replication-clients");

    [TearDown]
    public void StopServers()
    {
        foreach (var server in _servers) server.Dispose();
        _servers.Clear();
        Directory.Delete(_dir, recursive: true);
    }

    // Every server in a directory of its own: a replica stores the RDB it receives there, a disk-based primary its dump.
    private string NewDirectory()
    {
        string path = Path.Combine(_dir, _servers.Count.ToString());
        Directory.CreateDirectory(path);
        return path;
    }

    private ServerProcess Primary(bool ours)
    {
        string[] arguments = ["--repl-diskless-sync-delay", "0", "--dir", NewDirectory()];
        var server = ours ? ServerProcess.StartOurs(arguments) : ServerProcess.StartRedis(arguments);
        _servers.Add(server);
        return server;
    }

    private ServerProcess ReplicaOf(ServerProcess primary, bool ours)
    {
        string[] arguments = ["--replicaof", "127.0.0.1", primary.Port.ToString(), "--dir", NewDirectory()];
        var server = ours ? ServerProcess.StartOurs(arguments) : ServerProcess.StartRedis(arguments);
        _servers.Add(server);
        using var replica = new RespConnection(server.Port);
        var clock = Stopwatch.StartNew();
        while (!replica.Call("INFO", "replication").Contains("master_link_status:up") && clock.ElapsedMilliseconds < 30_000) Thread.Sleep(20);
        Assert.That(replica.Call("INFO", "replication"), Does.Contain("master_link_status:up"));
        return server;
    }

    private static (int ExitCode, string Output) RunPython(string script, params string[] arguments)
    {
        ExternalTools.RequirePythonRedis();
        return ExternalTools.RunToEnd(ExternalTools.Python, [Path.Combine(AppContext.BaseDirectory, "Clients", script), .. arguments]);
    }

    /// <summary>What redis_py_replication.py prints for a pair: a primary (ours or Redis) and its replica (ours or Redis).</summary>
    private string RedisPyView(bool oursPrimary, bool oursReplica)
    {
        var primary = Primary(oursPrimary);
        var replica = ReplicaOf(primary, oursReplica);
        var (exitCode, output) = RunPython("redis_py_replication.py", primary.Port.ToString(), replica.Port.ToString());
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }

    [Test]
    public void RedisPySeesOurPrimaryAsARedisPrimary()
    {
        string expected = RedisPyView(oursPrimary: false, oursReplica: false);
        string actual = RedisPyView(oursPrimary: true, oursReplica: false);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual, Does.Contain("wait: 1"));
    }

    [Test]
    public void RedisPySeesOurReplicaAsARedisReplica()
    {
        string expected = RedisPyView(oursPrimary: false, oursReplica: false);
        string actual = RedisPyView(oursPrimary: false, oursReplica: true);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(actual, Does.Contain("replica role: ['slave', '127.0.0.1', '<primary port>', 'connected', '<number>']"));
    }

    private static ConnectionMultiplexer Connect(params ServerProcess[] servers)
    {
        var options = new ConfigurationOptions { AllowAdmin = true, AbortOnConnectFail = true, ConnectTimeout = 10_000, SyncTimeout = 10_000 };
        foreach (var server in servers) options.EndPoints.Add("127.0.0.1", server.Port);
        return ConnectionMultiplexer.Connect(options);
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public void StackExchangeRedisFindsThePrimaryOfAPairAndWritesThere(bool oursPrimary, bool oursReplica)
    {
        var primary = Primary(oursPrimary);
        var replica = ReplicaOf(primary, oursReplica);
        // The replica first: the client must learn the roles, not take the first endpoint.
        using var connection = Connect(replica, primary);
        var primaryServer = connection.GetServer("127.0.0.1", primary.Port);
        var replicaServer = connection.GetServer("127.0.0.1", replica.Port);
        Assert.That(primaryServer.IsReplica, Is.False);
        Assert.That(replicaServer.IsReplica, Is.True);

        var db = connection.GetDatabase();
        Assert.That(db.StringSet("se:routed", "to the primary"), Is.True);
        Assert.That((string?)db.StringGet("se:routed", CommandFlags.DemandMaster), Is.EqualTo("to the primary"));
        var clock = Stopwatch.StartNew();
        while (db.StringGet("se:routed", CommandFlags.DemandReplica).IsNull && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(20);
        Assert.That((string?)db.StringGet("se:routed", CommandFlags.DemandReplica), Is.EqualTo("to the primary"));

        var primaryRole = primaryServer.Role();
        Assert.That(primaryRole, Is.InstanceOf<Role.Master>());
        var replicas = ((Role.Master)primaryRole).Replicas;
        Assert.That(replicas.Count, Is.EqualTo(1));
        Assert.That(replicas.First().Port, Is.EqualTo(replica.Port));
        var replicaRole = (Role.Replica)replicaServer.Role();
        Assert.That(replicaRole.MasterPort, Is.EqualTo(primary.Port));
        Assert.That(replicaRole.State, Is.EqualTo("connected"));

        var primaryInfo = primaryServer.Info("replication").Single().ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.That(primaryInfo["role"], Is.EqualTo("master"));
        Assert.That(primaryInfo["connected_slaves"], Is.EqualTo("1"));
        Assert.That(primaryInfo["slave0"], Does.StartWith($"ip=127.0.0.1,port={replica.Port},state=online,"));
        var replicaInfo = replicaServer.Info("replication").Single().ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.That(replicaInfo["role"], Is.EqualTo("slave"));
        Assert.That(replicaInfo["master_port"], Is.EqualTo(primary.Port.ToString()));
        Assert.That(replicaInfo["master_link_status"], Is.EqualTo("up"));
    }
}
