// Tests for GeoHash: the 52-bit interleaved encoding, decoding to the cell's centre, the standard
// base32 form, neighbours, the radius step estimate, the search cells and the haversine distance.
// Expected values are redis-server 7.0.15's (GEOADD scores, GEOPOS, GEOHASH, GEODIST).

using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class GeoHashTests
{
    [Test]
    public void InterleaveSpreadsLatitudeOverEvenBitsAndLongitudeOverOddBits()
    {
        Assert.That(GeoHash.Interleave(1, 0), Is.EqualTo(1UL));
        Assert.That(GeoHash.Interleave(0, 1), Is.EqualTo(2UL));
        Assert.That(GeoHash.Interleave(0b11, 0b01), Is.EqualTo(0b0111UL));
        Assert.That(GeoHash.Interleave(uint.MaxValue, uint.MaxValue), Is.EqualTo(ulong.MaxValue));
    }

    [Test]
    public void DeinterleaveUndoesInterleave()
    {
        var random = new Random(11);
        for (int i = 0; i < 1000; i++)
        {
            uint latitude = (uint)random.NextInt64(0, 1L << 32), longitude = (uint)random.NextInt64(0, 1L << 32);
            ulong separated = GeoHash.Deinterleave(GeoHash.Interleave(latitude, longitude));
            Assert.That((uint)separated, Is.EqualTo(latitude));
            Assert.That((uint)(separated >> 32), Is.EqualTo(longitude));
        }
    }

    [TestCase(13.361389, 38.115556, 3479099956230698UL)]
    [TestCase(15.087269, 37.502669, 3479447370796909UL)]
    [TestCase(-180, -85.05112878, 0UL)]
    [TestCase(180, 85.05112878, 13510798882111488UL)]
    public void ScoresAreRedisGeoaddScores(double longitude, double latitude, ulong score) =>
        Assert.That(GeoHash.Score(longitude, latitude), Is.EqualTo(score));

    [Test]
    public void EncodingRefusesPositionsOutsideTheLimits()
    {
        Assert.That(GeoHash.IsValid(180.0001, 0), Is.False);
        Assert.That(GeoHash.IsValid(0, 85.05112879), Is.False);
        Assert.That(GeoHash.IsValid(-180, -85.05112878), Is.True);
        Assert.That(GeoHash.Encode(0, 86, 26, out _), Is.False);
        Assert.That(GeoHash.Encode(0, 0, 0, out _), Is.False);
    }

    [TestCase(3479099956230698.0, 13.361389338970184, 38.115556395496299)]
    [TestCase(13510798882111488.0, 180, 85.05112878)]
    [TestCase(0.0, -179.99999731779099, -85.051127512639425)]
    [TestCase(-1.0, 180, 85.05112878)]
    [TestCase(1e19, 180, 85.05112878)]
    [TestCase(double.NegativeInfinity, 180, -85.051127512639425)]
    [TestCase(double.PositiveInfinity, -179.99999731779099, -85.051127512639425)]
    public void DecodingGivesTheCellCentreClampedToTheLimits(double score, double longitude, double latitude)
    {
        GeoHash.DecodeScore(score, out double decodedLongitude, out double decodedLatitude);
        Assert.That(decodedLongitude, Is.EqualTo(longitude));
        Assert.That(decodedLatitude, Is.EqualTo(latitude));
    }

    [TestCase(3479099956230698.0, "sqc8b49rny0")]
    [TestCase(3479447370796909.0, "sqdtr74hyu0")]
    [TestCase(0.0, "00bh0hbj200")]
    [TestCase(4503599627370495.0, "zzpgzgpfxz0")]
    public void Base32IsRedisStandardGeohash(double score, string expected)
    {
        Span<byte> text = stackalloc byte[11];
        GeoHash.ToBase32(score, text);
        Assert.That(System.Text.Encoding.ASCII.GetString(text), Is.EqualTo(expected));
    }

    [Test]
    public void DistanceIsHaversineOnRedisEarth()
    {
        double palermoCatania = GeoHash.Distance(13.361389338970184, 38.115556395496299, 15.087267458438873, 37.50266842333162);
        Assert.That(palermoCatania.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("166274.1516"));
        Assert.That(GeoHash.Distance(10, 20, 10, 20), Is.EqualTo(0));
        // Half the circumference between antipodes on the equator.
        Assert.That(GeoHash.Distance(0, 0, 180, 0), Is.EqualTo(Math.PI * GeoHash.EarthRadiusInMeters).Within(1e-6));
    }

    [TestCase(0, 0, 26)]
    [TestCase(1000, 0, 14)]
    [TestCase(1000, 70, 13)]
    [TestCase(1000, -81, 12)]
    [TestCase(50_000_000, 0, 1)]
    [TestCase(1e-3, 0, 26)]
    public void StepsShrinkAsTheRadiusGrowsAndTowardsThePoles(double meters, double latitude, int steps) =>
        Assert.That(GeoHash.EstimateStepsByRadius(meters, latitude), Is.EqualTo(steps));

    [Test]
    public void SearchCellsAreTheCentreAndItsNeighboursAtTheEstimatedStep()
    {
        var shape = new GeoShape { Longitude = 15, Latitude = 37, Radius = 200, Conversion = 1000 };
        Span<GeoHashBits> cells = stackalloc GeoHashBits[9];
        GeoHash.SearchAreas(shape, cells);
        GeoHash.Encode(15, 37, cells[0].Step, out var centre);
        Assert.That(cells[0], Is.EqualTo(centre));
        var area = GeoHash.Decode(centre);
        Assert.That(area.LongitudeMin, Is.LessThanOrEqualTo(15));
        Assert.That(area.LongitudeMax, Is.GreaterThan(15));
        foreach (var cell in cells[1..])
        {
            if (cell.IsZero) continue;
            Assert.That(cell.Step, Is.EqualTo(centre.Step));
            var neighbour = GeoHash.Decode(cell);
            // Each neighbour touches the centre cell along an edge or at a corner.
            bool touchesLongitude = neighbour.LongitudeMax == area.LongitudeMin || neighbour.LongitudeMin == area.LongitudeMax || neighbour.LongitudeMin == area.LongitudeMin;
            bool touchesLatitude = neighbour.LatitudeMax == area.LatitudeMin || neighbour.LatitudeMin == area.LatitudeMax || neighbour.LatitudeMin == area.LatitudeMin;
            Assert.That(touchesLongitude && touchesLatitude, Is.True);
        }
    }

    [Test]
    public void NeighboursWrapAroundTheAntimeridian()
    {
        var shape = new GeoShape { Longitude = 179.9, Latitude = 0, Radius = 50, Conversion = 1000 };
        Span<GeoHashBits> cells = stackalloc GeoHashBits[9];
        GeoHash.SearchAreas(shape, cells);
        Assert.That(cells[3].IsZero, Is.False, "east of the centre");
        Assert.That(GeoHash.Decode(cells[3]).LongitudeMin, Is.EqualTo(-180));
    }

    [Test]
    public void CellScoresCoverTheCellsHashPrefix()
    {
        GeoHash.Encode(13.361389, 38.115556, 10, out var cell);
        GeoHash.ScoresOfCell(cell, out double min, out double max);
        Assert.That(max - min, Is.EqualTo(Math.Pow(2, 32)));
        double palermo = GeoHash.Score(13.361389, 38.115556);
        Assert.That(palermo, Is.GreaterThanOrEqualTo(min).And.LessThan(max));
    }

    [Test]
    public void BoxesHoldPointsWithinHalfTheirWidthAndHeight()
    {
        var box = new GeoShape { IsBox = true, Longitude = 15, Latitude = 37, Width = 400, Height = 400, Conversion = 1000 };
        Assert.That(GeoHash.WithinShape(box, GeoHash.Score(15.087269, 37.502669), out _, out _, out double distance), Is.True);
        Assert.That((distance / 1000).ToString("F4", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("56.4413"));
        Assert.That(GeoHash.WithinShape(box, GeoHash.Score(17.241510, 38.788135), out _, out _, out _), Is.True, "a corner");
        Assert.That(GeoHash.WithinShape(box, GeoHash.Score(19, 37), out _, out _, out _), Is.False);
        var circle = box with { IsBox = false, Radius = 200 };
        Assert.That(GeoHash.WithinShape(circle, GeoHash.Score(13.361389, 38.115556), out _, out _, out _), Is.True);
        Assert.That(GeoHash.WithinShape(circle with { Radius = 190 }, GeoHash.Score(13.361389, 38.115556), out _, out _, out _), Is.False);
    }
}
