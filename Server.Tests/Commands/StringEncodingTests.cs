// What a differential test cannot see: how string values are stored (OBJECT ENCODING's
// int/embstr/raw, reported elsewhere) and that the hot paths do not allocate. Commands run
// in-process through the executor on a socketless client.

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class StringEncodingTests
{
    private RedisServer _server = null!;
    private Client _client = null!;

    [SetUp]
    public void CreateServer()
    {
        _server = new RedisServer(new ServerConfig());
        _client = _server.CreateClient(socket: null);
    }

    [TestCase("123", "int")]
    [TestCase("-9223372036854775808", "int")]
    [TestCase("0", "int")]
    [TestCase("9223372036854775808", "embstr")]
    [TestCase("0123", "embstr")]
    [TestCase("-0", "embstr")]
    [TestCase("+1", "embstr")]
    [TestCase("1.5", "embstr")]
    [TestCase("", "embstr")]
    [TestCase("12345678901234567890123456789012345678901234", "embstr")]
    [TestCase("123456789012345678901234567890123456789012345", "raw")]
    public void SetEncodesValuesAsRedisDoes(string value, string encoding)
    {
        Run("SET", "k", value);
        Assert.That(Encoding("k"), Is.EqualTo(encoding));
        Assert.That(Run("GET", "k"), Is.EqualTo($"${value.Length}\r\n{value}\r\n"));
    }

    [Test]
    public void EveryWayOfSettingAValueTriesIntEncoding()
    {
        Run("SETNX", "a", "1");
        Run("SETEX", "b", "100", "2");
        Run("PSETEX", "c", "100000", "3");
        Run("GETSET", "d", "4");
        Run("MSET", "e", "5", "f", "x");
        Run("MSETNX", "g", "6");
        Run("APPEND", "h", "7");
        Assert.That(new[] { "a", "b", "c", "d", "e", "f", "g", "h" }.Select(Encoding),
            Is.EqualTo(new[] { "int", "int", "int", "int", "int", "embstr", "int", "int" }));
    }

    [Test]
    public void IncrResultsAreIntEncodedEvenFromText()
    {
        Run("APPEND", "k", "1");
        Run("APPEND", "k", "2"); // raw "12"
        Assert.That(Encoding("k"), Is.EqualTo("raw"));
        Assert.That(Run("INCR", "k"), Is.EqualTo(":13\r\n"));
        Assert.That(Encoding("k"), Is.EqualTo("int"));
        Run("DECRBY", "new", "5");
        Assert.That(Encoding("new"), Is.EqualTo("int"));
    }

    [Test]
    public void InPlaceChangesMakeRawStrings()
    {
        Run("SET", "int", "12");
        Run("APPEND", "int", "3");
        Run("SET", "short", "abc");
        Run("SETRANGE", "short", "1", "x");
        Run("SETRANGE", "fresh", "2", "x");
        Run("SETBIT", "bits", "3", "1");
        Run("SET", "n", "7");
        Run("SETBIT", "n", "0", "0");
        Run("BITFIELD", "field", "SET", "u8", "0", "1");
        Run("BITOP", "NOT", "op", "short");
        Assert.That(new[] { "int", "short", "fresh", "bits", "n", "field", "op" }.Select(Encoding), Is.All.EqualTo("raw"));
        Assert.That(Run("GET", "int"), Is.EqualTo("$3\r\n123\r\n"));
        Assert.That(Run("GET", "short"), Is.EqualTo("$3\r\naxc\r\n"));
    }

    [Test]
    public void IncrByFloatStoresText()
    {
        Run("INCRBYFLOAT", "a", "3");
        Run("INCRBYFLOAT", "b", "1.5");
        Run("INCRBYFLOAT", "c", "1e50");
        Assert.That(new[] { "a", "b", "c" }.Select(Encoding), Is.EqualTo(new[] { "embstr", "embstr", "raw" }));
    }

    [Test]
    public void BytesGivesEveryEncodingAsExactBytes()
    {
        Run("SET", "int", "-42");
        Run("APPEND", "raw", "hello");
        Run("APPEND", "raw", " world"); // the buffer now has spare room
        Assert.That(Text(Value("int").Bytes), Is.EqualTo("-42"));
        Assert.That(Text(Value("raw").Bytes), Is.EqualTo("hello world"));
        Assert.That(Value("raw").StringLength, Is.EqualTo(11));
        Assert.That(Value("int").StringLength, Is.EqualTo(3));
    }

    [Test]
    public void ArrayHandedOutByBytesIsNotChangedByLaterWrites()
    {
        Run("SET", "k", new string('a', 100));
        var bytes = Value("k").Bytes;
        Run("SETRANGE", "k", "0", "XYZ");
        Run("SETBIT", "k", "20", "1");
        Assert.That(Text(bytes), Is.EqualTo(new string('a', 100)));
        Assert.That(Run("GETRANGE", "k", "0", "3"), Is.EqualTo("$4\r\nXYZa\r\n"));
    }

    [Test]
    public void RepeatedAppendsGrowTheBufferGeometrically()
    {
        Run("APPEND", "k", "x");
        var buffers = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < 1000; i++)
        {
            Run("APPEND", "k", "y");
            buffers.Add(Value("k").Value!);
        }
        Assert.That(Value("k").StringLength, Is.EqualTo(1001));
        Assert.That(buffers.Count, Is.LessThan(15), "a new buffer per append would make appends quadratic");
    }

    [Test]
    public void WritesInsideALongValueChangeItInPlace()
    {
        Run("SET", "k", new string('a', 1000));
        var buffer = Value("k").Value;
        Run("SETRANGE", "k", "10", "xyz");
        Run("SETBIT", "k", "7", "1");
        Run("BITFIELD", "k", "SET", "u8", "#20", "65");
        Assert.That(Value("k").Value, Is.SameAs(buffer));
        Assert.That(Run("GETRANGE", "k", "0", "20"), Is.EqualTo("$21\r\naaaaaaaaaaxyzaaaaaaaA\r\n"));
    }

    [Test]
    public void IncrOnAnIntEncodedValueAllocatesNothing()
    {
        Run("SET", "counter", "1000");
        var value = Value("counter");
        AssertNoAllocation(new PreparedRequest("INCRBY", "counter", "3"));
        Assert.That(Value("counter"), Is.SameAs(value));
    }

    [Test]
    public void GetAllocatesNothing()
    {
        Run("SET", "raw", new string('r', 100));
        Run("SET", "int", "123456");
        AssertNoAllocation(new PreparedRequest("GET", "raw"));
        AssertNoAllocation(new PreparedRequest("GET", "int"));
    }

    [TestCase("STRLEN", "bits")]
    [TestCase("GETRANGE", "bits", "2", "-3")]
    [TestCase("APPEND", "bits", "")]
    [TestCase("SETRANGE", "bits", "3", "abc")]
    [TestCase("SETBIT", "bits", "77", "1")]
    [TestCase("GETBIT", "bits", "77")]
    [TestCase("BITCOUNT", "bits", "1", "-2", "BIT")]
    [TestCase("BITPOS", "bits", "0", "1", "-2", "BIT")]
    [TestCase("DECRBY", "number", "7")]
    [TestCase("MGET", "bits", "number")]
    public void ReadsAndInPlaceWritesAllocateNothing(params string[] command)
    {
        Run("SET", "bits", new string('\x5a', 64));
        Run("SETBIT", "bits", "0", "1");
        Run("SET", "number", "-5");
        AssertNoAllocation(new PreparedRequest(command));
    }

    // ---- helpers -------------------------------------------------------------------

    private RedisObject Value(string key) => _server.Databases[0].LookupQuiet(Latin1.GetBytes(key))!;

    private string Encoding(string key) => Value(key).EncodingName;

    private static Encoding Latin1 => System.Text.Encoding.Latin1;

    private static string Text(byte[] bytes) => Latin1.GetString(bytes);

    /// <summary>Executes one command and returns its reply as Latin-1 text.</summary>
    private string Run(params string[] args)
    {
        new PreparedRequest(args).Execute(_server.Executor, _client);
        var reply = _client.Reply.TakeAll();
        return Latin1.GetString(reply);
    }

    private void AssertNoAllocation(PreparedRequest request) => request.AssertNoAllocation(_server.Executor, _client);
}
