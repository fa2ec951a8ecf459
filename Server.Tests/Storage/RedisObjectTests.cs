// Tests for RedisObject's string layout: embstr bytes inside the object (one allocation, as
// createEmbeddedStringObject makes), int strings without an array, and in-place conversions.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class RedisObjectTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static string Text(RedisObject value)
    {
        Span<byte> digits = stackalloc byte[20];
        return Encoding.ASCII.GetString(value.StringSpan(digits));
    }

    private static long AllocatedBy(Func<RedisObject> make)
    {
        make();
        long before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(make());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void AShortStringIsOneAllocationOfTheObjectAndItsBytes()
    {
        // 48 bytes of object (header and packed fields) and 16 inline bytes: no byte array beside it.
        byte[] longest = new byte[44];
        Assert.Multiple(() =>
        {
            Assert.That(AllocatedBy(() => RedisObject.EncodedString("v000000000000001"u8)), Is.EqualTo(64));
            Assert.That(AllocatedBy(() => RedisObject.EncodedString("abc"u8)), Is.EqualTo(56));
            Assert.That(AllocatedBy(() => RedisObject.EncodedString(longest)), Is.EqualTo(96));
        });
    }

    [Test]
    public void AnIntStringHoldsItsNumberInTheObject()
    {
        Assert.That(AllocatedBy(() => RedisObject.FromLong(123456789)), Is.EqualTo(48));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(8)]
    [TestCase(9)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(43)]
    [TestCase(44)]
    public void EmbstrStringsOfEverySizeClassReadBackTheirBytes(int length)
    {
        byte[] bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 1)).ToArray();

        var value = RedisObject.String(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo(ObjectEncoding.Embstr));
            Assert.That(value.StringLength, Is.EqualTo(length));
            Assert.That(value.StringSpan(stackalloc byte[20]).ToArray(), Is.EqualTo(bytes));
            Assert.That(value.Bytes, Is.EqualTo(bytes));
            Assert.That(value.DecodedString().ToArray(), Is.EqualTo(bytes));
            Assert.That(value.InlineCapacity, Is.EqualTo(Math.Max(8, (length + 7) / 8 * 8)));
        });
    }

    [Test]
    public void AnEmbstrStringKeepsACopyNotTheCallersArray()
    {
        byte[] bytes = Bytes("hello");
        var value = RedisObject.String(bytes);

        bytes[0] = (byte)'j';

        Assert.That(Text(value), Is.EqualTo("hello"));
    }

    [Test]
    public void StringsOver44BytesAreRawOverTheirArray()
    {
        var value = RedisObject.String(new byte[45]);

        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo(ObjectEncoding.Raw));
            Assert.That(value.InlineCapacity, Is.Zero);
            Assert.That(value.StringLength, Is.EqualTo(45));
        });
    }

    [Test]
    public void WritingAnEmbstrStringMakesTheSameObjectRaw()
    {
        var value = RedisObject.EncodedString("hello"u8);

        " world"u8.CopyTo(value.WritableString(11)[5..]);

        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo(ObjectEncoding.Raw));
            Assert.That(Text(value), Is.EqualTo("hello world"));
        });
    }

    [Test]
    public void AnEmbstrStringCanBecomeAnInteger()
    {
        var value = RedisObject.EncodedString("hello"u8);

        value.SetInteger(42);

        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo(ObjectEncoding.Int));
            Assert.That(Text(value), Is.EqualTo("42"));
        });
    }

    [Test]
    public void TheDatasetSlotSurvivesConversions()
    {
        var value = RedisObject.EncodedString("hello"u8);
        value.AccountedBytes = 1234;

        value.WritableString(20);
        long afterRaw = value.AccountedBytes;
        value.SetInteger(7);

        Assert.Multiple(() =>
        {
            Assert.That(afterRaw, Is.EqualTo(1234));
            Assert.That(value.AccountedBytes, Is.EqualTo(1234));
        });
    }
}
