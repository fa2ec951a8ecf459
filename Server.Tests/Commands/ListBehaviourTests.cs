// What differential tests cannot see of the list commands: which keys they report as changed
// (Database.SignalModified, where t_list.c calls signalModifiedKey), and that reads and
// rotations allocate nothing per call.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

public class ListBehaviourTests
{
    private InProcessServer _server = null!;
    private readonly List<string> _signalled = [];

    [SetUp]
    public void Start()
    {
        _server = new InProcessServer();
        _server.Server.Databases[0].KeyModified = (_, key) => _signalled.Add(Encoding.Latin1.GetString(key));
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    private static readonly object[] Signals =
    [
        new object[] { new[] { "LPUSH", "l", "x" }, new[] { "l" } },
        new object[] { new[] { "RPUSH", "l", "x", "y" }, new[] { "l" } },
        new object[] { new[] { "LPUSHX", "l", "x" }, new[] { "l" } },
        new object[] { new[] { "RPUSHX", "missing", "x" }, Array.Empty<string>() },
        new object[] { new[] { "LPOP", "l" }, new[] { "l" } },
        new object[] { new[] { "RPOP", "l", "2" }, new[] { "l" } },
        new object[] { new[] { "LPOP", "l", "0" }, Array.Empty<string>() },
        new object[] { new[] { "RPOP", "missing" }, Array.Empty<string>() },
        new object[] { new[] { "LSET", "l", "0", "z" }, new[] { "l" } },
        new object[] { new[] { "LSET", "l", "99", "z" }, Array.Empty<string>() },
        new object[] { new[] { "LINSERT", "l", "BEFORE", "b", "z" }, new[] { "l" } },
        new object[] { new[] { "LINSERT", "l", "BEFORE", "nothere", "z" }, Array.Empty<string>() },
        new object[] { new[] { "LREM", "l", "0", "a" }, new[] { "l" } },
        new object[] { new[] { "LREM", "l", "0", "nothere" }, Array.Empty<string>() },
        new object[] { new[] { "LTRIM", "l", "0", "-1" }, new[] { "l" } }, // Redis signals even when nothing went
        new object[] { new[] { "LTRIM", "missing", "0", "1" }, Array.Empty<string>() },
        new object[] { new[] { "LMOVE", "l", "d", "LEFT", "RIGHT" }, new[] { "d", "l" } },
        new object[] { new[] { "RPOPLPUSH", "l", "l" }, new[] { "l", "l" } },
        new object[] { new[] { "RPOPLPUSH", "missing", "d" }, Array.Empty<string>() },
        new object[] { new[] { "LMPOP", "2", "missing", "l", "LEFT", "COUNT", "9" }, new[] { "l" } },
        new object[] { new[] { "LMPOP", "1", "missing", "LEFT" }, Array.Empty<string>() },
        new object[] { new[] { "LRANGE", "l", "0", "-1" }, Array.Empty<string>() },
        new object[] { new[] { "LPOS", "l", "a" }, Array.Empty<string>() },
    ];

    [TestCaseSource(nameof(Signals))]
    public void WritesSignalTheKeysTheyChangeAndNothingElse(string[] command, string[] keys)
    {
        _server.Call("RPUSH", "l", "a", "b", "c");
        _signalled.Clear();
        _server.Call(command);
        Assert.That(_signalled, Is.EqualTo(keys));
    }

    [TestCase("LINDEX", "l", "3")]
    [TestCase("LINDEX", "l", "-2")]
    [TestCase("LLEN", "l")]
    [TestCase("LRANGE", "l", "0", "-1")]
    [TestCase("LPOS", "l", "mid", "RANK", "-1", "COUNT", "0")]
    [TestCase("LSET", "l", "2", "swap")]
    [TestCase("LREM", "l", "0", "nothere")]
    [TestCase("LMOVE", "l", "l", "LEFT", "RIGHT")]
    [TestCase("RPOPLPUSH", "l", "l")]
    public void ReadsAndRotationsAllocateNothing(params string[] command)
    {
        _server.Server.Databases[0].KeyModified = null; // the recording hook above allocates
        _server.Call("RPUSH", "l", "head", "12345", "swap", "mid", "-7", new string('t', 100));
        Assert.That(_server.AllocatedBytesPerThousand(command), Is.Zero);
    }
}
