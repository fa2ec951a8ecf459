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
    public void SortedSetsWorkThroughTheClient()
    {
        Db.KeyDelete(["se:zset", "se:zdest"]);
        Assert.That(Db.SortedSetAdd("se:zset", [new("a", 1), new("b", 2.5), new("c", 0.1)]), Is.EqualTo(3));
        Assert.That(Db.SortedSetAdd("se:zset", "a", 5, SortedSetWhen.GreaterThan), Is.False);
        Assert.That(Db.SortedSetScore("se:zset", "a"), Is.EqualTo(5));
        Assert.That(Db.SortedSetIncrement("se:zset", "b", 0.5), Is.EqualTo(3));
        Assert.That(Db.SortedSetLength("se:zset"), Is.EqualTo(3));
        Assert.That(Db.SortedSetRank("se:zset", "b"), Is.EqualTo(1));
        Assert.That(Db.SortedSetRangeByRank("se:zset").Select(v => v.ToString()), Is.EqualTo(new[] { "c", "b", "a" }));
        var withScores = Db.SortedSetRangeByScoreWithScores("se:zset", 1, double.PositiveInfinity, order: Order.Descending);
        Assert.That(withScores.Select(e => (e.Element.ToString(), e.Score)), Is.EqualTo(new[] { ("a", 5.0), ("b", 3.0) }));
        Db.SortedSetAdd("se:zlex", [new("a", 0), new("b", 0), new("c", 0)]);
        Assert.That(Db.SortedSetRangeByValue("se:zlex", "b", "z").Select(v => v.ToString()), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(Db.SortedSetScores("se:zset", ["a", "nope"]), Is.EqualTo(new double?[] { 5, null }));
        Assert.That(Db.SortedSetCombineAndStore(SetOperation.Union, "se:zdest", "se:zset", "se:zset"), Is.EqualTo(3));
        Assert.That(Db.SortedSetScore("se:zdest", "a"), Is.EqualTo(10));
        var popped = Db.SortedSetPop("se:zset", Order.Descending);
        Assert.That(popped?.Element.ToString(), Is.EqualTo("a"));
        Assert.That(Db.SortedSetRemove("se:zset", "c"), Is.True);
        Assert.That(Db.SortedSetRandomMember("se:zset").ToString(), Is.EqualTo("b"));
        Assert.That(Db.SortedSetScan("se:zset").Select(e => e.Element.ToString()), Is.EqualTo(new[] { "b" }));
        Assert.That(Db.KeyDelete(["se:zset", "se:zdest", "se:zlex"]), Is.EqualTo(3));
    }
}
