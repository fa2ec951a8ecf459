// REPLICAOF's replies, the refusals of a replica (READONLY, MASTERDOWN) and the replica directives,
// byte for byte with redis-server 7.0.15, both servers following a primary that is not there.
// cf. replicaofCommand in replication.c and the replica checks of processCommand in server.c.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

[TestFixture]
public class ReplicaOfDifferentialTests : DifferentialFixture
{
    // A port nothing listens on: both servers keep trying to connect, so their link stays down.
    private static readonly string DeadPort = ServerProcess.FreePort().ToString();

    [Test]
    public void CommandInfoAndDocsOfReplicaOfAndSlaveOfAreRedis() =>
        AssertSameReplies(
            ["COMMAND", "INFO", "replicaof", "slaveof"],
            ["COMMAND", "DOCS", "replicaof", "slaveof"]);

    [Test]
    public void ReplicaOfRepliesAndPortErrorsAreRedis() =>
        AssertSameReplies(
            ["REPLICAOF", "NO", "ONE"],
            ["REPLICAOF", "no", "one"],
            ["REPLICAOF", "127.0.0.1", "abc"],
            ["REPLICAOF", "127.0.0.1", "-1"],
            ["REPLICAOF", "127.0.0.1", "65536"],
            ["REPLICAOF", "127.0.0.1", "1.5"],
            ["REPLICAOF", "127.0.0.1"],
            ["REPLICAOF", "127.0.0.1", DeadPort],
            ["REPLICAOF", "127.0.0.1", DeadPort],
            ["SLAVEOF", "127.0.0.1", DeadPort],
            ["CONFIG", "GET", "replicaof"],
            ["CONFIG", "GET", "slaveof"],
            ["REPLICAOF", "NO", "ONE"],
            ["CONFIG", "GET", "replicaof"],
            ["SLAVEOF", "NO", "ONE"]);

    [Test]
    public void AReadOnlyReplicaRefusesWritesAndWritingScripts() =>
        AssertSameReplies(
            ["SET", "before", "1"],
            ["REPLICAOF", "127.0.0.1", DeadPort],
            ["GET", "before"],
            ["SET", "k", "v"],
            ["DEL", "before"],
            ["EVAL", "return redis.call('GET', 'before')", "0"],
            ["EVAL", "return redis.call('SET', 'k', 'v')", "0"],
            ["EVAL", "#!lua\nreturn redis.call('SET', 'k', 'v')", "0"],
            ["EVAL", "#!lua flags=no-writes\nreturn redis.call('GET', 'before')", "0"],
            ["MULTI"],
            ["SET", "k", "v"],
            ["EXEC"],
            ["CONFIG", "SET", "replica-read-only", "no"],
            ["SET", "k", "v"],
            ["GET", "k"],
            ["CONFIG", "SET", "slave-read-only", "yes"],
            ["CONFIG", "GET", "replica-read-only"],
            ["REPLICAOF", "NO", "ONE"],
            ["SET", "k", "promoted"],
            ["GET", "k"]);

    [Test]
    public void WithoutStaleDataOnlyStaleCommandsRunWhileTheLinkIsDown() =>
        AssertSameReplies(
            ["SET", "k", "v"],
            ["REPLICAOF", "127.0.0.1", DeadPort],
            ["CONFIG", "SET", "replica-serve-stale-data", "no"],
            ["GET", "k"],
            ["PING"],
            ["ECHO", "x"],
            ["DBSIZE"],
            ["CONFIG", "GET", "slave-serve-stale-data"],
            ["MULTI"],
            ["GET", "k"],
            ["EXEC"],
            ["CONFIG", "SET", "replica-serve-stale-data", "yes"],
            ["GET", "k"],
            ["REPLICAOF", "NO", "ONE"]);

    [Test]
    public void BecomingAReplicaUnblocksBlockedClientsWithAnErrorAndClosesThem()
    {
        string Exchange(int port)
        {
            using var blocked = new RespConnection(port);
            using var admin = new RespConnection(port);
            blocked.Send("BLPOP", "nothing", "0");
            Thread.Sleep(100);
            string replicaOf = admin.Call("REPLICAOF", "127.0.0.1", DeadPort);
            string reply = RespConnection.Latin1(blocked.ReadReply());
            bool closed = blocked.IsClosedByPeer();
            admin.Call("REPLICAOF", "NO", "ONE");
            return $"{replicaOf}{reply}{(closed ? "<closed>" : "<open>")}";
        }
        Assert.That(Exchange(OurPort), Is.EqualTo(Exchange(RedisPort)));
    }

    [Test]
    public void ReplicaDirectivesAreRedis() =>
        AssertSameReplies(
            ["CONFIG", "GET", "masterauth"],
            ["CONFIG", "GET", "masteruser"],
            ["CONFIG", "GET", "repl-timeout"],
            ["CONFIG", "GET", "replica-read-only"],
            ["CONFIG", "GET", "replica-serve-stale-data"],
            ["CONFIG", "SET", "repl-timeout", "0"],
            ["CONFIG", "SET", "repl-timeout", "30"],
            ["CONFIG", "GET", "repl-timeout"],
            ["CONFIG", "SET", "repl-timeout", "60"],
            ["CONFIG", "SET", "replicaof", "127.0.0.1 6379"],
            ["CONFIG", "SET", "masterauth", "secret"],
            ["CONFIG", "GET", "masterauth"],
            ["CONFIG", "SET", "masterauth", ""],
            ["CONFIG", "SET", "replica-read-only", "maybe"]);
}
