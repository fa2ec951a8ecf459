// Differential tests for access control: ACL and its subcommands, AUTH and HELLO AUTH, NOPERM
// refusals of commands, keys and channels, ACL LOG, scripts and transactions under a restricted
// user, against redis-server 7.0.15. Replies are compared byte for byte after normalising what
// Redis itself does not fix: the order of single-command rules (hash order), log ages and client details.

using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Security;

[TestFixture]
public class AclDifferentialTests : DifferentialFixture
{
    private const string Hash1 = "f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a"; // SHA-256 of "p1"

    /// <summary>
    /// Scripts of steps. A step is a command, optionally led by "@n" to send it on connection n
    /// (connection 1 by default), or "@n", "closed?" to ask whether connection n was closed.
    /// </summary>
    private static readonly object[] Scripts =
    [
        new object[] { "setuser, getuser and list", new[] {
            new[] { "ACL", "SETUSER", "alice" }, ["ACL", "GETUSER", "alice"], ["ACL", "LIST"], ["ACL", "USERS"],
            ["ACL", "SETUSER", "alice", "on", ">p1", ">p2", "~k*", "%R~r*", "%W~w*", "&ch*", "-@all", "+get", "+set", "+hget"],
            ["ACL", "GETUSER", "alice"], ["ACL", "LIST"], ["ACL", "SETUSER", "alice", "<p2", "#" + Hash1, "!" + Hash1],
            ["ACL", "GETUSER", "alice"], ["ACL", "SETUSER", "alice", "nopass"], ["ACL", "GETUSER", "alice"],
            ["ACL", "SETUSER", "alice", "resetpass", "off", "skip-sanitize-payload"], ["ACL", "LIST"],
            ["ACL", "SETUSER", "alice", "reset"], ["ACL", "LIST"], ["ACL", "GETUSER", "nosuch"], ["ACL", "SETUSER", "Bob", "on"],
            ["ACL", "SETUSER", "bob", "allkeys", "allchannels", "allcommands"], ["ACL", "USERS"], ["ACL", "LIST"],
            ["ACL", "SETUSER", "bob", "resetkeys", "resetchannels", "nocommands"], ["ACL", "GETUSER", "bob"],
            ["ACL", "SETUSER", "bob", "~a", "~a", "%R~b", "%W~b", "&c", "&c", "%RW~d"], ["ACL", "GETUSER", "bob"] } },
        new object[] { "rule errors change nothing", new[] {
            new[] { "ACL", "SETUSER", "u", "on", ">p" }, ["ACL", "SETUSER", "u", "off", "foo"], ["ACL", "SETUSER", "u", "+nosuch"],
            ["ACL", "SETUSER", "u", "~*", "~a"], ["ACL", "SETUSER", "u", "&*", "&a"], ["ACL", "SETUSER", "u", "<nopw"],
            ["ACL", "SETUSER", "u", "#abc"], ["ACL", "SETUSER", "u", "!" + Hash1.ToUpperInvariant()], ["ACL", "SETUSER", "u", "+config|get|x"],
            ["ACL", "SETUSER", "u", "+get|"], ["ACL", "SETUSER", "u", "(+get"], ["ACL", "SETUSER", "u", "on", "(+get", "(+set"],
            ["ACL", "SETUSER", "a b"], ["ACL", "SETUSER", "a\0b"], ["ACL", "SETUSER", "u", "%X~a"], ["ACL", "SETUSER", "u", "%"],
            ["ACL", "SETUSER", "u", "(+get foo)"], ["ACL", "SETUSER", "u", "+config|nosuch"], ["ACL", "SETUSER", "u", "-config|get|x"],
            ["ACL", "SETUSER", "u", "-get|foo"], ["ACL", "SETUSER", "u", "+@nosuch"], ["ACL", "SETUSER", "u", "+"], ["ACL", "SETUSER", "u", "-@"],
            ["ACL", "SETUSER", "u", "~a b"], ["ACL", "SETUSER", "u", "bad", "on"], ["ACL", "LIST"], ["ACL", "SETUSER", "v", "bad"],
            ["ACL", "USERS"], ["ACL", "SETUSER"], ["ACL", "SETUSER", "u", ""], ["ACL", "GETUSER", "u"] } },
        new object[] { "command, category and first-arg rules", new[] {
            new[] { "ACL", "SETUSER", "c", "+@all", "-@dangerous", "-get", "+config|get" }, ["ACL", "GETUSER", "c"],
            ["ACL", "SETUSER", "c", "-@all", "+@read", "-@hash", "+hset", "-client", "+client|id"], ["ACL", "GETUSER", "c"],
            ["ACL", "SETUSER", "c", "nocommands", "+select|0", "+select|1", "+SELECT|1", "+debug|object"], ["ACL", "GETUSER", "c"],
            ["ACL", "SETUSER", "c", "+select"], ["ACL", "GETUSER", "c"], ["ACL", "SETUSER", "c", "-select", "+select|2"],
            ["ACL", "SETUSER", "c", "-@all", "+config", "-config|set"], ["ACL", "GETUSER", "c"],
            ["ACL", "SETUSER", "c", "allcommands", "-@write", "+@string"], ["ACL", "LIST"], ["ACL", "SETUSER", "c", "-@all", "+@pubsub"],
            ["ACL", "GETUSER", "c"] } },
        new object[] { "selectors", new[] {
            new[] { "ACL", "SETUSER", "s", "on", "nopass", "-@all", "+get", "~a*", "(+set ~s*)", "(", "+hset", "~h*", "&x", ")" },
            ["ACL", "GETUSER", "s"], ["ACL", "LIST"], ["ACL", "DRYRUN", "s", "get", "a1"], ["ACL", "DRYRUN", "s", "get", "s1"],
            ["ACL", "DRYRUN", "s", "set", "s1", "v"], ["ACL", "DRYRUN", "s", "set", "a1", "v"], ["ACL", "DRYRUN", "s", "hset", "h", "f", "v"],
            ["ACL", "DRYRUN", "s", "hset", "a", "f", "v"], ["ACL", "DRYRUN", "s", "del", "a"], ["ACL", "SETUSER", "s", "clearselectors"],
            ["ACL", "GETUSER", "s"], ["ACL", "SETUSER", "s", "(~x", "\"+get\")"], ["ACL", "GETUSER", "s"], ["ACL", "SETUSER", "s", "( )"],
            ["ACL", "LIST"] } },
        new object[] { "dryrun", new[] {
            new[] { "ACL", "SETUSER", "d", "on", "nopass", "~k*", "%R~r*", "%W~w*", "&ch*", "-@all", "+get", "+set", "+publish",
                "+subscribe", "+psubscribe", "+copy", "+lmove", "+config|get", "+select|0" },
            ["ACL", "DRYRUN", "nosuch", "get", "x"], ["ACL", "DRYRUN", "d", "nosuch"], ["ACL", "DRYRUN", "d", "get"],
            ["ACL", "DRYRUN", "d", "get", "k1"], ["ACL", "DRYRUN", "d", "get", "x"], ["ACL", "DRYRUN", "d", "get", "r1"],
            ["ACL", "DRYRUN", "d", "get", "w1"], ["ACL", "DRYRUN", "d", "set", "w1", "v"], ["ACL", "DRYRUN", "d", "set", "r1", "v"],
            ["ACL", "DRYRUN", "d", "set", "w1", "v", "GET"], ["ACL", "DRYRUN", "d", "copy", "r1", "w1"], ["ACL", "DRYRUN", "d", "copy", "w1", "r1"],
            ["ACL", "DRYRUN", "d", "lmove", "r1", "w1", "left", "right"], ["ACL", "DRYRUN", "d", "lmove", "k1", "k2", "left", "right"],
            ["ACL", "DRYRUN", "d", "del", "k1"], ["ACL", "DRYRUN", "d", "publish", "ch1", "m"], ["ACL", "DRYRUN", "d", "publish", "x", "m"],
            ["ACL", "DRYRUN", "d", "subscribe", "ch1", "x", "y"], ["ACL", "DRYRUN", "d", "psubscribe", "ch*"],
            ["ACL", "DRYRUN", "d", "psubscribe", "ch1"], ["ACL", "DRYRUN", "d", "config", "get", "port"],
            ["ACL", "DRYRUN", "d", "config", "set", "port", "1"], ["ACL", "DRYRUN", "d", "config", "nosuch"], ["ACL", "DRYRUN", "d", "config"],
            ["ACL", "DRYRUN", "d", "select", "0"], ["ACL", "DRYRUN", "d", "select", "1"], ["ACL", "DRYRUN", "d", "auth", "x"],
            ["ACL", "DRYRUN", "default", "flushall"] } },
        new object[] { "auth, hello auth and whoami", new[] {
            new[] { "ACL", "SETUSER", "alice", "on", ">p1", "+@all", "~*" }, ["ACL", "SETUSER", "off1", "off", ">p1", "+@all"],
            ["ACL", "SETUSER", "free", "on", "nopass", "+@all"],
            ["@2", "ACL", "WHOAMI"], ["@2", "AUTH", "alice", "wrong"], ["@2", "AUTH", "alice", "p1"], ["@2", "ACL", "WHOAMI"],
            ["@2", "AUTH", "off1", "p1"], ["@2", "AUTH", "nosuch", "p1"], ["@2", "AUTH", "free", "anything"], ["@2", "ACL", "WHOAMI"],
            ["@2", "AUTH", "x"], ["@2", "AUTH", "a", "b", "c"], ["@2", "HELLO", "2", "AUTH", "alice", "bad"],
            ["@2", "HELLO", "2", "AUTH", "alice", "bad", "FOO"], ["@2", "HELLO", "2", "AUTH", "alice", "p1", "SETNAME", "a b"],
            ["@2", "ACL", "WHOAMI"], ["@2", "RESET"], ["@2", "ACL", "WHOAMI"], ["@3", "HELLO", "3", "AUTH", "default", "x"],
            ["@3", "ACL", "WHOAMI"], ["ACL", "SETUSER", "default", ">secret"], ["@4", "GET", "x"], ["@4", "AUTH", "x"],
            ["@4", "AUTH", "secret"], ["@4", "GET", "x"], ["@5", "HELLO", "3"], ["@5", "HELLO", "3", "AUTH", "default", "secret"],
            ["@5", "ACL", "WHOAMI"], ["ACL", "SETUSER", "default", "nopass"], ["@6", "AUTH", "x"], ["ACL", "LOG"] } },
        new object[] { "requirepass sets the default user's password", new[] {
            new[] { "CONFIG", "SET", "requirepass", "pw" }, ["ACL", "LIST"], ["@2", "PING"], ["@2", "AUTH", "pw"], ["@2", "PING"],
            ["@2", "ACL", "WHOAMI"], ["CONFIG", "SET", "requirepass", ""], ["ACL", "LIST"], ["@3", "PING"] } },
        new object[] { "noperm for commands, keys and channels", new[] {
            new[] { "ACL", "SETUSER", "r", "on", "nopass", "~k*", "%R~r*", "%W~w*", "&ch*", "+@all", "-debug", "-flushall", "-config|set" },
            ["@2", "AUTH", "r", "x"], ["@2", "GET", "x"], ["@2", "GET", "k1"], ["@2", "SET", "r1", "v"], ["@2", "GET", "r1"],
            ["@2", "SET", "w1", "v"], ["@2", "GET", "w1"], ["@2", "MSET", "k1", "1", "x", "2"], ["@2", "FLUSHALL"],
            ["@2", "CONFIG", "SET", "maxclients", "10"], ["@2", "CONFIG", "GET", "maxclients"], ["@2", "PUBLISH", "x", "m"],
            ["@2", "PUBLISH", "ch1", "m"], ["@2", "SUBSCRIBE", "ch1", "x"], ["@2", "PSUBSCRIBE", "ch*", "c*"], ["@2", "SPUBLISH", "x", "m"],
            ["@2", "LMOVE", "r1", "w1", "LEFT", "LEFT"], ["@2", "SORT", "k1", "BY", "x", "STORE", "r2"], ["@2", "EXISTS", "w1"],
            ["@2", "DEBUG", "SLEEP", "0"], ["@2", "NOSUCH"], ["@2", "GET"], ["ACL", "LOG", "20"] } },
        new object[] { "acl log entries, grouping and reset", new[] {
            new[] { "ACL", "SETUSER", "l", "on", "nopass", "~k*", "+get", "+set", "+acl" }, ["@2", "AUTH", "l", "x"],
            ["@2", "GET", "x"], ["@2", "GET", "x"], ["@2", "GET", "y"], ["@2", "DEL", "k1"], ["@2", "AUTH", "nosuch", "x"],
            ["@2", "auth", "nosuch", "x"], ["ACL", "LOG"], ["ACL", "LOG", "2"], ["ACL", "LOG", "0"], ["ACL", "LOG", "-1"],
            ["ACL", "LOG", "x"], ["ACL", "LOG", "1", "2"], ["CONFIG", "SET", "acllog-max-len", "2"], ["@2", "GET", "z"],
            ["ACL", "LOG"], ["CONFIG", "SET", "acllog-max-len", "128"], ["ACL", "LOG", "RESET"], ["ACL", "LOG"], ["HELLO", "3"],
            ["@2", "GET", "w"], ["ACL", "LOG"] } },
        new object[] { "scripts run with the caller's permissions", new[] {
            new[] { "ACL", "SETUSER", "sc", "on", "nopass", "~k*", "&ch*", "+@all", "-debug", "-flushall" }, ["@2", "AUTH", "sc", "x"],
            ["@2", "EVAL", "return redis.call('get','x')", "0"], ["@2", "EVAL", "return redis.pcall('get','x')", "0"],
            ["@2", "EVAL", "return redis.call('set','k1','v')", "0"], ["@2", "EVAL", "return redis.call('flushall')", "0"],
            ["@2", "EVAL", "return redis.call('publish','x','m')", "0"], ["@2", "EVAL", "return redis.call('publish','ch1','m')", "0"],
            ["@2", "EVAL", "return redis.call('debug','sleep','0')", "0"],
            ["@2", "EVAL", "return {redis.acl_check_cmd('get','x'), redis.acl_check_cmd('get','k1'), redis.acl_check_cmd('flushall')}", "0"],
            ["@2", "EVAL", "return redis.acl_check_cmd('nosuch')", "0"],
            ["FUNCTION", "LOAD", "REPLACE", "#!lua name=acllib\nredis.register_function('getit', function(keys) return redis.call('get', keys[1]) end)"],
            ["@2", "FCALL", "getit", "1", "k1"], ["@2", "FCALL", "getit", "1", "x"], ["ACL", "LOG"], ["FUNCTION", "DELETE", "acllib"] } },
        new object[] { "transactions under acl", new[] {
            new[] { "ACL", "SETUSER", "t", "on", "nopass", "~*", "&*", "+@all", "-exec", "-discard" }, ["@2", "AUTH", "t", "x"],
            ["@2", "MULTI"], ["@2", "GET", "a"], ["@2", "EXEC"], ["@2", "DISCARD"], ["ACL", "SETUSER", "t2", "on", "nopass", "~*", "&*", "+@all"],
            ["@3", "AUTH", "t2", "x"], ["@3", "MULTI"], ["@3", "ACL", "SETUSER", "t2", "-get", "resetkeys", "~a", "resetchannels"],
            ["@3", "GET", "k1"], ["@3", "SET", "k1", "v"], ["@3", "SET", "a", "v"], ["@3", "PUBLISH", "c", "m"], ["@3", "EXEC"],
            ["@3", "MULTI"], ["@3", "GET", "x"], ["@3", "SET", "a", "1"], ["@3", "EXEC"], ["ACL", "LOG"] } },
        new object[] { "deleting a user disconnects its clients", new[] {
            new[] { "ACL", "SETUSER", "gone", "on", "nopass", "+@all", "~*" }, ["ACL", "SETUSER", "self", "on", "nopass", "+@all", "~*"],
            ["@2", "AUTH", "gone", "x"], ["@3", "AUTH", "self", "x"], ["ACL", "DELUSER", "gone", "nosuch"], ["@2", "closed?"],
            ["@3", "ACL", "DELUSER", "self"], ["@3", "closed?"], ["ACL", "DELUSER", "default"], ["ACL", "DELUSER", "x", "default"],
            ["ACL", "USERS"], ["CLIENT", "KILL", "USER", "nosuch"], ["ACL", "SETUSER", "k", "on", "nopass", "+@all"],
            ["@4", "AUTH", "k", "x"], ["CLIENT", "KILL", "USER", "k"], ["@4", "closed?"] } },
        new object[] { "revoking a channel disconnects subscribers", new[] {
            new[] { "ACL", "SETUSER", "sub", "on", "nopass", "+@all", "~*", "&news*" }, ["@2", "AUTH", "sub", "x"],
            ["@2", "SUBSCRIBE", "news1"], ["ACL", "SETUSER", "sub", "&other"], ["@2", "closed?"], ["@3", "AUTH", "sub", "x"],
            ["@3", "SUBSCRIBE", "news1"], ["ACL", "SETUSER", "sub", "resetchannels", "&other"], ["@3", "closed?"] } },
        new object[] { "acl-pubsub-default", new[] {
            new[] { "CONFIG", "SET", "acl-pubsub-default", "allchannels" }, ["ACL", "SETUSER", "p1"], ["ACL", "SETUSER", "p2", "(+get)"],
            ["ACL", "SETUSER", "p3", "reset"], ["ACL", "LIST"], ["CONFIG", "SET", "acl-pubsub-default", "resetchannels"],
            ["ACL", "SETUSER", "p4"], ["ACL", "SETUSER", "p1", "reset"], ["ACL", "LIST"], ["CONFIG", "GET", "acl-pubsub-default"], ["CONFIG", "GET", "aclfile"],
            ["CONFIG", "GET", "acllog-max-len"],
            ["CONFIG", "SET", "acl-pubsub-default", "x"], ["CONFIG", "SET", "aclfile", "x"], ["CONFIG", "SET", "acllog-max-len", "-1"] } },
        new object[] { "cat, genpass errors, help and unknown subcommands", new[] {
            new[] { "ACL", "CAT" }, ["ACL", "CAT", "nosuch"], ["ACL", "CAT", "a", "b"], ["ACL", "GENPASS", "0"], ["ACL", "GENPASS", "4097"],
            ["ACL", "GENPASS", "x"], ["ACL", "GENPASS", "1", "2"], ["ACL", "HELP"], ["ACL", "FOO"], ["ACL"], ["ACL", "GETUSER"],
            ["ACL", "LIST", "x"], ["ACL", "WHOAMI", "x"], ["ACL", "LOAD"], ["ACL", "SAVE"], ["ACL", "DELUSER"], ["ACL", "DRYRUN", "x"],
            ["ACL", "HELP", "x"] } },
        new object[] { "resp3 replies", new[] {
            new[] { "HELLO", "3" }, ["ACL", "SETUSER", "r3", "on", ">p1", "~k", "&c", "+get", "(+set ~s)"], ["ACL", "GETUSER", "r3"],
            ["ACL", "GETUSER", "nosuch"], ["ACL", "LIST"], ["ACL", "DRYRUN", "r3", "get", "k"], ["ACL", "DRYRUN", "r3", "get", "x"],
            ["ACL", "WHOAMI"], ["ACL", "CAT"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void AclBehavesAsRedis(string name, string[][] steps)
    {
        var known = OurCommandNames();
        var expected = Run(RedisPort, steps, known);
        var actual = Run(OurPort, steps, known);
        for (int i = 0; i < steps.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"{name}: reply to `{string.Join(' ', steps[i])}` differs from redis-server's");
    }

    [TestCase("keyspace")]
    [TestCase("read")]
    [TestCase("WRITE")]
    [TestCase("dangerous")]
    [TestCase("scripting")]
    public void AclCatListsTheCommandsOfACategoryAsRedis(string category)
    {
        using var ours = new RespConnection(OurPort);
        using var redis = new RespConnection(RedisPort);
        var ourNames = RespTree.Parse(ours.CallBytes(Bytes("COMMAND"), Bytes("LIST"))).Children.Select(c => c.Text!).ToHashSet();
        var mine = RespTree.Parse(ours.CallBytes(Bytes("ACL"), Bytes("CAT"), Bytes(category))).Children.Select(c => c.Text!).Order().ToList();
        var theirs = RespTree.Parse(redis.CallBytes(Bytes("ACL"), Bytes("CAT"), Bytes(category))).Children.Select(c => c.Text!)
            .Where(ourNames.Contains).Order().ToList();
        Assert.That(mine, Is.EqualTo(theirs));
    }

    [Test]
    public void GenpassRepliesSecureHexOfTheBitsAsked()
    {
        using var connection = new RespConnection(OurPort);
        var passwords = new HashSet<string>();
        foreach (var (bits, chars) in new[] { ("", 64), ("1", 1), ("5", 2), ("255", 64), ("4096", 1024) })
        {
            string reply = bits.Length == 0 ? connection.Call("ACL", "GENPASS") : connection.Call("ACL", "GENPASS", bits);
            string password = reply.Split("\r\n")[1];
            Assert.That(password, Has.Length.EqualTo(chars).And.Match("^[0-9a-f]+$"));
            passwords.Add(password);
        }
        Assert.That(passwords, Has.Count.EqualTo(5));
    }

    [Test]
    public void CommandInfoAndDocsOfAclMatchRedis()
    {
        foreach (var resp3 in new[] { false, true })
        {
            foreach (var subcommand in new[] { "INFO", "DOCS" })
            {
                string Canonical(int port)
                {
                    using var connection = new RespConnection(port);
                    if (resp3) connection.Call("HELLO", "3");
                    var tree = RespTree.Parse(connection.CallBytes(Bytes("COMMAND"), Bytes(subcommand), Bytes("acl"), Bytes("auth"), Bytes("hello")));
                    if (subcommand == "INFO") tree.Children[0].Children[9].SortElements();
                    else tree.Children[1].Field("subcommands")!.SortPairs();
                    return tree.Serialize();
                }
                Assert.That(Canonical(OurPort), Is.EqualTo(Canonical(RedisPort)), $"COMMAND {subcommand} (resp3: {resp3})");
            }
        }
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Our commands and subcommands: a rule Redis writes for a command we lack is left out of the comparison.</summary>
    private HashSet<string> OurCommandNames()
    {
        using var connection = new RespConnection(OurPort);
        return RespTree.Parse(connection.CallBytes(Bytes("COMMAND"), Bytes("LIST"))).Children.Select(c => c.Text!).ToHashSet();
    }

    /// <summary>Runs the steps after resetting users, the log and the keyspace; returns each reply normalised.</summary>
    private static List<string> Run(int port, string[][] steps, HashSet<string> known)
    {
        var connections = new Dictionary<int, RespConnection>();
        RespConnection Connection(int n)
        {
            if (!connections.TryGetValue(n, out var connection)) connections[n] = connection = new RespConnection(port);
            return connection;
        }
        try
        {
            Reset(Connection(0));
            var replies = new List<string>();
            foreach (var step in steps)
            {
                int n = 1;
                var command = step;
                if (step[0].StartsWith('@'))
                {
                    n = int.Parse(step[0][1..]);
                    command = step[1..];
                }
                if (command is ["closed?"])
                {
                    replies.Add(Connection(n).IsClosedByPeer() ? "<closed>" : "<open>");
                    continue;
                }
                replies.Add(AclReplies.Normalise(RespConnection.Latin1(Connection(n).CallBytes(command.Select(Bytes).ToArray())), known));
            }
            Reset(Connection(0));
            return replies;
        }
        finally
        {
            foreach (var connection in connections.Values) connection.Dispose();
        }
    }

    /// <summary>Back to one default user with every permission, an empty log, default ACL settings and no keys.</summary>
    private static void Reset(RespConnection connection)
    {
        connection.Call("AUTH", "default", "secret"); // in case a script left a password (ignored otherwise)
        connection.Call("CONFIG", "SET", "requirepass", "");
        connection.Call("ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all");
        foreach (var user in RespTree.Parse(connection.CallBytes(Bytes("ACL"), Bytes("USERS"))).Children.Select(c => c.Text!))
        {
            if (user != "default") connection.Call("ACL", "DELUSER", user);
        }
        connection.Call("CONFIG", "SET", "acl-pubsub-default", "resetchannels");
        connection.Call("CONFIG", "SET", "acllog-max-len", "128");
        connection.Call("ACL", "LOG", "RESET");
        connection.Call("FLUSHALL");
    }
}
