// Differential tests for SLOWLOG: the same commands to redis-server 7.0.15 and to EventLoopRedis,
// then the slow logs compared entry by entry, with what cannot match (ids' base, times, durations,
// the client's port) masked.

using System.Text;
using System.Text.RegularExpressions;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class SlowlogDifferentialTests : DifferentialFixture
{
    /// <summary>Runs the commands with every command logged, and returns SLOWLOG GET -1 with the variable parts masked.</summary>
    private static string SlowlogAfter(int port, bool resp3, string[][] commands)
    {
        using var connection = new RespConnection(port);
        if (resp3) connection.Call("HELLO", "3");
        connection.Call("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "128");
        connection.Call("SLOWLOG", "RESET");
        foreach (var command in commands) connection.CallBytes(command.Select(a => Encoding.Latin1.GetBytes(a)).ToArray());
        var log = RespTree.Parse(connection.CallBytes("SLOWLOG"u8.ToArray(), "GET"u8.ToArray(), "-1"u8.ToArray()));
        connection.Call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        return Mask(log);
    }

    private static string Mask(RespTree log)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long? previousId = null;
        var text = new StringBuilder();
        foreach (var entry in log.Children)
        {
            Assert.That(entry.Children, Has.Count.EqualTo(6));
            long id = long.Parse(entry.Children[0].Header[1..]);
            if (previousId is not null) Assert.That(id, Is.EqualTo(previousId - 1), "ids count down, newest first");
            previousId = id;
            Assert.That(long.Parse(entry.Children[1].Header[1..]), Is.InRange(now - 60, now + 1), "unix time");
            Assert.That(long.Parse(entry.Children[2].Header[1..]), Is.GreaterThanOrEqualTo(0), "microseconds");
            text.Append(entry.Children[3].Serialize());
            text.Append(Regex.Replace(entry.Children[4].Text!, @":\d+$", ":<port>")).Append(" / ");
            text.Append(entry.Children[5].Serialize());
        }
        return text.ToString();
    }

    private void AssertSameSlowlog(bool resp3, params string[][] commands) =>
        Assert.That(SlowlogAfter(OurPort, resp3, commands), Is.EqualTo(SlowlogAfter(RedisPort, resp3, commands)));

    [TestCase(false)]
    [TestCase(true)]
    public void EntriesNameTheCommandItsClientAndItsAddress(bool resp3) => AssertSameSlowlog(resp3,
        ["SET", "k", "v"], ["GET", "k"], ["CLIENT", "SETNAME", "logger"], ["GET", "nosuch"], ["INCR", "k"],
        ["SET", "bin\0\xff\r\n", "\0"], ["CLIENT", "SETNAME", ""], ["NOSUCHCOMMAND", "x"], ["GET"], ["CONFIG", "FOO"]);

    [Test]
    public void LongArgumentsAndLongCommandsAreTrimmedAsRedisTrimsThem()
    {
        var del = new List<string> { "DEL" };
        for (int i = 0; i < 40; i++) del.Add($"key:{i}");
        var exactly32 = new List<string> { "DEL" };
        for (int i = 0; i < 31; i++) exactly32.Add($"k{i}");
        var exactly33 = new List<string>(exactly32) { "k31" };
        AssertSameSlowlog(false, ["SET", new string('x', 128), new string('y', 129)], ["GET", new string('z', 5000)],
            del.ToArray(), exactly32.ToArray(), exactly33.ToArray());
    }

    [Test]
    public void PasswordsAreRedacted() => AssertSameSlowlog(false,
        ["AUTH", "secret"], ["AUTH", "default", "secret"], ["AUTH", "a", "b", "c"],
        ["HELLO", "2", "AUTH", "default", "pw", "SETNAME", "n"], ["HELLO", "2", "AUTH", "default"], ["HELLO", "9", "AUTH", "u", "p"]);

    [Test]
    public void CommandsRunByScriptsAreLoggedWithTheScriptClient() => AssertSameSlowlog(false,
        ["EVAL", "redis.call('set', KEYS[1], 'v') return redis.call('get', KEYS[1])", "1", "k"],
        ["EVAL", "return redis.pcall('nosuch')", "0"]);

    [Test]
    public void MaxLenKeepsTheNewestAndAThresholdOfMinusOneStopsLogging()
    {
        AssertSameReplies(
            ["CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "3"], ["SLOWLOG", "RESET"],
            ["SET", "a", "1"], ["SET", "b", "2"], ["SET", "c", "3"], ["SET", "d", "4"], ["SLOWLOG", "LEN"],
            ["CONFIG", "SET", "slowlog-max-len", "1"], ["SLOWLOG", "LEN"], ["CONFIG", "SET", "slowlog-max-len", "0"],
            ["SLOWLOG", "LEN"], ["SLOWLOG", "GET"], ["CONFIG", "SET", "slowlog-max-len", "128", "slowlog-log-slower-than", "-1"],
            ["SLOWLOG", "RESET"], ["SET", "e", "5"], ["SLOWLOG", "LEN"], ["CONFIG", "SET", "slowlog-log-slower-than", "1000000000"],
            ["SET", "f", "6"], ["SLOWLOG", "LEN"], ["CONFIG", "SET", "slowlog-log-slower-than", "-2"],
            ["CONFIG", "SET", "slowlog-max-len", "-1"], ["CONFIG", "GET", "slowlog-max-len"],
            ["CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128"]);
    }

    [Test]
    public void SubcommandErrorsMatchRedis() => AssertSameReplies(
        ["CONFIG", "SET", "slowlog-log-slower-than", "-1"], ["SLOWLOG", "RESET"], ["SLOWLOG", "GET", "x"], ["SLOWLOG", "GET", "-2"],
        ["SLOWLOG", "GET", "0"], ["SLOWLOG", "GET", "-1"], ["SLOWLOG", "GET", "1", "2"], ["SLOWLOG", "LEN", "x"],
        ["SLOWLOG", "RESET", "x"], ["SLOWLOG", "FOO"], ["SLOWLOG"], ["SLOWLOG", "HELP"], ["SLOWLOG", "HELP", "x"],
        ["SLOWLOG", "GET", "9223372036854775807"], ["SLOWLOG", "GET", "9223372036854775808"], ["SLOWLOG", "LEN"],
        ["CONFIG", "SET", "slowlog-log-slower-than", "10000"]);
}
