// LongDouble.ThousandsCeiling: a timeout in seconds turned into milliseconds exactly as Redis's
// (long long)ceill(seconds * 1000.0L) does on x86, extended precision and overflow included.

using EventLoopRedis.Protocol;

namespace EventLoopRedis.Tests.Protocol;

[TestFixture]
public class LongDoubleTests
{
    private static long Milliseconds(string seconds)
    {
        Assert.That(LongDouble.TryParse(System.Text.Encoding.ASCII.GetBytes(seconds), out var value), Is.True, seconds);
        return value.ThousandsCeiling();
    }

    [TestCase("0", 0)]
    [TestCase("1", 1000)]
    [TestCase("1.5", 1500)]
    [TestCase("0.001", 1)]
    [TestCase("0.0001", 1)]
    [TestCase("2.0005", 2001)]
    [TestCase("0x1p-20", 1)]
    [TestCase("1e-400", 1)]
    [TestCase("-0.0001", 0)]
    [TestCase("-0.002", -1)] // -0.002 is stored a hair above -0.002: the product is -1.999..., its ceiling -1
    [TestCase("-1.5", -1500)]
    [TestCase("9223372036854775.807", 9223372036854775807)]
    public void SecondsBecomeTheCeilingOfTheirMilliseconds(string seconds, long expected) =>
        Assert.That(Milliseconds(seconds), Is.EqualTo(expected));

    [TestCase("-0.001")]
    [TestCase("-0.0009")]
    public void ANegativeFractionOfAMillisecondRoundsUpToZero(string seconds) =>
        Assert.That(Milliseconds(seconds), Is.Zero);

    [TestCase("inf")]
    [TestCase("-inf")]
    [TestCase("1e400")]
    [TestCase("9223372036854775807")]
    public void OutOfRangeBecomesTheIntegerIndefinite(string seconds) =>
        Assert.That(Milliseconds(seconds), Is.EqualTo(long.MinValue));
}
