// Differential tests for the bitmap commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes.

using System.Globalization;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class BitmapDifferentialTests : DifferentialFixture
{
    private const string MaxLong = "9223372036854775807";
    private const string MinLong = "-9223372036854775808";

    private static readonly object[] Scripts =
    [
        new object[] { "setbit and getbit", new[] { new[] { "SETBIT", "k", "7", "1" }, ["GET", "k"], ["SETBIT", "k", "7", "0"],
            ["SETBIT", "k", "7", "0"], ["SETBIT", "k", "100", "1"], ["STRLEN", "k"], ["GETBIT", "k", "100"], ["GETBIT", "k", "99"],
            ["GETBIT", "k", "1000"], ["GETBIT", "missing", "5"], ["GETBIT", "k", "4294967295"], ["GETBIT", "k", "4294967296"],
            ["GETBIT", "k", "-1"], ["GETBIT", "k", "x"], ["GETBIT", "k", "1.0"], ["GETBIT", "k", MaxLong], ["SETBIT", "k", "-1", "1"],
            ["SETBIT", "k", "4294967296", "1"], ["SETBIT", "k", "x", "1"], ["SETBIT", "k", "0", "2"], ["SETBIT", "k", "0", "-1"],
            ["SETBIT", "k", "0", "x"], ["SETBIT", "k", "x", "x"], ["SETBIT", "k", "0", ""], ["SETBIT", "k", "0", "01"],
            ["SET", "n", "12"], ["GETBIT", "n", "2"], ["GETBIT", "n", "15"], ["GETBIT", "n", "16"], ["SETBIT", "n", "6", "1"],
            ["GET", "n"], ["SETBIT", "n", "23", "1"], ["GET", "n"], ["SETBIT", "e", "0", "0"], ["GET", "e"], ["SETBIT", "k", "1"],
            ["GETBIT", "k"], ["SETBIT", "k", "1", "1", "1"] } },
        new object[] { "bitcount", new[] { new[] { "SET", "k", "foobar" }, ["BITCOUNT", "k"], ["BITCOUNT", "k", "0", "0"],
            ["BITCOUNT", "k", "1", "1"], ["BITCOUNT", "k", "1", "1", "BYTE"], ["BITCOUNT", "k", "5", "30", "BIT"],
            ["BITCOUNT", "k", "0", "-1"], ["BITCOUNT", "k", "-2", "-1"], ["BITCOUNT", "k", "-1", "-2"], ["BITCOUNT", "k", "-100", "100"],
            ["BITCOUNT", "k", "3", "1"], ["BITCOUNT", "k", "0", "-1", "bit"], ["BITCOUNT", "k", "-7", "-1", "BIT"],
            ["BITCOUNT", "k", "1", "6", "BIT"], ["BITCOUNT", "k", "9", "9", "BIT"], ["BITCOUNT", "k", "9", "14", "BIT"],
            ["BITCOUNT", "k", "47", "100", "BIT"], ["BITCOUNT", "k", "48", "100", "BIT"], ["BITCOUNT", "k", MinLong, MaxLong, "BIT"],
            ["BITCOUNT", "k", "0"], ["BITCOUNT", "k", "0", "1", "FOO"], ["BITCOUNT", "k", "-1", "-5", "FOO"], ["BITCOUNT", "k", "0", "1", "BIT", "x"],
            ["BITCOUNT", "k", "x", "1"], ["BITCOUNT", "k", "0", "y"], ["BITCOUNT", "missing"], ["BITCOUNT", "missing", "x", "y"],
            ["BITCOUNT", "missing", "0"], ["SET", "n", "-123"], ["BITCOUNT", "n"], ["BITCOUNT", "n", "1", "2"],
            ["SET", "e", ""], ["BITCOUNT", "e"], ["BITCOUNT", "e", "0", "-1"], ["BITCOUNT", "e", "0", "-1", "BIT"], ["BITCOUNT"] } },
        new object[] { "bitpos", new[] { new[] { "SET", "k", "\xff\xf0\x00" }, ["BITPOS", "k", "0"], ["BITPOS", "k", "1"],
            ["BITPOS", "k", "0", "0"], ["BITPOS", "k", "1", "2"], ["BITPOS", "k", "0", "2"], ["BITPOS", "k", "1", "1", "-1"],
            ["BITPOS", "k", "0", "0", "0"], ["BITPOS", "k", "0", "0", "1"], ["BITPOS", "k", "1", "-1", "-1"], ["BITPOS", "k", "0", "5", "100"],
            ["BITPOS", "k", "1", "7", "15", "BIT"], ["BITPOS", "k", "0", "7", "15", "BIT"], ["BITPOS", "k", "0", "0", "11", "BIT"],
            ["BITPOS", "k", "0", "12", "12", "BIT"], ["BITPOS", "k", "1", "12", "23", "bit"], ["BITPOS", "k", "0", "3", "-1", "byte"],
            ["BITPOS", "k", "1", "-10", "-1", "BIT"], ["BITPOS", "k", "0", "2", "1"], ["BITPOS", "k", "0", MinLong, MaxLong, "BIT"],
            ["BITPOS", "k", "2"], ["BITPOS", "k", "-1"], ["BITPOS", "k", "x"], ["BITPOS", "k", "1", "x"], ["BITPOS", "k", "1", "0", "y"],
            ["BITPOS", "k", "1", "0", "1", "FOO"], ["BITPOS", "k", "1", "0", "1", "BIT", "x"], ["BITPOS", "missing", "0"],
            ["BITPOS", "missing", "1"], ["BITPOS", "missing", "1", "x"], ["BITPOS", "missing", "2"], ["SET", "ones", "\xff\xff"],
            ["BITPOS", "ones", "0"], ["BITPOS", "ones", "0", "0"], ["BITPOS", "ones", "0", "0", "-1"], ["BITPOS", "ones", "0", "3", "15", "BIT"],
            ["SET", "zeros", "\0\0\0"], ["BITPOS", "zeros", "1"], ["BITPOS", "zeros", "0"], ["BITPOS", "zeros", "1", "0", "-1", "BIT"],
            ["SET", "e", ""], ["BITPOS", "e", "0"], ["BITPOS", "e", "1"], ["BITPOS", "e", "0", "0", "-1"], ["SET", "n", "1"],
            ["BITPOS", "n", "1"], ["BITPOS", "n", "0", "0", "-1", "BIT"], ["BITPOS", "k"] } },
        new object[] { "bitop", new[] { new[] { "SET", "a", "foobar" }, ["SET", "b", "abcdefghij"], ["BITOP", "AND", "d", "a", "b"],
            ["GET", "d"], ["BITOP", "or", "d", "a", "b"], ["GET", "d"], ["BITOP", "XOR", "d", "a", "b", "a"], ["GET", "d"],
            ["BITOP", "NOT", "d", "a"], ["GET", "d"], ["BITOP", "AND", "d", "a", "missing"], ["GET", "d"],
            ["BITOP", "OR", "d", "missing", "missing2"], ["EXISTS", "d"], ["BITOP", "NOT", "d", "a", "b"], ["BITOP", "NOT", "d", "missing"],
            ["BITOP", "NAND", "d", "a"], ["BITOP", "AND", "d"], ["BITOP", "AND"], ["SET", "n", "100"], ["BITOP", "XOR", "d", "n", "a"],
            ["GET", "d"], ["BITOP", "OR", "a", "a", "b"], ["GET", "a"], ["SET", "e", ""], ["BITOP", "AND", "d", "e"], ["EXISTS", "d"],
            ["SET", "long", "0123456789abcdefghijklmnopqrstuvwxyz0123456789"], ["BITOP", "AND", "d", "long", "b"], ["GET", "d"],
            ["BITOP", "NOT", "d", "long"], ["GET", "d"], ["BITOP", "AND\0x", "d", "a"] } },
        new object[] { "bitfield", new[] { new[] { "BITFIELD", "k", "SET", "i8", "0", "-100", "GET", "i8", "0", "GET", "u8", "0" },
            ["BITFIELD", "k", "INCRBY", "i8", "0", "300"], ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "300"],
            ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-300"], ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-1"],
            ["BITFIELD", "k", "GET", "i8", "0"], ["BITFIELD", "k", "OVERFLOW", "fail", "SET", "u4", "0", "16", "SET", "u4", "0", "15"],
            ["BITFIELD", "k", "GET", "u4", "0", "GET", "u4", "4", "GET", "i4", "4"], ["BITFIELD", "k", "SET", "u8", "#1", "255", "GET", "u8", "#1"],
            ["BITFIELD", "k", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1", "OVERFLOW", "WRAP", "INCRBY", "u2", "100", "7"],
            ["GET", "k"], ["BITFIELD", "k", "GET", "u63", "0", "GET", "i64", "0", "GET", "i1", "0", "GET", "u1", "0"],
            ["BITFIELD", "k", "SET", "i64", "0", MinLong, "GET", "i64", "0", "INCRBY", "i64", "0", "-1"],
            ["BITFIELD", "k", "OVERFLOW", "SAT", "SET", "i64", "0", MaxLong, "INCRBY", "i64", "0", "1", "INCRBY", "i64", "0", MinLong],
            ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1", "INCRBY", "i64", "0", MinLong, "GET", "i64", "0"],
            ["BITFIELD", "k", "SET", "u63", "0", MaxLong, "INCRBY", "u63", "0", "1", "OVERFLOW", "SAT", "INCRBY", "u63", "0", "-1"],
            ["BITFIELD", "k", "OVERFLOW", "SAT", "SET", "u63", "0", "-1", "SET", "u8", "0", "-1", "SET", "i8", "0", "1000", "SET", "i8", "0", "-1000"],
            ["BITFIELD", "k", "SET", "u8", "0", "-1", "SET", "i8", "0", "200", "SET", "i3", "0", "5", "GET", "i3", "0"],
            ["BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "0", "256", "SET", "i8", "0", "-129", "SET", "i8", "0", "-128"],
            ["BITFIELD", "k", "INCRBY", "u63", "0", MinLong, "INCRBY", "i64", "5", MaxLong, "OVERFLOW", "SAT", "INCRBY", "u63", "0", MinLong],
            ["BITFIELD", "k", "GET", "i16", "1000000"], ["BITFIELD", "k", "GET", "u8", "#3", "GET", "i8", "#-1"],
            ["BITFIELD", "k", "GET", "u8", "4294967295"], ["BITFIELD", "k", "GET", "u8", "4294967296"], ["BITFIELD", "k", "GET", "u8", "-1"],
            ["BITFIELD", "k", "GET", "i64", "#67108863"], ["BITFIELD", "k", "GET", "i64", "#67108864"], ["BITFIELD", "k", "GET", "u8", "#x"],
            ["BITFIELD", "k", "GET", "u8", "#9223372036854775807"], ["BITFIELD", "k", "GET", "i64", "#144115188075855872"],
            ["BITFIELD", "k", "GET", "u8", "##1"], ["BITFIELD", "k", "GET", "u8", "#"], ["BITFIELD", "k", "GET", "u8", ""],
            ["BITFIELD", "k", "GET", "u64", "0"], ["BITFIELD", "k", "GET", "i65", "0"], ["BITFIELD", "k", "GET", "i0", "0"],
            ["BITFIELD", "k", "GET", "I8", "0"], ["BITFIELD", "k", "GET", "x8", "0"], ["BITFIELD", "k", "GET", "i", "0"],
            ["BITFIELD", "k", "GET", "", "0"], ["BITFIELD", "k", "GET", "i08", "0"], ["BITFIELD", "k", "GET", "i8\0junk", "0"],
            ["BITFIELD", "k", "GET", "u-1", "0"], ["BITFIELD", "k", "SET", "i8", "0", "x"], ["BITFIELD", "k", "INCRBY", "i8", "0", "1.5"],
            ["BITFIELD", "k", "GET", "i8"], ["BITFIELD", "k", "SET", "i8", "0"], ["BITFIELD", "k", "FOO"], ["BITFIELD", "k", "OVERFLOW"],
            ["BITFIELD", "k", "OVERFLOW", "BAD"], ["BITFIELD", "k", "OVERFLOW", "SAT"], ["BITFIELD", "k"], ["BITFIELD", "missing"],
            ["BITFIELD", "missing", "GET", "u8", "0"], ["EXISTS", "missing"], ["BITFIELD", "k", "GET", "u8", "0", "BAD", "x"],
            ["BITFIELD", "k", "SET", "i8", "0", "1", "GET", "x8", "0"], ["BITFIELD", "new", "OVERFLOW", "FAIL", "SET", "u2", "0", "10"],
            ["GET", "new"], ["BITFIELD", "new2", "INCRBY", "u8", "20", "0"], ["GET", "new2"], ["SET", "n", "42"],
            ["BITFIELD", "n", "GET", "u8", "0", "GET", "u16", "0"], ["BITFIELD", "n", "SET", "u8", "0", "65"], ["GET", "n"], ["BITFIELD"] } },
        new object[] { "bitfield_ro", new[] { new[] { "SET", "k", "abc" }, ["BITFIELD_RO", "k", "GET", "u8", "0", "GET", "i4", "#5"],
            ["BITFIELD_RO", "k", "SET", "u8", "0", "1"], ["BITFIELD_RO", "k", "INCRBY", "u8", "0", "1"],
            ["BITFIELD_RO", "k", "OVERFLOW", "SAT", "GET", "u8", "0"], ["BITFIELD_RO", "k", "OVERFLOW", "BAD"],
            ["BITFIELD_RO", "k", "GET", "u64", "0"], ["BITFIELD_RO", "k", "GET", "u8", "x", "SET", "u8", "0", "1"],
            ["BITFIELD_RO", "k", "SET", "u8", "x", "1"], ["BITFIELD_RO", "missing", "GET", "i8", "0"], ["BITFIELD_RO", "k"],
            ["GET", "k"], ["BITFIELD_RO"] } },
        new object[] { "resp3 bitfield nulls", new[] { new[] { Unchecked, "HELLO", "3" },
            ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5", "GET", "u2", "0"] } },
        new object[] { "ttl after bit writes", new[] { new[] { "SET", "a", "x", "PX", "150" }, ["SETBIT", "a", "100", "1"],
            ["SET", "b", "x", "PX", "150"], ["BITFIELD", "b", "SET", "u8", "0", "1"], ["SET", "src", "abc"],
            ["SET", "d", "x", "PX", "150"], ["BITOP", "NOT", "d", "src"], [Pause, "300"], ["EXISTS", "a", "b", "d"] } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    [Test]
    public void RandomRangesMatchRedis()
    {
        // BITCOUNT and BITPOS over many ranges, in bytes and in bits, on strings shaped to
        // have runs of ones and zeros (where off-by-one mistakes show).
        var random = new Random(99);
        var commands = new List<string[]>
        {
            new[] { "SET", "runs", "\x00\x00\xff\xff\x0f\xf0\x00\x01\x80\xff\xff\xfe\x7f\x00" },
            new[] { "SET", "ones", new string('\xff', 37) },
            new[] { "SET", "zeros", new string('\0', 37) },
            new[] { "SET", "mixed", new string(Enumerable.Range(0, 41).Select(_ => (char)random.Next(256)).ToArray()) },
        };
        foreach (string key in new[] { "runs", "ones", "zeros", "mixed" })
        {
            for (int i = 0; i < 60; i++)
            {
                string start = random.Next(-400, 400).ToString(CultureInfo.InvariantCulture);
                string end = random.Next(-400, 400).ToString(CultureInfo.InvariantCulture);
                string smallStart = random.Next(-50, 50).ToString(CultureInfo.InvariantCulture);
                string smallEnd = random.Next(-50, 50).ToString(CultureInfo.InvariantCulture);
                string bit = random.Next(2).ToString(CultureInfo.InvariantCulture);
                commands.Add(["BITCOUNT", key, start, end, "BIT"]);
                commands.Add(["BITCOUNT", key, smallStart, smallEnd]);
                commands.Add(["BITPOS", key, bit, start, end, "BIT"]);
                commands.Add(["BITPOS", key, bit, smallStart, smallEnd]);
                commands.Add(["BITPOS", key, bit, smallStart]);
            }
        }
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void BitfieldRandomOperationsMatchRedis()
    {
        var random = new Random(5);
        var commands = new List<string[]>();
        string[] overflows = ["WRAP", "SAT", "FAIL"];
        for (int i = 0; i < 300; i++)
        {
            bool signed = random.Next(2) == 0;
            int bits = random.Next(1, signed ? 65 : 64);
            string type = (signed ? "i" : "u") + bits.ToString(CultureInfo.InvariantCulture);
            string offset = random.Next(4) == 0 ? "#" + random.Next(0, 8) : random.Next(0, 200).ToString(CultureInfo.InvariantCulture);
            string value = (random.Next(3) switch
            {
                0 => random.NextInt64(long.MinValue, long.MaxValue),
                1 => random.NextInt64(-300, 300),
                _ => (random.Next(2) == 0 ? 1L : -1L) << random.Next(0, 63),
            }).ToString(CultureInfo.InvariantCulture);
            string op = random.Next(3) switch { 0 => "GET", 1 => "SET", _ => "INCRBY" };
            var command = new List<string> { "BITFIELD", "f", "OVERFLOW", overflows[random.Next(3)], op, type, offset };
            if (op != "GET") command.Add(value);
            commands.Add([.. command]);
        }
        commands.Add(["GET", "f"]);
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void LargeBitmapsMatchRedis()
    {
        var random = new Random(3);
        var first = new byte[3 * 1024 * 1024];
        var second = new byte[2 * 1024 * 1024 + 5];
        random.NextBytes(first);
        random.NextBytes(second);
        var zeros = new byte[1024 * 1024];
        zeros[^1] = 0x01;
        AssertSameReplies(
            Cmd("SET", "a", first), Cmd("SET", "b", second), Cmd("SET", "z", zeros), Cmd("BITCOUNT", "a"),
            Cmd("BITCOUNT", "a", "1000", "-1000"), Cmd("BITCOUNT", "a", "12345", "23456789", "BIT"), Cmd("BITPOS", "z", "1"),
            Cmd("BITPOS", "z", "1", "100", "-1"), Cmd("BITPOS", "z", "1", "8388606", "-1", "BIT"), Cmd("BITPOS", "z", "0", "1048575"),
            Cmd("BITOP", "AND", "and", "a", "b"), Cmd("GET", "and"), Cmd("BITOP", "OR", "or", "a", "b", "z"), Cmd("GET", "or"),
            Cmd("BITOP", "XOR", "xor", "b", "a"), Cmd("GET", "xor"), Cmd("BITOP", "NOT", "not", "b"), Cmd("GET", "not"),
            Cmd("SETBIT", "grow", "33554431", "1"), Cmd("STRLEN", "grow"), Cmd("BITCOUNT", "grow"), Cmd("SETBIT", "a", "33554432", "1"),
            Cmd("STRLEN", "a"), Cmd("BITPOS", "a", "1", "-1"), Cmd("BITFIELD", "a", "SET", "i64", "40000000", "-2", "GET", "u63", "39999990"),
            Cmd("STRLEN", "a"), Cmd("GETRANGE", "a", "4999990", "-1"));
    }

    [Test]
    public void SequentialSetbitsBuildTheSameBitmap()
    {
        var commands = new List<string[]>();
        for (int i = 0; i < 2000; i += 3) commands.Add(["SETBIT", "seq", i.ToString(CultureInfo.InvariantCulture), "1"]);
        commands.Add(["GET", "seq"]);
        commands.Add(["BITCOUNT", "seq"]);
        AssertSameReplies([.. commands]);
    }
}
