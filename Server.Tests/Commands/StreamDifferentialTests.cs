// Differential tests for the stream commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes in RESP2 and RESP3. IDs are explicit wherever a
// reply shows them; replies holding times (idle, delivery and seen times) go through a script
// that zeroes the times, so the rest of the reply is still compared byte for byte.

using EventLoopRedis.Tests.Support;
using static EventLoopRedis.Tests.Support.TranscriptStep;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class StreamDifferentialTests : DifferentialFixture
{
    // Every script starts from Redis's default node sizes, whatever an earlier one set.
    private static readonly string[][] DefaultNodeSizes =
        [["CONFIG", "SET", "stream-node-max-entries", "100"], ["CONFIG", "SET", "stream-node-max-bytes", "4096"]];

    /// <summary>
    /// A command run through EVAL with its times zeroed: numbers above 10^12 (Unix milliseconds),
    /// the values after "idle" and "seen-time", and the idle element of XPENDING's entries.
    /// </summary>
    private static string[] Timeless(params string[] command) =>
    [
        "EVAL", """
            local function clean(t, pending)
              for i, v in ipairs(t) do
                if type(v) == 'table' then clean(v, pending)
                elseif type(v) == 'number' and v > 1e12 then t[i] = 0
                elseif v == 'idle' or v == 'seen-time' then t[i + 1] = 0 end
              end
              if pending and #t == 4 and type(t[3]) == 'number' then t[3] = 0 end
              return t
            end
            local reply = redis.call(unpack(ARGV))
            if type(reply) == 'table' and reply.err == nil then return clean(reply, ARGV[1]:lower() == 'xpending') end
            return reply
            """, "0", .. command,
    ];

    // Builds stream k with entries 1-1 .. n-1, field f, value i, in one script.
    private static string[] Fill(string key, int n, string field = "f") =>
        ["EVAL", $"for i = 1, {n} do redis.call('XADD', KEYS[1], i .. '-1', '{field}', i) end return redis.call('XLEN', KEYS[1])", "1", key];

    private static readonly object[] Scripts =
    [
        new object[] { "xadd ids", new[] {
            new[] { "XADD", "s", "1-1", "a", "1", "b", "2" }, ["XADD", "s", "1-*", "a", "3"], ["XADD", "s", "1", "a", "4"],
            ["XADD", "s", "2", "c", "5"], ["XADD", "s", "2-*", "c", "6"], ["XADD", "s", "5-0", "c", "7"], ["XADD", "s", "4-*", "x", "y"],
            ["XADD", "s", "5-0", "x", "y"], ["XADD", "s", "5", "x", "y"], ["XADD", "s", "0-0", "x", "y"], ["XADD", "s", "0", "x", "y"],
            ["XADD", "t", "0-*", "x", "y"], ["XADD", "s", "abc", "x", "y"], ["XADD", "s", "1-2-3", "x", "y"], ["XADD", "s", "-", "x", "y"],
            ["XADD", "s", "+", "x", "y"], ["XADD", "s", "9-x", "x", "y"], ["XADD", "s", "-5", "x", "y"], ["XADD", "s", " 10", "x", "y"],
            ["XADD", "s", "+11-1", "x", "y"], ["XADD", "s", "12- 3", "x", "y"], ["XADD", "s", "18446744073709551616-1", "x", "y"],
            ["XADD", "s", "13-18446744073709551615", "x", "y"], ["XADD", "s", "13-*", "x", "y"], ["XADD", "s", "14-*", "x", "y"],
            ["XADD", "s", "15\0junk", "x", "y"], [Unchecked, "XADD", "auto", "*\0junk", "x", "y"], ["XLEN", "auto"],
            ["XADD", "m", "18446744073709551615-18446744073709551614", "a", "1"], ["XADD", "m", "18446744073709551615-*", "a", "1"],
            ["XADD", "m", "18446744073709551615-*", "a", "1"], ["XADD", "m", "*", "a", "1"], ["XADD", "m", "1-1", "a", "1"],
            ["XLEN", "s"], ["XRANGE", "s", "-", "+"], ["XLEN", "m"], ["XLEN", "missing"], ["TYPE", "s"], ["OBJECT", "ENCODING", "s"] } },
        new object[] { "xadd options and arity", new[] {
            new[] { "XADD", "s" }, ["XADD", "s", "1-1"], ["XADD", "s", "1-1", "f"], ["XADD", "s", "1-1", "f", "v", "g"], ["XADD", "s", "NOMKSTREAM"],
            ["XADD", "s", "NOMKSTREAM", "1-1", "f", "v"], ["EXISTS", "s"], ["XADD", "s", "nomkstream", "*", "f", "v"], ["EXISTS", "s"],
            ["XADD", "s", "1-1", "f", "v"], ["XADD", "s", "NOMKSTREAM", "2-1", "f", "v"], ["XADD", "s", "MAXLEN", "-1", "3-1", "f", "v"],
            ["XADD", "s", "MAXLEN", "x", "3-1", "f", "v"], ["XADD", "s", "MAXLEN", "1", "MINID", "1", "3-1", "f", "v"],
            ["XADD", "s", "LIMIT", "-1", "3-1", "f", "v"], ["XADD", "s", "LIMIT", "5", "3-1", "f", "v"], ["XADD", "s", "LIMIT", "0", "3-1", "f", "v"],
            ["XADD", "s", "MAXLEN", "=", "5", "LIMIT", "5", "3-1", "f", "v"], ["XADD", "s", "MINID", "~", "x", "3-1", "f", "v"],
            ["XADD", "s", "MAXLEN", "~", "-1", "3-1", "f", "v"], ["XADD", "s", "MAXLEN", "=", "1", "3-1", "f", "v"], ["XLEN", "s"],
            ["XADD", "s", "MINID", "=", "4", "4-1", "f", "v"], ["XRANGE", "s", "-", "+"], ["XADD", "s", "maxlen", "~", "0", "limit", "0", "5-1", "f", "v"],
            ["XADD", "s", "MAXLEN", "0", "6-1", "f", "v"], ["XLEN", "s"], ["XADD", "s", "MAXLEN", "~"], ["XADD", "s", "MAXLEN", "~", "1"],
            ["XADD", "s", "MAXLEN", "~", "1", "7-1"], ["XADD", "s", "FOO", "f", "v"], ["XADD", "s", "MAXLEN", "1", "MAXLEN", "2", "8-1", "f", "v"] } },
        new object[] { "xrange and xrevrange", new[] {
            new[] { "XADD", "s", "1-1", "a", "1" }, ["XADD", "s", "1-2", "b", "2"], ["XADD", "s", "2-0", "c", "3"], ["XADD", "s", "3-5", "d", "4", "e", "5"],
            ["XRANGE", "s", "-", "+"], ["XRANGE", "s", "1", "1"], ["XRANGE", "s", "1-2", "3"], ["XRANGE", "s", "(1-1", "(3-5"], ["XRANGE", "s", "(1", "+"],
            ["XRANGE", "s", "-", "+", "COUNT", "2"], ["XRANGE", "s", "-", "+", "COUNT", "0"], ["XRANGE", "s", "-", "+", "COUNT", "-1"],
            ["XRANGE", "s", "-", "+", "count", "1", "COUNT", "3"], ["XRANGE", "s", "3", "1"], ["XRANGE", "s", "(", "+"], ["XRANGE", "s", "(-", "+"],
            ["XRANGE", "s", "-", "(+"], ["XRANGE", "s", "(0-0", "+"], ["XRANGE", "s", "-", "(0-0"], ["XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"],
            ["XRANGE", "s", "-", "+", "COUNT", "x"], ["XRANGE", "s", "-", "+", "COUNT"], ["XRANGE", "s", "-", "+", "FOO", "1"], ["XRANGE", "s", "x", "+"],
            ["XRANGE", "s", "-", "x"], ["XRANGE", "missing", "-", "+"], ["XRANGE", "missing", "-", "+", "COUNT", "0"], ["XRANGE", "missing", "x", "+"],
            ["XREVRANGE", "s", "+", "-"], ["XREVRANGE", "s", "+", "-", "COUNT", "2"], ["XREVRANGE", "s", "(3-5", "(1-1"], ["XREVRANGE", "s", "2", "1"],
            ["XREVRANGE", "s", "-", "+"], ["XREVRANGE", "s", "+", "(18446744073709551615-18446744073709551615"], ["XREVRANGE", "s", "(0-0", "-"],
            ["XREVRANGE", "s", "+", "-", "COUNT", "0"], ["XREVRANGE", "missing", "+", "-"], ["XRANGE", "s", "-"], ["XREVRANGE", "s"] } },
        new object[] { "xdel keeps an emptied stream", new[] {
            new[] { "XADD", "s", "1-1", "a", "1" }, ["XADD", "s", "2-1", "b", "2"], ["XADD", "s", "3-1", "c", "3"], ["XDEL", "s", "2-1", "9-9", "2-1"],
            ["XDEL", "s", "1-1", "bad"], ["XLEN", "s"], ["XRANGE", "s", "-", "+"], ["XINFO", "STREAM", "s"], ["XDEL", "s", "1-1"], ["XINFO", "STREAM", "s"],
            ["XDEL", "s", "3-1"], ["EXISTS", "s"], ["XLEN", "s"], ["XINFO", "STREAM", "s"], ["XADD", "s", "3-1", "x", "y"], ["XADD", "s", "4-1", "x", "y"],
            ["XINFO", "STREAM", "s"], ["XDEL", "missing", "1-1"], ["XDEL", "s"], ["XDEL", "s", "-"], ["XDEL", "s", "+"], ["XDEL", "s", "4"] } },
        new object[] { "xtrim", new[] {
            Fill("s", 10), ["XTRIM", "s", "MAXLEN", "8"], ["XTRIM", "s", "MAXLEN", "=", "8"], ["XTRIM", "s", "MINID", "5"], ["XRANGE", "s", "-", "+", "COUNT", "1"],
            ["XTRIM", "s", "MINID", "=", "5-2"], ["XTRIM", "s", "MAXLEN", "~", "1"], ["XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "100"], ["XLEN", "s"],
            ["XTRIM", "s", "MAXLEN", "1", "LIMIT", "10"], ["XTRIM", "s", "LIMIT", "10"], ["XTRIM", "s"], ["XTRIM", "s", "MAXLEN"], ["XTRIM", "s", "FOO", "1"],
            ["XTRIM", "s", "MAXLEN", "1", "junk"], ["XTRIM", "s", "MAXLEN", "-1"], ["XTRIM", "s", "MINID", "x"], ["XTRIM", "s", "MAXLEN", "1", "MINID", "1"],
            ["XTRIM", "missing", "MAXLEN", "1"], ["XTRIM", "missing", "FOO"], ["XTRIM", "s", "NOMKSTREAM", "MAXLEN", "1"], ["XTRIM", "s", "MAXLEN", "0"],
            ["XLEN", "s"], ["XINFO", "STREAM", "s"] } },
        new object[] { "xsetid", new[] {
            new[] { "XADD", "s", "5-5", "a", "1" }, ["XSETID", "s", "1-1"], ["XSETID", "s", "5-5"], ["XSETID", "s", "10-0"], ["XADD", "s", "10-0", "a", "1"],
            ["XADD", "s", "10-*", "a", "1"], ["XSETID", "missing", "1-1"], ["XSETID", "s", "x"], ["XSETID", "s", "+"], ["XSETID", "s", "99999999999999999999-1"],
            ["XSETID", "s", "20-0", "ENTRIESADDED", "0"], ["XSETID", "s", "20-0", "ENTRIESADDED", "-1"], ["XSETID", "s", "20-0", "ENTRIESADDED", "x"],
            ["XSETID", "s", "20-0", "ENTRIESADDED", "50", "MAXDELETEDID", "21-0"], ["XSETID", "s", "20-0", "ENTRIESADDED", "50", "MAXDELETEDID", "x"],
            ["XSETID", "s", "20-0", "ENTRIESADDED", "50", "MAXDELETEDID", "15-0"], ["XINFO", "STREAM", "s"], ["XSETID", "s", "19-0"],
            ["XSETID", "s", "20-0", "FOO"], ["XSETID", "s", "20-0", "ENTRIESADDED"], ["XSETID", "s", "20-0", "foo", "1"], ["XSETID", "s"],
            ["XADD", "s", "30-1", "a", "1"], ["XDEL", "s", "30-1"], ["XSETID", "s", "25-0"], ["XDEL", "s", "10-1"], ["XDEL", "s", "5-5"], ["XSETID", "s", "1-0"], ["XSETID", "s", "16-0", "ENTRIESADDED", "0"], ["XINFO", "STREAM", "s"] } },
        new object[] { "xread", new[] {
            new[] { "XADD", "s", "1-1", "a", "1" }, ["XADD", "s", "2-1", "b", "2"], ["XADD", "t", "1-1", "c", "3"],
            ["XREAD", "STREAMS", "s", "0"], ["XREAD", "STREAMS", "s", "t", "1-1", "0"], ["XREAD", "COUNT", "1", "STREAMS", "s", "t", "0", "0"],
            ["XREAD", "STREAMS", "s", "$"], ["XREAD", "STREAMS", "missing", "s", "0", "1"], ["XREAD", "STREAMS", "s", "2-1"], ["XREAD", "COUNT", "-5", "STREAMS", "s", "0"],
            ["XREAD", "BLOCK", "0", "STREAMS", "s", "0"], ["XREAD", "BLOCK", "100", "COUNT", "1", "STREAMS", "s", "t", "1", "0"],
            ["XREAD", "BLOCK", "-1", "STREAMS", "s", "0"], ["XREAD", "BLOCK", "x", "STREAMS", "s", "0"], ["XREAD", "BLOCK", "1.5", "STREAMS", "s", "0"],
            ["XREAD", "STREAMS", "s"], ["XREAD", "STREAMS", "s", "t", "0"], ["XREAD", "STREAMS", "s", "0", "junk"], ["XREAD", "GROUP", "g", "c", "STREAMS", "s", "0"],
            ["XREAD", "NOACK", "STREAMS", "s", "0"], ["XREAD", "STREAMS", "s", ">"], ["XREAD", "STREAMS", "s", "x"], ["XREAD", "FOO", "STREAMS", "s", "0"],
            ["XREAD", "COUNT", "x", "STREAMS", "s", "0"], ["XREAD", "COUNT", "1"], ["XREAD", "streams", "s", "+"], ["XREAD", "STREAMS", "s", "-"],
            ["XREAD", "STREAMS", "STREAMS", "0", "0"], ["MULTI"], ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], ["XREAD", "BLOCK", "0", "STREAMS", "s", "0"], ["EXEC"],
            ["EVAL", "return redis.call('xread', 'block', '0', 'streams', KEYS[1], '$')", "1", "s"],
            ["EVAL", "return redis.call('XREAD', 'COUNT', '1', 'STREAMS', KEYS[1], '0')", "1", "s"] } },
        new object[] { "xgroup", new[] {
            new[] { "XGROUP", "CREATE", "s", "g", "$" }, ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"], ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
            ["TYPE", "s"], ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "-2"], ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "x"],
            ["XGROUP", "CREATE", "s", "g2", "0", "FOO"], ["XGROUP", "CREATE", "s", "g2", "bad"], ["XGROUP", "CREATE", "s", "g2", "-"],
            ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "3", "MKSTREAM"], ["XGROUP", "CREATE", "s", "g3", "5-5", "ENTRIESREAD"],
            ["XGROUP", "SETID", "s", "nog", "0"], ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "5"], ["XGROUP", "SETID", "s", "g", "0", "FOO"],
            ["XGROUP", "SETID", "s", "g", "+"], ["XGROUP", "SETID", "s", "g", "x"], ["XGROUP", "SETID", "s", "g", "$", "ENTRIESREAD", "-3"],
            ["XINFO", "GROUPS", "s"], ["XGROUP", "CREATECONSUMER", "s", "g", "c1"], ["XGROUP", "CREATECONSUMER", "s", "g", "c1"],
            ["XGROUP", "CREATECONSUMER", "s", "nog", "c1"], ["XGROUP", "DELCONSUMER", "s", "g", "c1"], ["XGROUP", "DELCONSUMER", "s", "g", "c1"],
            ["XGROUP", "DELCONSUMER", "missing", "g", "c1"], ["XGROUP", "DESTROY", "s", "g"], ["XGROUP", "DESTROY", "s", "g"], ["XGROUP", "DESTROY", "missing", "g"],
            ["XGROUP", "FOO", "s", "g"], ["XGROUP", "CREATE", "s"], ["XGROUP", "CREATE", "missing", "g", "0"], ["XGROUP", "SETID", "missing", "g", "0"],
            ["XGROUP", "CREATECONSUMER", "missing", "g", "c"], ["XGROUP", "HELP"], ["XGROUP", "help", "x"], ["XGROUP"], ["XINFO", "GROUPS", "s"],
            ["XGROUP", "CREATE", "s", "b\0c", "0"], ["XGROUP", "SETID", "s", "x\0y", "0"], ["XINFO", "HELP"] } },
        new object[] { "xreadgroup delivers and replays history", new[] {
            Fill("s", 5), ["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"],
            ["XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "s", ">"], ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"],
            ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", "1-1"], ["XREADGROUP", "GROUP", "g", "carol", "NOACK", "STREAMS", "s", ">"],
            ["XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"], ["XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", "0"],
            ["XPENDING", "s", "g"], Timeless("XPENDING", "s", "g", "-", "+", "10"), Timeless("XPENDING", "s", "g", "-", "+", "10", "alice"),
            Timeless("XPENDING", "s", "g", "(1-1", "+", "1"), Timeless("XPENDING", "s", "g", "-", "+", "10", "nobody"),
            ["XDEL", "s", "2-1"], ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"], ["XACK", "s", "g", "1-1", "2-1", "9-9"],
            ["XACK", "s", "g", "bad"], ["XACK", "s", "nog", "1-1"], ["XACK", "missing", "g", "1-1"], ["XPENDING", "s", "g"], Timeless("XINFO", "CONSUMERS", "s", "g"),
            ["XINFO", "GROUPS", "s"], ["XGROUP", "SETID", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "dave", "COUNT", "2", "STREAMS", "s", ">"],
            ["XPENDING", "s", "g"], ["XINFO", "GROUPS", "s"], ["XGROUP", "DELCONSUMER", "s", "g", "dave"], ["XPENDING", "s", "g"],
            ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "$"], ["XREADGROUP", "GROUP", "nog", "alice", "STREAMS", "s", ">"],
            ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "missing", ">"], ["XREADGROUP", "STREAMS", "s", ">"], ["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s"],
            ["XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", "0"], ["XREADGROUP", "GROUP", "g", "a", "BLOCK", "-1", "STREAMS", "s", ">"],
            ["MULTI"], ["XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">"], ["EXEC"], Timeless("XINFO", "STREAM", "s", "FULL") } },
        new object[] { "lag and entries-read", new[] {
            Fill("s", 5), ["XGROUP", "CREATE", "s", "g1", "0"], ["XGROUP", "CREATE", "s", "g2", "$"], ["XGROUP", "CREATE", "s", "g3", "3-1"],
            ["XGROUP", "CREATE", "s", "g4", "0", "ENTRIESREAD", "2"], ["XINFO", "GROUPS", "s"], ["XREADGROUP", "GROUP", "g1", "c", "COUNT", "2", "STREAMS", "s", ">"],
            ["XINFO", "GROUPS", "s"], ["XDEL", "s", "4-1"], ["XINFO", "GROUPS", "s"], ["XREADGROUP", "GROUP", "g1", "c", "STREAMS", "s", ">"],
            ["XREADGROUP", "GROUP", "g3", "c", "STREAMS", "s", ">"], ["XINFO", "GROUPS", "s"], ["XDEL", "s", "1-1"], ["XINFO", "GROUPS", "s"],
            ["XADD", "s", "6-1", "f", "6"], ["XINFO", "GROUPS", "s"], ["XTRIM", "s", "MAXLEN", "1"], ["XINFO", "GROUPS", "s"],
            ["XGROUP", "SETID", "s", "g2", "0"], ["XINFO", "GROUPS", "s"], ["XSETID", "s", "7-0", "ENTRIESADDED", "20"], ["XINFO", "GROUPS", "s"],
            ["XINFO", "STREAM", "s"], Timeless("XINFO", "STREAM", "s", "FULL", "COUNT", "1"), ["XINFO", "STREAM", "s", "FULL", "COUNT", "x"],
            ["XINFO", "STREAM", "s", "FOO"], ["XINFO", "STREAM", "s", "FULL", "FOO", "1"], ["XINFO", "STREAM", "s", "FULL", "COUNT"], ["XINFO", "STREAM", "missing"],
            ["XINFO", "GROUPS", "missing"], ["XINFO", "CONSUMERS", "missing", "g"], ["XINFO", "CONSUMERS", "s", "nog"], ["XINFO", "FOO", "s"], ["XINFO"],
            ["XINFO", "GROUPS", "s", "x"] } },
        new object[] { "xclaim", new[] {
            Fill("s", 5), ["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"],
            ["XCLAIM", "s", "g", "bob", "0", "1-1", "2-1"], ["XCLAIM", "s", "g", "bob", "3600000", "3-1"], ["XCLAIM", "s", "g", "carol", "0", "3-1", "JUSTID"],
            ["XCLAIM", "s", "g", "carol", "0", "4-1", "RETRYCOUNT", "7", "JUSTID"], ["XCLAIM", "s", "g", "carol", "0", "9-1", "FORCE"],
            ["XCLAIM", "s", "g", "carol", "0", "5-1", "IDLE", "1000", "JUSTID"], ["XCLAIM", "s", "g", "carol", "3600000", "5-1", "JUSTID"],
            ["XCLAIM", "s", "g", "dave", "0", "5-1", "TIME", "1000", "LASTID", "9-9", "JUSTID"], ["XINFO", "GROUPS", "s"],
            ["XACK", "s", "g", "1-1"], ["XCLAIM", "s", "g", "erin", "0", "1-1", "FORCE", "RETRYCOUNT", "3"], Timeless("XPENDING", "s", "g", "-", "+", "10"),
            ["XDEL", "s", "2-1"], ["XCLAIM", "s", "g", "erin", "0", "2-1"], ["XPENDING", "s", "g"], ["XCLAIM", "s", "g", "c", "x", "1-1"],
            ["XCLAIM", "s", "g", "c", "-5", "1-1", "JUSTID"], ["XCLAIM", "s", "g", "c", "0", "bad"], ["XCLAIM", "s", "g", "c", "0", "1-1", "IDLE", "x"],
            ["XCLAIM", "s", "g", "c", "0", "1-1", "TIME", "x"], ["XCLAIM", "s", "g", "c", "0", "1-1", "RETRYCOUNT", "x"],
            ["XCLAIM", "s", "g", "c", "0", "1-1", "LASTID", "bad"], ["XCLAIM", "s", "g", "c", "0", "1-1", "foo"], ["XCLAIM", "s", "g", "c", "0", "1-1", "IDLE"],
            ["XCLAIM", "s", "nog", "c", "0", "1-1"], ["XCLAIM", "missing", "g", "c", "0", "1-1"], ["XCLAIM", "s", "g", "c", "0"],
            Timeless("XINFO", "CONSUMERS", "s", "g") } },
        new object[] { "xautoclaim", new[] {
            Fill("s", 8), ["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"], ["XDEL", "s", "3-1", "6-1"],
            ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "2"], ["XAUTOCLAIM", "s", "g", "bob", "0", "2-1", "COUNT", "2", "JUSTID"],
            ["XAUTOCLAIM", "s", "g", "bob", "0", "(4-1", "JUSTID"], ["XAUTOCLAIM", "s", "g", "bob", "3600000", "0"], ["XAUTOCLAIM", "s", "g", "carol", "0", "-"],
            ["XPENDING", "s", "g"], ["XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "0"], ["XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "x"],
            ["XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "1000000000000000000"], ["XAUTOCLAIM", "s", "g", "c", "0", "bad"],
            ["XAUTOCLAIM", "s", "g", "c", "x", "0"], ["XAUTOCLAIM", "s", "g", "c", "-1", "0", "JUSTID"], ["XAUTOCLAIM", "s", "g", "c", "0", "0", "FOO"],
            ["XAUTOCLAIM", "s", "nog", "c", "0", "0"], ["XAUTOCLAIM", "missing", "g", "c", "0", "0"], ["XAUTOCLAIM", "s", "g", "c", "0", "(18446744073709551615-18446744073709551615"],
            ["XAUTOCLAIM", "s", "g", "c", "0"] } },
        new object[] { "xpending arguments", new[] {
            Fill("s", 3), ["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"],
            Timeless("XPENDING", "s", "g", "IDLE", "0", "-", "+", "10"), ["XPENDING", "s", "g", "IDLE", "3600000", "-", "+", "10"],
            ["XPENDING", "s", "g", "-", "+", "x"], ["XPENDING", "s", "g", "-", "+", "-1"], ["XPENDING", "s", "g", "-", "+", "0"], ["XPENDING", "s", "g", "IDLE", "x", "-", "+", "10"],
            ["XPENDING", "s", "g", "IDLE", "5", "-", "+"], ["XPENDING", "s", "g", "-", "+"], ["XPENDING", "s", "g", "x", "+", "1"], ["XPENDING", "s", "g", "-", "(0-0", "1"],
            Timeless("XPENDING", "s", "g", "-", "+", "10", "alice", "junk"), ["XPENDING", "s", "g", "-", "+", "10", "a", "b", "c"], ["XPENDING", "s", "nog"],
            ["XPENDING", "missing", "g"], ["XPENDING", "missing", "g", "-", "+", "x"], ["XPENDING", "s"] } },
        new object[] { "wrongtype both ways", new[] {
            new[] { "SET", "str", "v" }, ["XADD", "str", "1-1", "f", "v"], ["XLEN", "str"], ["XRANGE", "str", "-", "+"], ["XREVRANGE", "str", "+", "-"],
            ["XDEL", "str", "1-1"], ["XTRIM", "str", "MAXLEN", "1"], ["XSETID", "str", "1-1"], ["XREAD", "STREAMS", "str", "0"],
            ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"], ["XGROUP", "CREATE", "str", "g", "0"], ["XGROUP", "DESTROY", "str", "g"],
            ["XACK", "str", "g", "1-1"], ["XPENDING", "str", "g"], ["XCLAIM", "str", "g", "c", "0", "1-1"], ["XAUTOCLAIM", "str", "g", "c", "0", "0"],
            ["XINFO", "STREAM", "str"], ["XINFO", "GROUPS", "str"], ["XINFO", "CONSUMERS", "str", "g"], ["XADD", "s", "1-1", "f", "v"],
            ["GET", "s"], ["LPUSH", "s", "x"], ["HSET", "s", "a", "b"], ["SADD", "s", "x"], ["ZADD", "s", "1", "x"], ["INCR", "s"], ["APPEND", "s", "x"],
            ["TYPE", "s"], ["OBJECT", "ENCODING", "s"], ["SCAN", "0", "TYPE", "stream"], ["SCAN", "0", "TYPE", "STREAM"], ["SCAN", "0", "TYPE", "string"] } },
        new object[] { "keyspace commands carry streams", new[] {
            Fill("s", 3), ["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">"],
            ["COPY", "s", "c"], ["XADD", "s", "9-1", "f", "v"], ["XLEN", "c"], ["XINFO", "GROUPS", "c"], ["XPENDING", "c", "g"], ["XINFO", "STREAM", "c"],
            ["RENAME", "c", "r"], ["XRANGE", "r", "-", "+"], ["MOVE", "r", "1"], ["EXISTS", "r"], ["SELECT", "1"], ["XLEN", "r"], ["XINFO", "GROUPS", "r"],
            ["SELECT", "0"], ["DEL", "s"], ["EXISTS", "s"], ["XLEN", "s"], ["SORT", "r"] } },
        new object[] { "command introspection", new[] {
            new[] { "COMMAND", "GETKEYS", "XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0" },
            ["COMMAND", "GETKEYS", "XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", ">"], ["COMMAND", "GETKEYS", "XADD", "k", "*", "f", "v"],
            ["COMMAND", "GETKEYS", "XINFO", "STREAM", "k"], ["COMMAND", "GETKEYS", "XGROUP", "CREATE", "k", "g", "$"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedisInResp2(string name, string[][] commands) =>
        AssertSameReplies([.. DefaultNodeSizes, .. commands]);

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedisInResp3(string name, string[][] commands) =>
        AssertSameReplies([[Unchecked, "HELLO", "3"], .. DefaultNodeSizes, .. commands]);

    // ---- node boundaries: what `~` trimming can remove depends on them ----------------------

    private static readonly object[] NodeScripts =
    [
        new object[] { "entries per node", new[] {
            Fill("s", 1000), ["XINFO", "STREAM", "s"], ["XTRIM", "s", "MAXLEN", "~", "950"], ["XTRIM", "s", "MAXLEN", "~", "899"], ["XLEN", "s"],
            ["XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "250"], ["XLEN", "s"], ["XTRIM", "s", "MINID", "~", "750"], ["XTRIM", "s", "MINID", "~", "801-1"],
            ["XINFO", "STREAM", "s"], ["XADD", "s", "MAXLEN", "~", "10", "1001-1", "f", "x"], ["XLEN", "s"], ["XTRIM", "s", "MAXLEN", "~", "10"],
            ["XINFO", "STREAM", "s"], ["XTRIM", "s", "MAXLEN", "10"], ["XINFO", "STREAM", "s"] } },
        new object[] { "bytes per node", new[] {
            new[] { "CONFIG", "SET", "stream-node-max-entries", "0" },
            ["EVAL", "for i = 1, 300 do redis.call('XADD', KEYS[1], i .. '-1', 'field', string.rep('v', i % 97), 'n', i * 1000003) end return 1", "1", "s"],
            ["XINFO", "STREAM", "s"], ["XTRIM", "s", "MAXLEN", "~", "250"], ["XTRIM", "s", "MAXLEN", "~", "100"], ["XLEN", "s"],
            ["CONFIG", "SET", "stream-node-max-bytes", "200"],
            ["EVAL", "for i = 1, 200 do redis.call('XADD', KEYS[1], i .. '-' .. (i * 7), 'a' .. (i % 3), i, 'b', -i * 65537) end return 1", "1", "t"],
            ["XINFO", "STREAM", "t"], ["XTRIM", "t", "MAXLEN", "~", "150"], ["XTRIM", "t", "MINID", "~", "120"], ["XLEN", "t"],
            ["CONFIG", "SET", "stream-node-max-bytes", "0"], ["CONFIG", "SET", "stream-node-max-entries", "7"],
            ["EVAL", "for i = 1, 100 do redis.call('XADD', KEYS[1], '5-' .. i, 'f', i) end return 1", "1", "u"],
            ["XDEL", "u", "1-1", "5-1", "5-2", "5-3", "5-4", "5-5", "5-6", "5-7", "5-9"], ["XINFO", "STREAM", "u"], ["XTRIM", "u", "MAXLEN", "~", "80"],
            ["XINFO", "STREAM", "u"], ["XTRIM", "u", "MAXLEN", "85"], ["XTRIM", "u", "MAXLEN", "~", "70"], ["XINFO", "STREAM", "u"],
            ["CONFIG", "GET", "stream-node-max-bytes"], ["CONFIG", "GET", "stream-node-max-entries"] } },
        new object[] { "radix tree after deletions", new[] {
            new[] { "CONFIG", "SET", "stream-node-max-entries", "1" },
            ["EVAL", "for i = 1, 300 do redis.call('XADD', KEYS[1], (i * i * 37) .. '-' .. (i % 7), 'f', i) end return 1", "1", "s"],
            ["XINFO", "STREAM", "s"], ["XDEL", "s", "37-1", "148-2", "333-3", "592-4", "925-5", "1332-6"], ["XINFO", "STREAM", "s"],
            ["EVAL", "for i = 100, 200 do redis.call('XDEL', KEYS[1], (i * i * 37) .. '-' .. (i % 7)) end return 1", "1", "s"],
            ["XINFO", "STREAM", "s"], ["XTRIM", "s", "MAXLEN", "~", "50"], ["XINFO", "STREAM", "s"],
            ["EVAL", "for i = 1, 200 do redis.call('XADD', KEYS[1], '18446744073709551615-' .. (i * 1000003), 'f', i) end return 1", "1", "s"],
            ["XTRIM", "s", "MINID", "18446744073709551615-50000000"], ["XINFO", "STREAM", "s"] } },
        new object[] { "big entries and big deltas", new[] {
            new[] { "XADD", "s", "1-1", "f", new string('x', 5000) }, ["XADD", "s", "1-2", "f", "small"], ["XADD", "s", "1-3", "g", "small"],
            ["XADD", "s", "4294967296-0", "f", "1"], ["XADD", "s", "4294967296-5000000000", "f", "1"], ["XADD", "s", "18446744073709551615-0", "f", "-9223372036854775808"],
            ["XINFO", "STREAM", "s"], ["XTRIM", "s", "MAXLEN", "~", "2"], ["XINFO", "STREAM", "s"] } },
    ];

    [TestCaseSource(nameof(NodeScripts))]
    public void NodeBoundariesMatchRealRedis(string name, string[][] commands) =>
        AssertSameReplies([.. DefaultNodeSizes, .. commands, .. DefaultNodeSizes]);

    [Test]
    public void HundredThousandEntriesMatchRedis() => AssertSameReplies(
    [
        .. DefaultNodeSizes,
        Fill("big", 100_000), ["XLEN", "big"], ["XINFO", "STREAM", "big"], ["XRANGE", "big", "50000", "+", "COUNT", "3"],
        ["XREVRANGE", "big", "50000", "-", "COUNT", "3"], ["XDEL", "big", "50000-1", "50001-1"], ["XRANGE", "big", "49999", "50002"],
        ["XTRIM", "big", "MAXLEN", "~", "60000"], ["XTRIM", "big", "MAXLEN", "~", "10", "LIMIT", "20000"], ["XLEN", "big"],
        ["XTRIM", "big", "MINID", "70000-5"], ["XINFO", "STREAM", "big"], ["XGROUP", "CREATE", "big", "g", "0"],
        ["EVAL", "local n = 0 for i = 1, 10 do n = n + #redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1000', 'STREAMS', KEYS[1], '>')[1][2] end return n", "1", "big"],
        ["XPENDING", "big", "g"], ["XINFO", "GROUPS", "big"], ["XADD", "big", "MAXLEN", "~", "1000", "200000-1", "f", "v"], ["XLEN", "big"],
        ["XINFO", "STREAM", "big"],
    ]);

    [Test]
    public void BinaryKeysFieldsAndNamesMatchRedis()
    {
        const string key = "k\0\xff\r\n";
        const string field = "f\0\r\n\xfe";
        const string value = "\xff\0\r\nv";
        const string group = "g\xff\r\n";
        const string consumer = "c\0\xfe";
        AssertSameReplies(
        [
            ["XADD", key, "1-1", field, value, "", ""], ["XADD", key, "2-1", field, "12345"], ["XRANGE", key, "-", "+"], ["XGROUP", "CREATE", key, group, "0"],
            ["XREADGROUP", "GROUP", group, consumer, "STREAMS", key, ">"], ["XPENDING", key, group], ["XINFO", "GROUPS", key],
            Timeless("XINFO", "CONSUMERS", key, group), ["XREAD", "STREAMS", key, "0"], ["XGROUP", "CREATE", "missing", group, "0"],
            ["XINFO", "CONSUMERS", key, "no\r\npe"], ["XPENDING", "mis\nsing", "gr\rp"], ["TYPE", key],
        ]);
    }

    [Test]
    public void KeyspaceHitsAndMissesCountLikeRedis() => AssertSameKeyspaceCounters(
    [
        ["XADD", "s", "1-1", "f", "v"], ["XLEN", "s"], ["XLEN", "missing"], ["XRANGE", "s", "-", "+"], ["XRANGE", "missing", "-", "+"],
        ["XREAD", "STREAMS", "s", "missing", "0", "0"], ["XREAD", "STREAMS", "s", "$"], ["XGROUP", "CREATE", "s", "g", "0"],
        ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"], ["XACK", "s", "g", "1-1"], ["XPENDING", "s", "g"], ["XINFO", "STREAM", "s"],
        ["XDEL", "s", "1-1"], ["XTRIM", "s", "MAXLEN", "0"], ["XCLAIM", "s", "g", "c", "0", "1-1"],
    ]);

    // ---- blocking reads: multi-client transcripts, every reply compared with Redis's ----------------

    /// <summary>Long enough for the server to have read a command sent on another connection.</summary>
    private const int Settle = 50;

    private void AssertSameTranscript(params TranscriptStep[] steps) => Transcript.AssertSame(RedisPort, OurPort, steps);

    [Test]
    public void ABlockedXReadIsServedByTheNextXAddToItsStream() => AssertSameTranscript(
        Call(3, "XADD", "s", "1-1", "f", "v"),
        Send(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), Pause(Settle),
        Send(2, "XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "other", "s", "$", "1-1"), Pause(Settle),
        Call(3, "XADD", "s", "2-1", "a", "1"),
        Read(1), Read(2),
        Call(3, "XADD", "s", "3-1", "b", "2"),
        Call(3, "XLEN", "s"));

    [Test]
    public void AWaiterOnSeveralStreamsGetsOnlyTheOneWrittenFirst() => AssertSameTranscript(
        Send(1, "XREAD", "BLOCK", "0", "STREAMS", "a", "b", "$", "$"), Pause(Settle),
        Call(2, "MULTI"),
        Call(2, "XADD", "b", "5-1", "f", "v"),
        Call(2, "XADD", "a", "6-1", "f", "v"),
        Call(2, "EXEC"),
        Read(1));

    [Test]
    public void BlockedReadsTimeOutWithTheNullReplyInBothProtocols() => AssertSameTranscript(
        Call(1, "XREAD", "BLOCK", "50", "STREAMS", "s", "$"),
        Call(1, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        Call(1, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "50", "STREAMS", "s", ">"),
        CallUnchecked(2, "HELLO", "3"),
        Call(2, "XREAD", "BLOCK", "50", "STREAMS", "s", "$"),
        Call(2, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "50", "STREAMS", "s", ">"),
        Call(2, "XINFO", "GROUPS", "s"));

    [Test]
    public void GroupReadersWaitForEntriesTheGroupHasNotDelivered() => AssertSameTranscript(
        Call(3, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        Call(3, "XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"),
        Send(1, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"), Pause(Settle),
        Send(2, "XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", ">"), Pause(Settle),
        Call(3, "XADD", "s", "1-1", "f", "v"),
        Read(1),
        Call(3, "XADD", "s", "2-1", "f", "v"),
        Read(2),
        Call(3, "XPENDING", "s", "g"),
        Call(3, "XINFO", "GROUPS", "s"));

    [Test]
    public void GroupReadersInResp3AndWithNoAck() => AssertSameTranscript(
        Call(3, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        CallUnchecked(1, "HELLO", "3"),
        Send(1, "XREADGROUP", "GROUP", "g", "alice", "NOACK", "BLOCK", "0", "STREAMS", "s", ">"), Pause(Settle),
        Call(3, "XADD", "s", "1-1", "f", "v"),
        Read(1),
        Call(3, "XPENDING", "s", "g"));

    [Test]
    public void DestroyingTheGroupEndsItsReadersWaitWithNoGroup() => AssertSameTranscript(
        Call(3, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        Send(1, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"), Pause(Settle),
        Call(3, "XGROUP", "DESTROY", "s", "g"),
        Read(1),
        Call(1, "PING"));

    [Test]
    public void AnXAddThatDoesNotPassTheWaitedIdOrADeleteLeavesReadersWaiting() => AssertSameTranscript(
        Call(3, "XADD", "s", "5-1", "f", "v"),
        Send(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "9-9"), Pause(Settle),
        Call(3, "XADD", "s", "6-1", "f", "v"),
        Call(3, "DEL", "s"),
        Call(3, "SET", "s", "string"),
        Call(3, "DEL", "s"),
        Call(3, "XADD", "s", "10-1", "f", "v"),
        Read(1));

    [Test]
    public void ClientUnblockEndsABlockedRead() => AssertSameTranscript(
        Send(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), Pause(Settle),
        Call(2, "CLIENT", "UNBLOCK", IdOf(1), "ERROR"),
        Read(1),
        Send(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), Pause(Settle),
        Call(2, "CLIENT", "UNBLOCK", IdOf(1)),
        Read(1));

    [Test]
    public void SeveralConsumersShareAGroupLikeRedis()
    {
        // Two connections read from one group in turn; each gets its own entries and history.
        string Run(int port)
        {
            using var alice = new RespConnection(port);
            using var bob = new RespConnection(port);
            alice.Call("FLUSHALL");
            var log = new List<string>
            {
                alice.Call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
                bob.Call("XADD", "s", "1-1", "job", "1"), bob.Call("XADD", "s", "2-1", "job", "2"), bob.Call("XADD", "s", "3-1", "job", "3"),
                alice.Call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">"),
                bob.Call("XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "s", ">"),
                alice.Call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"),
                bob.Call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0"),
                alice.Call("XACK", "s", "g", "1-1", "3-1"), bob.Call("XPENDING", "s", "g"),
                alice.Call("XCLAIM", "s", "g", "alice", "0", "2-1", "JUSTID"), bob.Call("XPENDING", "s", "g"),
            };
            return string.Join("|", log);
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }

    private static readonly string[][] WatchedWrites =
    [
        ["XADD", "s", "2-2", "a", "b"], ["XDEL", "s", "1-1"], ["XDEL", "s", "9-9"], ["XTRIM", "s", "MAXLEN", "0"], ["XTRIM", "s", "MAXLEN", "5"],
        ["XSETID", "s", "5-0"], ["XREAD", "STREAMS", "s", "0"], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
        ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"], ["XACK", "s", "g", "1-1"], ["XGROUP", "CREATE", "s", "g2", "0"],
        ["XGROUP", "SETID", "s", "g", "0"], ["XGROUP", "CREATECONSUMER", "s", "g", "new"], ["XGROUP", "DELCONSUMER", "s", "g", "c"],
        ["XGROUP", "DESTROY", "s", "g"], ["XCLAIM", "s", "g", "d", "0", "1-1"], ["XAUTOCLAIM", "s", "g", "d", "0", "0"],
        ["XGROUP", "CREATE", "t", "g", "0", "MKSTREAM"],
    ];

    [Test]
    public void WatchSeesTheWritesRedisSignals()
    {
        // A key is "modified" for WATCH exactly where Redis calls signalModifiedKey: XADD, XDEL
        // and XTRIM that remove something, XGROUP CREATE MKSTREAM; not XSETID, not group reads.
        string Run(int port)
        {
            var outcome = new List<string>();
            foreach (var write in WatchedWrites)
            {
                using var watcher = new RespConnection(port);
                using var writer = new RespConnection(port);
                watcher.Call("FLUSHALL");
                watcher.Call("XADD", "s", "1-1", "f", "v");
                watcher.Call("XGROUP", "CREATE", "s", "g", "0");
                watcher.Call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
                watcher.Call("WATCH", "s", "t");
                writer.Call(write);
                watcher.Call("MULTI");
                watcher.Call("PING");
                outcome.Add($"{string.Join(' ', write)}: {watcher.Call("EXEC")}");
            }
            return string.Join("\n", outcome);
        }
        Assert.That(Run(OurPort), Is.EqualTo(Run(RedisPort)));
    }
}
