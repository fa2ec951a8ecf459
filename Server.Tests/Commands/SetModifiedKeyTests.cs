// Which keys the set commands report as changed through Database.SignalModified (the hook WATCH
// and client tracking hang on): exactly where t_set.c calls signalModifiedKey, and never when
// nothing changed.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class SetModifiedKeyTests
{
    private InProcessServer _server = null!;
    private readonly List<string> _signalled = new();

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _server.Client.Db.KeyModified = (_, key) => _signalled.Add(Encoding.Latin1.GetString(key));
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    /// <summary>Runs the setup commands, then <paramref name="command"/>, and returns the keys it signalled.</summary>
    private List<string> Signals(string[][] setup, params string[] command)
    {
        foreach (var step in setup) _server.Call(step);
        _signalled.Clear();
        _server.Call(command);
        return [.. _signalled];
    }

    private static readonly string[][] TwoSets = [["SADD", "a", "1", "2", "3"], ["SADD", "b", "3", "x"], ["SET", "str", "v"]];

    private static readonly object[] Cases =
    [
        new object[] { new[] { "SADD", "a", "4" }, new[] { "a" } },
        new object[] { new[] { "SADD", "a", "1", "2" }, Array.Empty<string>() },
        new object[] { new[] { "SADD", "new", "1" }, new[] { "new" } },
        new object[] { new[] { "SADD", "str", "1" }, Array.Empty<string>() },
        new object[] { new[] { "SREM", "a", "1", "9" }, new[] { "a" } },
        new object[] { new[] { "SREM", "a", "9" }, Array.Empty<string>() },
        new object[] { new[] { "SREM", "b", "3", "x" }, new[] { "b" } },
        new object[] { new[] { "SMOVE", "a", "b", "1" }, new[] { "a", "b" } },
        new object[] { new[] { "SMOVE", "a", "b", "3" }, new[] { "a" } },
        new object[] { new[] { "SMOVE", "a", "b", "9" }, Array.Empty<string>() },
        new object[] { new[] { "SMOVE", "a", "a", "1" }, Array.Empty<string>() },
        new object[] { new[] { "SMOVE", "a", "c", "1" }, new[] { "a", "c" } },
        new object[] { new[] { "SPOP", "a" }, new[] { "a" } },
        new object[] { new[] { "SPOP", "a", "0" }, Array.Empty<string>() },
        new object[] { new[] { "SPOP", "a", "2" }, new[] { "a" } },
        new object[] { new[] { "SPOP", "a", "5" }, new[] { "a" } },
        new object[] { new[] { "SPOP", "missing", "5" }, Array.Empty<string>() },
        new object[] { new[] { "SRANDMEMBER", "a", "2" }, Array.Empty<string>() },
        new object[] { new[] { "SINTERSTORE", "d", "a", "b" }, new[] { "d" } },
        new object[] { new[] { "SINTERSTORE", "d", "a", "missing" }, Array.Empty<string>() },
        new object[] { new[] { "SINTERSTORE", "str", "a", "missing" }, new[] { "str" } },
        new object[] { new[] { "SINTERSTORE", "str", "a", "b", "c" }, new[] { "str" } },
        new object[] { new[] { "SINTERSTORE", "d", "a", "str" }, Array.Empty<string>() },
        new object[] { new[] { "SUNIONSTORE", "a", "a", "b" }, new[] { "a" } },
        new object[] { new[] { "SUNIONSTORE", "d", "missing" }, Array.Empty<string>() },
        new object[] { new[] { "SDIFFSTORE", "b", "a", "a" }, new[] { "b" } },
        new object[] { new[] { "SDIFFSTORE", "d", "a", "b" }, new[] { "d" } },
        new object[] { new[] { "SINTER", "a", "b" }, Array.Empty<string>() },
        new object[] { new[] { "SINTERCARD", "2", "a", "b" }, Array.Empty<string>() },
        new object[] { new[] { "SMEMBERS", "a" }, Array.Empty<string>() },
    ];

    [TestCaseSource(nameof(Cases))]
    public void SignalsTheKeysRedisSignals(string[] command, string[] expected) =>
        Assert.That(Signals(TwoSets, command), Is.EqualTo(expected));
}
