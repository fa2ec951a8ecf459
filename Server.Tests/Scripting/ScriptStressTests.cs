// Many errors through redis.call, caught by pcall, in one process: the pattern that breaks a
// binding that raises Lua errors from managed code (it hangs at the next garbage collection).

using System.Diagnostics;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Scripting;

[TestFixture]
public class ScriptStressTests
{
    [Test]
    public void AMillionRedisCallErrorsCaughtByPcallLeaveMemoryStable()
    {
        using var server = new InProcessServer();
        const string script =
            "local caught = 0 " +
            "for i = 1, 250000 do " +
            "  if not pcall(redis.call, 'nosuch', i) then caught = caught + 1 end " +
            "  if not pcall(function() return redis.call('GET') end) then caught = caught + 1 end " +
            "  local e = redis.pcall('SET', 'k', 'v', 'BADOPTION') if e.err then caught = caught + 1 end " +
            "  if not pcall(redis.call, 'SET', 'k', 'v', 'BADOPTION') then caught = caught + 1 end " +
            "end return caught";

        var watch = Stopwatch.StartNew();
        Assert.That(server.Call("EVAL", script, "0"), Is.EqualTo(":1000000\r\n"));
        GC.Collect();
        long managedAfterFirst = GC.GetTotalMemory(forceFullCollection: true);
        long luaAfterFirst = server.Server.Scripting.Eval.Lua.MemoryBytes;

        Assert.That(server.Call("EVAL", script, "0"), Is.EqualTo(":1000000\r\n"));
        Assert.That(server.Call("EVAL", "collectgarbage('collect') return 1", "0"), Is.EqualTo(":1\r\n"));
        long managedAfterSecond = GC.GetTotalMemory(forceFullCollection: true);
        long luaAfterSecond = server.Server.Scripting.Eval.Lua.MemoryBytes;
        watch.Stop();

        TestContext.Out.WriteLine($"2 x 1,000,000 errors in {watch.ElapsedMilliseconds} ms; managed {managedAfterFirst} -> {managedAfterSecond} bytes, Lua {luaAfterFirst} -> {luaAfterSecond} bytes");
        Assert.That(managedAfterSecond - managedAfterFirst, Is.LessThan(4 * 1024 * 1024), "managed memory grew");
        Assert.That(luaAfterSecond, Is.LessThan(luaAfterFirst + 1024 * 1024), "Lua memory grew");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(45)));
        Assert.That(server.Call("PING"), Is.EqualTo("+PONG\r\n"));
    }
}
