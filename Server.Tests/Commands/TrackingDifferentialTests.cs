// Differential tests for client-side caching (CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO):
// transcripts of readers, writers and redirect clients, RESP2 messages on __redis__:invalidate and
// RESP3 pushes, run against redis-server 7.0.15 and EventLoopRedis and compared byte for byte.

using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;
using static EventLoopRedis.Tests.Support.TranscriptStep;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class TrackingDifferentialTests : DifferentialFixture
{
    protected override string[] ServerArguments => ["--enable-debug-command", "yes"];

    private void AssertSame(params TranscriptStep[] steps) => Transcript.AssertSame(RedisPort, OurPort, steps);

    /// <summary>
    /// As <see cref="AssertSame"/>, for transcripts whose replies name client ids (GETREDIR, TRACKINGINFO's
    /// redirect, CLIENT LIST's redir=, the tracking-redir-broken push): each id a CLIENT ID step read is
    /// replaced by the client's number in those replies before they are compared.
    /// </summary>
    private void AssertSameWithIds(params TranscriptStep[] steps)
    {
        List<string> Normalized(int port)
        {
            var read = Transcript.Run(port, steps);
            var ids = new Dictionary<string, string>();
            for (int i = 0; i < steps.Length; i++)
            {
                if (steps[i].Args is ["CLIENT", "ID"]) ids[read[i][1..^2]] = $"<id of {steps[i].Client}>";
            }
            for (int i = 0; i < read.Count; i++)
            {
                bool namesIds = steps[i].Args is ["CLIENT", "GETREDIR"] || read[i].Contains("redirect") || read[i].Contains("redir=")
                    || read[i].Contains("tracking-redir-broken");
                if (!namesIds) continue;
                read[i] = Regex.Replace(read[i], @"(?<=[:=])(\d+)(?=\r\n| )", m => ids.GetValueOrDefault(m.Value, m.Value));
            }
            return read;
        }
        var expected = Normalized(RedisPort);
        var actual = Normalized(OurPort);
        for (int i = 0; i < steps.Length; i++)
        {
            if (!steps[i].Compared) continue;
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"step {i} ({steps[i]}) differs from redis-server's");
        }
    }

    // ---- the commands and their errors -------------------------------------------------------------

    [Test]
    public void TrackingOptionErrorsMatchRedis() => AssertSame(
        Call(2, "PING"), Call(1, "CLIENT", "TRACKING"), Call(1, "CLIENT", "TRACKING", "maybe"), Call(1, "CLIENT", "TRACKING", "on", "foo"),
        Call(1, "CLIENT", "TRACKING", "off", "foo"), Call(1, "CLIENT", "TRACKING", "on", "redirect"),
        Call(1, "CLIENT", "TRACKING", "on", "prefix"), Call(1, "CLIENT", "TRACKING", "on", "redirect", "x"),
        Call(1, "CLIENT", "TRACKING", "on", "redirect", "0"), Call(1, "CLIENT", "TRACKING", "on", "redirect", "-1"),
        Call(1, "CLIENT", "TRACKING", "on", "redirect", "999999"), Call(1, "CLIENT", "TRACKING", "on", "redirect", "99999", "bcast", "foo"),
        Call(1, "CLIENT", "TRACKING", "on", "redirect", IdOf(2), "redirect", IdOf(2)),
        Call(1, "CLIENT", "TRACKING", "on", "prefix", "a"), Call(1, "CLIENT", "TRACKING", "on", "bcast", "optin"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "optout"), Call(1, "CLIENT", "TRACKING", "on", "optin", "optout"),
        Call(1, "CLIENT", "TRACKING", "off", "bcast", "optin", "prefix", "x"), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(1, "CLIENT", "TRACKING", "ON", "OPTIN"), Call(1, "CLIENT", "TRACKING", "on", "optout"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast"), Call(1, "CLIENT", "TRACKING", "on", "optin", "noloop"),
        Call(1, "CLIENT", "TRACKINGINFO"), Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "BcAsT"),
        Call(1, "CLIENT", "TRACKING", "on"), Call(1, "CLIENT", "TRACKING", "on", "optin"), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(1, "CLIENT", "GETREDIR", "x"), Call(1, "CLIENT", "TRACKINGINFO", "x"), Call(1, "CLIENT", "CACHING"),
        Call(1, "CLIENT", "CACHING", "yes", "no"));

    [Test]
    public void CachingErrorsMatchRedis() => AssertSame(
        Call(1, "CLIENT", "CACHING", "yes"), Call(1, "CLIENT", "CACHING", "maybe"), Call(1, "CLIENT", "TRACKING", "on"),
        Call(1, "CLIENT", "CACHING", "yes"), Call(1, "CLIENT", "CACHING", "no"), Call(1, "CLIENT", "CACHING", "maybe"),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "optin"), Call(1, "CLIENT", "CACHING", "no"),
        Call(1, "CLIENT", "CACHING", "YES"), Call(1, "CLIENT", "TRACKINGINFO"), Call(1, "GET", "k"), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "optout"), Call(1, "CLIENT", "CACHING", "yes"),
        Call(1, "CLIENT", "CACHING", "no"), Call(1, "CLIENT", "TRACKINGINFO"), Call(1, "CLIENT", "TRACKING", "on"),
        Call(1, "CLIENT", "TRACKINGINFO"), CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKINGINFO"));

    /// <summary>
    /// Prefixes of one client must not overlap. Redis 7.0 replies an overlap among the new prefixes
    /// found after the first one, and then goes on and replies +OK too: two replies to one command.
    /// </summary>
    [Test]
    public void PrefixOverlapsAreRefusedAsRedisRefusesThem() => AssertSame(
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "FOOBAR", "prefix", "FOO"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "FOO", "prefix", "FOOBAR"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "FOO", "prefix", "BAR"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "FO"), Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "BARB"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "BAR"), Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "q"),
        Send(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "x", "prefix", "y", "prefix", "yz"), Read(1), Read(1),
        Call(1, "CLIENT", "TRACKINGINFO"), Call(1, "CLIENT", "TRACKING", "on", "bcast"), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "new"), Call(1, "CLIENT", "TRACKING", "off"),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "a\0b", "prefix", "a"), Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", ""),
        Call(1, "CLIENT", "TRACKING", "on", "bcast", "prefix", "z"), Call(1, "CLIENT", "TRACKINGINFO"));

    [Test]
    public void CommandTableEntriesMatchRedis() => AssertSame(
        Call(0, "COMMAND", "INFO", "client|tracking", "client|caching", "client|getredir", "client|trackinginfo"),
        Call(0, "COMMAND", "DOCS", "client|tracking", "client|caching", "client|getredir", "client|trackinginfo"),
        Call(0, "CLIENT", "HELP"), Call(0, "CONFIG", "GET", "tracking-table-max-keys"),
        Call(0, "CONFIG", "SET", "tracking-table-max-keys", "-1"), Call(0, "CONFIG", "SET", "tracking-table-max-keys", "1k"),
        Call(0, "CONFIG", "SET", "tracking-table-max-keys", "10"), Call(0, "CONFIG", "GET", "tracking-table-max-keys"),
        Call(0, "CONFIG", "SET", "tracking-table-max-keys", "1000000"));

    // ---- default mode ------------------------------------------------------------------------------

    [Test]
    public void Resp3ClientGetsAPushAfterTheReplyOfTheCommandThatChangedItsKey() => AssertSame(
        CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"), Call(1, "HSET", "myhash", "f", "1"),
        Call(1, "HGET", "myhash", "f"), Call(1, "HDEL", "myhash", "f"), Read(1), Call(1, "MSET", "a", "1", "b", "2"),
        Call(1, "MGET", "a", "b", "c"), Call(2, "SET", "c", "3"), Call(1, "PING"), Read(1), Call(2, "DEL", "a", "b"), Read(1), Read(1),
        Call(2, "SET", "a", "5"), Call(1, "PING"), Call(1, "GET", "a"), Call(1, "INCR", "a"), Read(1), Call(2, "SET", "a", "x"),
        Call(1, "PING"));

    [Test]
    public void Resp2ClientRedirectsInvalidationsToASubscriber() => AssertSame(
        Call(2, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(2)),
        Call(1, "SET", "a{t}", "1"), Call(1, "SET", "b{t}", "1"), Call(1, "GET", "a{t}"), Call(1, "INCR", "b{t}"),
        Call(1, "INCR", "a{t}"), Read(2), Call(1, "INCR", "a{t}"), Call(3, "SET", "c", "1"), Call(1, "MGET", "a{t}", "c", "missing"),
        Call(3, "MSET", "c", "2", "missing", "now", "a{t}", "2"), Read(2), Read(2), Read(2),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "GET", "c"), Call(3, "SET", "c", "3"), Call(2, "PING"));

    [Test]
    public void RedirectsReachAResp3ClientAsPushesAndANonSubscribedResp2ClientNotAtAll() => AssertSame(
        CallUnchecked(2, "HELLO", "3"), Call(4, "PING"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(2)), Call(1, "GET", "k"),
        Call(3, "SET", "k", "1"), Read(2), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(4)), Call(1, "GET", "k"),
        Call(3, "SET", "k", "2"), Call(4, "PING"), Call(1, "GET", "k"), CallUnchecked(1, "HELLO", "3"), Call(3, "SET", "k", "3"),
        Call(4, "PING"), Call(1, "PING"),
        // A client may redirect to itself: in RESP2 that is heard only while it is subscribed.
        Call(5, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(5)), Call(5, "GET", "s"), Call(3, "SET", "s", "1"), Call(5, "PING"),
        Call(5, "GET", "s"), Call(5, "SUBSCRIBE", "other"), Call(3, "SET", "s", "2"), Read(5));

    [Test]
    public void DifferentClientsRedirectToTheSameConnectionAndUseDifferentProtocols() => AssertSame(
        Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(9)),
        Call(2, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(9)), Call(3, "MSET", "key1{t}", "1", "key2{t}", "1"),
        Call(1, "GET", "key1{t}"), Call(2, "GET", "key2{t}"), Call(3, "INCR", "key1{t}"), Call(3, "INCR", "key2{t}"), Read(9), Read(9),
        CallUnchecked(4, "HELLO", "3"), Call(4, "CLIENT", "TRACKING", "on"), Call(1, "GET", "key1{t}"), Call(4, "GET", "key1{t}"),
        Call(3, "INCR", "key1{t}"), Read(9), Call(4, "PING"), Read(4));

    [Test]
    public void NoLoopSparesTheClientItsOwnChanges() => AssertSame(
        Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(9), "NOLOOP"),
        Call(1, "MGET", "otherkey1{t}", "loopkey{t}", "otherkey2{t}"), Call(2, "SET", "otherkey1{t}", "1"), Call(1, "SET", "loopkey{t}", "1"),
        Call(2, "SET", "otherkey2{t}", "1"), Read(9), Read(9), Call(2, "SET", "loopkey{t}", "2"), Call(9, "PING"),
        CallUnchecked(3, "HELLO", "3"), Call(3, "CLIENT", "TRACKING", "on", "NOLOOP"), Call(3, "SET", "key1", "1"), Call(3, "GET", "key1"),
        Call(3, "EVAL", "return redis.call('set', 'key1', '2')", "0"), Call(3, "GET", "key1"), Call(2, "SET", "key1", "3"), Read(3));

    [Test]
    public void OptInTracksOnlyAfterCachingYesAndOptOutSkipsAfterCachingNo() => AssertSame(
        Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "OPTIN", "REDIRECT", IdOf(9)),
        Call(2, "SET", "key1", "1"), Call(1, "GET", "key1"), Call(2, "SET", "key1", "2"), Call(1, "CLIENT", "CACHING", "yes"),
        Call(1, "GET", "key1"), Call(1, "GET", "key2"), Call(2, "MSET", "key1", "3", "key2", "3"), Read(9),
        // CACHING survives other CLIENT subcommands, and a whole transaction, but no other command.
        Call(1, "CLIENT", "CACHING", "yes"), CallUnchecked(1, "CLIENT", "ID"), Call(1, "GET", "o1"), Call(1, "GET", "o2"),
        Call(1, "CLIENT", "CACHING", "yes"), Call(1, "MULTI"), Call(1, "GET", "m1"), Call(1, "GET", "m2"), Call(1, "EXEC"),
        Call(1, "GET", "m3"), Call(1, "CLIENT", "CACHING", "yes"), Call(1, "PING"), Call(1, "GET", "o3"),
        Call(2, "MSET", "o1", "1", "o2", "1", "m1", "1", "m2", "1", "m3", "1", "o3", "1"), Read(9), Read(9), Read(9), Call(9, "PING"),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "OPTOUT", "REDIRECT", IdOf(9)),
        Call(1, "CLIENT", "CACHING", "no"), Call(1, "GET", "p1"), Call(1, "GET", "p2"), Call(2, "MSET", "p1", "1", "p2", "2"), Read(9),
        Call(9, "PING"));

    [Test]
    public void ScriptsTrackTheirDeclaredKeysWhenTheyRunAReadOnlyCommand() => AssertSame(
        CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"), Call(2, "MSET", "key2{t}", "1", "key1{t}", "1"),
        Call(1, "EVAL", "redis.call('set', 'key3{t}', 'bar')", "2", "key1{t}", "key2{t}"), Call(2, "MSET", "key2{t}", "2", "key1{t}", "2"),
        Call(1, "EVAL", "return redis.call('get', 'key3{t}')", "2", "key1{t}", "key2{t}"), Call(2, "MSET", "key2{t}", "2", "key1{t}", "2"),
        Read(1), Read(1), Call(1, "EVAL_RO", "redis.call('ping')", "2", "key1{t}", "key2{t}"),
        Call(2, "MSET", "key2{t}", "2", "key1{t}", "2"), Call(1, "EVAL_RO", "return redis.call('get', 'key1{t}')", "2", "key1{t}", "key2{t}"),
        Call(2, "MSET", "key2{t}", "3", "key1{t}", "3"), Read(1), Read(1), Call(1, "PING"),
        Call(1, "GET", "a"), Call(1, "EVAL", "redis.call('incr', 'a') return redis.call('get', 'a')", "0"), Read(1),
        Call(1, "FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function{function_name='rd', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}"),
        Call(1, "FCALL_RO", "rd", "1", "f1"), Call(1, "FCALL", "rd", "1", "f2"), Call(2, "MSET", "f1", "1", "f2", "2"), Read(1), Read(1),
        Call(1, "FUNCTION", "FLUSH"), Call(1, "PING"));

    [Test]
    public void TransactionInvalidationsFollowTheExecReply() => AssertSame(
        CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"), Call(1, "MSET", "a{t}", "1", "b{t}", "2"),
        Call(1, "GET", "a{t}"), Call(1, "MULTI"), Call(1, "INCR", "a{t}"), Call(1, "GET", "b{t}"), Call(1, "EXEC"), Read(1),
        Call(1, "MULTI"), Call(1, "SET", "b{t}", "3"), Call(1, "GET", "b{t}"), Call(1, "SET", "b{t}", "4"), Call(1, "EXEC"), Read(1),
        Call(1, "PING"), Call(1, "GET", "a{t}"), Call(1, "MULTI"), Call(1, "FLUSHDB"), Call(1, "EXEC"), Read(1), Call(1, "PING"));

    [Test]
    public void ExpiredKeysAreInvalidatedAfterTheReplyThatFoundThem() => AssertSame(
        CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"), Call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "0"),
        Call(1, "MULTI"), Call(1, "MSET", "x{t}", "1", "y{t}", "2"), Call(1, "PEXPIRE", "y{t}", "100"), Call(1, "GET", "y{t}"),
        Call(1, "EXEC"), Pause(150), Call(1, "MGET", "x{t}", "y{t}"), Read(1), Call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "1"),
        Call(2, "SET", "z", "v", "PX", "100"), Call(1, "GET", "z"), Pause(600), Read(1), Call(1, "PING"));

    [Test]
    public void AnUnblockedCommandGetsItsInvalidationAfterItsReply() => AssertSame(
        Call(2, "RPUSH", "list2{t}", "a"), CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"),
        Call(1, "LRANGE", "list2{t}", "0", "-1"), Send(1, "BLMOVE", "list1{t}", "list2{t}", "left", "left", "0"), Pause(100),
        Call(2, "RPUSH", "list1{t}", "foo"), Read(1), Read(1), Call(1, "PING"));

    [Test]
    public void FlushesSendTheNullInvalidation() => AssertSame(
        Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(9)),
        Call(2, "SET", "key1", "1"), Call(1, "GET", "key1"), Call(2, "FLUSHALL"), Read(9), Call(2, "FLUSHDB"), Read(9),
        Call(1, "GET", "key2"), Call(2, "FLUSHALL", "ASYNC"), Read(9), CallUnchecked(0, "INFO", "stats"),
        CallUnchecked(3, "HELLO", "3"), Call(3, "CLIENT", "TRACKING", "on"), Call(3, "FLUSHDB"), Read(3), Read(9),
        Call(2, "SELECT", "1"), Call(2, "FLUSHDB"), Read(3), Read(9), Call(4, "CLIENT", "TRACKING", "on"), Call(4, "FLUSHALL"),
        Read(3), Read(9), Call(4, "PING"));

    // ---- BCAST -------------------------------------------------------------------------------------

    [Test]
    public void BcastSendsEveryChangedKeyUnderEachPrefixOncePerCycle() => AssertSame(
        Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", IdOf(9)),
        Call(1, "MSET", "a{t}", "1", "b{t}", "2", "c{t}", "3"), Read(9), Call(1, "CLIENT", "TRACKING", "off"),
        Call(1, "CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", IdOf(9), "PREFIX", "b:", "PREFIX", "a:"),
        Call(1, "MULTI"), Call(1, "INCR", "a:1{t}"), Call(1, "INCR", "b:2{t}"), Call(1, "INCR", "a:2{t}"), Call(1, "INCR", "b:1{t}"),
        Call(1, "INCR", "c:1{t}"), Call(1, "INCR", "a:1{t}"), Call(1, "EXEC"), Read(9), Read(9),
        Call(1, "CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", IdOf(9), "PREFIX", "c:"), Call(1, "INCR", "c:1234"), Read(9),
        Call(2, "EVAL", "redis.call('set', 'a:lua', 1) redis.call('del', 'b:none') return redis.call('set', 'zzz', 2)", "0"), Read(9),
        CallUnchecked(3, "HELLO", "3"), Call(3, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a:"), Call(2, "SET", "a:x", "1"), Read(9),
        Call(3, "PING"), Read(3), Call(3, "CLIENT", "TRACKING", "off"), Call(3, "CLIENT", "TRACKING", "on", "BCAST"),
        Call(2, "SET", "x", "1"), Call(3, "PING"), Close(3), Call(9, "PING"));

    [Test]
    public void BcastNoLoopLeavesOutWhatTheClientChangedItself() => AssertSame(
        Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", IdOf(9), "NOLOOP"),
        Call(2, "SET", "otherkey1", "1"), Read(9), Call(1, "SET", "loopkey", "1"), Call(2, "SET", "otherkey2", "1"), Read(9),
        Call(1, "EVAL", "return redis.call('set', 'fromscript', 1)", "0"), Read(9),
        // A key that expires is deleted by nobody: NOLOOP does not hide it, even when the client's own read finds it expired.
        Call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "0"), Call(1, "MULTI"), Call(1, "SET", "mykey{t}", "myval", "px", "100"),
        Call(1, "SET", "mykeyotherkey{t}", "myval"), Call(1, "EXEC"), Pause(150), Call(1, "GET", "mykey{t}"), Read(9),
        Call(1, "DEBUG", "SET-ACTIVE-EXPIRE", "1"), Call(9, "PING"));

    [Test]
    public void SwitchingToBcastDropsTheKeysTrackedBefore() => AssertSame(
        CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"), Call(2, "SET", "key1", "1"), Call(1, "GET", "key1"),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "BCAST"), Call(2, "INCR", "key1"), Call(1, "PING"),
        Read(1), Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on"), Call(1, "GET", "key2"),
        CallUnchecked(1, "HELLO", "2"), Call(1, "GET", "key3"), CallUnchecked(1, "HELLO", "3"), Call(2, "MSET", "key2", "1", "key3", "1"),
        Call(1, "PING"), Read(1), Read(1));

    // ---- bookkeeping --------------------------------------------------------------------------------

    /// <summary>INFO's tracking_clients, tracking_total_keys, _items and _prefixes as clients come, read, write and go.</summary>
    [Test]
    public void InfoCountsTrackingClientsKeysItemsAndPrefixes()
    {
        static string Counters(RespConnection connection) => string.Join(' ', connection.Call("INFO", "everything").Split("\r\n")
            .Where(l => l.StartsWith("tracking_", StringComparison.Ordinal)));
        string Run(int port)
        {
            using var redirect = new RespConnection(port);
            using var reader = new RespConnection(port);
            using var bcast = new RespConnection(port);
            using var writer = new RespConnection(port);
            var log = new System.Text.StringBuilder();
            writer.Call("FLUSHALL");
            log.Append(Counters(writer)).Append('|');
            string redirectId = redirect.Call("CLIENT", "ID")[1..].Trim();
            redirect.Call("SUBSCRIBE", "__redis__:invalidate");
            reader.Call("CLIENT", "TRACKING", "on", "REDIRECT", redirectId);
            writer.Call("SET", "key1", "1");
            writer.Call("SET", "key2", "2");
            reader.Call("GET", "key1");
            reader.Call("GET", "key2");
            bcast.Call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "prefix:", "PREFIX", "other:");
            writer.Call("SET", "prefix:key1", "1");
            log.Append(Counters(writer)).Append('|');
            using (var second = new RespConnection(port))
            {
                second.Call("CLIENT", "TRACKING", "on");
                second.Call("MGET", "key1", "key3");
                log.Append(Counters(writer)).Append('|');
                second.Call("QUIT"); // its reply is sent once the server has let it go
            }
            log.Append(Counters(writer)).Append('|');
            bcast.Call("RESET");
            writer.Call("SET", "key1", "x");
            log.Append(RespConnection.Latin1(redirect.ReadReply())).Append(Counters(writer)).Append('|');
            reader.Call("CLIENT", "TRACKING", "off");
            log.Append(Counters(writer));
            return log.ToString();
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }

    [Test]
    public void TrackingInfoGetRedirAndClientListShowTheState() => AssertSameWithIds(
        CallUnchecked(9, "CLIENT", "ID"), CallUnchecked(8, "CLIENT", "ID"), Call(9, "SUBSCRIBE", "__redis__:invalidate"),
        Call(1, "CLIENT", "GETREDIR"), Call(1, "CLIENT", "TRACKING", "on"), Call(1, "CLIENT", "GETREDIR"),
        Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(9), "NOLOOP"), Call(1, "CLIENT", "GETREDIR"), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "foo", "PREFIX", "bar", "REDIRECT", IdOf(9)),
        Call(1, "CLIENT", "TRACKINGINFO"), CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(1, "CLIENT", "TRACKING", "off"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(8)), Call(1, "GET", "key1"),
        Call(1, "GET", "key2"), Call(8, "QUIT"), Call(2, "SET", "key1", "1"), Read(1), Call(1, "CLIENT", "TRACKINGINFO"),
        Call(2, "SET", "key2", "1"), Read(1), Call(1, "PING"), Call(1, "CLIENT", "GETREDIR"), Call(1, "RESET"),
        Call(1, "CLIENT", "TRACKINGINFO"), Call(1, "CLIENT", "GETREDIR"));

    /// <summary>CLIENT LIST's flags (t, R, B) and redir= field, the other fields holding addresses and times.</summary>
    [Test]
    public void ClientListShowsTrackingFlagsAndRedirect()
    {
        static string Fields(string info) => string.Join(' ', info.Split(' ', '\n')
            .Where(f => f.StartsWith("flags=") || f.StartsWith("redir=")));
        string Run(int port)
        {
            using var target = new RespConnection(port);
            using var tracker = new RespConnection(port);
            using var writer = new RespConnection(port);
            var log = new System.Text.StringBuilder();
            string targetId = target.Call("CLIENT", "ID")[1..].Trim();
            log.Append(Fields(tracker.Call("CLIENT", "INFO"))).Append('|');
            tracker.Call("CLIENT", "TRACKING", "on");
            log.Append(Fields(tracker.Call("CLIENT", "INFO"))).Append('|');
            tracker.Call("CLIENT", "TRACKING", "on", "REDIRECT", targetId);
            log.Append(Fields(tracker.Call("CLIENT", "INFO")).Replace(targetId, "<target>")).Append('|');
            tracker.Call("GET", "k");
            target.Call("QUIT"); // its reply is sent once the server has let it go
            writer.Call("SET", "k", "1");
            log.Append(Fields(tracker.Call("CLIENT", "INFO")).Replace(targetId, "<target>")).Append('|');
            tracker.Call("CLIENT", "TRACKING", "off");
            tracker.Call("CLIENT", "TRACKING", "on", "BCAST");
            log.Append(Fields(tracker.Call("CLIENT", "INFO"))).Append('|');
            tracker.Call("MULTI");
            log.Append(Fields(tracker.Call("CLIENT", "INFO"))).Append('|');
            tracker.Call("DISCARD");
            return log.ToString();
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }

    /// <summary>
    /// Over tracking-table-max-keys, random keys are dropped from the table with an invalidation
    /// each, with growing effort, until it fits: which keys is random, how many is not.
    /// </summary>
    [Test]
    public void TheTableIsCutToTrackingTableMaxKeysWithAnInvalidationPerDroppedKey()
    {
        const int keys = 250;
        string Run(int port)
        {
            using var target = new RespConnection(port);
            using var tracker = new RespConnection(port);
            using var writer = new RespConnection(port);
            writer.Call("FLUSHALL");
            string targetId = target.Call("CLIENT", "ID")[1..].Trim();
            target.Call("SUBSCRIBE", "__redis__:invalidate");
            tracker.Call("CLIENT", "TRACKING", "on", "REDIRECT", targetId);
            var args = new List<string> { "MGET" };
            for (int i = 0; i < keys; i++) args.Add($"key{i}");
            tracker.Call(args.ToArray());
            var seen = new HashSet<string>();
            try
            {
                writer.Call("CONFIG", "SET", "tracking-table-max-keys", "1");
                for (int i = 0; i < keys - 1; i++)
                {
                    string message = RespConnection.Latin1(target.ReadReply());
                    Assert.That(message, Does.StartWith("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$"));
                    seen.Add(message);
                }
                target.Send("PING");
                string afterwards = RespConnection.Latin1(target.ReadReply());
                string info = writer.Call("INFO", "stats");
                string tableKeys = info.Split("\r\n").Single(l => l.StartsWith("tracking_total_keys:"));
                return $"{seen.Count} distinct, then {afterwards.Replace("\r\n", " ")}, {tableKeys}";
            }
            finally
            {
                writer.Call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
            }
        }
        string ours = Run(OurPort);
        Assert.That(ours, Is.EqualTo(Run(RedisPort)));
        Assert.That(ours, Does.StartWith($"{keys - 1} distinct"));
    }

    // ---- binary keys and many keys --------------------------------------------------------------------

    [Test]
    public void BinaryKeysAndPrefixesPassUnchanged() => AssertSameWithIds(
        CallUnchecked(3, "CLIENT", "ID"), CallUnchecked(1, "HELLO", "3"), Call(1, "CLIENT", "TRACKING", "on"), Call(1, "GET", "k\0\r\n\xff"),
        Call(2, "SET", "k\0\r\n\xff", "v"), Read(1), Call(3, "SUBSCRIBE", "__redis__:invalidate"),
        Call(4, "CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", IdOf(3), "PREFIX", "p\0", "PREFIX", "\xff"),
        Call(2, "MSET", "p\0a", "1", "p\0", "2", "p", "3", "\xff\xfe", "4"), Read(3), Read(3), Call(4, "CLIENT", "TRACKINGINFO"),
        Call(3, "PING"));

    /// <summary>10,000 keys read in one MGET and changed by one MSET, then 10,000 changed under a BCAST prefix in one command.</summary>
    [Test]
    public void ManyKeysAreInvalidatedOneByOneOrInOneBroadcast()
    {
        var keys = Enumerable.Range(0, 10_000).Select(i => $"key:{i:x}").ToArray();
        var mset = new List<string> { "MSET" };
        foreach (var key in keys) mset.AddRange([key, "v"]);
        var steps = new List<TranscriptStep>
        {
            Call(9, "SUBSCRIBE", "__redis__:invalidate"), Call(1, "CLIENT", "TRACKING", "on", "REDIRECT", IdOf(9)),
            Call(1, ["MGET", .. keys]), CallUnchecked(0, "INFO", "stats"), Call(2, [.. mset]),
        };
        steps.AddRange(keys.Select(_ => Read(9)));
        steps.Add(Call(1, "CLIENT", "TRACKING", "off"));
        steps.Add(Call(1, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "key:", "REDIRECT", IdOf(9)));
        steps.Add(Call(2, [.. mset]));
        steps.Add(Read(9));
        steps.Add(Call(9, "PING"));
        Transcript.AssertSame(RedisPort, OurPort, steps);
    }
}
