// Pure-bytes tests of the request parser: no sockets, no server.

using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Tests.Protocol;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class RequestParserTests
{
    private const long MaxBulk = 512L * 1024 * 1024;

    private readonly QueryBuffer _query = new();
    private readonly RequestParser _parser = new();
    private readonly ArgList _args = new();

    private void Feed(string latin1)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1);
        bytes.CopyTo(_query.GetFreeSpace(bytes.Length));
        _query.Commit(bytes.Length);
    }

    private ParseStatus Parse(bool authRequired = false) => _parser.Parse(_query, _args, authRequired, MaxBulk);

    private string[] Args() => Enumerable.Range(0, _args.Count).Select(i => Encoding.Latin1.GetString(_args[i])).ToArray();

    /// <summary>Parses every complete command in the buffer, consuming each.</summary>
    private List<string[]> ParseAll()
    {
        var commands = new List<string[]>();
        while (Parse() == ParseStatus.Complete)
        {
            commands.Add(Args());
            _query.Consume(_parser.Consumed);
        }
        return commands;
    }

    [Test]
    public void MultibulkCommandIsSplitIntoByteSlices()
    {
        Feed("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Complete));
        Assert.That(Args(), Is.EqualTo(new[] { "SET", "key", "value" }));
        Assert.That(_parser.Consumed, Is.EqualTo(_query.Length));
    }

    [Test]
    public void BinaryArgumentsKeepEveryByte()
    {
        Feed("*2\r\n$3\r\nGET\r\n$6\r\n\0\r\n\xff$*\r\n");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Complete));
        Assert.That(Args()[1], Is.EqualTo("\0\r\n\xff$*"));
    }

    [Test]
    public void CommandArrivingOneByteAtATimeIsParsedOnceComplete()
    {
        const string command = "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n";
        for (int i = 0; i < command.Length - 1; i++)
        {
            Feed(command[i].ToString());
            Assert.That(Parse(), Is.EqualTo(ParseStatus.Incomplete), $"after {i + 1} bytes");
        }
        Feed(command[^1].ToString());
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Complete));
        Assert.That(Args(), Is.EqualTo(new[] { "ECHO", "hello world" }));
    }

    /// <summary>
    /// A trickled command may stop anywhere (a slowloris, or TCP cutting a big value): split at every
    /// byte boundary, inside headers, CRLFs and a binary bulk alike, it parses to the whole command's arguments.
    /// </summary>
    [Test]
    public void CommandSplitAtEveryByteBoundaryParsesLikeTheWholeCommand()
    {
        string value = new(Enumerable.Range(0, 256).Select(b => (char)b).ToArray());
        string command = $"*3\r\n$3\r\nSET\r\n$4\r\nk\r\n\0\r\n${value.Length}\r\n{value}\r\n";
        for (int split = 1; split < command.Length; split++)
        {
            var query = new QueryBuffer();
            var parser = new RequestParser();
            var args = new ArgList();
            foreach (var piece in new[] { command[..split], command[split..] })
            {
                Assert.That(parser.Parse(query, args, authRequired: false, MaxBulk), Is.EqualTo(ParseStatus.Incomplete), $"split at {split}");
                var bytes = Encoding.Latin1.GetBytes(piece);
                bytes.CopyTo(query.GetFreeSpace(bytes.Length));
                query.Commit(bytes.Length);
            }
            Assert.That(parser.Parse(query, args, authRequired: false, MaxBulk), Is.EqualTo(ParseStatus.Complete), $"split at {split}");
            Assert.That(parser.Consumed, Is.EqualTo(command.Length));
            var parsed = Enumerable.Range(0, args.Count).Select(i => Encoding.Latin1.GetString(args[i])).ToArray();
            Assert.That(parsed, Is.EqualTo(new[] { "SET", "k\r\n\0", value }), $"split at {split}");
        }
    }

    [Test]
    public void PipelinedCommandsAreParsedOneAtATimeInOrder()
    {
        Feed("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\nPING\r\n*1\r\n$4\r\nPI");
        var commands = ParseAll();
        Assert.That(commands.Select(c => string.Join(' ', c)), Is.EqualTo(new[] { "PING", "GET a", "PING" }));
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Incomplete));
    }

    [Test]
    public void InlineCommandsFollowRedisQuotingRules()
    {
        Feed("SET \"a b\" 'c d'\r\nECHO \"\\x41\\n\\t\" 'it\\'s'\n   \r\nPING\r\n");
        var commands = ParseAll();
        Assert.That(commands[0], Is.EqualTo(new[] { "SET", "a b", "c d" }));
        Assert.That(commands[1], Is.EqualTo(new[] { "ECHO", "A\n\t", "it's" }));
        Assert.That(commands[2], Is.EqualTo(new[] { "PING" }), "a blank line is skipped");
    }

    [Test]
    public void EmptyMultibulkIsSkipped()
    {
        Feed("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Complete));
        Assert.That(Args(), Is.EqualTo(new[] { "PING" }));
    }

    [TestCase("*x\r\n", "ERR Protocol error: invalid multibulk length")]
    [TestCase("*-\r\n", "ERR Protocol error: invalid multibulk length")]
    [TestCase("*3000000000\r\n", "ERR Protocol error: invalid multibulk length")]
    [TestCase("*1\r\nfoo\r\n", "ERR Protocol error: expected '$', got 'f'")]
    [TestCase("*1\r\n$x\r\n", "ERR Protocol error: invalid bulk length")]
    [TestCase("*1\r\n$-1\r\n", "ERR Protocol error: invalid bulk length")]
    [TestCase("*1\r\n$01\r\n", "ERR Protocol error: invalid bulk length")]
    [TestCase("*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length")]
    [TestCase("GET \"a\r\n", "ERR Protocol error: unbalanced quotes in request")]
    [TestCase("GET 'a'b\r\n", "ERR Protocol error: unbalanced quotes in request")]
    public void MalformedRequestsGetRedisProtocolErrors(string request, string error)
    {
        Feed(request);
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Error));
        Assert.That(_parser.Error, Is.EqualTo(error));
    }

    [Test]
    public void InlineRequestWithoutNewlineBeyond64KbIsTooBig()
    {
        Feed(new string('a', RequestParser.InlineMaxSize));
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Incomplete));
        Feed("a");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Error));
        Assert.That(_parser.Error, Is.EqualTo("ERR Protocol error: too big inline request"));
    }

    [TestCase("*2\0\r\n$4\r\nPING\r\n", "ERR Protocol error: too big mbulk count string")]
    [TestCase("*1\r\n$4\0\r\nPING\r\n", "ERR Protocol error: too big bulk count string")]
    public void HeaderWithANulBeforeItsCrWaitsUntilItIsTooBig(string request, string error)
    {
        // As strchr in processMultibulkBuffer: the CR after the NUL is never found.
        Feed(request);
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Incomplete));
        Feed(new string('1', RequestParser.InlineMaxSize));
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Error));
        Assert.That(_parser.Error, Is.EqualTo(error));
    }

    [Test]
    public void UnauthenticatedClientsGetSmallerLimits()
    {
        Feed("*11\r\n");
        Assert.That(Parse(authRequired: true), Is.EqualTo(ParseStatus.Error));
        Assert.That(_parser.Error, Is.EqualTo("ERR Protocol error: unauthenticated multibulk length"));
    }

    [Test]
    public void BigBulkAnnouncesHowManyBytesItStillNeeds()
    {
        Feed("*2\r\n$3\r\nSET\r\n$100000\r\nabc");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Incomplete));
        Assert.That(_parser.MissingBigBulkBytes(_query), Is.EqualTo(100000 + 2 - 3));
    }

    [Test]
    public void ArgumentsSurviveQueryBufferCompactionWhileIncomplete()
    {
        Feed("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$5\r\nhel");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Complete));
        _query.Consume(_parser.Consumed);
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Incomplete));
        _query.GetFreeSpace(_query.Data.Length); // forces the buffer to move its bytes
        Feed("lo\r\n");
        Assert.That(Parse(), Is.EqualTo(ParseStatus.Complete));
        Assert.That(Args(), Is.EqualTo(new[] { "ECHO", "hello" }));
    }

    [Test]
    public void ParsingPipelinedCommandsDoesNotAllocate()
    {
        var batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n", 100)));
        void ParseBatch()
        {
            batch.CopyTo(_query.GetFreeSpace(batch.Length));
            _query.Commit(batch.Length);
            while (Parse() == ParseStatus.Complete) _query.Consume(_parser.Consumed);
        }
        ParseBatch(); // warm up: buffers reach their size
        // The fewest bytes of three rounds: a parser that allocates does so in every round, while a
        // one-off allocation by the runtime on this thread (seen once in a full CI run: 1,048 bytes,
        // a tier-up or a background GC's bookkeeping) lands in one round only.
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) ParseBatch();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.That(fewest, Is.Zero);
    }

    /// <summary>
    /// Garbage in any amount, split anywhere, must end in a command, a wait or a protocol
    /// error: never an exception (which would take the whole loop down).
    /// </summary>
    [Test]
    public void RandomBytesInRandomPiecesNeverThrow()
    {
        var random = new Random(20261122);
        string[] fragments = ["*", "$", "\r\n", "\n", "\"", "'", " ", "-1", "0", "3", "99999999999", "\\x4", "PING", "\0"];
        for (int run = 0; run < 2000; run++)
        {
            var query = new QueryBuffer();
            var parser = new RequestParser();
            var args = new ArgList();
            var text = new StringBuilder();
            for (int i = random.Next(1, 40); i > 0; i--)
                text.Append(random.Next(3) == 0 ? (char)random.Next(256) : fragments[random.Next(fragments.Length)]);
            var bytes = Encoding.Latin1.GetBytes(text.ToString());
            for (int at = 0; at < bytes.Length;)
            {
                int piece = Math.Min(bytes.Length - at, random.Next(1, 8));
                bytes.AsSpan(at, piece).CopyTo(query.GetFreeSpace(piece));
                query.Commit(piece);
                at += piece;
                ParseStatus status;
                while ((status = parser.Parse(query, args, authRequired: random.Next(2) == 0, 1024)) == ParseStatus.Complete)
                {
                    Assert.That(args.Count, Is.Positive);
                    query.Consume(parser.Consumed);
                }
                if (status == ParseStatus.Error)
                {
                    Assert.That(parser.Error, Does.StartWith("ERR Protocol error: "));
                    break;
                }
            }
        }
    }
}
