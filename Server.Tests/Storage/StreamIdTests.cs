// Tests for StreamId: 128-bit ordering, increment and decrement across the sequence boundary,
// formatting, and parsing as Redis's streamGenericParseIDOrReply and string2ull do.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class StreamIdTests
{
    private static bool Parse(string text, out StreamId id, out bool seqGiven, ulong missingSeq = 0, bool strict = false, bool autoSeq = false) =>
        StreamId.TryParse(Encoding.Latin1.GetBytes(text), missingSeq, strict, autoSeq, out id, out seqGiven);

    [Test]
    public void IdsCompareByMillisecondsThenSequence()
    {
        Assert.That(new StreamId(1, ulong.MaxValue) < new StreamId(2, 0));
        Assert.That(new StreamId(2, 1) > new StreamId(2, 0));
        Assert.That(new StreamId(ulong.MaxValue, 0).CompareTo(new StreamId(1, 5)), Is.Positive);
        var id = new StreamId(3, 3);
        Assert.That(id.CompareTo(new StreamId(3, 3)), Is.Zero);
    }

    [Test]
    public void IncrementCarriesIntoMillisecondsAndStopsAtTheMaximum()
    {
        Assert.That(new StreamId(1, ulong.MaxValue).TryIncrement(out var next) && next == new StreamId(2, 0));
        Assert.That(new StreamId(1, 5).TryIncrement(out next) && next == new StreamId(1, 6));
        Assert.That(StreamId.Max.TryIncrement(out _), Is.False);
    }

    [Test]
    public void DecrementBorrowsFromMillisecondsAndStopsAtZero()
    {
        Assert.That(new StreamId(2, 0).TryDecrement(out var previous) && previous == new StreamId(1, ulong.MaxValue));
        Assert.That(StreamId.Min.TryDecrement(out _), Is.False);
    }

    [Test]
    public void FormatWritesMillisecondsDashSequence()
    {
        Span<byte> text = stackalloc byte[StreamId.MaxFormattedLength];
        Assert.That(Encoding.ASCII.GetString(text[..StreamId.Max.Format(text)]), Is.EqualTo("18446744073709551615-18446744073709551615"));
        Assert.That(Encoding.ASCII.GetString(new StreamId(0, 7).ToBytes()), Is.EqualTo("0-7"));
    }

    [TestCase("5", 5UL, 9UL)]
    [TestCase("5-3", 5UL, 3UL)]
    [TestCase("0-0", 0UL, 0UL)]
    [TestCase(" 5", 5UL, 9UL)]
    [TestCase("+5", 5UL, 9UL)]
    [TestCase("7\0junk", 7UL, 9UL)]
    [TestCase("18446744073709551615-18446744073709551615", ulong.MaxValue, ulong.MaxValue)]
    public void ParsesWhatRedisAccepts(string text, ulong ms, ulong seq)
    {
        Assert.That(Parse(text, out var id, out _, missingSeq: 9), Is.True);
        Assert.That(id, Is.EqualTo(new StreamId(ms, seq)));
    }

    [TestCase("")]
    [TestCase("x")]
    [TestCase("-5")]
    [TestCase("1-2-3")]
    [TestCase("1-")]
    [TestCase("18446744073709551616")]
    [TestCase("1.5")]
    public void RejectsWhatRedisRejects(string text) => Assert.That(Parse(text, out _, out _), Is.False);

    [Test]
    public void MinusAndPlusAreTheExtremesUnlessStrict()
    {
        Assert.That(Parse("-", out var id, out _) && id == StreamId.Min);
        Assert.That(Parse("+", out id, out _) && id == StreamId.Max);
        Assert.That(Parse("-", out _, out _, strict: true), Is.False);
        Assert.That(Parse("+", out _, out _, strict: true), Is.False);
    }

    [Test]
    public void AStarSequenceIsOnlyForXAdd()
    {
        Assert.That(Parse("5-*", out var id, out bool seqGiven, autoSeq: true) && id == new StreamId(5, 0) && !seqGiven);
        Assert.That(Parse("5-*", out _, out _), Is.False);
        Assert.That(Parse("5-1", out _, out seqGiven, autoSeq: true) && seqGiven);
    }

    [Test]
    public void StrtoullWrapsANonCanonicalNegative()
    {
        // " -5" is not canonical, so string2ll fails and strtoull wraps it around, as in Redis.
        Assert.That(StreamId.TryParseUnsigned(" -5"u8, out ulong value) && value == ulong.MaxValue - 4);
        Assert.That(StreamId.TryParseUnsigned("-5"u8, out _), Is.False);
        Assert.That(StreamId.TryParseUnsigned("-0"u8, out value) && value == 0);
    }
}
