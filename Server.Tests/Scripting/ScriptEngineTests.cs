// The scripting engine seen from inside: the shared pseudo-client, lua_scripts, the busy
// watchdog, and the places where Lua 5.4 shows through (docs/scripting.md).

using EventLoopRedis.Config;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Scripting;

[TestFixture]
public class ScriptEngineTests
{
    [Test]
    public void RedisCallGoesThroughOneSocketlessClientOutsideTheClientsList()
    {
        using var server = new InProcessServer();
        var pseudo = server.Server.Scripting.PseudoClient;
        Assert.That(pseudo.Socket, Is.Null);
        Assert.That(server.Server.Clients.Values, Does.Not.Contain(pseudo));
        server.Call("EVAL", "redis.call('SET', 'a', '1') return redis.call('GET', 'a')", "0");
        server.Call("EVAL", "return redis.call('PING')", "0");
        Assert.That(pseudo.LastCommand?.Name, Is.EqualTo("ping"), "the second script used the same client");
        Assert.That(pseudo.Reply.PendingBytes, Is.Zero, "replies are read back and consumed");
    }

    [Test]
    public void ScriptsRunInTheCallersDatabaseAndSelectDoesNotLeak()
    {
        using var server = new InProcessServer();
        server.Call("SELECT", "4");
        Assert.That(server.Call("EVAL", "redis.call('SET', 'k', 'v') redis.call('SELECT', 9) return redis.call('DBSIZE')", "0"), Is.EqualTo(":0\r\n"));
        Assert.That(server.Call("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
        Assert.That(server.Client.Db.Id, Is.EqualTo(4));
    }

    [Test]
    public void LuaScriptsAreKeyedByTheLowercaseSha()
    {
        using var server = new InProcessServer();
        Assert.That(server.Call("EVAL", "return 'hi'", "0"), Is.EqualTo("$2\r\nhi\r\n"));
        var eval = server.Server.Scripting.Eval;
        Assert.That(eval.Count, Is.EqualTo(1));
        Assert.That(eval.Exists("2f31ba2bb6d6a0f42cc159d2e2dad55440778de3"u8), Is.True);
        Assert.That(eval.Exists("2F31BA2BB6D6A0F42CC159D2E2DAD55440778DE3"u8), Is.True);
        Assert.That(server.Call("SCRIPT", "FLUSH"), Is.EqualTo("+OK\r\n"));
        Assert.That(eval.Count, Is.Zero);
    }

    [Test]
    public void ScriptFlushStartsAFreshLuaState()
    {
        using var server = new InProcessServer();
        var before = server.Server.Scripting.Eval.Lua;
        server.Call("SCRIPT", "FLUSH");
        Assert.That(server.Server.Scripting.Eval.Lua, Is.Not.SameAs(before));
        Assert.That(server.Call("EVAL", "return cjson.encode({1})", "0"), Is.EqualTo("$3\r\n[1]\r\n"));
    }

    [Test]
    public void QuickScriptsNeverPayForTheHook()
    {
        using var server = new InProcessServer();
        for (int i = 0; i < 100; i++) server.Call("EVAL", "return redis.call('PING')", "0");
        Assert.That(server.Server.Scripting.LastRun.HookInstalled, Is.False);
    }

    [Test]
    public void TheWatchdogHooksAScriptThatRunsForAWhile()
    {
        using var server = new InProcessServer();
        Assert.That(server.Call("EVAL", "local n = 0 while n < 100000000 do n = n + 1 end return n", "0"), Is.EqualTo(":100000000\r\n"));
        Assert.That(server.Server.Scripting.LastRun.HookInstalled, Is.True);
        Assert.That(server.Call("EVAL", "return 1", "0"), Is.EqualTo(":1\r\n"));
        Assert.That(server.Server.Scripting.LastRun.HookInstalled, Is.False, "the next script starts without it");
    }

    [Test]
    public void WithNoLoopAScriptPastTheThresholdJustRunsOn()
    {
        using var server = new InProcessServer(new ServerConfig { BusyReplyThreshold = 1 });
        Assert.That(server.Call("EVAL", "local n = 0 while n < 20000000 do n = n + 1 end return redis.call('ECHO', n)", "0"),
            Is.EqualTo("$8\r\n20000000\r\n"));
        Assert.That(server.Server.Scripting.LastRun.TimedOut, Is.True);
        Assert.That(server.Server.Scripting.Running, Is.Null);
    }

    [Test]
    public void IntegersAreExactWhereRedisWouldRoundThemToDoubles()
    {
        using var server = new InProcessServer();
        Assert.That(server.Call("EVAL", "return 9007199254740993", "0"), Is.EqualTo(":9007199254740993\r\n"));
        server.Call("EVAL", "return redis.call('SET', 'k', 9007199254740993)", "0");
        Assert.That(server.Call("GET", "k"), Is.EqualTo("$16\r\n9007199254740993\r\n"));
        Assert.That(server.Call("EVAL", "return tostring(10/2)", "0"), Is.EqualTo("$3\r\n5.0\r\n"), "Lua 5.4 prints floats with .0");
    }

    [Test]
    public void ErrorsInTailCallsStillNameTheScriptLine()
    {
        using var server = new InProcessServer();
        string reply = server.Call("EVAL", "local function f(n)\n if n == 0 then\n  return redis.call('nosuch')\n end\n return f(n - 1)\nend\nreturn f(3)", "0");
        Assert.That(reply, Does.EndWith(", on @user_script:3.\r\n"));
    }

    [Test]
    public void UnboundedTailRecursionRunsOutOfStack()
    {
        using var server = new InProcessServer();
        string reply = server.Call("EVAL", "local function f(n) if n == 0 then return 0 end return f(n - 1) end return f(1e7)", "0");
        Assert.That(reply, Does.Contain("stack overflow"));
        Assert.That(server.Call("EVAL", "return 1", "0"), Is.EqualTo(":1\r\n"));
    }
}
