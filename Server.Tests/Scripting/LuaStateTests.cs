// Tests of how a Lua state is set up (Server/Scripting/LuaState.cs).

using EventLoopRedis.Scripting;

namespace EventLoopRedis.Tests.Scripting;

public class LuaStateTests
{
    [Test]
    public void AStateRunsTheGenerationalCollector()
    {
        using var lua = new LuaState(LuaMode.Eval, heapLimit: 0);
        // Switching to a mode answers the mode the state was in: generational already.
        Assert.That(LuaApi.lua_gc_generational(lua.Main, LuaApi.GcGen, 0, 0), Is.EqualTo(LuaApi.GcGen));
    }
}
