// The FUNCTION DUMP payload: RDB strings (LZF-compressed when it pays), RDB version, CRC64.

using System.Text;
using EventLoopRedis.Scripting;

namespace EventLoopRedis.Tests.Scripting;

[TestFixture]
public class FunctionPayloadTests
{
    [TestCase("#!lua name=a\nredis.register_function('a', function() return 1 end)")]
    [TestCase("#!lua name=short\n")]
    public void LibrariesRoundTrip(string code)
    {
        var libraries = new[] { new FunctionLibrary("x", Encoding.ASCII.GetBytes(code)), new FunctionLibrary("y", Encoding.ASCII.GetBytes(code + "--" + new string('z', 500))) };
        var payload = FunctionPayload.Dump(libraries);
        var codes = FunctionPayload.Read(payload, out string error);
        Assert.That(error, Is.Empty);
        Assert.That(codes!.Select(Encoding.ASCII.GetString), Is.EqualTo(libraries.Select(l => Encoding.ASCII.GetString(l.Code))));
    }

    [Test]
    public void RepetitiveCodeIsCompressed()
    {
        var code = Encoding.ASCII.GetBytes("#!lua name=big\n" + string.Concat(Enumerable.Repeat("redis.log(redis.LOG_DEBUG, 'x') ", 200)));
        var payload = FunctionPayload.Dump([new FunctionLibrary("big", code)]);
        Assert.That(payload.Length, Is.LessThan(code.Length / 4));
        Assert.That(FunctionPayload.Read(payload, out _)![0], Is.EqualTo(code));
    }

    [Test]
    public void DamagedPayloadsAreRefused()
    {
        var payload = FunctionPayload.Dump([new FunctionLibrary("a", "#!lua name=a\n"u8.ToArray())]);
        payload[3] ^= 1;
        Assert.That(FunctionPayload.Read(payload, out string error), Is.Null);
        Assert.That(error, Is.EqualTo("DUMP payload version or checksum are wrong"));
        Assert.That(FunctionPayload.Read("short"u8, out error), Is.Null);
    }
}
