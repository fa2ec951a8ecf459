// SYNC, PSYNC, REPLCONF, WAIT and ROLE on a primary, compared byte for byte with redis-server 7.0:
// their table entries, errors, and what a primary without replicas answers.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

public class ReplicationDifferentialTests : DifferentialFixture
{
    [Test]
    public void CommandInfoAndDocsOfTheReplicationCommandsMatch()
    {
        AssertSameReplies(
            ["COMMAND", "INFO", "sync", "psync", "replconf", "wait", "role"],
            ["COMMAND", "DOCS", "sync"],
            ["COMMAND", "DOCS", "psync"],
            ["COMMAND", "DOCS", "replconf"],
            ["COMMAND", "DOCS", "wait"],
            ["COMMAND", "DOCS", "role"]);
    }

    [Test]
    public void ReplconfAcceptsTheHandshakeOptionsAndRefusesOthersAsRedis()
    {
        AssertSameReplies(
            ["REPLCONF", "listening-port", "6380"],
            ["REPLCONF", "ip-address", "10.0.0.7"],
            ["REPLCONF", "capa", "eof", "capa", "psync2", "capa", "unknown-capa"],
            ["REPLCONF", "listening-port", "x"],
            ["REPLCONF", "listening-port"],
            ["REPLCONF", "nonsense", "1"],
            ["REPLCONF", "ip-address", new string('a', 300)],
            ["REPLCONF"],
            [NoReply, "REPLCONF", "ACK", "100"],
            [NoReply, "REPLCONF", "GETACK", "*"],
            ["PING"]);
    }

    [Test]
    public void ReplconfRdbOnlyAndRdbFilterOnlyParseAsRedis()
    {
        AssertSameReplies(
            ["REPLCONF", "rdb-only", "1"],
            ["REPLCONF", "rdb-only", "0"],
            ["REPLCONF", "rdb-only", "x"],
            ["REPLCONF", "rdb-only", "2"],
            ["REPLCONF", "rdb-only", "-1"],
            ["REPLCONF", "rdb-filter-only", ""],
            ["REPLCONF", "rdb-filter-only", "FUNCTIONS"],
            ["REPLCONF", "rdb-filter-only", "functions \"functions\""],
            ["REPLCONF", "rdb-filter-only", "functions foo"],
            ["REPLCONF", "rdb-filter-only", "functions \"unbalanced"],
            ["REPLCONF", "rdb-only", "1", "rdb-filter-only", "functions", "capa", "psync2"],
            ["PING"]);
    }

    [Test]
    public void AFilteredReplicaWithoutEofCapabilityIsRefused()
    {
        AssertSameReplies(
            ["REPLCONF", "rdb-filter-only", "functions"],
            ["SYNC"],
            ["PSYNC", "?", "-1"],
            ["PING"]);
    }

    [Test]
    public void SyncAndPsyncRefusalsMatch()
    {
        AssertSameReplies(
            ["PSYNC", "?", "notanumber"],
            ["PSYNC", "?"],
            ["MULTI"],
            ["SYNC"],
            ["PSYNC", "?", "-1"],
            ["DISCARD"]);
    }

    [Test]
    public void WaitWithoutReplicasRepliesZeroAtOnceOrAtItsTimeout()
    {
        AssertSameReplies(
            ["SET", "k", "v"],
            ["WAIT", "0", "0"],
            ["WAIT", "1", "50"],
            ["WAIT", "-1", "0"],
            ["WAIT", "x", "0"],
            ["WAIT", "1", "-1"],
            ["WAIT", "1", "y"],
            ["MULTI"],
            ["WAIT", "1", "0"],
            ["EXEC"]);
    }

    [Test]
    public void RoleOfAPrimaryWithoutReplicasMatchesInBothProtocols()
    {
        AssertSameReplies(["ROLE"], [Unchecked, "HELLO", "3"], ["ROLE"]);
    }

    [Test]
    public void MinReplicasToWriteRefusesWritesWithNoreplicasButNotReads()
    {
        AssertSameReplies(
            ["CONFIG", "SET", "min-replicas-to-write", "1"],
            ["CONFIG", "GET", "min-slaves-to-write"],
            ["SET", "k", "v"],
            ["GET", "k"],
            ["MULTI"],
            ["SET", "k", "v"],
            ["EXEC"],
            ["EVAL", "return redis.call('set', 'k', 'v')", "0"],
            ["EVAL", "#!lua\nreturn redis.call('set', 'k', 'v')", "0"],
            ["EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k')", "0"],
            ["CONFIG", "SET", "min-replicas-max-lag", "0"],
            ["SET", "k", "v"],
            ["CONFIG", "SET", "min-replicas-max-lag", "10"],
            ["CONFIG", "SET", "min-replicas-to-write", "0"],
            ["SET", "k", "v"]);
    }

    [Test]
    public void ReplicationConfigParametersMatch()
    {
        AssertSameReplies(
            ["CONFIG", "GET", "repl-backlog-ttl"],
            ["CONFIG", "GET", "repl-diskless-sync"],
            ["CONFIG", "GET", "repl-diskless-sync-delay"],
            ["CONFIG", "GET", "repl-diskless-sync-max-replicas"],
            ["CONFIG", "GET", "repl-timeout"],
            ["CONFIG", "GET", "min-replicas-max-lag"],
            ["CONFIG", "SET", "repl-backlog-size", "1"],
            ["CONFIG", "GET", "repl-backlog-size"],
            ["CONFIG", "SET", "repl-backlog-size", "1mb"],
            ["CONFIG", "SET", "repl-ping-replica-period", "0"],
            ["CONFIG", "SET", "repl-ping-slave-period", "5"],
            ["CONFIG", "GET", "repl-ping-replica-period"],
            ["CONFIG", "SET", "repl-ping-replica-period", "10"],
            ["CONFIG", "SET", "repl-diskless-sync", "maybe"]);
    }

    [Test]
    public void InfoReplicationOfAPrimaryWithoutReplicasHasRedisFields()
    {
        string Shape(int port)
        {
            using var connection = new RespConnection(port);
            var lines = connection.Call("INFO", "replication").Split("\r\n").Where(l => l.Contains(':'));
            // The ids are random; everything else of a primary without a backlog is the same.
            return string.Join("\n", lines.Select(l => l.StartsWith("master_replid:") ? "master_replid:<id>" : l));
        }
        Assert.That(Shape(OurPort), Is.EqualTo(Shape(RedisPort)));
    }
}
