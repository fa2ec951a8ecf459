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
    public void ListsPushPopAndRangeThroughTheClient()
    {
        byte[] binary = [0, 255, 13, 10];
        Db.KeyDelete(["se:list", "se:list2"]);
        Assert.That(Db.ListRightPush("se:list", ["a", "b", "c"]), Is.EqualTo(3));
        Assert.That(Db.ListLeftPush("se:list", binary), Is.EqualTo(4));
        Assert.That(Db.ListLength("se:list"), Is.EqualTo(4));
        Assert.That((byte[]?)Db.ListGetByIndex("se:list", 0), Is.EqualTo(binary));
        Assert.That(Db.ListRange("se:list", 1, -1).Select(v => v.ToString()), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(Db.ListPosition("se:list", "c"), Is.EqualTo(3));
        Assert.That(Db.ListInsertAfter("se:list", "a", "a2"), Is.EqualTo(5));
        Db.ListSetByIndex("se:list", -1, "z");
        Assert.That(Db.ListRemove("se:list", "a2"), Is.EqualTo(1));
        Assert.That(Db.ListMove("se:list", "se:list2", ListSide.Right, ListSide.Left).ToString(), Is.EqualTo("z"));
        Assert.That(Db.ListRightPopLeftPush("se:list", "se:list2").ToString(), Is.EqualTo("b"));
        var rest = Db.ListRightPop("se:list", 5);
        Assert.That(rest, Has.Length.EqualTo(2));
        Assert.That(rest[0].ToString(), Is.EqualTo("a"));
        Assert.That((byte[]?)rest[1], Is.EqualTo(binary));
        Assert.That(Db.KeyExists("se:list"), Is.False);
        Db.ListTrim("se:list2", 0, 0);
        Assert.That(Db.ListLeftPop("se:list2").ToString(), Is.EqualTo("b"));
        Assert.That(Db.ListLeftPop("se:list2").IsNull, Is.True);
    }

    [Test]
    public void ListMultiPopNamesTheKeyItPoppedFrom()
    {
        Db.KeyDelete(["se:mp1", "se:mp2"]);
        Db.ListRightPush("se:mp2", ["x", "y", "z"]);
        var popped = Db.ListLeftPop(["se:mp1", "se:mp2"], 2);
        Assert.That(popped.Key.ToString(), Is.EqualTo("se:mp2"));
        Assert.That(popped.Values.Select(v => v.ToString()), Is.EqualTo(new[] { "x", "y" }));
        Assert.That(Db.ListLeftPop(["se:mp1"], 1).IsNull, Is.True);
        Assert.That(() => Db.ListLeftPush("se:mp2", "a", When.Exists), Throws.Nothing);
        Db.StringSet("se:mp1", "text");
        Assert.That(() => Db.ListLength("se:mp1"), Throws.InstanceOf<RedisServerException>().With.Message.StartsWith("WRONGTYPE"));
        Db.KeyDelete(["se:mp1", "se:mp2"]);
    }

    [Test]
    public void HashesRoundTripThroughTheClient()
    {
        byte[] binary = [0, 255, 13, 10];
        Db.KeyDelete("se:hash");
        Db.HashSet("se:hash", [new HashEntry("name", "ada"), new HashEntry("bin", binary), new HashEntry("n", 1)]);
        Assert.That(Db.HashSet("se:hash", "name", "grace", When.NotExists), Is.False);
        Assert.That((string?)Db.HashGet("se:hash", "name"), Is.EqualTo("ada"));
        Assert.That((byte[]?)Db.HashGet("se:hash", "bin"), Is.EqualTo(binary));
        Assert.That(Db.HashIncrement("se:hash", "n", 41), Is.EqualTo(42));
        Assert.That(Db.HashIncrement("se:hash", "f", 1.5), Is.EqualTo(1.5));
        Assert.That(Db.HashLength("se:hash"), Is.EqualTo(4));
        Assert.That(Db.HashGetAll("se:hash").Select(e => (string)e.Name!), Is.EqualTo(new[] { "name", "bin", "n", "f" }));
        Assert.That(Db.HashGet("se:hash", ["n", "missing"]).Select(v => (string?)v), Is.EqualTo(new[] { "42", null }));
        Assert.That(Db.HashDelete("se:hash", ["name", "missing"]), Is.EqualTo(1));
        Assert.That(Db.HashExists("se:hash", "name"), Is.False);
        Assert.That(Db.HashStringLength("se:hash", "bin"), Is.EqualTo(4));
        Assert.That(Db.KeyDelete("se:hash"), Is.True);
    }

    [Test]
    public void HashScansAndRandomFieldsThroughTheClient()
    {
        Db.KeyDelete("se:big");
        Db.HashSet("se:big", Enumerable.Range(0, 1000).Select(i => new HashEntry($"f{i}", i)).ToArray());
        // HashScan pages with HSCAN and a cursor behind the enumerator: the table is big enough to need many calls.
        var scanned = Db.HashScan("se:big", "f1*", pageSize: 50).ToDictionary(e => (string)e.Name!, e => (int)e.Value);
        Assert.That(scanned, Has.Count.EqualTo(111));
        Assert.That(scanned.All(e => e.Value.ToString() == e.Key[1..]), Is.True);
        var sample = Db.HashRandomFields("se:big", 10);
        Assert.That(sample.Select(f => (string)f!).ToList(), Is.Unique.And.Count.EqualTo(10));
        Assert.That(Db.HashRandomFieldsWithValues("se:big", -20), Has.Length.EqualTo(20));
        Assert.That(Db.KeyDelete("se:big"), Is.True);
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

    // The analyzer suggests single-command forms; the point here is the WATCH/MULTI/EXEC a condition makes.
#pragma warning disable SER300, SER301
    [Test]
    public void TransactionsWithAConditionCommitOrAbort()
    {
        Db.StringSet("se:tx", "1");
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual("se:tx", "1"));
        var increment = transaction.StringIncrementAsync("se:tx");
        Assert.That(transaction.Execute(), Is.True);
        Assert.That(increment.Result, Is.EqualTo(2));

        // The condition no longer holds: WATCH sees it, EXEC is not committed.
        var failing = Db.CreateTransaction();
        failing.AddCondition(Condition.StringEqual("se:tx", "1"));
        _ = failing.StringSetAsync("se:tx", "never");
        Assert.That(failing.Execute(), Is.False);
        Assert.That((string?)Db.StringGet("se:tx"), Is.EqualTo("2"));

        var absent = Db.CreateTransaction();
        absent.AddCondition(Condition.KeyNotExists("se:tx:new"));
        _ = absent.StringSetAsync("se:tx:new", "made");
        Assert.That(absent.Execute(), Is.True);
        Assert.That(Db.KeyDelete(["se:tx", "se:tx:new"]), Is.EqualTo(2));
    }
#pragma warning restore SER300, SER301

    [Test]
    public void SubscribersReceivePublishedMessages()
    {
        var subscriber = _connection.GetSubscriber();
        var literal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pattern = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Subscribe(RedisChannel.Literal("se:news"), (_, message) => literal.TrySetResult(message!));
        subscriber.Subscribe(RedisChannel.Pattern("se:n*"), (channel, message) => pattern.TrySetResult($"{channel} {message}"));
        Assert.That(subscriber.Publish(RedisChannel.Literal("se:news"), "hello"), Is.EqualTo(2));
        Assert.That(literal.Task.Wait(10_000), Is.True, "no message on the channel");
        Assert.That(literal.Task.Result, Is.EqualTo("hello"));
        Assert.That(pattern.Task.Wait(10_000), Is.True, "no message on the pattern");
        Assert.That(pattern.Task.Result, Is.EqualTo("se:news hello"));
        subscriber.UnsubscribeAll();
    }

    [Test]
    public void KeyspaceNotificationsReachAPatternSubscription()
    {
        using (var admin = new RespConnection(_ours.Port)) admin.Call("CONFIG", "SET", "notify-keyspace-events", "KEA");
        try
        {
            var subscriber = _connection.GetSubscriber();
            // Queues, not handlers: StackExchange.Redis runs handlers concurrently, so only a
            // ChannelMessageQueue keeps the messages of one subscription in the order they came.
            var keyspace = subscriber.Subscribe(RedisChannel.Pattern("__keyspace@0__:se:notify*"));
            var keyevent = subscriber.Subscribe(RedisChannel.Pattern("__keyevent@0__:*"));
            string Next(ChannelMessageQueue queue)
            {
                var read = queue.ReadAsync().AsTask();
                Assert.That(read.Wait(10_000), Is.True, "no message");
                return $"{read.Result.Channel} {read.Result.Message}";
            }
            Db.StringSet("se:notify", "1", TimeSpan.FromSeconds(100));
            Db.ListLeftPush("se:notify:list", "x");
            Db.KeyDelete("se:notify");
            string[] expected = ["__keyspace@0__:se:notify set", "__keyspace@0__:se:notify expire", "__keyspace@0__:se:notify:list lpush",
                "__keyspace@0__:se:notify del"];
            foreach (var line in expected) Assert.That(Next(keyspace), Is.EqualTo(line));
            string first;
            do first = Next(keyevent);
            while (!first.EndsWith(" se:notify", StringComparison.Ordinal) && !first.Contains(" se:notify:", StringComparison.Ordinal));
            Assert.That(first, Is.EqualTo("__keyevent@0__:set se:notify"));
            subscriber.UnsubscribeAll();
            Db.KeyDelete("se:notify:list");
        }
        finally
        {
            using var admin = new RespConnection(_ours.Port);
            admin.Call("CONFIG", "SET", "notify-keyspace-events", "");
        }
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
