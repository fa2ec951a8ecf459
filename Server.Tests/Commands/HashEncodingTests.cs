// What a differential test cannot see of hashes: that reads and in-place writes allocate nothing
// in either encoding. Commands run in-process through the executor on a socketless client.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class HashEncodingTests
{
    private InProcessServer _server = null!;

    [SetUp]
    public void CreateServer() => _server = new InProcessServer();

    [TearDown]
    public void DisposeServer() => _server.Dispose();

    [TestCase(10, "listpack")]
    [TestCase(1000, "hashtable")]
    public void ReadsAndSameLengthWritesAllocateNothing(int fields, string encoding)
    {
        for (int i = 0; i < fields; i++) Run("HSET", "h", $"field:{i}", $"value:{i}");
        Run("HSET", "h", "counter", "1000");
        Assert.That(Run("OBJECT", "ENCODING", "h"), Is.EqualTo($"${encoding.Length}\r\n{encoding}\r\n"));

        string[][] commands =
        [
            ["HGET", "h", "field:5"], ["HGET", "h", "missing"], ["HMGET", "h", "field:1", "missing", "field:7"],
            ["HEXISTS", "h", "field:3"], ["HSTRLEN", "h", "field:9"], ["HLEN", "h"], ["HSET", "h", "field:5", "other:5"],
            ["HSETNX", "h", "field:5", "x"], ["HINCRBY", "h", "counter", "1"], ["HGET", "missing", "field"],
            ["HGET", "h", "counter"], ["HMGET", "h", "counter", "field:2"], ["HSTRLEN", "h", "counter"],
        ];
        foreach (var command in commands) new PreparedRequest(command).AssertNoAllocation(_server.Server.Executor, _server.Client);
    }

    [Test]
    public void WalkingAWholeHashAllocatesNothing()
    {
        for (int i = 0; i < 10; i++) Run("HSET", "small", $"f{i}", $"v{i}");
        for (int i = 0; i < 500; i++) Run("HSET", "big", $"f{i}", $"v{i}");
        // Integer fields and values, stored as numbers in a listpack and formatted when read.
        for (int i = 0; i < 10; i++) Run("HSET", "numbers", $"{i - 5}", $"{i * 1_000_000_007L}");
        foreach (var command in new[] { "HGETALL", "HKEYS", "HVALS" })
        {
            new PreparedRequest(command, "numbers").AssertNoAllocation(_server.Server.Executor, _server.Client);
            new PreparedRequest(command, "small").AssertNoAllocation(_server.Server.Executor, _server.Client);
            new PreparedRequest(command, "big").AssertNoAllocation(_server.Server.Executor, _server.Client);
        }
    }

    private string Run(params string[] args) => _server.Call(args);
}
