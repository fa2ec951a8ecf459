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
}
