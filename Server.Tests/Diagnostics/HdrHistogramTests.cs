// Unit tests for HdrHistogram: percentiles and the logarithmic distribution, checked against
// numbers redis-server 7.0.15 reported for the same durations.

using EventLoopRedis.Diagnostics;

namespace EventLoopRedis.Tests.Diagnostics;

[TestFixture]
public class HdrHistogramTests
{
    [TestCase(8_000, 8_031)]       // SET taking 8 µs: Redis reports p50=8.031
    [TestCase(58_000, 58_111)]
    [TestCase(6_000, 6_015)]
    [TestCase(81_000, 81_407)]
    [TestCase(3_129_000, 3_129_343)]
    [TestCase(200, 200)]            // below 256 every value is exact
    [TestCase(0, 1)]                // clamped to the lowest value, as a 0 µs command is
    public void PercentilesAreTheHighestValueOfTheirBucket(long recorded, long reported)
    {
        var histogram = new HdrHistogram();
        histogram.Record(recorded);
        Assert.That(histogram.ValueAtPercentile(50), Is.EqualTo(reported));
        Assert.That(histogram.ValueAtPercentile(100), Is.EqualTo(reported));
    }

    [Test]
    public void PercentilesRoundTheCountAsRedis()
    {
        var histogram = new HdrHistogram();
        histogram.Record(81_000);
        histogram.Record(3_129_000);
        Assert.That(histogram.ValueAtPercentile(50), Is.EqualTo(81_407));
        Assert.That(histogram.ValueAtPercentile(99), Is.EqualTo(3_129_343));
        Assert.That(histogram.ValueAtPercentile(0), Is.EqualTo(81_407), "percentile 0 is the first value's bucket, as Redis prints p0");
        Assert.That(histogram.TotalCount, Is.EqualTo(2));
    }

    [Test]
    public void DistributionListsOnlyTheLogarithmicStepsThatGrow()
    {
        var histogram = new HdrHistogram();
        histogram.Record(81_000);     // DEBUG SLEEP 0: Redis answered {132: 1, 4227: 2}
        histogram.Record(3_129_000);
        Assert.That(histogram.CumulativeDistribution(), Is.EqualTo(new List<(long, long)> { (132_095, 1), (4_227_071, 2) }));
    }

    [Test]
    public void DistributionOfFastCommandsStartsAtTheFirstStep()
    {
        var histogram = new HdrHistogram();
        for (int i = 0; i < 5; i++) histogram.Record(300);
        histogram.Record(1_500);
        Assert.That(histogram.CumulativeDistribution(), Is.EqualTo(new List<(long, long)> { (1_031, 5), (2_063, 6) }));
    }

    [Test]
    public void ValuesPastOneSecondAreClampedToIt()
    {
        var histogram = new HdrHistogram();
        histogram.Record(5_000_000_000);
        Assert.That(histogram.ValueAtPercentile(50), Is.EqualTo(HdrHistogram.HighestEquivalentValue(HdrHistogram.HighestValue)));
        Assert.That(histogram.TotalCount, Is.EqualTo(1));
    }

    [Test]
    public void EmptyHistogramHasNoSteps() => Assert.That(new HdrHistogram().CumulativeDistribution(), Is.Empty);
}
