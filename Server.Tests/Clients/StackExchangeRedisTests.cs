// StackExchange.Redis, the client C# applications use, against EventLoopRedis: its connect
// handshake (CLIENT SETNAME/SETINFO, CONFIG GET, INFO, ECHO, the tie-breaker key...) and the
// commands applications call through it. The type groups add their own tests here.

using EventLoopRedis.Tests.Support;
using StackExchange.Redis;

namespace EventLoopRedis.Tests.Clients;

[TestFixture]
public class StackExchangeRedisTests
{
    private ServerProcess _ours = null!;
    private ConnectionMultiplexer _connection = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _ours = ServerProcess.StartOurs();
        // AbortOnConnectFail=false would hide a failed handshake behind retries: fail at once instead.
        _connection = ConnectionMultiplexer.Connect(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", _ours.Port } },
            AbortOnConnectFail = true,
            ConnectTimeout = 10_000,
            SyncTimeout = 10_000,
        });
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _connection.Dispose();
        _ours.Dispose();
    }

    private IDatabase Db => _connection.GetDatabase();

    [Test]
    public void HandshakeConnectsAndSeesAStandaloneServer()
    {
        Assert.That(_connection.IsConnected, Is.True);
        var server = _connection.GetServer("127.0.0.1", _ours.Port);
        Assert.That(server.ServerType, Is.EqualTo(ServerType.Standalone));
        Assert.That(server.Version, Is.EqualTo(new Version(7, 0, 15)));
        Assert.That(Db.Ping(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void StringsRoundTripBinaryValues()
    {
        byte[] value = [0, 1, 2, 255, 13, 10];
        Assert.That(Db.StringSet("se:bin", value), Is.True);
        Assert.That((byte[]?)Db.StringGet("se:bin"), Is.EqualTo(value));
        Assert.That(Db.StringIncrement("se:counter", 5), Is.EqualTo(5));
        Assert.That(Db.KeyDelete(["se:bin", "se:counter"]), Is.EqualTo(2));
    }

    [Test]
    public void ScriptsRunThroughTheClient()
    {
        var result = Db.ScriptEvaluate("return redis.call('SET', KEYS[1], ARGV[1])", ["se:script"], ["v"]);
        Assert.That(result.ToString(), Is.EqualTo("OK"));
        Assert.That((string?)Db.StringGet("se:script"), Is.EqualTo("v"));
    }

    [Test]
    public void SetsAddRemoveAndCombineThroughTheClient()
    {
        Db.KeyDelete(["se:set:a", "se:set:b", "se:set:dst"]);
        Assert.That(Db.SetAdd("se:set:a", [1, 2, 3, "x"]), Is.EqualTo(4));
        Assert.That(Db.SetAdd("se:set:b", [3, "x", "y"]), Is.EqualTo(3));
        Assert.That(Db.SetContains("se:set:a", "x"), Is.True);
        Assert.That(Db.SetContains("se:set:a", ["1", "9"]), Is.EqualTo(new[] { true, false }));
        Assert.That(Db.SetLength("se:set:a"), Is.EqualTo(4));
        Assert.That(Db.SetCombine(SetOperation.Intersect, "se:set:a", "se:set:b").Select(v => (string?)v), Is.EquivalentTo(new[] { "3", "x" }));
        Assert.That(Db.SetCombine(SetOperation.Union, "se:set:a", "se:set:b"), Has.Length.EqualTo(5));
        Assert.That(Db.SetCombine(SetOperation.Difference, "se:set:a", "se:set:b").Select(v => (string?)v), Is.EquivalentTo(new[] { "1", "2" }));
        Assert.That(Db.SetCombineAndStore(SetOperation.Intersect, "se:set:dst", "se:set:a", "se:set:b"), Is.EqualTo(2));
        Assert.That(Db.SetIntersectionLength(["se:set:a", "se:set:b"], limit: 1), Is.EqualTo(1));
        Assert.That(Db.SetMove("se:set:a", "se:set:b", "1"), Is.True);
        Assert.That(Db.SetRemove("se:set:a", ["2", "nope"]), Is.EqualTo(1));
        Assert.That(Db.SetMembers("se:set:a").Select(v => (string?)v), Is.EquivalentTo(new[] { "3", "x" }));
        Assert.That(Db.KeyDelete(["se:set:a", "se:set:b", "se:set:dst"]), Is.EqualTo(3));
    }

    [Test]
    public void SetsPopScanAndSampleThroughTheClient()
    {
        Db.KeyDelete("se:set:big");
        var members = Enumerable.Range(0, 1000).Select(i => (RedisValue)("m" + i)).ToArray();
        Assert.That(Db.SetAdd("se:set:big", members), Is.EqualTo(1000));
        // SetScan pages through SSCAN cursors until the server says 0.
        Assert.That(Db.SetScan("se:set:big", pageSize: 50).Select(v => (string?)v).ToHashSet(), Has.Count.EqualTo(1000));
        Assert.That(Db.SetRandomMembers("se:set:big", 10).Distinct().Count(), Is.EqualTo(10));
        Assert.That(Db.SetRandomMember("se:set:big").IsNull, Is.False);
        var popped = Db.SetPop("se:set:big", 400);
        Assert.That(popped.Distinct().Count(), Is.EqualTo(400));
        Assert.That(Db.SetLength("se:set:big"), Is.EqualTo(600));
        Assert.That(Db.SetPop("se:set:big").IsNull, Is.False);
        Assert.That(Db.SetPop("se:set:missing").IsNull, Is.True);
        Assert.That(Db.KeyDelete("se:set:big"), Is.True);
    }
}
