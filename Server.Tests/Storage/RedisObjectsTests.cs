// Tests for RedisObjects: TYPE's names, COPY's independent duplicates, OBJECT REFCOUNT's shared integers.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class RedisObjectsTests
{
    [Test]
    public void TypeNamesAreRedisNames()
    {
        Assert.That(Encoding.ASCII.GetString(RedisObjects.TypeName(null)), Is.EqualTo("none"));
        Assert.That(Encoding.ASCII.GetString(RedisObjects.TypeName(RedisObject.String([]))), Is.EqualTo("string"));
    }

    /// <summary>TYPE replies with the lower-cased member name, so every member must be named after a Redis type.</summary>
    [Test]
    public void EveryTypeIsNamedAfterARedisType()
    {
        string[] redisTypes = ["string", "list", "set", "zset", "hash", "stream"];
        foreach (var type in Enum.GetValues<RedisType>())
            Assert.That(type.ToString().ToLowerInvariant(), Is.AnyOf(redisTypes), $"RedisType.{type}");
    }

    [Test]
    public void DuplicateKeepsTheEncoding()
    {
        foreach (var original in new[]
                 {
                     RedisObject.FromLong(12), RedisObject.String("short"u8.ToArray()),
                     RedisObject.String(new byte[100]), RedisObject.RawString("raw"u8.ToArray()),
                 })
        {
            var copy = RedisObjects.Duplicate(original)!;
            Assert.That(copy, Is.Not.SameAs(original));
            Assert.That(copy.Bytes, Is.EqualTo(original.Bytes));
            Assert.That(copy.Encoding, Is.EqualTo(original.Encoding));
        }
    }

    [Test]
    public void DuplicateOfARawStringOwnsItsBuffer()
    {
        var original = RedisObject.RawString("abc"u8.ToArray());
        var copy = RedisObjects.Duplicate(original)!;
        copy.WritableString(3)[0] = (byte)'z';
        Assert.That(Encoding.ASCII.GetString(original.Bytes), Is.EqualTo("abc"), "changing the copy in place must not change the original");
    }

    [TestCase("0", true, int.MaxValue)]
    [TestCase("9999", true, int.MaxValue)]
    [TestCase("10000", true, 1)]
    [TestCase("-1", true, 1)]
    [TestCase("5", false, 1)]
    [TestCase("hello", false, 1)]
    public void OnlySmallIntegersAreShared(string text, bool intEncoded, long expected)
    {
        var value = intEncoded ? RedisObject.FromLong(long.Parse(text)) : RedisObject.String(Encoding.ASCII.GetBytes(text));
        Assert.That(RedisObjects.RefCount(value), Is.EqualTo(expected));
    }
}
