// Differential tests for the foundation's commands: the same commands to redis-server 7.0
// and to EventLoopRedis, compared as raw RESP bytes.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class FoundationDifferentialTests : DifferentialFixture
{
    private static readonly object[] Scripts =
    [
        new object[] { "ping", new[] { new[] { "PING" }, ["ping", "hello"], ["PING", "a", "b"], ["PiNg", ""] } },
        new object[] { "echo", new[] { new[] { "ECHO", "x" }, ["ECHO"], ["ECHO", "a", "b"], ["echo", ""] } },
        new object[] { "select", new[] { new[] { "SELECT", "3" }, ["SELECT", "16"], ["SELECT", "-1"], ["SELECT", "x"],
            ["SELECT", "01"], ["SELECT", " 1"],
            ["SELECT", "2147483648"], ["SELECT", "-2147483649"], ["SELECT", "15"], ["SET", "a", "1"], ["SELECT", "0"], ["GET", "a"] } },
        new object[] { "unknown commands", new[] { new[] { "FOO" }, ["foo", "a", "b"],
            ["nosuch", new string('a', 200), "b"], ["x", "a\r\nb"], ["", "z"] } },
        new object[] { "arity", new[] { new[] { "GET" }, ["GET", "a", "b"], ["SET", "a"], ["DEL"], ["EXISTS"],
            ["SELECT"], ["DBSIZE", "x"], ["CONFIG"], ["CONFIG", "GET"], ["CLIENT"], ["COMMAND", "COUNT", "x"] } },
        new object[] { "unknown subcommands", new[] { new[] { "CONFIG", "FOO" }, ["client", "bar"],
            ["COMMAND", "nope"] } },
        new object[] { "get and set", new[] { new[] { "SET", "k", "v" }, ["GET", "k"], ["GET", "missing"],
            ["SET", "k", ""], ["GET", "k"], ["SET", "k", "v", "NX"], ["SET", "k", "w", "XX"], ["GET", "k"],
            ["SET", "n", "v", "XX"], ["SET", "n", "v", "NX"], ["SET", "k", "v", "NX", "XX"], ["SET", "k", "v", "GET"],
            ["SET", "k", "z", "NX", "GET"], ["SET", "new", "z", "XX", "GET"], ["GET", "new"], ["SET", "k", "v", "FOO"] } },
        new object[] { "set expiry options", new[] { new[] { "SET", "k", "v", "EX", "100" }, ["SET", "k", "v", "PX", "100000"],
            ["SET", "k", "v", "EX", "0"], ["SET", "k", "v", "EX", "-5"], ["SET", "k", "v", "EX", "x"],
            ["SET", "k", "v", "EX"], ["SET", "k", "v", "EX", "10", "PX", "10"], ["SET", "k", "v", "KEEPTTL", "EX", "10"],
            ["SET", "k", "v", "EX", "10", "KEEPTTL"], ["SET", "k", "v", "EX", "9223372036854775807"],
            ["SET", "k", "v", "PX", "9223372036854775807"], ["SET", "k", "v", "EXAT", "1"], ["GET", "k"],
            ["SET", "k", "v", "PXAT", "99999999999999"], ["GET", "k"], ["SET", "k", "v2", "KEEPTTL"], ["GET", "k"],
            ["SET", "k", "v", "EX", "1.5"] } },
        new object[] { "del and exists", new[] { new[] { "SET", "a", "1" }, ["SET", "b", "2"], ["EXISTS", "a", "a", "b", "c"],
            ["DEL", "a", "c"], ["DEL", "a"], ["EXISTS", "a"], ["DBSIZE"] } },
        new object[] { "flush and swap", new[] { new[] { "SET", "a", "1" }, ["FLUSHDB", "ASYNC"], ["DBSIZE"], ["FLUSHDB", "x"],
            ["FLUSHALL", "SYNC"], ["FLUSHALL", "SYNC", "x"], ["SET", "a", "1"], ["SWAPDB", "0", "1"], ["GET", "a"],
            ["SELECT", "1"], ["GET", "a"], ["SWAPDB", "0", "16"], ["SWAPDB", "x", "1"], ["SWAPDB", "1", "y"],
            ["SWAPDB", "1", "1"], ["SWAPDB", "1", "0"], ["SELECT", "0"], ["GET", "a"] } },
        new object[] { "auth without a password", new[] { new[] { "AUTH", "x" }, ["AUTH", "default", "x"],
            ["AUTH", "nobody", "x"], ["AUTH", "a", "b", "c"] } },
        new object[] { "hello", new[] { new[] { "HELLO", "4" }, ["HELLO", "x"], ["HELLO", "1"],
            ["HELLO", "3", "AUTH", "nobody", "x"], ["HELLO", "3", "SETNAME", "a b"], ["HELLO", "2", "FOO"],
            ["HELLO", "2", "AUTH", "default"] } },
        new object[] { "resp3 replies", new[] { new[] { Unchecked, "HELLO", "3", "SETNAME", "x" }, ["GET", "missing"], ["SET", "k", "v"],
            ["GET", "k"], ["CONFIG", "GET", "hz"], ["COMMAND", "INFO", "get", "nosuch"], ["CLIENT", "GETNAME"], ["RESET"],
            ["GET", "missing"] } },
        new object[] { "client names and replies", new[] { new[] { "CLIENT", "GETNAME" }, ["CLIENT", "SETNAME", "a b"],
            ["CLIENT", "SETNAME", "n"], ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", ""], ["CLIENT", "GETNAME"],
            ["CLIENT", "REPLY", "x"], ["CLIENT", "NO-EVICT", "on"], ["CLIENT", "NO-EVICT", "x"], ["CLIENT", "NO-EVICT", "off"],
            ["CLIENT", "KILL", "1.2.3.4:5"], ["CLIENT", "KILL", "ID", "0"], ["CLIENT", "KILL", "ID", "99999"],
            ["CLIENT", "KILL", "TYPE", "foo"], ["CLIENT", "KILL", "TYPE", "pubsub"], ["CLIENT", "KILL", "USER", "x"],
            ["CLIENT", "KILL", "SKIPME", "x"], ["CLIENT", "KILL", "foo", "bar"], ["CLIENT", "KILL", "ID", "1", "x"],
            ["CLIENT", "LIST", "TYPE", "x"], ["CLIENT", "LIST", "ID", "x"], ["CLIENT", "LIST", "FOO"],
            ["CLIENT", "LIST", "ID", "99999"], ["CLIENT", "LIST", "TYPE", "master"] } },
        new object[] { "client reply off and skip", new[] { new[] { NoReply, "CLIENT", "REPLY", "SKIP" },
            [NoReply, "SET", "a", "1"], ["GET", "a"], [NoReply, "CLIENT", "REPLY", "OFF"], [NoReply, "SET", "a", "2"],
            [NoReply, "CLIENT", "REPLY", "SKIP"], [NoReply, "GET", "a"], ["CLIENT", "REPLY", "ON"], ["GET", "a"],
            [NoReply, "CLIENT", "REPLY", "SKIP"], [NoReply, "CLIENT", "REPLY", "ON"], ["GET", "a"] } },
        new object[] { "config", new[] { new[] { "CONFIG", "GET", "save" }, ["CONFIG", "GET", "appendonly"],
            ["CONFIG", "GET", "nosuch"], ["CONFIG", "GET", "databases"], ["CONFIG", "GET", "maxmemory"],
            ["CONFIG", "SET", "hz", "20"], ["CONFIG", "GET", "hz"], ["CONFIG", "SET", "hz", "abc"],
            ["CONFIG", "SET", "hz", "11", "hz", "12"], ["CONFIG", "SET", "foo", "bar"], ["CONFIG", "SET", "databases", "3"],
            ["CONFIG", "SET", "hz"], ["CONFIG", "SET", "loglevel", "foo"], ["CONFIG", "SET", "appendonly", "maybe"],
            ["CONFIG", "SET", "proto-max-bulk-len", "1k"], ["CONFIG", "SET", "save", ""], ["CONFIG", "SET", "appendonly", "no"],
            ["CONFIG", "SET", "hash-max-ziplist-entries", "100"], ["CONFIG", "GET", "hash-max-listpack-entries"],
            ["CONFIG", "SET", "hz", "10", "timeout", "-1"], ["CONFIG", "GET", "hz"], ["CONFIG", "SET", "hz", "10"],
            ["CONFIG", "SET", "hash-max-listpack-entries", "512"], ["CONFIG", "RESETSTAT"], ["CONFIG", "RESETSTAT", "x"],
            ["CONFIG", "GET", "timeout"], ["CONFIG", "GET", "client-query-buffer-limit"], ["CONFIG", "GET", "proto-max-bulk-len"],
            ["CONFIG", "GET", "requirepass"], ["CONFIG", "GET", "maxclients"] } },
        new object[] { "command introspection", new[] { new[] { "COMMAND", "INFO", "get", "set", "del", "exists", "ping" },
            ["COMMAND", "INFO", "nosuch"], ["COMMAND", "INFO", "config|get"], ["COMMAND", "DOCS", "get", "set", "del", "nosuch"],
            ["COMMAND", "DOCS", "client|kill"], ["COMMAND", "DOCS", "hello", "auth", "select", "echo", "quit", "shutdown"],
            ["COMMAND", "INFO", "client|list", "config|set", "command|docs", "hello", "info", "time", "swapdb"],
            ["COMMAND", "GETKEYS", "get", "a"], ["COMMAND", "GETKEYS", "set", "a", "b", "EX", "10"],
            ["COMMAND", "GETKEYS", "del", "a", "b", "c"], ["COMMAND", "GETKEYS", "ping"], ["COMMAND", "GETKEYS", "nosuch", "a"],
            ["COMMAND", "GETKEYS", "get"], ["COMMAND", "LIST", "FILTERBY", "MODULE", "x"], ["COMMAND", "LIST", "FOO"],
            ["COMMAND", "LIST", "FILTERBY", "FOO", "x"] } },
        new object[] { "shutdown refusals", new[] { new[] { "SHUTDOWN", "ABORT" }, ["SHUTDOWN", "foo"],
            ["SHUTDOWN", "SAVE", "NOSAVE"], ["SHUTDOWN", "NOSAVE", "ABORT"] } },
        new object[] { "binary keys and values", new[] { new[] { "SET", "k\0\xff\r\n", "\xff\0\r\n" }, ["GET", "k\0\xff\r\n"],
            ["EXISTS", "k\0\xff\r\n", "k\0"], ["GET", "k"], ["DEL", "k\0\xff\r\n"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [TestCase("hz", "loglevel")]
    [TestCase("*max-*-entries")]
    [TestCase("save", "appendonly", "SAVE")]
    [TestCase("*ziplist*", "hash-*")]
    public void ConfigGetPatternsMatchRedisAsMaps(params string[] patterns)
    {
        Dictionary<string, object?> Get(int port)
        {
            using var connection = new RespConnection(port);
            return Resp.AsMap(connection.CallBytes([.. new[] { "CONFIG", "GET" }.Concat(patterns).Select(p => Encoding.ASCII.GetBytes(p))]));
        }
        Assert.That(Get(OurPort), Is.EquivalentTo(Get(RedisPort)));
    }

    [Test]
    public void LargeValuesRoundTripLikeRedis()
    {
        var big = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(big);
        AssertSameReplies(
            ["SET"u8.ToArray(), "big"u8.ToArray(), big],
            ["GET"u8.ToArray(), "big"u8.ToArray()],
            ["STRLEN-NOT-HERE"u8.ToArray()]);
    }

    [TestCase("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n", 2)]
    [TestCase("PING\r\nECHO \"a b\" 'c d'\r\n\r\nping \"\\x41\\n\"\r\n", 3)]
    [TestCase("*0\r\n*-1\r\nPING\r\n", 1)]
    public void WellFormedRequestsMatchRedis(string request, int replies) => AssertSameRawExchange(request, replies);

    [TestCase("*x\r\n", 1)]
    [TestCase("*3000000000\r\n", 1)]
    [TestCase("*1\r\nx\r\n", 1)]
    [TestCase("*1\r\n$-1\r\n", 1)]
    [TestCase("*1\r\n$abc\r\n", 1)]
    [TestCase("*1\r\n$600000000\r\n", 1)]
    [TestCase("ECHO \"abc\r\n", 1)]
    [TestCase("ECHO \"a\"b\r\n", 1)]
    [TestCase("PING\r\n*1\r\n%4\r\nPING\r\n", 2)]
    public void ProtocolErrorsMatchRedisAndClose(string request, int replies) => AssertSameRawExchange(request, replies);

    [Test]
    public void AnInlineLineWithANulByteWaitsForANewlineItCannotSeeUntilTheInlineLimit()
    {
        // Redis finds the line's end with strchr, which stops at the NUL: the newline after it is
        // never seen, so the request waits, and so does everything sent after it, until the buffer
        // passes the 64 KB inline limit.
        AssertSameRawExchange("EC\0HO a\r\nPING\r\n" + new string('x', 70_000), 1);
    }

    [Test]
    public void ResetAfterClientReplySkipHasItsReplyDropped()
    {
        // RESET clears CLIENT REPLY OFF and a pending SKIP, but not the skip already in force for it.
        AssertSameRawExchange("CLIENT REPLY SKIP\r\nRESET\r\nPING\r\n", 1);
    }
}
