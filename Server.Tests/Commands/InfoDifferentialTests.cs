// INFO against redis-server 7.0.15: every field this server reports is one Redis reports, in
// Redis's section and order, and the fields whose value is a fact of the data (scripts cached,
// functions loaded) have Redis's value.

using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class InfoDifferentialTests : DifferentialFixture
{
    private static List<(string Section, string Field, string Value)> Info(int port, params string[][] setup)
    {
        using var connection = new RespConnection(port);
        connection.Call("SCRIPT", "FLUSH");
        connection.Call("FUNCTION", "FLUSH");
        foreach (var command in setup) connection.Call(command);
        string text = (string)Resp.Parse(connection.CallBytes("INFO"u8.ToArray(), "everything"u8.ToArray()))!;
        var fields = new List<(string, string, string)>();
        string section = "";
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#')) section = line[2..];
            else fields.Add((section, line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..]));
        }
        return fields;
    }

    [Test]
    public void EveryFieldIsARedisFieldInRedisOrder()
    {
        var redis = Info(RedisPort);
        var ours = Info(OurPort);
        // Per-command, per-error and per-database lines depend on what ran; the rest must be Redis's names.
        static bool Fixed(string field) => !field.StartsWith("cmdstat_") && !field.StartsWith("errorstat_")
            && !field.StartsWith("db") && !field.StartsWith("latency_percentiles_usec_");
        var redisOrder = redis.Where(f => Fixed(f.Field)).Select(f => $"{f.Section}/{f.Field}").ToList();
        var ourOrder = ours.Where(f => Fixed(f.Field)).Select(f => $"{f.Section}/{f.Field}").ToList();
        // "runtime" (the .NET version) is this server's one addition, in place of gcc_version.
        Assert.That(ourOrder.Where(f => !redisOrder.Contains(f) && f != "Server/runtime"), Is.Empty, "fields Redis does not have");
        ourOrder.Remove("Server/runtime");
        var positions = ourOrder.Select(f => redisOrder.IndexOf(f)).ToList();
        Assert.That(positions, Is.Ordered, "fields in Redis's order");
    }

    [Test]
    public void ScriptAndFunctionCountsMatchRedis()
    {
        string[][] setup =
        [
            ["SCRIPT", "LOAD", "return 1"], ["SCRIPT", "LOAD", "return 2"], ["EVAL", "return 3", "0"],
            ["FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f1', function() return 1 end)\nredis.register_function('f2', function() return 2 end)"],
        ];
        string[] facts = ["number_of_cached_scripts", "number_of_functions", "number_of_libraries", "maxmemory", "maxmemory_policy",
            "lazyfree_pending_objects", "lazyfreed_objects"];
        var redis = Info(RedisPort, setup).Where(f => facts.Contains(f.Field)).ToList();
        var ours = Info(OurPort, setup).Where(f => facts.Contains(f.Field)).ToList();
        Assert.That(ours, Is.EqualTo(redis));
        Assert.That(ours.Single(f => f.Field == "number_of_cached_scripts").Value, Is.EqualTo("3"));
    }

    [Test]
    public void MemoryFieldsAreConsistent()
    {
        var memory = Info(OurPort).Where(f => f.Section == "Memory").ToDictionary(f => f.Field, f => f.Value);
        long used = long.Parse(memory["used_memory"]);
        Assert.That(long.Parse(memory["used_memory_peak"]), Is.GreaterThanOrEqualTo(used));
        Assert.That(long.Parse(memory["used_memory_startup"]), Is.GreaterThan(0));
        Assert.That(long.Parse(memory["used_memory_lua"]), Is.GreaterThan(0), "the eval Lua state has a size");
        Assert.That(long.Parse(memory["used_memory_vm_total"]),
            Is.EqualTo(long.Parse(memory["used_memory_vm_eval"]) + long.Parse(memory["used_memory_vm_functions"])));
        Assert.That(memory["used_memory_peak_perc"], Does.Match(@"^\d+\.\d\d%$"));
    }

    [Test]
    public void RoleIsAMasterWithoutReplicas() => AssertSameReplies(["ROLE"], ["ROLE", "x"], ["role"]);
}
