// Tests for Doubles: strtod's syntax and string2d's checks, and "%.17g" as glibc prints it.

using System.Text;
using EventLoopRedis.Util;

namespace EventLoopRedis.Tests.Util;

public class DoublesTests
{
    private static string Format(double value)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFormattedLength];
        return Encoding.ASCII.GetString(text[..Doubles.Format(value, text)]);
    }

    [TestCase(0.1, "0.10000000000000001")]
    [TestCase(1e20, "1e+20")]
    [TestCase(1.5e-7, "1.4999999999999999e-07")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    [TestCase(-0.0, "-0")]
    [TestCase(0.0, "0")]
    [TestCase(3.0, "3")]
    [TestCase(1e16, "10000000000000000")]
    [TestCase(1e17, "1e+17")]
    [TestCase(123456789012345678.0, "1.2345678901234568e+17")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1.0000000000000001e-05")]
    [TestCase(-2.5, "-2.5")]
    [TestCase(1.7976931348623157e308, "1.7976931348623157e+308")]
    [TestCase(5e-324, "4.9406564584124654e-324")]
    [TestCase(25.125, "25.125")]
    public void FormatsLikePrintfPercent17g(double value, string expected) => Assert.That(Format(value), Is.EqualTo(expected));

    [TestCase("1", 1.0)]
    [TestCase("+5", 5.0)]
    [TestCase(".5", 0.5)]
    [TestCase("5.", 5.0)]
    [TestCase("1.5E+2", 150.0)]
    [TestCase("0x1p3", 8.0)]
    [TestCase("0X1P-2", 0.25)]
    [TestCase("0x10", 16.0)]
    [TestCase("inf", double.PositiveInfinity)]
    [TestCase("-Infinity", double.NegativeInfinity)]
    [TestCase("1e-320", 1e-320)]
    public void ParsesWhatString2dAccepts(string text, double expected)
    {
        Assert.That(Doubles.TryParse(Encoding.ASCII.GetBytes(text), out double value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("nan")]
    [TestCase("1e400")]
    [TestCase("-1e400")]
    [TestCase("1e-400")]
    [TestCase(".")]
    [TestCase("1e")]
    [TestCase("e5")]
    [TestCase("1\0")]
    [TestCase("0x")]
    public void RefusesWhatString2dRefuses(string text) =>
        Assert.That(Doubles.TryParse(Encoding.Latin1.GetBytes(text), out _), Is.False);

    [TestCase("  12abc", 4, 12.0)]
    [TestCase("", 0, 0.0)]
    [TestCase("1e5x", 3, 1e5)]
    [TestCase("1e+", 1, 1.0)]
    [TestCase("0x", 1, 0.0)]
    [TestCase("infinityx", 8, double.PositiveInfinity)]
    public void StrtodReadsTheLongestPrefix(string text, int used, double expected)
    {
        Assert.That(Doubles.Strtod(Encoding.ASCII.GetBytes(text), out double value, out _), Is.EqualTo(used));
        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public void ListpackScoresReadBackAsIntegersWhenIntegral()
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFormattedLength];
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatAsListpackScore(123456789012345678.0, text)]), Is.EqualTo("123456789012345680"));
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatAsListpackScore(-0.0, text)]), Is.EqualTo("0"));
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatAsListpackScore(4611686018427387904.0, text)]), Is.EqualTo("4611686018427387904"));
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatAsListpackScore(9223372036854775808.0, text)]), Is.EqualTo("9.2233720368547758e+18"));
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatAsListpackScore(0.5, text)]), Is.EqualTo("0.5"));
    }
    // Expected texts are glibc printf's (the same as Python's correctly rounded %-formatting).
    [TestCase(1.03125, 4, "1.0312")]
    [TestCase(1.09375, 4, "1.0938")]
    [TestCase(-0.03125, 4, "-0.0312")]
    [TestCase(2.5, 0, "2")]
    [TestCase(1.5, 0, "2")]
    [TestCase(0.5, 0, "0")]
    [TestCase(166274.15164, 4, "166274.1516")]
    [TestCase(0.1, 17, "0.10000000000000001")]
    [TestCase(123.456789, 17, "123.45678900000000056")]
    [TestCase(1e22, 6, "10000000000000000000000.000000")]
    [TestCase(-0.0, 6, "-0.000000")]
    [TestCase(double.PositiveInfinity, 4, "inf")]
    public void FormatsFixedLikePrintfWithTiesToEven(double value, int decimals, string expected)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFixedLength];
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatFixed(value, decimals, text)]), Is.EqualTo(expected));
    }

    [TestCase(13.361389338970184, "13.36138933897018433")]
    [TestCase(180.0, "180")]
    [TestCase(85.05112878, "85.0511287799999991")]
    [TestCase(0.5, "0.5")]
    [TestCase(-0.0, "0")]
    [TestCase(-1e-30, "0")]
    public void FormatsHumanLikeLd2string(double value, string expected)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFixedLength];
        Assert.That(Encoding.ASCII.GetString(text[..Doubles.FormatHuman(value, text)]), Is.EqualTo(expected));
    }
}
