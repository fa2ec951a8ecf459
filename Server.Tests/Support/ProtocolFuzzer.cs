// Input for the protocol fuzzer: valid command streams generated from the command table's argument
// docs (the grammar COMMAND DOCS publishes), encoded as RESP multibulk or inline requests, cut into
// pieces, and mutated into the malformed requests processMultibulkBuffer and processInlineBuffer reject
// (cf. networking.c).

using System.Text;
using EventLoopRedis.Commands;

namespace EventLoopRedis.Tests.Support;

internal sealed class ProtocolFuzzer
{
    private readonly Random _random;

    /// <summary>Every choice comes from <paramref name="seed"/>: the same seed makes the same inputs.</summary>
    public ProtocolFuzzer(int seed) => _random = new Random(seed);

    // ---- valid commands from the table ---------------------------------------------------

    /// <summary>
    /// The commands whose replies depend only on the commands sent before them: the data types, keys,
    /// transactions and a few connection commands. Left out: replies that are random or hold a time
    /// (their tips say nondeterministic_output, or they read a TTL or an idle time), blocking,
    /// admin and pub/sub commands, and those that change the connection (HELLO, CLIENT, QUIT, RESET).
    /// </summary>
    public static readonly CommandDef[] Deterministic = SelectDeterministic();

    private static CommandDef[] SelectDeterministic()
    {
        string[] groups = ["string", "list", "set", "sorted-set", "hash", "hyperloglog", "geo", "bitmap", "generic", "transactions"];
        string[] alsoIncluded = ["ping", "echo", "select", "flushdb", "dbsize", "swapdb"];
        string[] timeOrLayout = ["ttl", "pttl", "expiretime", "pexpiretime", "object", "randomkey", "scan", "keys", "dump", "restore", "migrate", "wait"];
        return new CommandTable().Commands
            .Where(c => !c.IsContainer && (groups.Contains(c.Group) || alsoIncluded.Contains(c.Name)) && !timeOrLayout.Contains(c.Name))
            .Where(c => !c.Has(CommandFlags.Blocking) && !c.Has(CommandFlags.Admin) && !c.Has(CommandFlags.PubSub))
            .Where(c => !c.Tips.Any(t => t.StartsWith("nondeterministic_output", StringComparison.Ordinal)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();
    }

    // Few keys, so that types collide (WRONGTYPE) and commands find each other's values.
    private static readonly byte[][] Keys = Bytes("k1", "k2", "k3", "{t}list", "bin\0\xff\r\n");
    private static readonly byte[][] Strings = Bytes(
        "a", "b", "c", "1", "2", "-3", "2.5", "", "x y", "\0\r\n", "quote\"'\\", "\xe9t\xe9", new string('v', 70), "field:1", "member");
    private static readonly byte[][] Integers = Bytes("0", "1", "2", "3", "5", "-1", "-2", "10", "100", "1000", "x", "9223372036854775807");
    // Absolute expiry times: in 2100, or past (the key goes at once).
    private static readonly byte[][] UnixTimes = Bytes("4102444800", "1", "0", "-5");
    private static readonly byte[][] Doubles = Bytes("0", "1.5", "-2", "3", "inf", "-inf", "+inf", "1e3", "(1", "nan", "x");
    private static readonly byte[][] Patterns = Bytes("*", "k*", "?1", "[ab]*", "nosuch");

    private static byte[][] Bytes(params string[] texts) => texts.Select(t => Encoding.Latin1.GetBytes(t)).ToArray();

    /// <summary>A command with plausible arguments: its name in any case, its arguments as its docs allow.</summary>
    public byte[][] NextCommand()
    {
        var command = Deterministic[_random.Next(Deterministic.Length)];
        var parts = new List<byte[]> { RandomCase(command.Name) };
        foreach (var arg in command.Args) Emit(arg, parts);
        // Now and then one argument too many or too few, for the arity and syntax errors.
        int roll = _random.Next(20);
        if (roll == 0) parts.Add(Pick(Strings));
        else if (roll == 1 && parts.Count > 1) parts.RemoveAt(parts.Count - 1);
        return parts.ToArray();
    }

    private void Emit(ArgDoc arg, List<byte[]> into)
    {
        if (arg.Flags.Contains("optional") && _random.Next(2) == 0) return;
        int times = arg.Flags.Contains("multiple") ? 1 + _random.Next(3) : 1;
        bool tokenEach = arg.Flags.Contains("multiple_token");
        for (int i = 0; i < times; i++)
        {
            if (arg.Token is not null && (i == 0 || tokenEach)) into.Add(RandomCase(arg.Token));
            EmitValue(arg, into);
        }
    }

    private void EmitValue(ArgDoc arg, List<byte[]> into)
    {
        switch (arg.Type)
        {
            case "pure-token":
                break;
            case "oneof":
                var chosen = arg.Args[_random.Next(arg.Args.Length)];
                if (chosen.Token is not null) into.Add(RandomCase(chosen.Token));
                EmitValue(chosen, into);
                break;
            case "block":
                foreach (var child in arg.Args) Emit(child, into);
                break;
            case "key":
                into.Add(Pick(Keys));
                break;
            case "integer":
                into.Add(IsTimeLike(arg.Name) ? Duration() : Pick(Integers));
                break;
            case "unix-time":
                into.Add(Pick(UnixTimes));
                break;
            case "double":
                into.Add(Pick(Doubles));
                break;
            case "pattern":
                into.Add(Pick(Patterns));
                break;
            default:
                into.Add(Pick(Strings));
                break;
        }
    }

    /// <summary>
    /// A relative expiry: none or negative (the key goes at once), or long and drawn from a wide range,
    /// so that no key expires while a stream is replayed and two TTLs never tie (EXPIRE ... GT compares
    /// now + duration, and now moves between two replays).
    /// </summary>
    private byte[] Duration() => _random.Next(4) switch
    {
        0 => "0"u8.ToArray(),
        1 => "-5"u8.ToArray(),
        _ => Encoding.ASCII.GetBytes(_random.NextInt64(100_000, 1_000_000_000).ToString()),
    };

    private static bool IsTimeLike(string name) =>
        name.Contains("second") || name.Contains("milli") || name.Contains("time");

    private byte[] Pick(byte[][] pool) => pool[_random.Next(pool.Length)];

    private byte[] RandomCase(string word)
    {
        var bytes = Encoding.ASCII.GetBytes(word);
        int style = _random.Next(3);
        for (int i = 0; i < bytes.Length; i++)
        {
            bool upper = style == 0 || (style == 2 && _random.Next(2) == 0);
            if (upper && bytes[i] is >= (byte)'a' and <= (byte)'z') bytes[i] -= 32;
        }
        return bytes;
    }

    // ---- encoding ------------------------------------------------------------------------

    /// <summary>Encodes a command as a RESP multibulk request, or now and then as an inline one.</summary>
    public byte[] Encode(byte[][] command) => _random.Next(5) == 0 ? EncodeInline(command) : RespConnection.Encode(command);

    /// <summary>
    /// An inline request: words separated by spaces, quoted where a byte needs it (with the escapes
    /// sdssplitargs understands), ended by CRLF or a bare LF.
    /// </summary>
    public byte[] EncodeInline(byte[][] command)
    {
        var output = new MemoryStream();
        for (int i = 0; i < command.Length; i++)
        {
            if (i > 0) output.Write(" "u8);
            WriteInlineWord(output, command[i]);
        }
        output.Write(_random.Next(4) == 0 ? "\n"u8 : "\r\n"u8);
        return output.ToArray();
    }

    private void WriteInlineWord(MemoryStream output, byte[] word)
    {
        bool plain = word.Length > 0 && word.All(b => b is > 0x20 and < 0x7f and not (byte)'"' and not (byte)'\'' and not (byte)'\\');
        if (plain && _random.Next(4) != 0)
        {
            output.Write(word);
            return;
        }
        if (word.All(b => b is >= 0x20 and < 0x7f and not (byte)'\\') && _random.Next(2) == 0)
        {
            // Single quotes: only \' is an escape inside them.
            output.WriteByte((byte)'\'');
            foreach (byte b in word)
            {
                if (b == (byte)'\'') output.WriteByte((byte)'\\');
                output.WriteByte(b);
            }
            output.WriteByte((byte)'\'');
            return;
        }
        output.WriteByte((byte)'"');
        foreach (byte b in word)
        {
            switch (b)
            {
                case (byte)'"': output.Write("\\\""u8); break;
                case (byte)'\\': output.Write("\\\\"u8); break;
                case (byte)'\n': output.Write("\\n"u8); break;
                case (byte)'\r': output.Write("\\r"u8); break;
                case (byte)'\t': output.Write("\\t"u8); break;
                case >= 0x20 and < 0x7f: output.WriteByte(b); break;
                default: output.Write(Encoding.ASCII.GetBytes($"\\x{b:x2}")); break;
            }
        }
        output.WriteByte((byte)'"');
    }

    /// <summary><paramref name="count"/> commands from <see cref="NextCommand"/>, each encoded, as one byte stream (and the commands, to show).</summary>
    public (byte[] Stream, List<byte[][]> Commands) ValidStream(int count)
    {
        var output = new MemoryStream();
        var commands = new List<byte[][]>(count);
        for (int i = 0; i < count; i++)
        {
            var command = NextCommand();
            commands.Add(command);
            output.Write(Encode(command));
        }
        return (output.ToArray(), commands);
    }

    /// <summary>Cuts <paramref name="stream"/> at random byte boundaries into up to <paramref name="maxPieces"/> pieces.</summary>
    public List<ArraySegment<byte>> Split(byte[] stream, int maxPieces)
    {
        int cuts = Math.Min(stream.Length - 1, _random.Next(1, maxPieces));
        var at = new SortedSet<int>();
        while (at.Count < cuts) at.Add(_random.Next(1, stream.Length));
        var pieces = new List<ArraySegment<byte>>();
        int start = 0;
        foreach (int cut in at.Append(stream.Length))
        {
            pieces.Add(new ArraySegment<byte>(stream, start, cut - start));
            start = cut;
        }
        return pieces;
    }

    /// <summary>True one time in <paramref name="n"/>: whether to pause between two pieces, to speak RESP3 ...</summary>
    public bool OneIn(int n) => _random.Next(n) == 0;

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int Between(int min, int max) => _random.Next(min, max);

    // ---- mutations -----------------------------------------------------------------------

    // Commands for the base of mutated input: few, and answered alike by both servers, so that
    // mutations (which never create letters) cannot turn them into INFO, DEBUG or SHUTDOWN. No
    // argument is a command's name: a lost CRLF turns arguments into inline commands.
    private static readonly string[][] Vocabulary =
    [
        ["PING"], ["ECHO", "howdy"], ["SET", "k1", "value"], ["GET", "k1"], ["DEL", "k2"], ["INCR", "n"],
        ["APPEND", "k2", "abc"], ["STRLEN", "k2"], ["RPUSH", "l", "a", "b"], ["LRANGE", "l", "0", "-1"],
        ["EXISTS", "k1", "k2"], ["MGET", "k1", "n"], ["HSET", "h", "f", "v"], ["HGET", "h", "f"], ["SADD", "s", "1", "2"], ["SCARD", "s"],
    ];

    // What a flipped byte becomes: never a letter, so no command name is made.
    private static readonly byte[] FlipBytes = Encoding.Latin1.GetBytes("0123456789\r\n\0*$\"'\\ -:+\xff\x01\t");

    private static readonly string[] BadLengths =
        ["-1", "-5", "0", "-0", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999", "1048577", "536870913", "abc", "", "+3", "3 ", "00003", "1\0"];

    /// <summary>
    /// A short valid stream from a safe vocabulary, then one to three mutations of it; one time in
    /// eight a megabyte at its end (<c>Big</c>: flush the data afterwards, so no later reply is big).
    /// </summary>
    public (byte[] Input, string Description, bool Big) MutatedStream()
    {
        var output = new MemoryStream();
        int count = _random.Next(1, 6);
        for (int i = 0; i < count; i++)
        {
            var command = Bytes(Vocabulary[_random.Next(Vocabulary.Length)]);
            output.Write(_random.Next(3) == 0 ? EncodeInline(command) : RespConnection.Encode(command));
        }
        var input = output.ToArray();
        var applied = new List<string>();
        int mutations = _random.Next(1, 4);
        for (int i = 0; i < mutations; i++)
        {
            var (mutated, name) = Mutate(input);
            input = mutated;
            applied.Add(name);
        }
        // A megabyte only ever ends the input: a line over the inline limit that a newline ends
        // further on is answered as a command or as "too big" depending on how much Redis's read
        // took in at once (sdsMakeRoomFor's greedy growth), which no test can reproduce.
        bool big = OneIn(8);
        if (big)
        {
            input = Concat(input, HugeToken());
            applied.Add("1mb");
        }
        return (input, string.Join("+", applied), big);
    }

    private (byte[] Input, string Name) Mutate(byte[] input)
    {
        switch (_random.Next(9))
        {
            case 0:
                return (FlipByte(input), "flip");
            case 1:
                return (input.Length > 1 ? input[.._random.Next(1, input.Length)] : input, "cut");
            case 2:
                return (ReplaceLength(input), "length");
            case 3:
                return (Insert(input, Pick(Bytes("*-1\r\n", "*0\r\n", "*1\r\n$-5\r\n", "*1\r\n$-1\r\n", "*2\r\n+PING\r\n", "*1\r\n:1\r\n", "\r\n", "\n"))), "header");
            case 4:
                return (DropLineEnd(input), "crlf");
            case 5:
                return (Insert(input, DeepQuoting()), "quoting");
            case 6:
                return (Insert(input, [0]), "nul");
            case 7:
                var garbage = new byte[_random.Next(1, 200)];
                _random.NextBytes(garbage);
                for (int i = 0; i < garbage.Length; i++)
                    if (char.IsAsciiLetter((char)garbage[i])) garbage[i] = FlipBytes[_random.Next(FlipBytes.Length)];
                return (Insert(input, garbage), "garbage");
            default:
                return (Concat(input, input), "twice");
        }
    }

    private byte[] FlipByte(byte[] input)
    {
        var copy = (byte[])input.Clone();
        copy[_random.Next(copy.Length)] = FlipBytes[_random.Next(FlipBytes.Length)];
        return copy;
    }

    /// <summary>Replaces the number of a <c>*N</c> or <c>$N</c> header with a huge, negative or malformed one.</summary>
    private byte[] ReplaceLength(byte[] input)
    {
        var headers = new List<int>();
        for (int i = 0; i < input.Length; i++)
            if (input[i] is (byte)'*' or (byte)'$' && (i == 0 || input[i - 1] == (byte)'\n')) headers.Add(i);
        if (headers.Count == 0) return Insert(input, Encoding.Latin1.GetBytes($"*{BadLengths[_random.Next(BadLengths.Length)]}\r\n"));
        int at = headers[_random.Next(headers.Count)] + 1;
        int end = at;
        while (end < input.Length && input[end] != (byte)'\r') end++;
        return Concat(input[..at], Encoding.Latin1.GetBytes(BadLengths[_random.Next(BadLengths.Length)]), input[end..]);
    }

    private byte[] DropLineEnd(byte[] input)
    {
        int crlf = input.AsSpan().IndexOf("\r\n"u8);
        if (crlf < 0) return input;
        // One of: the CR, the LF or both.
        int from = _random.Next(2) == 0 ? crlf : crlf + 1;
        int to = _random.Next(2) == 0 ? crlf + 2 : from + 1;
        return Concat(input[..from], input[to..]);
    }

    /// <summary>An inline line of nested quotes and escapes, balanced or not.</summary>
    private byte[] DeepQuoting()
    {
        string[] pieces = ["\"", "'", "\\", "\\\"", "\\'", "\\x", "\\x4", "\\x41", "\\xzz", "\\n", "a", " ", "\"a\"b", "'a'b", "\"\"", "''", "\"\\\\\"", "{", "}", "\t"];
        var text = new StringBuilder(_random.Next(2) == 0 ? "ECHO " : "SET k ");
        int depth = _random.Next(1, 200);
        for (int i = 0; i < depth; i++) text.Append(pieces[_random.Next(pieces.Length)]);
        text.Append("\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>A megabyte somewhere it fits or does not: an inline token, a bulk, a header's digits.</summary>
    private byte[] HugeToken()
    {
        const int Megabyte = 1024 * 1024;
        byte[] Fill(byte b)
        {
            var bytes = new byte[Megabyte];
            Array.Fill(bytes, b);
            return bytes;
        }
        return _random.Next(6) switch
        {
            0 => Concat("ECHO "u8.ToArray(), Fill((byte)'x'), "\r\n"u8.ToArray()),
            1 => Concat("*3\r\n$3\r\nSET\r\n$2\r\nbig\r\n$1048576\r\n"u8.ToArray(), Fill((byte)'v'), "\r\n"u8.ToArray()),
            2 => Concat("*"u8.ToArray(), Fill((byte)'1')),
            3 => Concat("*1\r\n$"u8.ToArray(), Fill((byte)'9')),
            4 => Concat("*3\r\n$3\r\nSET\r\n$3\r\nbin\r\n$1048576\r\n"u8.ToArray(), Fill(0), "\r\n"u8.ToArray()),
            _ => Concat("*1\r\n$1048576\r\n"u8.ToArray(), Fill((byte)'z'), "\r\n"u8.ToArray()),
        };
    }

    private byte[] Insert(byte[] input, byte[] inserted)
    {
        int at = _random.Next(input.Length + 1);
        return Concat(input[..at], inserted, input[at..]);
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var output = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(output, at);
            at += part.Length;
        }
        return output;
    }
}
