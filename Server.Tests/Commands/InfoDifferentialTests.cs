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
        // This server's additions: "runtime" (the .NET version) in place of gcc_version, and the
        // garbage collector's gc_* lines at the end of the memory section.
        static bool Ours(string f) => f == "Server/runtime" || f.StartsWith("Memory/gc_");
        Assert.That(ourOrder.Where(f => !redisOrder.Contains(f) && !Ours(f)), Is.Empty, "fields Redis does not have");
        ourOrder.RemoveAll(Ours);
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
    public void GcLinesCloseTheMemorySectionAndAreDocumented()
    {
        var memory = Info(OurPort).Where(f => f.Section == "Memory").ToList();
        var gc = memory.SkipWhile(f => !f.Field.StartsWith("gc_")).ToList();
        Assert.That(gc.Select(f => f.Field), Is.EqualTo(new[]
        {
            "gc_mode", "gc_gen0_collections", "gc_gen1_collections", "gc_gen2_collections", "gc_pause_total_ms",
            "gc_pause_max_ms", "gc_pause_time_percent", "gc_heap_size", "gc_heap_committed", "gc_allocated_bytes",
        }), "the gc_* lines, last in INFO memory");
        var values = gc.ToDictionary(f => f.Field, f => f.Value);
        Assert.That(values["gc_mode"], Is.EqualTo("workstation-concurrent"), "Server.csproj's GC settings");
        Assert.That(long.Parse(values["gc_gen0_collections"]), Is.GreaterThanOrEqualTo(long.Parse(values["gc_gen1_collections"])));
        Assert.That(long.Parse(values["gc_gen1_collections"]), Is.GreaterThanOrEqualTo(long.Parse(values["gc_gen2_collections"])));
        Assert.That(long.Parse(values["gc_pause_total_ms"]), Is.GreaterThanOrEqualTo(long.Parse(values["gc_pause_max_ms"]) - 1), "no single pause longer than all of them");
        Assert.That(long.Parse(values["gc_allocated_bytes"]), Is.GreaterThan(0));
        string docs = File.ReadAllText(DocsTests.RepositoryFile("docs/operations.md"));
        foreach (var field in values.Keys)
            Assert.That(docs, Does.Contain($"`{field}`"), $"{field} is not described in docs/operations.md");
    }

    [Test]
    public void RoleIsAMasterWithoutReplicas() => AssertSameReplies(["ROLE"], ["ROLE", "x"], ["role"]);
}
