// Differential tests for the sorted set commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes, in RESP2 and RESP3.

using System.Globalization;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class SortedSetDifferentialTests : DifferentialFixture
{
    private const string MaxLong = "9223372036854775807";
    private const string MinLong = "-9223372036854775808";

    private static readonly string[] Fruits = ["ZADD", "z", "1", "apple", "2", "banana", "2", "cherry", "3.5", "date", "-1", "elder", "inf", "fig", "-inf", "grape"];
    private static readonly string[] Letters = ["ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "f", "0", "g", "0", "aa", "0", "\xff", "0", ""];

    private static readonly object[] Scripts =
    [
        new object[] { "zadd options and errors", new[] { new[] { "ZADD", "z", "1", "a" }, ["ZADD", "z", "2", "a", "3", "b"], ["ZADD", "z", "NX", "9", "a", "4", "c"],
            ["ZADD", "z", "XX", "9", "a", "5", "d"], ["ZADD", "z", "XX", "CH", "10", "a", "10", "b"], ["ZADD", "z", "CH", "10", "a", "11", "b", "1", "n"],
            ["ZADD", "z", "GT", "CH", "5", "a", "20", "b"], ["ZADD", "z", "LT", "CH", "5", "a", "30", "b"], ["ZADD", "z", "GT", "1", "new"],
            ["ZADD", "z", "XX", "GT", "100", "a"], ["ZADD", "z", "NX", "XX", "1", "a"], ["ZADD", "z", "NX", "GT", "1", "a"], ["ZADD", "z", "LT", "GT", "1", "a"],
            ["ZADD", "z", "NX", "LT", "1", "a"], ["ZADD", "z", "INCR", "1", "a", "2", "b"], ["ZADD", "z", "INCR", "5", "a"], ["ZADD", "z", "INCR", "NX", "5", "a"],
            ["ZADD", "z", "INCR", "XX", "5", "nope"], ["ZADD", "z", "INCR", "GT", "-5", "a"], ["ZADD", "z", "INCR", "LT", "-5", "a"], ["ZADD", "z", "1"],
            ["ZADD", "z", "1", "a", "2"], ["ZADD", "z", "x", "a"], ["ZADD", "z", "nan", "a"], ["ZADD", "z", "1", "a", "bad", "b"], ["ZADD", "z", "NX"],
            ["ZADD", "z", "nx", "ch", "xx"], ["ZADD", "z", "CH", "CH", "1", "q"], ["ZADD", "missing", "XX", "1", "a"], ["EXISTS", "missing"],
            ["ZADD", "missing", "XX", "INCR", "1", "a"], ["ZADD", "z", "inf", "i"], ["ZADD", "z", "INCR", "-inf", "i"], ["ZSCORE", "z", "i"],
            ["ZADD", "z", "1", "a", "2", "a", "3", "a"], ["ZSCORE", "z", "a"], ["ZADD", "z", "INCR", "1", "a\0b"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
            ["ZADD"], ["ZADD", "z"], ["ZADD", "z", "1"] } },
        new object[] { "zadd score syntax", new[] { new[] { "ZADD", "s", "0x1p3", "hex" }, ["ZADD", "s", "1e-320", "sub"], ["ZADD", "s", "1e-400", "under"],
            ["ZADD", "s", "1e400", "over"], ["ZADD", "s", " 1", "space"], ["ZADD", "s", "1 ", "space"], ["ZADD", "s", "+5", "plus"], ["ZADD", "s", ".5", "dot"],
            ["ZADD", "s", "5.", "dot5"], ["ZADD", "s", ".", "dot"], ["ZADD", "s", "1e", "e"], ["ZADD", "s", "InFiNiTy", "inf"], ["ZADD", "s", "-INF", "minf"],
            ["ZADD", "s", "00012", "z12"], ["ZADD", "s", "1.5E+2", "e2"], ["ZADD", "s", "", "empty"], ["ZADD", "s", "1\0", "nul"], ["ZADD", "s", "-0", "negzero"],
            ["ZADD", "s", "0.1", "tenth"], ["ZADD", "s", "1e20", "big"], ["ZADD", "s", "1.5e-7", "small"], ["ZADD", "s", "123456789012345678", "long"],
            ["ZADD", "s", "4611686018427387904", "twoto62"], ["ZADD", "s", "nan(123)", "n"], ["ZADD", "s", "0x", "x"],
            ["ZRANGE", "s", "0", "-1", "WITHSCORES"], ["ZSCAN", "s", "0"], ["ZSCORE", "s", "negzero"] } },
        new object[] { "zincrby", new[] { new[] { "ZINCRBY", "z", "1", "a" }, ["ZINCRBY", "z", "2.5", "a"], ["ZINCRBY", "z", "-10", "b"], ["ZINCRBY", "z", "x", "a"],
            ["ZINCRBY", "z", "nan", "a"], ["ZINCRBY", "z", "inf", "a"], ["ZINCRBY", "z", "-inf", "a"], ["ZSCORE", "z", "a"], ["ZINCRBY", "z", "nx", "a"],
            ["ZINCRBY", "z", "0.1", "c"], ["ZINCRBY", "z", "0.2", "c"], ["ZINCRBY", "z"], ["ZINCRBY", "z", "1", "a", "b"] } },
        new object[] { "zrem zcard zscore zmscore", new[] { Fruits, ["ZCARD", "z"], ["ZCARD", "nope"], ["ZSCORE", "z", "date"], ["ZSCORE", "z", "nope"],
            ["ZSCORE", "nope", "a"], ["ZMSCORE", "z", "apple", "nope", "fig", "grape"], ["ZMSCORE", "nope", "a", "b"], ["ZREM", "z", "apple", "nope", "apple"],
            ["ZREM", "nope", "a"], ["ZREM", "z", "banana", "cherry", "date", "elder", "fig", "grape", "after"], ["EXISTS", "z"], ["ZCARD", "z"],
            ["ZMSCORE", "z"], ["ZREM", "z"], ["ZSCORE", "z"] } },
        new object[] { "zrank and zrevrank", new[] { Fruits, ["ZRANK", "z", "apple"], ["ZRANK", "z", "grape"], ["ZRANK", "z", "fig"], ["ZREVRANK", "z", "fig"],
            ["ZREVRANK", "z", "banana"], ["ZRANK", "z", "nope"], ["ZRANK", "nope", "a"], ["ZREVRANK", "z", "nope"], ["ZRANK", "z"], ["ZRANK", "z", "a", "WITHSCORE"] } },
        new object[] { "zcount and score ranges", new[] { Fruits, ["ZCOUNT", "z", "-inf", "+inf"], ["ZCOUNT", "z", "2", "2"], ["ZCOUNT", "z", "(2", "3.5"],
            ["ZCOUNT", "z", "(2", "(3.5"], ["ZCOUNT", "z", "3", "1"], ["ZCOUNT", "z", "(2", "2"], ["ZCOUNT", "z", "x", "1"], ["ZCOUNT", "z", "1", "nan"],
            ["ZCOUNT", "z", "(nan", "1"], ["ZCOUNT", "z", "", "1"], ["ZCOUNT", "z", "(", "1"], ["ZCOUNT", "z", " 1", "3"], ["ZCOUNT", "z", "1 ", "3"],
            ["ZCOUNT", "z", "0x1p1", "inf"], ["ZCOUNT", "z", "1\0junk", "2"], ["ZCOUNT", "z", "(-inf", "(inf"], ["ZCOUNT", "z", "-1e400", "1e400"],
            ["ZCOUNT", "z", "((1", "2"], ["ZCOUNT", "nope", "0", "1"], ["ZCOUNT", "nope", "x", "1"] } },
        new object[] { "zlexcount and lex ranges", new[] { Letters, ["ZLEXCOUNT", "l", "-", "+"], ["ZLEXCOUNT", "l", "[a", "[c"], ["ZLEXCOUNT", "l", "(a", "(c"],
            ["ZLEXCOUNT", "l", "[aa", "+"], ["ZLEXCOUNT", "l", "+", "-"], ["ZLEXCOUNT", "l", "-", "-"], ["ZLEXCOUNT", "l", "[", "[a"], ["ZLEXCOUNT", "l", "(", "+"],
            ["ZLEXCOUNT", "l", "a", "+"], ["ZLEXCOUNT", "l", "", "+"], ["ZLEXCOUNT", "l", "-x", "+"], ["ZLEXCOUNT", "l", "-", "+\0"], ["ZLEXCOUNT", "l", "[c", "[a"],
            ["ZLEXCOUNT", "l", "[c", "(c"], ["ZLEXCOUNT", "l", "[c", "[c"], ["ZLEXCOUNT", "nope", "-", "+"], ["ZLEXCOUNT", "nope", "x", "+"],
            ["ZADD", "m", "1", "a", "2", "b", "0", "z", "5", "c"], ["ZLEXCOUNT", "m", "[b", "[z"], ["ZLEXCOUNT", "m", "-", "[b"] } },
        new object[] { "zrange by rank", new[] { Fruits, ["ZRANGE", "z", "0", "-1"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZRANGE", "z", "2", "3"],
            ["ZRANGE", "z", "-2", "-1", "withscores"], ["ZRANGE", "z", "5", "100"], ["ZRANGE", "z", "100", "200"], ["ZRANGE", "z", "3", "1"],
            ["ZRANGE", "z", "-100", "1"], ["ZRANGE", "z", MinLong, MaxLong], ["ZRANGE", "z", "0", "-1", "REV"], ["ZRANGE", "z", "1", "2", "REV", "WITHSCORES"],
            ["ZREVRANGE", "z", "0", "2"], ["ZREVRANGE", "z", "0", "-1", "WITHSCORES"], ["ZREVRANGE", "z", "0", "1", "REV"], ["ZRANGE", "z", "x", "1"],
            ["ZRANGE", "z", "0", "1.5"], ["ZRANGE", "z", "0", "1", "LIMIT", "0", "1"], ["ZRANGE", "z", "0", "1", "FOO"], ["ZRANGE", "z", "0", "1", "LIMIT", "0"],
            ["ZRANGE", "z", "0", "1", "REV", "REV"], ["ZRANGE", "nope", "0", "-1"], ["ZRANGE", "nope", "x", "y"], ["ZREVRANGE", "z", "0", "1", "LIMIT", "0", "1"],
            ["ZRANGE", "z", "0"], ["ZREVRANGE", "z", "0"] } },
        new object[] { "zrange by score", new[] { Fruits, ["ZRANGE", "z", "-inf", "+inf", "BYSCORE"], ["ZRANGE", "z", "(1", "3.5", "BYSCORE", "WITHSCORES"],
            ["ZRANGE", "z", "3.5", "(1", "BYSCORE", "REV"], ["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "3", "WITHSCORES"],
            ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "-1"], ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"],
            ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "7", "2"], ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "6", "2"],
            ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"], ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "x", "0"],
            ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "BYLEX"], ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "BYSCORE"], ["ZRANGE", "z", "a", "b", "BYSCORE"],
            ["ZRANGEBYSCORE", "z", "2", "3.5"], ["ZRANGEBYSCORE", "z", "2", "3.5", "WITHSCORES", "LIMIT", "1", "1"], ["ZRANGEBYSCORE", "z", "2", "3.5", "REV"],
            ["ZRANGEBYSCORE", "z", "2", "3.5", "BYSCORE"], ["ZRANGEBYSCORE", "z", "2", "3.5", "LIMIT", "1"], ["ZREVRANGEBYSCORE", "z", "3.5", "2"],
            ["ZREVRANGEBYSCORE", "z", "2", "3.5"], ["ZREVRANGEBYSCORE", "z", "+inf", "(2", "WITHSCORES", "LIMIT", "0", "2"], ["ZRANGEBYSCORE", "z", "(3", "(2"],
            ["ZRANGEBYSCORE", "nope", "0", "1"], ["ZRANGEBYSCORE", "z", "nan", "1"] } },
        new object[] { "zrange by lex", new[] { Letters, ["ZRANGE", "l", "-", "+", "BYLEX"], ["ZRANGE", "l", "[b", "(e", "BYLEX"], ["ZRANGE", "l", "+", "-", "BYLEX", "REV"],
            ["ZRANGE", "l", "(e", "[b", "BYLEX", "REV", "LIMIT", "1", "2"], ["ZRANGE", "l", "-", "+", "BYLEX", "WITHSCORES"], ["ZRANGE", "l", "a", "+", "BYLEX"],
            ["ZRANGEBYLEX", "l", "-", "+"], ["ZRANGEBYLEX", "l", "[a", "[b", "LIMIT", "0", "2"], ["ZRANGEBYLEX", "l", "-", "+", "WITHSCORES"],
            ["ZREVRANGEBYLEX", "l", "+", "-", "LIMIT", "2", "3"], ["ZREVRANGEBYLEX", "l", "-", "+"], ["ZRANGEBYLEX", "nope", "-", "+"],
            ["ZRANGEBYLEX", "l", "(\xff", "+"], ["ZRANGEBYLEX", "l", "[", "(a"], ["ZRANGEBYLEX", "l", "-", "+", "LIMIT", "-1", "2"],
            ["ZADD", "m", "1", "a", "2", "b", "0", "z", "5", "c"], ["ZRANGEBYLEX", "m", "[b", "[z"], ["ZREVRANGEBYLEX", "m", "[z", "[b"] } },
        new object[] { "zrangestore", new[] { Fruits, ["ZRANGESTORE", "d", "z", "0", "2"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"], ["OBJECT", "ENCODING", "d"],
            ["ZRANGESTORE", "d", "z", "(1", "+inf", "BYSCORE", "LIMIT", "1", "2"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
            ["ZRANGESTORE", "d", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "3"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
            ["ZRANGESTORE", "d", "z", "[a", "[c", "BYLEX"], ["ZRANGE", "d", "0", "-1"], ["ZRANGESTORE", "d", "z", "5", "1"], ["EXISTS", "d"],
            ["SET", "str", "x"], ["ZRANGESTORE", "str", "z", "0", "0"], ["TYPE", "str"], ["ZRANGESTORE", "d", "str", "0", "0"], ["ZRANGESTORE", "d", "nope", "0", "-1"],
            ["ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES"], ["ZRANGESTORE", "d", "z", "0", "-1", "LIMIT", "0", "1"], ["ZRANGESTORE", "z", "z", "0", "1"],
            ["ZRANGE", "z", "0", "-1"], ["SET", "t", "v", "EX", "100"], ["ZRANGESTORE", "t", "z", "0", "-1"], ["TTL", "t"], ["ZRANGESTORE", "d", "z", "0"] } },
        new object[] { "zpopmin and zpopmax", new[] { Fruits, ["ZPOPMIN", "z"], ["ZPOPMAX", "z"], ["ZPOPMIN", "z", "2"], ["ZPOPMAX", "z", "0"], ["ZPOPMAX", "z", "-1"],
            ["ZPOPMAX", "z", "x"], ["ZPOPMIN", "z", "1", "2"], ["ZPOPMIN", "z", "100"], ["EXISTS", "z"], ["ZPOPMIN", "z"], ["ZPOPMIN", "z", "0"],
            ["ZPOPMIN", "nope", "-1"], ["SET", "s", "v"], ["ZPOPMIN", "s"], ["ZPOPMIN"] } },
        new object[] { "zmpop", new[] { Fruits, ["ZMPOP", "2", "nope", "z", "MIN"], ["ZMPOP", "1", "z", "MAX", "COUNT", "2"], ["ZMPOP", "1", "z", "max", "count", "100"],
            ["EXISTS", "z"], ["ZMPOP", "1", "z", "MIN"], ["ZMPOP", "0", "z", "MIN"], ["ZMPOP", "-1", "z", "MIN"], ["ZMPOP", "x", "z", "MIN"],
            ["ZMPOP", "3", "a", "b", "MIN"], ["ZMPOP", "1", "a", "LEFT"], ["ZMPOP", "1", "a", "MIN", "COUNT", "0"], ["ZMPOP", "1", "a", "MIN", "COUNT", "x"],
            ["ZMPOP", "1", "a", "MIN", "COUNT"], ["ZMPOP", "1", "a", "MIN", "COUNT", "1", "COUNT", "1"], ["ZMPOP", "1", "a", "MIN", "FOO"],
            ["SET", "s", "v"], ["ZADD", "y", "1", "a"], ["ZMPOP", "2", "s", "y", "MIN"], ["ZMPOP", "2", "y", "s", "MIN"], ["ZMPOP", "1"] } },
        new object[] { "zremrange", new[] { Fruits, ["ZREMRANGEBYRANK", "z", "0", "0"], ["ZREMRANGEBYRANK", "z", "-2", "-1"], ["ZREMRANGEBYRANK", "z", "5", "1"],
            ["ZREMRANGEBYRANK", "z", "x", "1"], ["ZRANGE", "z", "0", "-1"], ["ZREMRANGEBYSCORE", "z", "(1", "2"], ["ZREMRANGEBYSCORE", "z", "x", "2"],
            ["ZREMRANGEBYSCORE", "z", "5", "1"], ["ZRANGE", "z", "0", "-1"], ["ZREMRANGEBYRANK", "z", "0", "-1"], ["EXISTS", "z"], Letters,
            ["ZREMRANGEBYLEX", "l", "[b", "(e"], ["ZREMRANGEBYLEX", "l", "x", "+"], ["ZREMRANGEBYLEX", "l", "+", "-"], ["ZRANGE", "l", "0", "-1"],
            ["ZREMRANGEBYLEX", "l", "-", "+"], ["EXISTS", "l"], ["ZREMRANGEBYSCORE", "nope", "0", "1"], ["ZREMRANGEBYLEX", "nope", "x", "y"],
            ["ZREMRANGEBYRANK", "nope", "0", "1"], ["SET", "s", "v"], ["ZREMRANGEBYRANK", "s", "0", "1"], ["ZREMRANGEBYRANK", "s", "x", "1"] } },
        new object[] { "zrandmember deterministic replies", new[] { Fruits, ["ZRANDMEMBER", "z", "0"], ["ZRANDMEMBER", "z", "7"], ["ZRANDMEMBER", "z", "100", "WITHSCORES"],
            ["ZRANDMEMBER", "nope"], ["ZRANDMEMBER", "nope", "5"], ["ZRANDMEMBER", "nope", "-5", "WITHSCORES"], ["ZRANDMEMBER", "z", "x"],
            ["ZRANDMEMBER", "z", MinLong], ["ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"], ["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"],
            ["ZRANDMEMBER", "z", "1", "FOO"], ["ZRANDMEMBER", "z", "1", "WITHSCORES", "x"], ["ZRANDMEMBER", "nope", "x"], ["ZRANDMEMBER", "nope", "1", "FOO"],
            ["SET", "s", "v"], ["ZRANDMEMBER", "s"], ["ZRANDMEMBER", "s", "1"] } },
        new object[] { "zscan", new[] { Fruits, ["ZSCAN", "z", "0"], ["ZSCAN", "z", "0", "MATCH", "*a*"], ["ZSCAN", "z", "0", "COUNT", "1"], ["ZSCAN", "nope", "0"],
            ["ZSCAN", "z", "x"], ["ZSCAN", "z", "0", "COUNT", "0"], ["ZSCAN", "z", "0", "TYPE", "zset"], ["SET", "s", "v"], ["ZSCAN", "s", "0"] } },
        new object[] { "wrongtype both ways", new[] { new[] { "SET", "s", "v" }, ["ZADD", "s", "1", "a"], ["ZINCRBY", "s", "1", "a"], ["ZREM", "s", "a"], ["ZCARD", "s"],
            ["ZSCORE", "s", "a"], ["ZMSCORE", "s", "a"], ["ZRANK", "s", "a"], ["ZREVRANK", "s", "a"], ["ZCOUNT", "s", "0", "1"], ["ZLEXCOUNT", "s", "-", "+"],
            ["ZRANGE", "s", "0", "1"], ["ZRANGEBYSCORE", "s", "0", "1"], ["ZRANGEBYLEX", "s", "-", "+"], ["ZREVRANGE", "s", "0", "1"],
            ["ZREMRANGEBYSCORE", "s", "0", "1"], ["ZADD", "z", "1", "a"], ["GET", "z"], ["INCR", "z"], ["APPEND", "z", "x"], ["TYPE", "z"],
            ["OBJECT", "ENCODING", "z"] } },
        new object[] { "resp3 replies", new[] { new[] { Unchecked, "HELLO", "3" }, Fruits, ["ZSCORE", "z", "date"], ["ZSCORE", "z", "nope"], ["ZMSCORE", "z", "fig", "x"],
            ["ZINCRBY", "z", "1", "apple"], ["ZADD", "z", "XX", "INCR", "1", "nope"], ["ZRANGE", "z", "0", "2", "WITHSCORES"], ["ZRANGE", "z", "0", "2"],
            ["ZRANGEBYSCORE", "z", "-inf", "inf", "WITHSCORES"], ["ZRANK", "z", "nope"], ["ZPOPMIN", "z"], ["ZPOPMIN", "z", "2"], ["ZPOPMAX", "z", "1"],
            ["ZMPOP", "1", "z", "MIN"], ["ZMPOP", "1", "nope", "MIN"], ["ZRANDMEMBER", "nope"], ["ZRANDMEMBER", "z", "100", "WITHSCORES"],
            ["ZSCAN", "z", "0"], ["ZRANDMEMBER", "nope", "1"] } },
        new object[] { "zunion zinter zdiff", new[] { new[] { "ZADD", "a", "1", "x", "2", "y", "3", "z", "inf", "i" }, ["ZADD", "b", "10", "y", "20", "z", "30", "w", "-inf", "i"],
            ["ZADD", "c", "0.1", "z", "0.2", "x"], ["ZUNION", "2", "a", "b"], ["ZUNION", "2", "a", "b", "WITHSCORES"], ["ZUNION", "3", "a", "b", "c", "WEIGHTS", "1", "2", "0.5", "WITHSCORES"],
            ["ZUNION", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"], ["ZUNION", "2", "a", "b", "AGGREGATE", "max", "withscores"],
            ["ZUNION", "2", "a", "b", "WEIGHTS", "0", "1", "WITHSCORES"], ["ZUNION", "3", "a", "nope", "c", "WITHSCORES"], ["ZUNION", "1", "nope"],
            ["ZINTER", "2", "a", "b", "WITHSCORES"], ["ZINTER", "3", "a", "b", "c", "WITHSCORES"], ["ZINTER", "2", "a", "b", "WEIGHTS", "2", "-1", "AGGREGATE", "SUM", "WITHSCORES"],
            ["ZINTER", "2", "a", "nope"], ["ZINTER", "2", "a", "a", "WITHSCORES"], ["ZINTER", "2", "c", "a", "AGGREGATE", "MIN", "WITHSCORES"],
            ["ZDIFF", "2", "a", "b"], ["ZDIFF", "2", "a", "b", "WITHSCORES"], ["ZDIFF", "3", "a", "b", "c", "WITHSCORES"], ["ZDIFF", "1", "a", "WITHSCORES"],
            ["ZDIFF", "2", "nope", "a"], ["ZDIFF", "2", "a", "nope", "WITHSCORES"], ["ZDIFF", "2", "a", "a"],
            ["ZADD", "f", "0.1", "x", "0.2", "y"], ["ZADD", "g", "0.2", "x", "0.1", "y"], ["ZADD", "h", "0.3", "x", "0.7", "y"],
            ["ZUNION", "3", "f", "g", "h", "WITHSCORES"], ["ZUNION", "3", "h", "g", "f", "WITHSCORES"], ["ZINTER", "3", "h", "f", "g", "WITHSCORES"],
            ["ZUNION", "0", "a"], ["ZINTER", "-1", "a"], ["ZDIFF", "0", "a"], ["ZUNION", "3", "a", "b"], ["ZUNION", "x", "a"],
            ["ZUNION", "1", "a", "WEIGHTS", "x"], ["ZUNION", "1", "a", "WEIGHTS", "1", "2"], ["ZUNION", "2", "a", "b", "WEIGHTS", "1"],
            ["ZUNION", "1", "a", "AGGREGATE", "foo"], ["ZUNION", "1", "a", "AGGREGATE"], ["ZDIFF", "1", "a", "WEIGHTS", "2"], ["ZDIFF", "1", "a", "AGGREGATE", "SUM"],
            ["ZUNION", "1", "a", "WITHSCORES", "WITHSCORES"], ["ZUNION", "1", "a", "FOO"], ["ZUNION", "1", "a", "WEIGHTS", "nan"],
            ["SET", "s", "v"], ["ZUNION", "2", "a", "s"], ["ZINTER", "2", "s", "a"], ["ZDIFF", "2", "a", "s"], ["ZUNION", "2", "a", "s", "FOO"],
            ["ZUNION", "1"], ["ZUNION"] } },
        new object[] { "zunionstore zinterstore zdiffstore", new[] { new[] { "ZADD", "a", "1", "x", "2", "y", "3", "z" }, ["ZADD", "b", "10", "y", "20", "z", "30", "w"],
            ["ZUNIONSTORE", "d", "2", "a", "b"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"], ["OBJECT", "ENCODING", "d"],
            ["ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "2", "3", "AGGREGATE", "MAX"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
            ["ZDIFFSTORE", "d", "2", "a", "b"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"], ["ZINTERSTORE", "d", "2", "a", "nope"], ["EXISTS", "d"],
            ["ZUNIONSTORE", "a", "2", "a", "b"], ["ZRANGE", "a", "0", "-1", "WITHSCORES"], ["ZUNIONSTORE", "d", "1", "a", "WITHSCORES"],
            ["ZUNIONSTORE", "d", "0", "a"], ["ZDIFFSTORE", "d", "0", "a"], ["SET", "s", "v", "EX", "100"], ["ZDIFFSTORE", "s", "1", "a"], ["TTL", "s"], ["TYPE", "s"],
            ["SET", "t", "v"], ["ZUNIONSTORE", "d", "2", "a", "t"], ["ZINTERSTORE", "d"], ["ZDIFFSTORE", "d", "1"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "2"], ["ZUNIONSTORE", "big", "2", "a", "b"], ["OBJECT", "ENCODING", "big"],
            ["ZDIFFSTORE", "small", "2", "a", "b"], ["OBJECT", "ENCODING", "small"], ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
            ["CONFIG", "SET", "zset-max-listpack-value", "1"], ["ZADD", "long", "1", "xx", "2", "y"], ["OBJECT", "ENCODING", "long"],
            ["ZUNIONSTORE", "u", "1", "long"], ["OBJECT", "ENCODING", "u"], ["ZINTERSTORE", "u", "2", "long", "a"], ["OBJECT", "ENCODING", "u"],
            ["CONFIG", "SET", "zset-max-listpack-value", "64"] } },
        new object[] { "zintercard", new[] { new[] { "ZADD", "a", "1", "x", "2", "y", "3", "z" }, ["ZADD", "b", "10", "y", "20", "z", "30", "w"],
            ["ZINTERCARD", "2", "a", "b"], ["ZINTERCARD", "2", "a", "b", "LIMIT", "1"], ["ZINTERCARD", "2", "a", "b", "LIMIT", "0"], ["ZINTERCARD", "2", "a", "b", "LIMIT", "5"],
            ["ZINTERCARD", "1", "a"], ["ZINTERCARD", "2", "a", "nope"], ["ZINTERCARD", "0", "a"], ["ZINTERCARD", "2", "a"], ["ZINTERCARD", "1", "a", "LIMIT", "-1"],
            ["ZINTERCARD", "1", "a", "LIMIT", "x"], ["ZINTERCARD", "1", "a", "LIMIT"], ["ZINTERCARD", "1", "a", "WITHSCORES"], ["ZINTERCARD", "1", "a", "WEIGHTS", "1"],
            ["ZINTERCARD", "1", "a", "AGGREGATE", "SUM"], ["SET", "s", "v"], ["ZINTERCARD", "2", "a", "s"], ["ZINTERCARD", "x", "a"] } },
        new object[] { "resp3 set operations", new[] { new[] { Unchecked, "HELLO", "3" }, ["ZADD", "a", "1", "x", "2", "y"], ["ZADD", "b", "3", "y"],
            ["ZUNION", "2", "a", "b", "WITHSCORES"], ["ZINTER", "2", "a", "b", "WITHSCORES"], ["ZDIFF", "2", "a", "b", "WITHSCORES"], ["ZUNION", "2", "a", "b"],
            ["ZINTERCARD", "2", "a", "b"] } },
        new object[] { "command info and docs", new[] {
            new[] { "COMMAND", "INFO", "zadd", "zincrby", "zrem", "zcard", "zscore", "zmscore", "zrank", "zrevrank", "zcount", "zlexcount", "zrange", "zrangebyscore" },
            ["COMMAND", "INFO", "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange", "zrangestore", "zpopmin", "zpopmax", "zscan"],
            ["COMMAND", "INFO", "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zmpop", "zrandmember"],
            ["COMMAND", "DOCS", "zadd", "zincrby", "zrem", "zcard", "zscore", "zmscore", "zrank", "zrevrank", "zcount", "zlexcount", "zrange", "zrangebyscore"],
            ["COMMAND", "DOCS", "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange", "zrangestore", "zpopmin", "zpopmax", "zscan"],
            ["COMMAND", "DOCS", "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zmpop", "zrandmember"],
            ["COMMAND", "INFO", "zunion", "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore", "zintercard"],
            ["COMMAND", "DOCS", "zunion", "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore", "zintercard"],
            ["COMMAND", "GETKEYS", "zmpop", "2", "a", "b", "MIN"], ["COMMAND", "GETKEYS", "zrangestore", "d", "s", "0", "1"],
            ["COMMAND", "GETKEYS", "zunionstore", "d", "2", "a", "b", "WEIGHTS", "1", "2"], ["COMMAND", "GETKEYS", "zinter", "2", "a", "b"],
            ["COMMAND", "GETKEYS", "zintercard", "1", "a"], ["COMMAND", "GETKEYS", "zdiffstore", "d", "1", "a"],
            ["COMMAND", "GETKEYS", "zunionstore", "d", "5", "a", "b"], ["COMMAND", "GETKEYS", "zunionstore", "d", "0", "a"],
            ["COMMAND", "GETKEYS", "zinterstore", "d", "x", "a"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void BinaryKeysAndMembersMatchRedis()
    {
        const string key = "z\0\xff\r\n";
        AssertSameReplies(
            ["ZADD", key, "1", "\0", "2", "\xff\xfe", "2", "\xff", "3", "a\0b", "3", "a\0", "0", ""], ["ZRANGE", key, "0", "-1", "WITHSCORES"],
            ["ZSCORE", key, "a\0b"], ["ZRANK", key, "\xff"], ["ZRANGEBYLEX", key, "[a\0", "+"], ["ZRANGE", key, "(\0", "[\xff", "BYLEX"],
            ["ZLEXCOUNT", key, "(a\0", "+"], ["ZREM", key, "\0", "nope"], ["ZSCAN", key, "0", "MATCH", "a*"], ["ZPOPMAX", key],
            ["ZRANGESTORE", "d\0", key, "0", "-1"], ["ZRANGE", "d\0", "0", "-1"], ["ZMSCORE", key, "", "a\0", "a"]);
    }

    [Test]
    public void EncodingConversionsMatchRedis()
    {
        string longMember = new('m', 65);
        AssertSameReplies(
            ["CONFIG", "SET", "zset-max-listpack-entries", "4"], ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"], ["OBJECT", "ENCODING", "z"],
            ["ZADD", "z", "5", "e"], ["OBJECT", "ENCODING", "z"], ["ZREM", "z", "a", "b", "c"], ["OBJECT", "ENCODING", "z"],
            ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZRANGESTORE", "small", "z", "0", "-1"], ["OBJECT", "ENCODING", "small"],
            ["ZADD", "big", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"], ["ZRANGESTORE", "d1", "big", "0", "3"], ["OBJECT", "ENCODING", "d1"],
            ["ZRANGESTORE", "d2", "big", "0", "4"], ["OBJECT", "ENCODING", "d2"], ["ZRANGESTORE", "d3", "big", "-inf", "+inf", "BYSCORE"],
            ["OBJECT", "ENCODING", "d3"], ["ZRANGESTORE", "d4", "big", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "4"], ["OBJECT", "ENCODING", "d4"],
            ["ZADD", "long", "1", longMember], ["OBJECT", "ENCODING", "long"], ["ZADD", "short", "1", "x"], ["ZADD", "short", "2", longMember],
            ["OBJECT", "ENCODING", "short"], ["ZRANGESTORE", "d5", "short", "0", "-1"], ["OBJECT", "ENCODING", "d5"], ["ZRANGE", "short", "0", "-1"],
            ["ZADD", "neg", "-0", "z"], ["ZADD", "neg", "1", "a", "2", "b", "3", "c", "4", "d"], ["ZRANGE", "neg", "0", "-1", "WITHSCORES"],
            ["ZADD", "neg2", "-0", "z", "1", "a", "2", "b", "3", "c", "4", "d"], ["ZRANGE", "neg2", "0", "-1", "WITHSCORES"], ["ZSCORE", "neg2", "z"],
            ["COPY", "big", "bigcopy"], ["OBJECT", "ENCODING", "bigcopy"], ["ZRANGE", "bigcopy", "0", "-1", "WITHSCORES"],
            ["COPY", "d1", "d1copy"], ["OBJECT", "ENCODING", "d1copy"], ["ZRANGE", "d1copy", "0", "-1"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "0"], ["ZADD", "zero", "1", "a"], ["OBJECT", "ENCODING", "zero"],
            ["ZRANGESTORE", "d6", "big", "0", "0"], ["OBJECT", "ENCODING", "d6"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "128"], ["CONFIG", "SET", "zset-max-listpack-value", "2"],
            ["ZADD", "v", "1", "ab"], ["OBJECT", "ENCODING", "v"], ["ZADD", "v", "1", "abc"], ["OBJECT", "ENCODING", "v"],
            ["ZADD", "w", "1", "abc"], ["OBJECT", "ENCODING", "w"], ["ZADD", "w2", "1", "ab", "2", "abc"], ["OBJECT", "ENCODING", "w2"],
            ["CONFIG", "SET", "zset-max-listpack-value", "64"]);
    }

    [Test]
    public void LargeSortedSetsMatchRedis()
    {
        // 100,000 members with many equal scores, so members order the ties; built by one script.
        const string build = "for i=1,100000 do redis.call('ZADD', KEYS[1], (i * 7919) % 1000 / 8, 'm' .. i) end return redis.call('ZCARD', KEYS[1])";
        AssertSameReplies(
            ["EVAL", build, "1", "big"], ["OBJECT", "ENCODING", "big"], ["ZCARD", "big"], ["ZRANGE", "big", "0", "9", "WITHSCORES"],
            ["ZRANGE", "big", "50000", "50020", "WITHSCORES"], ["ZRANGE", "big", "-10", "-1", "WITHSCORES"], ["ZREVRANGE", "big", "99990", "99999"],
            ["ZRANK", "big", "m77777"], ["ZREVRANK", "big", "m77777"], ["ZRANK", "big", "m1"], ["ZSCORE", "big", "m99999"],
            ["ZMSCORE", "big", "m1", "m2", "nope", "m100000"], ["ZCOUNT", "big", "10", "(20.5"], ["ZCOUNT", "big", "-inf", "+inf"],
            ["ZRANGEBYSCORE", "big", "(62", "62.5", "WITHSCORES", "LIMIT", "5", "10"], ["ZREVRANGEBYSCORE", "big", "62.5", "(62", "LIMIT", "3", "4"],
            ["ZINCRBY", "big", "1000", "m5"],
            ["ZRANK", "big", "m5"], ["ZADD", "big", "GT", "CH", "0", "m6", "200", "m7"], ["ZRANK", "big", "m7"], ["ZREM", "big", "m1", "m2", "m3"],
            ["ZREMRANGEBYRANK", "big", "100", "199"], ["ZREMRANGEBYSCORE", "big", "(50", "51"],
            ["ZCARD", "big"], ["ZRANGE", "big", "1000", "1010", "WITHSCORES"], ["ZPOPMIN", "big", "3"], ["ZPOPMAX", "big", "3"],
            ["ZMPOP", "1", "big", "MAX", "COUNT", "2"], ["ZRANGESTORE", "part", "big", "10", "20009"], ["OBJECT", "ENCODING", "part"],
            ["ZRANGE", "part", "19990", "-1", "WITHSCORES"], ["ZRANGESTORE", "tiny", "big", "0", "99"], ["OBJECT", "ENCODING", "tiny"],
            ["ZRANDMEMBER", "big", "200000", "WITHSCORES"], ["ZRANGE", "big", "0", "-1", "WITHSCORES"], ["ZRANK", "big", "m50000"]);
    }

    [Test]
    public void LargeLexicographicSetsMatchRedis()
    {
        // Lexicographic ranges are only meaningful when every score is equal (otherwise Redis's
        // answer depends on the skip list's random levels), so this set has one score throughout.
        const string build = "for i=1,100000 do redis.call('ZADD', KEYS[1], 0, string.format('%06d', (i * 7919) % 100000)) end return 1";
        AssertSameReplies(
            ["EVAL", build, "1", "lex"], ["ZCARD", "lex"], ["ZLEXCOUNT", "lex", "-", "+"], ["ZLEXCOUNT", "lex", "[012345", "(020000"],
            ["ZRANGE", "lex", "[050000", "+", "BYLEX", "LIMIT", "10", "5"], ["ZRANGE", "lex", "(050000", "-", "BYLEX", "REV", "LIMIT", "0", "5"],
            ["ZRANGEBYLEX", "lex", "(099990", "+"], ["ZREVRANGEBYLEX", "lex", "(000010", "-"], ["ZREMRANGEBYLEX", "lex", "[03", "(04"],
            ["ZCARD", "lex"], ["ZRANGE", "lex", "29995", "30005"], ["ZRANK", "lex", "040000"], ["ZRANGESTORE", "d", "lex", "[09", "+", "BYLEX"],
            ["OBJECT", "ENCODING", "d"], ["ZRANGE", "d", "0", "4"]);
    }

    [Test]
    public void SeededRandomOperationsMatchRedis([Values(3, 128)] int maxListpackEntries)
    {
        // Adds, increments, removals and range queries in a seeded mix, on a set that crosses the
        // listpack threshold back and forth (it never converts back by itself, as in Redis).
        var random = new Random(maxListpackEntries * 31 + 7);
        var commands = new List<string[]> { new[] { "CONFIG", "SET", "zset-max-listpack-entries", maxListpackEntries.ToString(CultureInfo.InvariantCulture) } };
        string Member() => "m" + random.Next(40).ToString(CultureInfo.InvariantCulture);
        string Score() => random.Next(6) switch
        {
            0 => random.Next(-5, 5).ToString(CultureInfo.InvariantCulture),
            1 => (random.NextDouble() * 100 - 50).ToString("R", CultureInfo.InvariantCulture),
            2 => "0.1",
            _ => random.Next(10).ToString(CultureInfo.InvariantCulture),
        };
        string Index() => random.Next(-30, 30).ToString(CultureInfo.InvariantCulture);
        for (int i = 0; i < 600; i++)
        {
            commands.Add(random.Next(14) switch
            {
                0 or 1 or 2 => ["ZADD", "z", Score(), Member(), Score(), Member()],
                3 => ["ZINCRBY", "z", Score(), Member()],
                4 => ["ZREM", "z", Member(), Member()],
                5 => ["ZRANGE", "z", Index(), Index(), "WITHSCORES"],
                6 => ["ZRANK", "z", Member()],
                7 => ["ZREVRANGE", "z", Index(), Index()],
                8 => ["ZRANGEBYSCORE", "z", "(" + Score(), Score(), "LIMIT", random.Next(3).ToString(CultureInfo.InvariantCulture), "5"],
                9 => ["ZCOUNT", "z", Score(), "(" + Score()],
                10 => ["ZADD", "z", random.Next(2) == 0 ? "GT" : "LT", "CH", Score(), Member()],
                11 => ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
                12 => random.Next(4) == 0 ? ["ZREMRANGEBYRANK", "z", Index(), Index()] : ["ZPOPMIN", "z"],
                _ => ["ZMSCORE", "z", Member(), Member()],
            });
        }
        commands.Add(["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
        AssertSameReplies([.. commands]);
    }
}
