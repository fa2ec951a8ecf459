// The 52-bit geohash geo sets store as sorted set scores, the search areas for a radius or a box,
// and the distances on Redis's spherical Earth.
// cf. geohash.c (interleave64, geohashEncode/Decode, geohashNeighbors) and geohash_helper.c
// (geohashEstimateStepsByRadius, geohashBoundingBox, geohashCalculateAreasByShapeWGS84, geohashGetDistance).

namespace EventLoopRedis.Storage;

/// <summary>A geohash of <see cref="Step"/> bits per coordinate: latitude bits at even positions, longitude at odd.</summary>
internal readonly record struct GeoHashBits(ulong Bits, int Step)
{
    /// <summary>The "no area" hash: a neighbour the search leaves out (cf. HASHISZERO).</summary>
    public bool IsZero => Bits == 0 && Step == 0;
}

/// <summary>The cell a geohash stands for, in degrees.</summary>
internal readonly record struct GeoHashArea(double LongitudeMin, double LongitudeMax, double LatitudeMin, double LatitudeMax);

/// <summary>
/// What GEOSEARCH looks inside: a circle of <see cref="Radius"/> or a <see cref="Width"/> by
/// <see cref="Height"/> box around a centre, in a unit <see cref="Conversion"/> metres long (cf. GeoShape in geohash.h).
/// </summary>
internal struct GeoShape
{
    public bool IsBox;
    public double Longitude;
    public double Latitude;
    public double Radius;
    public double Width;
    public double Height;
    public double Conversion;
}

/// <summary>
/// A geo set is a sorted set whose scores are 52-bit geohashes (26 steps): the whole index is the
/// score order, and the points of one geohash cell are one score range. This class turns
/// coordinates into scores and back, and a search shape into the nine cell ranges to read, exactly
/// as Redis computes them, so that positions, distances and search results agree digit for digit.
/// </summary>
internal static class GeoHash
{
    // The limits of EPSG:900913 / EPSG:3785: geohashing is not possible at the poles (cf. geohash.h).
    public const double LatitudeMin = -85.05112878;
    public const double LatitudeMax = 85.05112878;
    public const double LongitudeMin = -180;
    public const double LongitudeMax = 180;

    /// <summary>26 steps: 52 bits, the most a double score holds exactly (cf. GEO_STEP_MAX).</summary>
    public const int StepMax = 26;

    /// <summary>Earth's quadratic mean radius for WGS-84, the sphere every distance is measured on.</summary>
    public const double EarthRadiusInMeters = 6372797.560856;

    private const double MercatorMax = 20037726.37;
    private const double DegreesToRadians = Math.PI / 180.0;

    public static bool IsValid(double longitude, double latitude) =>
        longitude >= LongitudeMin && longitude <= LongitudeMax && latitude >= LatitudeMin && latitude <= LatitudeMax;

    // ---- encoding and decoding -------------------------------------------------------

    /// <summary>Spreads the low 32 bits of each coordinate over the even (latitude) and odd (longitude) bits. cf. interleave64.</summary>
    public static ulong Interleave(uint latitudeBits, uint longitudeBits) => Spread(latitudeBits) | (Spread(longitudeBits) << 1);

    /// <summary>The inverse of <see cref="Interleave"/>: latitude bits in the low half, longitude bits in the high half. cf. deinterleave64.</summary>
    public static ulong Deinterleave(ulong interleaved) => Squash(interleaved) | (Squash(interleaved >> 1) << 32);

    private static ulong Spread(ulong x)
    {
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFUL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x << 2)) & 0x3333333333333333UL;
        return (x | (x << 1)) & 0x5555555555555555UL;
    }

    private static ulong Squash(ulong x)
    {
        x &= 0x5555555555555555UL;
        x = (x | (x >> 1)) & 0x3333333333333333UL;
        x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x >> 4)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x >> 8)) & 0x0000FFFF0000FFFFUL;
        return (x | (x >> 16)) & 0x00000000FFFFFFFFUL;
    }

    /// <summary>
    /// The geohash of a point within the given ranges; false outside them or outside the WGS-84
    /// limits (cf. geohashEncode: each offset is scaled to 2^step and truncated).
    /// </summary>
    public static bool Encode(
        double longitude, double latitude, int step, out GeoHashBits hash,
        double longitudeMin = LongitudeMin, double longitudeMax = LongitudeMax,
        double latitudeMin = LatitudeMin, double latitudeMax = LatitudeMax)
    {
        hash = default;
        if (step > 32 || step == 0 || !IsValid(longitude, latitude)) return false;
        if (latitude < latitudeMin || latitude > latitudeMax || longitude < longitudeMin || longitude > longitudeMax) return false;
        double latitudeOffset = (latitude - latitudeMin) / (latitudeMax - latitudeMin) * (1UL << step);
        double longitudeOffset = (longitude - longitudeMin) / (longitudeMax - longitudeMin) * (1UL << step);
        hash = new GeoHashBits(Interleave((uint)latitudeOffset, (uint)longitudeOffset), step);
        return true;
    }

    /// <summary>The hash left-aligned to 52 bits: the score range of a cell starts there. cf. geohashAlign52Bits.</summary>
    public static ulong Align52(GeoHashBits hash) => hash.Bits << (52 - hash.Step * 2);

    /// <summary>The sorted set score of a point (valid coordinates): its 26-step geohash. cf. geoaddCommand.</summary>
    public static ulong Score(double longitude, double latitude)
    {
        Encode(longitude, latitude, StepMax, out var hash);
        return Align52(hash);
    }

    /// <summary>The cell of a hash in the given ranges (cf. geohashDecode).</summary>
    public static GeoHashArea Decode(
        GeoHashBits hash,
        double longitudeMin = LongitudeMin, double longitudeMax = LongitudeMax,
        double latitudeMin = LatitudeMin, double latitudeMax = LatitudeMax)
    {
        ulong separated = Deinterleave(hash.Bits);
        double latitudeScale = latitudeMax - latitudeMin, longitudeScale = longitudeMax - longitudeMin;
        // 32-bit halves, and a 32-bit "+ 1" that wraps, as in C: only scores beyond 52 bits get there.
        uint latitudeBits = (uint)separated, longitudeBits = (uint)(separated >> 32);
        double cells = 1UL << hash.Step;
        return new GeoHashArea(
            longitudeMin + (longitudeBits * 1.0 / cells) * longitudeScale,
            longitudeMin + (unchecked(longitudeBits + 1u) * 1.0 / cells) * longitudeScale,
            latitudeMin + (latitudeBits * 1.0 / cells) * latitudeScale,
            latitudeMin + (unchecked(latitudeBits + 1u) * 1.0 / cells) * latitudeScale);
    }

    /// <summary>
    /// The position a score stands for: the centre of its 26-step cell, clamped to the limits.
    /// Any score decodes, as in Redis, where the double is cast to a 64-bit unsigned integer
    /// first (cf. decodeGeohash and geohashDecodeAreaToLongLat).
    /// </summary>
    public static void DecodeScore(double score, out double longitude, out double latitude)
    {
        var area = Decode(new GeoHashBits(ScoreToBits(score), StepMax));
        longitude = Math.Clamp((area.LongitudeMin + area.LongitudeMax) / 2, LongitudeMin, LongitudeMax);
        latitude = Math.Clamp((area.LatitudeMin + area.LatitudeMax) / 2, LatitudeMin, LatitudeMax);
    }

    /// <summary>
    /// C's (uint64_t) cast of a double as x86-64 compiles it: below 2^63 a signed truncation (the
    /// out-of-range value is 2^63), above it a truncation of the value less 2^63 with the top bit
    /// flipped. Scores of plain sorted sets can be anything, and GEOPOS still answers for them.
    /// </summary>
    private static ulong ScoreToBits(double score)
    {
        const double TwoTo63 = 9223372036854775808.0;
        if (!(score >= TwoTo63)) return double.IsNaN(score) ? 1UL << 63 : unchecked((ulong)(long)score);
        double rest = score - TwoTo63;
        long truncated = rest < TwoTo63 ? (long)rest : long.MinValue;
        return unchecked((ulong)truncated) ^ (1UL << 63);
    }

    /// <summary>
    /// The standard 11-character base32 geohash of a score: decoded, re-encoded with the usual
    /// latitude range of ±90, and the 11th character (bits Redis does not have) set to '0'.
    /// cf. geohashCommand.
    /// </summary>
    public static void ToBase32(double score, Span<byte> destination)
    {
        ReadOnlySpan<byte> alphabet = "0123456789bcdefghjkmnpqrstuvwxyz"u8;
        DecodeScore(score, out double longitude, out double latitude);
        Encode(longitude, latitude, StepMax, out var hash, -180, 180, -90, 90);
        for (int i = 0; i < 10; i++) destination[i] = alphabet[(int)((hash.Bits >> (52 - (i + 1) * 5)) & 0x1f)];
        destination[10] = alphabet[0];
    }

    // ---- neighbours and search areas --------------------------------------------------

    private const ulong LongitudeBits = 0xaaaaaaaaaaaaaaaaUL;
    private const ulong LatitudeBits = 0x5555555555555555UL;

    /// <summary>
    /// The cell next to <paramref name="hash"/> east or west (<paramref name="bits"/> = the longitude
    /// bits) or north or south (the latitude bits): one is added to or subtracted from those bits
    /// alone, the others filled with ones so the carry runs through them, and wraps around the
    /// world. cf. geohash_move_x and geohash_move_y.
    /// </summary>
    private static GeoHashBits Move(GeoHashBits hash, ulong bits, int d)
    {
        int unused = 64 - hash.Step * 2;
        ulong moving = hash.Bits & bits, other = hash.Bits & ~bits;
        ulong zz = ~bits >> unused;
        moving = d > 0 ? moving + (zz + 1) : (moving | zz) - (zz + 1);
        moving &= bits >> unused;
        return hash with { Bits = moving | other };
    }

    private static GeoHashBits MoveX(GeoHashBits hash, int d) => Move(hash, LongitudeBits, d);

    private static GeoHashBits MoveY(GeoHashBits hash, int d) => Move(hash, LatitudeBits, d);

    /// <summary>
    /// The precision (steps) of the nine cells a radius search reads: the cells must be about as
    /// large as the radius, and larger towards the poles. cf. geohashEstimateStepsByRadius.
    /// </summary>
    public static int EstimateStepsByRadius(double rangeMeters, double latitude)
    {
        if (rangeMeters == 0) return 26;
        int step = 1;
        while (rangeMeters < MercatorMax)
        {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66)
        {
            step--;
            if (latitude > 80 || latitude < -80) step--;
        }
        return Math.Clamp(step, 1, 26);
    }

    /// <summary>
    /// The longitude and latitude bounds of a shape: [min lon, min lat, max lon, max lat]. A box's
    /// edges bend with latitude, so the widest edge (towards the equator) sets the longitude
    /// bounds. cf. geohashBoundingBox.
    /// </summary>
    public static (double MinLongitude, double MinLatitude, double MaxLongitude, double MaxLatitude) BoundingBox(in GeoShape shape)
    {
        double height = shape.Conversion * (shape.IsBox ? shape.Height / 2 : shape.Radius);
        double width = shape.Conversion * (shape.IsBox ? shape.Width / 2 : shape.Radius);
        double latitudeDelta = RadiansToDegrees(height / EarthRadiusInMeters);
        double longitudeDeltaTop = RadiansToDegrees(width / EarthRadiusInMeters / Math.Cos(DegreesToRadiansOf(shape.Latitude + latitudeDelta)));
        double longitudeDeltaBottom = RadiansToDegrees(width / EarthRadiusInMeters / Math.Cos(DegreesToRadiansOf(shape.Latitude - latitudeDelta)));
        double longitudeDelta = shape.Latitude < 0 ? longitudeDeltaBottom : longitudeDeltaTop;
        return (shape.Longitude - longitudeDelta, shape.Latitude - latitudeDelta, shape.Longitude + longitudeDelta, shape.Latitude + latitudeDelta);
    }

    /// <summary>
    /// The cells a search must read, in Redis's order: the centre's cell, then north, south, east,
    /// west, north-east, north-west, south-east, south-west; a neighbour that cannot hold a match
    /// is zero. The step is lowered once when a neighbour does not reach the shape's bounds.
    /// cf. geohashCalculateAreasByShapeWGS84 and membersOfAllNeighbors.
    /// </summary>
    public static void SearchAreas(in GeoShape shape, Span<GeoHashBits> cells)
    {
        var (minLongitude, minLatitude, maxLongitude, maxLatitude) = BoundingBox(shape);
        double radiusMeters = shape.IsBox
            ? Math.Sqrt((shape.Width / 2) * (shape.Width / 2) + (shape.Height / 2) * (shape.Height / 2))
            : shape.Radius;
        radiusMeters *= shape.Conversion;
        int steps = EstimateStepsByRadius(radiusMeters, shape.Latitude);

        Encode(shape.Longitude, shape.Latitude, steps, out var hash);
        Neighbours(hash, cells);
        if (steps > 1 &&
            (Decode(cells[1]).LatitudeMax < maxLatitude || Decode(cells[2]).LatitudeMin > minLatitude ||
             Decode(cells[3]).LongitudeMax < maxLongitude || Decode(cells[4]).LongitudeMin > minLongitude))
        {
            steps--;
            Encode(shape.Longitude, shape.Latitude, steps, out hash);
            Neighbours(hash, cells);
        }
        if (steps < 2) return;
        var area = Decode(hash);
        if (area.LatitudeMin < minLatitude) cells[2] = cells[7] = cells[8] = default;
        if (area.LatitudeMax > maxLatitude) cells[1] = cells[5] = cells[6] = default;
        if (area.LongitudeMin < minLongitude) cells[4] = cells[8] = cells[6] = default;
        if (area.LongitudeMax > maxLongitude) cells[3] = cells[7] = cells[5] = default;
    }

    /// <summary>The cell and its eight neighbours in <see cref="SearchAreas"/>'s order (cf. geohashNeighbors).</summary>
    private static void Neighbours(GeoHashBits hash, Span<GeoHashBits> cells)
    {
        cells[0] = hash;
        cells[1] = MoveY(hash, 1);
        cells[2] = MoveY(hash, -1);
        cells[3] = MoveX(hash, 1);
        cells[4] = MoveX(hash, -1);
        cells[5] = MoveY(MoveX(hash, 1), 1);
        cells[6] = MoveY(MoveX(hash, -1), 1);
        cells[7] = MoveY(MoveX(hash, 1), -1);
        cells[8] = MoveY(MoveX(hash, -1), -1);
    }

    /// <summary>The scores of a cell: from <paramref name="min"/> included to <paramref name="max"/> excluded (cf. scoresOfGeoHashBox).</summary>
    public static void ScoresOfCell(GeoHashBits cell, out double min, out double max)
    {
        min = Align52(cell);
        max = Align52(cell with { Bits = cell.Bits + 1 });
    }

    // ---- distances --------------------------------------------------------------------

    /// <summary>The haversine great-circle distance in metres between two points (cf. geohashGetDistance).</summary>
    public static double Distance(double longitude1, double latitude1, double longitude2, double latitude2)
    {
        double latitude1r = DegreesToRadiansOf(latitude1), longitude1r = DegreesToRadiansOf(longitude1);
        double latitude2r = DegreesToRadiansOf(latitude2), longitude2r = DegreesToRadiansOf(longitude2);
        double u = Math.Sin((latitude2r - latitude1r) / 2);
        double v = Math.Sin((longitude2r - longitude1r) / 2);
        return 2.0 * EarthRadiusInMeters * Math.Asin(Math.Sqrt(u * u + Math.Cos(latitude1r) * Math.Cos(latitude2r) * v * v));
    }

    /// <summary>
    /// Whether the point a score stands for is inside <paramref name="shape"/>, with its position
    /// and its distance in metres from the centre (cf. geoWithinShape). A box holds a point whose
    /// east-west and north-south distances from the centre are within half its width and height
    /// (cf. geohashGetDistanceIfInRectangle).
    /// </summary>
    public static bool WithinShape(in GeoShape shape, double score, out double longitude, out double latitude, out double distance)
    {
        DecodeScore(score, out longitude, out latitude);
        if (!shape.IsBox)
        {
            distance = Distance(shape.Longitude, shape.Latitude, longitude, latitude);
            return distance <= shape.Radius * shape.Conversion;
        }
        distance = 0;
        double longitudeDistance = Distance(longitude, latitude, shape.Longitude, latitude);
        double latitudeDistance = Distance(longitude, latitude, longitude, shape.Latitude);
        if (longitudeDistance > shape.Width * shape.Conversion / 2 || latitudeDistance > shape.Height * shape.Conversion / 2) return false;
        distance = Distance(shape.Longitude, shape.Latitude, longitude, latitude);
        return true;
    }

    private static double DegreesToRadiansOf(double degrees) => degrees * DegreesToRadians;

    private static double RadiansToDegrees(double radians) => radians / DegreesToRadians;
}
