// Differential tests for COMMAND: the table as clients read it (INFO, DOCS, LIST, COUNT, bare
// COMMAND) and key extraction (GETKEYS, GETKEYSANDFLAGS), against redis-server 7.0.15.
// Every command this server has is compared, so commands added later are covered too.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class CommandDifferentialTests : DifferentialFixture
{
    private static byte[] Call(int port, bool resp3, params string[] command)
    {
        using var connection = new RespConnection(port);
        if (resp3) connection.Call("HELLO", "3");
        return connection.CallBytes(command.Select(a => Encoding.Latin1.GetBytes(a)).ToArray());
    }

    private List<string> OurCommandNames()
    {
        var list = RespTree.Parse(Call(OurPort, false, "COMMAND", "LIST"));
        return list.Children.Select(c => c.Text!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A COMMAND INFO entry with its subcommands (kept in hash order by Redis) sorted, and only those
    /// in <paramref name="keep"/>: a subcommand this server lacks is absent here, not different.
    /// </summary>
    private static RespTree CanonicalInfo(RespTree entry, ISet<string> keep)
    {
        if (entry.Children.Count == 10)
        {
            var subs = entry.Children[9];
            subs.RemoveElements(sub => !keep.Contains(sub.Children[0].Text!));
            foreach (var sub in subs.Children) CanonicalInfo(sub, keep);
            subs.SortElements();
        }
        return entry;
    }

    /// <summary>A COMMAND DOCS reply with every subcommands map sorted by name, and restricted to <paramref name="keep"/>.</summary>
    private static RespTree CanonicalDocs(RespTree docs, ISet<string> keep)
    {
        for (int i = 1; i < docs.Children.Count; i += 2)
        {
            if (docs.Children[i].Field("subcommands") is { } subs)
            {
                subs.RemovePairs(name => !keep.Contains(name.Text!));
                CanonicalDocs(subs, keep);
                subs.SortPairs();
            }
        }
        return docs;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void CommandInfoOfEveryCommandMatchesRedis(bool resp3) =>
        AssertEveryCommandMatches(resp3, "INFO", (reply, keep) => CanonicalInfo(reply.Children[0], keep));

    [TestCase(false)]
    [TestCase(true)]
    public void CommandDocsOfEveryCommandMatchesRedis(bool resp3) =>
        AssertEveryCommandMatches(resp3, "DOCS", CanonicalDocs);

    /// <summary>COMMAND INFO or DOCS of each of our commands, one by one, compared in canonical order.</summary>
    private void AssertEveryCommandMatches(bool resp3, string subcommand, Func<RespTree, ISet<string>, RespTree> canonical)
    {
        var differences = new List<string>();
        var names = OurCommandNames();
        var keep = names.ToHashSet();
        foreach (var name in names)
        {
            string ours = canonical(RespTree.Parse(Call(OurPort, resp3, "COMMAND", subcommand, name)), keep).Serialize();
            string redis = canonical(RespTree.Parse(Call(RedisPort, resp3, "COMMAND", subcommand, name)), keep).Serialize();
            if (ours != redis) differences.Add($"{name}:\n  ours:  {ours.ReplaceLineEndings(" ")}\n  redis: {redis.ReplaceLineEndings(" ")}");
        }
        Assert.That(differences, Is.Empty, string.Join("\n", differences));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void BareCommandRepliesCommandInfoOfEveryTopLevelCommand(bool resp3)
    {
        var all = RespTree.Parse(Call(OurPort, resp3, "COMMAND"));
        var names = OurCommandNames();
        var keep = names.ToHashSet();
        var topLevel = names.Where(n => !n.Contains('|')).ToList();
        Assert.That(all.Children.Select(e => e.Children[0].Text).Order(StringComparer.Ordinal), Is.EqualTo(topLevel));
        long count = long.Parse(Encoding.ASCII.GetString(Call(OurPort, resp3, "COMMAND", "COUNT"))[1..].Trim());
        Assert.That(count, Is.EqualTo(topLevel.Count));
        foreach (var entry in all.Children)
        {
            string name = entry.Children[0].Text!;
            var redis = RespTree.Parse(Call(RedisPort, resp3, "COMMAND", "INFO", name)).Children[0];
            Assert.That(CanonicalInfo(entry, keep).Serialize(), Is.EqualTo(CanonicalInfo(redis, keep).Serialize()), name);
        }
        // COMMAND INFO with no names is the same as bare COMMAND.
        Assert.That(RespTree.Parse(Call(OurPort, resp3, "COMMAND", "INFO")).Children.Count, Is.EqualTo(topLevel.Count));
    }

    [Test]
    public void CommandListNamesSubcommandsAsParentBarSub()
    {
        var ours = OurCommandNames();
        var redis = RespTree.Parse(Call(RedisPort, false, "COMMAND", "LIST")).Children.Select(c => c.Text!).ToHashSet();
        Assert.That(ours, Does.Contain("config|get").And.Contain("command|getkeysandflags").And.Contain("client|list"));
        Assert.That(ours.Where(n => !redis.Contains(n)), Is.Empty, "names Redis 7.0 does not have");
    }

    [TestCase("ACLCAT", "keyspace")]
    [TestCase("ACLCAT", "ADMIN")]
    [TestCase("ACLCAT", "nosuchcategory")]
    [TestCase("PATTERN", "config|*")]
    [TestCase("PATTERN", "*GET*")]
    [TestCase("PATTERN", "s?t")]
    [TestCase("MODULE", "nosuchmodule")]
    public void CommandListFiltersAsRedisRestrictedToOurCommands(string filter, string value)
    {
        var ourNames = OurCommandNames().ToHashSet();
        var ours = RespTree.Parse(Call(OurPort, false, "COMMAND", "LIST", "FILTERBY", filter, value))
            .Children.Select(c => c.Text!).Order(StringComparer.Ordinal).ToList();
        var redis = RespTree.Parse(Call(RedisPort, false, "COMMAND", "LIST", "FILTERBY", filter, value))
            .Children.Select(c => c.Text!).Where(ourNames.Contains).Order(StringComparer.Ordinal).ToList();
        Assert.That(ours, Is.EqualTo(redis));
    }

    private static readonly object[] Scripts =
    [
        new object[] { "bare command and arity", new[] { new[] { "CONFIG" }, ["COMMAND", "COUNT", "x"], ["COMMAND", "nope"],
            ["COMMAND", "LIST", "FILTERBY"], ["COMMAND", "LIST", "FILTERBY", "PATTERN", "x", "y"], ["COMMAND", "HELP"],
            ["COMMAND", "LIST", "FILTERBY", "PATTERN", "nosuch*"], ["command", "help", "x"] } },
        new object[] { "getkeys of fixed positions", new[] { new[] { "COMMAND", "GETKEYS", "get", "a" },
            ["COMMAND", "GETKEYS", "SET", "a", "b", "EX", "10"], ["COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"],
            ["COMMAND", "GETKEYS", "mset", "a", "1", "b"], ["COMMAND", "GETKEYS", "del", "a", "b", "c"],
            ["COMMAND", "GETKEYS", "rename", "a", "b"], ["COMMAND", "GETKEYS", "copy", "a", "b", "DB", "1"],
            ["COMMAND", "GETKEYS", "bitop", "and", "d", "a", "b"], ["COMMAND", "GETKEYS", "lcs", "a", "b"] } },
        new object[] { "getkeys errors", new[] { new[] { "COMMAND", "GETKEYS", "ping" }, ["COMMAND", "GETKEYS", "nosuch", "a"],
            ["COMMAND", "GETKEYS", "get"], ["COMMAND", "GETKEYS", "get", "a", "b"], ["COMMAND", "GETKEYS", "config", "get", "x"],
            ["COMMAND", "GETKEYS", "config", "nosuch"], ["COMMAND", "GETKEYS", "command", "getkeys", "get", "a"],
            ["COMMAND", "GETKEYS", "client", "list"], ["COMMAND", "GETKEYSANDFLAGS", "ping", "x"],
            ["COMMAND", "GETKEYS", "set", "a"], ["COMMAND", "GETKEYSANDFLAGS", "nosuch", "x"] } },
        new object[] { "getkeys with numkeys", new[] { new[] { "COMMAND", "GETKEYS", "eval", "return 1", "2", "a", "b", "c" },
            ["COMMAND", "GETKEYS", "eval", "s", "0"], ["COMMAND", "GETKEYS", "eval", "s", "0", "x"],
            ["COMMAND", "GETKEYS", "eval", "s", "3", "a", "b"], ["COMMAND", "GETKEYS", "eval", "s", "-1", "a"],
            ["COMMAND", "GETKEYS", "eval", "s", "2abc", "a", "b"], ["COMMAND", "GETKEYS", "eval", "s", "+1", "a"],
            ["COMMAND", "GETKEYS", "eval", "s", " 1", "a"], ["COMMAND", "GETKEYS", "eval", "s", "x", "a"],
            ["COMMAND", "GETKEYS", "evalsha", "abc", "1", "k"], ["COMMAND", "GETKEYS", "eval_ro", "s", "2", "a", "b"],
            ["COMMAND", "GETKEYS", "fcall", "f", "1", "k", "arg"], ["COMMAND", "GETKEYS", "fcall_ro", "f", "0"],
            ["COMMAND", "GETKEYS", "eval", "s", "99999999999999999999", "a"],
            ["COMMAND", "GETKEYS", "eval", "s", "4294967297", "a"] } },
        new object[] { "getkeysandflags", new[] { new[] { "COMMAND", "GETKEYSANDFLAGS", "set", "a", "b" },
            ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET"], ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "get\0x"],
            ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "NX", "get"], ["COMMAND", "GETKEYSANDFLAGS", "get", "a"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8", "0"], ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "overflow", "sat", "get", "u8", "0"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "set", "u8", "0", "1"], ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield_ro", "k", "get", "u8", "0"],
            ["COMMAND", "GETKEYSANDFLAGS", "eval", "s", "2", "a", "b"], ["COMMAND", "GETKEYSANDFLAGS", "eval", "s", "1abc", "a"],
            ["COMMAND", "GETKEYSANDFLAGS", "eval_ro", "s", "1", "a"], ["COMMAND", "GETKEYSANDFLAGS", "del", "a", "b"],
            ["COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b"], ["COMMAND", "GETKEYSANDFLAGS", "getex", "a", "PERSIST"],
            ["COMMAND", "GETKEYSANDFLAGS", "mset", "a", "1", "b", "2"], ["COMMAND", "GETKEYSANDFLAGS", "object", "encoding", "a"] } },
        new object[] { "getkeys in resp3", new[] { new[] { Unchecked, "HELLO", "3" },
            ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"], ["COMMAND", "GETKEYS", "eval", "s", "1", "a"],
            ["COMMAND", "GETKEYS", "eval", "s", "0"], ["COMMAND", "GETKEYS", "ping"] } },
        new object[] { "getkeys of binary keys", new[] { new[] { "COMMAND", "GETKEYS", "get", "k\0\xff\r\n" },
            ["COMMAND", "GETKEYSANDFLAGS", "del", "\0", "\xff"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void GetKeysReturnsMoreThan256Keys()
    {
        var mset = new List<string> { "COMMAND", "GETKEYS", "MSET" };
        for (int i = 0; i < 1000; i++) mset.AddRange([$"key:{i}", "v"]);
        var del = new List<string> { "COMMAND", "GETKEYSANDFLAGS", "DEL" };
        for (int i = 0; i < 300; i++) del.Add($"key:{i}");
        var eval = new List<string> { "COMMAND", "GETKEYS", "EVAL", "return 1", "400" };
        for (int i = 0; i < 400; i++) eval.Add($"key:{i}");
        AssertSameReplies(mset.ToArray(), del.ToArray(), eval.ToArray());
        Assert.That(RespTree.Parse(Call(OurPort, false, [.. mset])).Children, Has.Count.EqualTo(1000));
    }

    [Test]
    public void RedisPyCommandsParserFindsTheSameKeysAsWithRedis()
    {
        ExternalTools.RequirePythonRedis();
        string Run(int port)
        {
            var info = new ProcessStartInfo(ExternalTools.Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Clients", "redis_py_commands_parser.py"));
            info.ArgumentList.Add(port.ToString());
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(60_000), Is.True, "the redis-py script did not finish");
            Assert.That(process.ExitCode, Is.Zero, stdout.Result + stderr.Result);
            return stdout.Result;
        }
        var ours = Run(OurPort).Split('\n');
        var redis = Run(RedisPort).Split('\n');
        Assert.That(ours, Does.Contain("eval ['a', 'b']"));
        // Commands this server does not have yet are printed as absent; every other line must be Redis's.
        Assert.That(ours.Where(line => !line.EndsWith(" absent", StringComparison.Ordinal)), Is.SubsetOf(redis));
    }
}
