// MEMORY against redis-server 7.0.15: arguments, errors, nulls and help byte for byte; the numbers,
// which are each server's own measure, by their shape and by properties (a bigger value costs more).

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class MemoryDifferentialTests : DifferentialFixture
{
    [Test]
    public void ArgumentsAndErrorsAreRedis() => AssertSameReplies(
        ["SET", "k", "v"],
        ["MEMORY", "USAGE", "nosuch"], ["MEMORY", "USAGE", "k", "SAMPLES"], ["MEMORY", "USAGE", "k", "SAMPLES", "abc"],
        ["MEMORY", "USAGE", "k", "SAMPLES", "-1"], ["MEMORY", "USAGE", "k", "foo", "1"], ["MEMORY", "USAGE", "nosuch", "SAMPLES", "x"],
        ["MEMORY", "USAGE"], ["MEMORY"], ["MEMORY", "HELP"], ["MEMORY", "FOO"], ["MEMORY", "STATS", "x"],
        ["MEMORY", "DOCTOR", "x"], ["MEMORY", "PURGE", "x"], ["MEMORY", "MALLOC-STATS", "x"], ["MEMORY", "PURGE"],
        [Unchecked, "HELLO", "3"], ["MEMORY", "USAGE", "nosuch"], ["MEMORY", "HELP"]);

    private static long Usage(RespConnection connection, params string[] args) =>
        long.Parse(connection.Call(["MEMORY", "USAGE", .. args]).Trim()[1..]);

    [Test]
    public void UsageGrowsWithTheValueForEveryType()
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("FLUSHALL");
        connection.Call("SET", "small", "v");
        connection.Call("SET", "large", new string('x', 10_000));
        Assert.That(Usage(connection, "large") - Usage(connection, "small"), Is.InRange(9_990, 10_100));
        connection.Call("SET", "int", "12345");
        Assert.That(Usage(connection, "int"), Is.LessThan(Usage(connection, "small")), "an int string keeps no buffer");
        // Each type small (a compact encoding) and large (past its thresholds), through one script.
        connection.Call("EVAL", """
            for i = 1, 2000 do
              redis.call('rpush', 'list', 'element:' .. i)
              redis.call('hset', 'hash', 'field:' .. i, 'value:' .. i)
              redis.call('sadd', 'set', 'member:' .. i)
              redis.call('sadd', 'intset', i)
              redis.call('zadd', 'zset', i, 'member:' .. i)
            end
            redis.call('rpush', 'list1', 'element:1')
            redis.call('hset', 'hash1', 'field:1', 'value:1')
            redis.call('sadd', 'set1', 'member:1')
            redis.call('sadd', 'intset1', 1)
            redis.call('zadd', 'zset1', 1, 'member:1')
            """, "0");
        foreach (var key in new[] { "list", "hash", "set", "intset", "zset" })
        {
            long one = Usage(connection, key + "1"), many = Usage(connection, key);
            Assert.That(one, Is.GreaterThan(Usage(connection, "int")), key);
            Assert.That(many, Is.GreaterThan(one * 20), $"{key}: 2000 elements cost more than 20 times one");
            long all = Usage(connection, key, "SAMPLES", "0");
            Assert.That(all, Is.InRange(many * 8 / 10, many * 12 / 10), $"{key}: sampling 5 elements estimates all of them within 20%");
        }
        Assert.That(Usage(connection, "intset"), Is.LessThan(Usage(connection, "set")), "an intset is compact");
    }

    [Test]
    public void UsageCountsNothingAndTouchesNothing()
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("FLUSHALL");
        connection.Call("SET", "k", "v");
        connection.Call("CONFIG", "RESETSTAT");
        Usage(connection, "k");
        connection.Call("MEMORY", "USAGE", "nosuch");
        string stats = (string)Resp.Parse(connection.CallBytes("INFO"u8.ToArray(), "stats"u8.ToArray()))!;
        Assert.That(stats, Does.Contain("keyspace_hits:0\r\n").And.Contain("keyspace_misses:0\r\n"));
    }

    /// <summary>MEMORY STATS as (name, RESP type) pairs, a database's map flattened into its fields.</summary>
    private static List<string> StatsShape(int port, bool resp3)
    {
        using var connection = new RespConnection(port);
        if (resp3) connection.Call("HELLO", "3");
        connection.Call("FLUSHALL");
        connection.Call("SET", "k", "v");
        var stats = RespTree.Parse(connection.CallBytes("MEMORY"u8.ToArray(), "STATS"u8.ToArray()));
        var shape = new List<string>();
        for (int i = 0; i + 1 < stats.Children.Count; i += 2)
        {
            var value = stats.Children[i + 1];
            if (value.Children.Count > 0)
            {
                for (int j = 0; j + 1 < value.Children.Count; j += 2) shape.Add($"{stats.Children[i].Text}/{value.Children[j].Text} {value.Children[j + 1].Header[0]}");
            }
            else shape.Add($"{stats.Children[i].Text} {value.Header[0]}");
        }
        return shape;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void StatsAreRedisFieldsInRedisOrderWithRedisTypes(bool resp3)
    {
        var redis = StatsShape(RedisPort, resp3);
        var ours = StatsShape(OurPort, resp3);
        Assert.That(ours, Is.SubsetOf(redis));
        Assert.That(ours, Is.EqualTo(redis.Where(ours.Contains).ToList()), "in Redis's order");
        Assert.That(ours, Does.Contain("db.0/overhead.hashtable.main :").And.Contain("dataset.percentage " + (resp3 ? "," : "$")));
    }

    [Test]
    public void DoctorAndMallocStatsAreVerbatimText()
    {
        using var connection = new RespConnection(OurPort);
        connection.Call("HELLO", "3");
        string doctor = RespConnection.Latin1(connection.CallBytes("MEMORY"u8.ToArray(), "DOCTOR"u8.ToArray()));
        Assert.That(doctor, Does.Match(@"^=\d+\r\ntxt:(Hi Sam|Sam, I detected)"));
        string stats = RespConnection.Latin1(connection.CallBytes("MEMORY"u8.ToArray(), "MALLOC-STATS"u8.ToArray()));
        Assert.That(stats, Does.Match(@"^=\d+\r\ntxt:___ Begin \.NET GC statistics ___\n"));
    }
}
