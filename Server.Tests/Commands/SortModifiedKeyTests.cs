// Which keys SORT reports as changed through Database.SignalModified (the hook WATCH and client
// tracking hang on): the STORE destination when it is written (setKey) or deleted, and nothing for
// a plain SORT or an empty result over a missing destination. cf. sortCommandGeneric.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class SortModifiedKeyTests
{
    private static readonly string[][] Setup = [["RPUSH", "l", "2", "1"], ["SET", "old", "v"], ["RPUSH", "bad", "x"]];

    private static readonly object[] Cases =
    [
        new object[] { new[] { "SORT", "l" }, Array.Empty<string>() },
        new object[] { new[] { "SORT", "l", "STORE", "d" }, new[] { "d" } },
        new object[] { new[] { "SORT", "l", "STORE", "old" }, new[] { "old" } },
        new object[] { new[] { "SORT", "missing", "STORE", "old" }, new[] { "old" } },
        new object[] { new[] { "SORT", "missing", "STORE", "d" }, Array.Empty<string>() },
        new object[] { new[] { "SORT", "l", "LIMIT", "0", "0", "STORE", "old" }, new[] { "old" } },
        new object[] { new[] { "SORT", "bad", "STORE", "old" }, Array.Empty<string>() },
        new object[] { new[] { "SORT_RO", "l" }, Array.Empty<string>() },
    ];

    [TestCaseSource(nameof(Cases))]
    public void SignalsTheKeysRedisSignals(string[] command, string[] expected)
    {
        using var server = new InProcessServer();
        foreach (var step in Setup) server.Call(step);
        var signalled = new List<string>();
        server.Client.Db.KeyModified = (_, key) => signalled.Add(Encoding.Latin1.GetString(key));
        server.Call(command);
        Assert.That(signalled, Is.EqualTo(expected));
    }
}
