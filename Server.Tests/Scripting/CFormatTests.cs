// printf's %g and C's double-to-integer cast, as Redis relies on them.

using EventLoopRedis.Scripting;

namespace EventLoopRedis.Tests.Scripting;

[TestFixture]
public class CFormatTests
{
    [TestCase(0.1, 17, "0.10000000000000001")]
    [TestCase(1.0 / 3, 17, "0.33333333333333331")]
    [TestCase(1.5, 17, "1.5")]
    [TestCase(100.0, 17, "100")]
    [TestCase(1e100, 17, "1e+100")]
    [TestCase(1e-5, 17, "1.0000000000000001e-05")]
    [TestCase(123456789012345678.0, 17, "1.2345678901234568e+17")]
    [TestCase(1e16, 17, "10000000000000000")]
    [TestCase(1e17, 17, "1e+17")]
    [TestCase(-2.5, 14, "-2.5")]
    [TestCase(0.0001, 14, "0.0001")]
    [TestCase(12345678901234567.0, 14, "1.2345678901235e+16")]
    [TestCase(0.0, 17, "0")]
    [TestCase(-0.0, 17, "-0")]
    [TestCase(double.PositiveInfinity, 17, "inf")]
    [TestCase(double.NegativeInfinity, 17, "-inf")]
    public void FormatsLikePrintf(double value, int precision, string expected) =>
        Assert.That(CFormat.G(value, precision), Is.EqualTo(expected));

    [Test]
    public void KeepsTheSignOfNaN()
    {
        Assert.That(CFormat.G(double.NaN, 17), Is.EqualTo(double.IsNegative(double.NaN) ? "-nan" : "nan"));
        Assert.That(CFormat.G(-double.NaN, 17), Is.EqualTo(double.IsNegative(-double.NaN) ? "-nan" : "nan"));
    }

    [TestCase(3.99, 3L)]
    [TestCase(-3.99, -3L)]
    [TestCase(1e30, long.MinValue)]
    [TestCase(-1e30, long.MinValue)]
    [TestCase(double.NaN, long.MinValue)]
    [TestCase(double.PositiveInfinity, long.MinValue)]
    [TestCase(-9223372036854775808.0, long.MinValue)]
    public void CastsToIntegerLikeX86(double value, long expected) =>
        Assert.That(CFormat.ToLongLikeC(value), Is.EqualTo(expected));
}
