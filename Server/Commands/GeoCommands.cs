// Geo commands: points stored in sorted sets, their scores 52-bit geohashes (Storage/GeoHash.cs),
// searched by radius or box around a point or a member.
// cf. geo.c (geoaddCommand, georadiusGeneric, geohashCommand, geoposCommand, geodistCommand).

using System.Buffers;
using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Commands;

internal static class GeoCommands
{
    /// <summary>Which command runs the search: the cf. RADIUS_* and GEOSEARCH* flags of geo.c.</summary>
    [Flags]
    private enum SearchFlags
    {
        Coordinates = 1,
        Member = 2,
        NoStore = 4,
        Search = 8,
        SearchStore = 16,
    }

    private enum SortOrder { None, Ascending, Descending }

    /// <summary>A match: where it is, how far from the centre (metres, then the shape's unit), its score and member (cf. geoPoint).</summary>
    private struct GeoPoint
    {
        public double Longitude;
        public double Latitude;
        public double Distance;
        public double Score;
        public byte[] Member;
        public int Order;
    }

    // The matches of the running search (the server runs one command at a time), kept between
    // searches so a search allocates no list; a huge one is not kept.
    private static GeoPoint[] s_points = new GeoPoint[64];
    private static int s_count;
    private const int MaxRetainedPoints = 4096;

    private static readonly Comparison<GeoPoint> CompareAscending = (a, b) => a.Distance > b.Distance ? 1 : a.Distance == b.Distance ? 0 : -1;
    private static readonly Comparison<GeoPoint> CompareDescending = (a, b) => -CompareAscending(a, b);

    // glibc's qsort is a merge sort, so a full sort keeps points at equal distances in the order
    // they were found: the insertion order breaks ties here.
    private static readonly Comparison<GeoPoint> CompareAscendingStable = (a, b) =>
    {
        int c = CompareAscending(a, b);
        return c != 0 ? c : a.Order.CompareTo(b.Order);
    };
    private static readonly Comparison<GeoPoint> CompareDescendingStable = (a, b) =>
    {
        int c = CompareDescending(a, b);
        return c != 0 ? c : a.Order.CompareTo(b.Order);
    };

    private static ZsetLimits Limits(Client client) =>
        new(client.Server.Config.ZsetMaxListpackEntries, client.Server.Config.ZsetMaxListpackValue);

    // ---- GEOADD ------------------------------------------------------------------------

    /// <summary>
    /// Format: <c>GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]</c>.
    /// Replies how many members were added (with CH: added or moved). In Redis it rewrites itself
    /// into ZADD with each position's geohash as the score; here it calls the same sorted set API.
    /// </summary>
    public static void GeoAdd(Client client)
    {
        var args = client.Args;
        bool nx = false, xx = false, ch = false;
        int longitudeIdx = 2;
        for (; longitudeIdx < args.Count; longitudeIdx++)
        {
            if (args.IsOption(longitudeIdx, "NX"u8)) nx = true;
            else if (args.IsOption(longitudeIdx, "XX"u8)) xx = true;
            else if (args.IsOption(longitudeIdx, "CH"u8)) ch = true;
            else break;
        }
        int elements = (args.Count - longitudeIdx) / 3;
        if ((args.Count - longitudeIdx) % 3 != 0 || (xx && nx) || elements == 0)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }

        // Every position is checked before anything changes, as Redis builds the whole ZADD first.
        double[] scores = ArrayPool<double>.Shared.Rent(elements);
        try
        {
            for (int i = 0; i < elements; i++)
            {
                if (!TryParsePosition(client, longitudeIdx + i * 3, out double longitude, out double latitude)) return;
                scores[i] = GeoHash.Score(longitude, latitude);
            }
            AddScores(client, scores.AsSpan(0, elements), longitudeIdx, xx ? ZAddFlags.Xx : nx ? ZAddFlags.Nx : ZAddFlags.None, ch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    /// <summary>The ZADD part of GEOADD (cf. zaddGenericCommand): the members follow each position's two arguments.</summary>
    private static void AddScores(Client client, ReadOnlySpan<double> scores, int longitudeIdx, ZAddFlags flags, bool ch)
    {
        var args = client.Args;
        var key = args[1];
        if (!KeyLookup.TryLookup(client, key, RedisType.ZSet, out var value, forWrite: true)) return;
        var limits = Limits(client);
        if (value is null)
        {
            if (flags == ZAddFlags.Xx)
            {
                client.Reply.Integer(0);
                return;
            }
            value = RedisObject.Collection(RedisType.ZSet, SortedSet.Create(limits, args[longitudeIdx + 2].Length));
            client.Db.Set(key, value);
        }
        var zset = value.As<SortedSet>();
        int added = 0, updated = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            var result = zset.Add(args[longitudeIdx + i * 3 + 2], scores[i], flags, limits, out _);
            if (result == ZAddResult.Added) added++;
            else if (result == ZAddResult.Updated) updated++;
        }
        client.Reply.Integer(ch ? added + updated : added);
        if (added + updated > 0)
        {
            // GEOADD is ZADD underneath in Redis, events included.
            client.Db.SignalModified(key);
            client.Server.Dirty += added + updated;
            KeyspaceEvents.Notify(client, NotifyClass.Zset, "zadd"u8, key);
        }
    }

    // ---- GEOPOS, GEOHASH, GEODIST --------------------------------------------------------

    /// <summary>
    /// Format: <c>GEOPOS key [member [member ...]]</c>. Replies [longitude, latitude] for each
    /// member, a null array for a missing one.
    /// </summary>
    public static void GeoPos(Client client)
    {
        var args = client.Args;
        if (!KeyLookup.TryLookup(client, args[1], RedisType.ZSet, out var value)) return;
        var zset = value?.As<SortedSet>();
        client.Reply.ArrayHeader(args.Count - 2);
        for (int j = 2; j < args.Count; j++)
        {
            if (zset is null || !zset.TryGetScore(args[j], out double score))
            {
                client.Reply.NullArray();
                continue;
            }
            GeoHash.DecodeScore(score, out double longitude, out double latitude);
            client.Reply.ArrayHeader(2);
            ReplyCoordinate(client, longitude);
            ReplyCoordinate(client, latitude);
        }
    }

    /// <summary>
    /// Format: <c>GEOHASH key [member [member ...]]</c>. Replies each member's position as an
    /// 11-character standard geohash, null for a missing member.
    /// </summary>
    public static void GeoHashCommand(Client client)
    {
        var args = client.Args;
        if (!KeyLookup.TryLookup(client, args[1], RedisType.ZSet, out var value)) return;
        var zset = value?.As<SortedSet>();
        client.Reply.ArrayHeader(args.Count - 2);
        Span<byte> text = stackalloc byte[11];
        for (int j = 2; j < args.Count; j++)
        {
            if (zset is null || !zset.TryGetScore(args[j], out double score))
            {
                client.Reply.NullBulk();
                continue;
            }
            GeoHash.ToBase32(score, text);
            client.Reply.Bulk(text);
        }
    }

    /// <summary>
    /// Format: <c>GEODIST key member1 member2 [M | KM | FT | MI]</c>. Replies the distance in the
    /// unit (metres by default) with four decimals, or null when a member or the key is missing.
    /// </summary>
    public static void GeoDist(Client client)
    {
        var args = client.Args;
        double toMeters = 1;
        if (args.Count == 5)
        {
            if (!TryParseUnit(client, 4, out toMeters)) return;
        }
        else if (args.Count > 5)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        if (!KeyLookup.TryLookup(client, args[1], RedisType.ZSet, out var value)) return;
        var zset = value?.As<SortedSet>();
        if (zset is null || !zset.TryGetScore(args[2], out double score1) || !zset.TryGetScore(args[3], out double score2))
        {
            client.Reply.NullBulk();
            return;
        }
        GeoHash.DecodeScore(score1, out double longitude1, out double latitude1);
        GeoHash.DecodeScore(score2, out double longitude2, out double latitude2);
        ReplyDistance(client, GeoHash.Distance(longitude1, latitude1, longitude2, latitude2) / toMeters);
    }

    // ---- searches ------------------------------------------------------------------------

    /// <summary>
    /// Format: <c>GEORADIUS key longitude latitude radius M | KM | FT | MI [WITHCOORD] [WITHDIST]
    /// [WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key | STOREDIST key]</c>.
    /// Replies the members within the radius (with the asked extras), or stores them.
    /// </summary>
    public static void GeoRadius(Client client) => SearchGeneric(client, 1, SearchFlags.Coordinates);

    /// <summary>Format: <c>GEORADIUSBYMEMBER key member radius M | KM | FT | MI [options as GEORADIUS]</c>: around a member.</summary>
    public static void GeoRadiusByMember(Client client) => SearchGeneric(client, 1, SearchFlags.Member);

    /// <summary>Format: <c>GEORADIUS_RO key longitude latitude radius M | KM | FT | MI [options as GEORADIUS, no STORE]</c>.</summary>
    public static void GeoRadiusRo(Client client) => SearchGeneric(client, 1, SearchFlags.Coordinates | SearchFlags.NoStore);

    /// <summary>Format: <c>GEORADIUSBYMEMBER_RO key member radius M | KM | FT | MI [options as GEORADIUS, no STORE]</c>.</summary>
    public static void GeoRadiusByMemberRo(Client client) => SearchGeneric(client, 1, SearchFlags.Member | SearchFlags.NoStore);

    /// <summary>
    /// Format: <c>GEOSEARCH key FROMMEMBER member | FROMLONLAT longitude latitude
    /// BYRADIUS radius unit | BYBOX width height unit [ASC | DESC] [COUNT count [ANY]]
    /// [WITHCOORD] [WITHDIST] [WITHHASH]</c>. Replies the members inside the circle or box.
    /// </summary>
    public static void GeoSearch(Client client) => SearchGeneric(client, 1, SearchFlags.Search);

    /// <summary>
    /// Format: <c>GEOSEARCHSTORE destination source FROMMEMBER member | FROMLONLAT longitude latitude
    /// BYRADIUS radius unit | BYBOX width height unit [ASC | DESC] [COUNT count [ANY]] [STOREDIST]</c>.
    /// Stores the matches (with their geohashes, or with STOREDIST their distances) and replies how many.
    /// </summary>
    public static void GeoSearchStore(Client client) => SearchGeneric(client, 2, SearchFlags.Search | SearchFlags.SearchStore);

    /// <summary>
    /// cf. georadiusGeneric: the source is looked up first (WRONGTYPE before anything else), then the
    /// centre and the shape, then the options in any order; the nine geohash cells around the
    /// centre are read as score ranges, the points outside the shape dropped, and the rest sorted,
    /// cut to COUNT, and replied or stored.
    /// </summary>
    private static void SearchGeneric(Client client, int sourceIdx, SearchFlags flags)
    {
        var args = client.Args;
        if (!KeyLookup.TryLookup(client, args[sourceIdx], RedisType.ZSet, out var value)) return;
        var zset = value?.As<SortedSet>();
        bool search = (flags & SearchFlags.Search) != 0;
        int storeIdx = 0;
        bool storeDistances = false;

        int baseArgs;
        var shape = new GeoShape();
        if ((flags & SearchFlags.Coordinates) != 0)
        {
            baseArgs = 6;
            if (!TryParsePosition(client, 2, out shape.Longitude, out shape.Latitude)) return;
            if (!TryParseRadius(client, 4, ref shape)) return;
        }
        else if ((flags & SearchFlags.Member) != 0)
        {
            // With no source the reply is empty, but the options are still checked first.
            baseArgs = 5;
            if (zset is not null)
            {
                if (!TryCentreOnMember(client, zset, 2, ref shape)) return;
                if (!TryParseRadius(client, 3, ref shape)) return;
            }
        }
        else
        {
            baseArgs = 2;
            if ((flags & SearchFlags.SearchStore) != 0)
            {
                baseArgs = 3;
                storeIdx = 1;
            }
        }

        bool withDist = false, withHash = false, withCoord = false, any = false;
        bool fromMember = false, fromLonLat = false, byRadius = false, byBox = false;
        var sort = SortOrder.None;
        long count = 0;
        bool mayStore = (flags & (SearchFlags.NoStore | SearchFlags.Search)) == 0;
        for (int i = baseArgs; i < args.Count; i++)
        {
            int remaining = args.Count - 1 - i;
            if (args.IsOption(i, "WITHDIST"u8)) withDist = true;
            else if (args.IsOption(i, "WITHHASH"u8)) withHash = true;
            else if (args.IsOption(i, "WITHCOORD"u8)) withCoord = true;
            else if (args.IsOption(i, "ANY"u8)) any = true;
            else if (args.IsOption(i, "ASC"u8)) sort = SortOrder.Ascending;
            else if (args.IsOption(i, "DESC"u8)) sort = SortOrder.Descending;
            else if (args.IsOption(i, "COUNT"u8) && remaining >= 1)
            {
                if (!Numbers.TryParseLong(args[i + 1], out count))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (count <= 0)
                {
                    client.Reply.Error(Errors.GeoCountNotPositive);
                    return;
                }
                i++;
            }
            else if (args.IsOption(i, "STORE"u8) && remaining >= 1 && mayStore)
            {
                storeIdx = ++i;
                storeDistances = false;
            }
            else if (args.IsOption(i, "STOREDIST"u8) && remaining >= 1 && mayStore)
            {
                storeIdx = ++i;
                storeDistances = true;
            }
            else if (args.IsOption(i, "STOREDIST"u8) && (flags & SearchFlags.SearchStore) != 0)
            {
                storeDistances = true;
            }
            else if (args.IsOption(i, "FROMMEMBER"u8) && remaining >= 1 && search && !fromLonLat)
            {
                if (zset is not null && !TryCentreOnMember(client, zset, i + 1, ref shape)) return;
                fromMember = true;
                i++;
            }
            else if (args.IsOption(i, "FROMLONLAT"u8) && remaining >= 2 && search && !fromMember)
            {
                if (!TryParsePosition(client, i + 1, out shape.Longitude, out shape.Latitude)) return;
                fromLonLat = true;
                i += 2;
            }
            else if (args.IsOption(i, "BYRADIUS"u8) && remaining >= 2 && search && !byBox)
            {
                if (!TryParseRadius(client, i + 1, ref shape)) return;
                byRadius = true;
                i += 2;
            }
            else if (args.IsOption(i, "BYBOX"u8) && remaining >= 3 && search && !byRadius)
            {
                if (!TryParseBox(client, i + 1, ref shape)) return;
                byBox = true;
                i += 3;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }

        if (storeIdx > 0 && (withDist || withHash || withCoord))
        {
            client.Reply.Error((flags & SearchFlags.SearchStore) != 0 ? Errors.GeoSearchStoreWithOptions : Errors.GeoRadiusStoreWithOptions);
            return;
        }
        if (search && !(fromMember || fromLonLat))
        {
            client.Reply.Error(Errors.GeoExactlyOneFrom(Encoding.Latin1.GetString(args[0])));
            return;
        }
        if (search && !(byRadius || byBox))
        {
            client.Reply.Error(Errors.GeoExactlyOneBy(Encoding.Latin1.GetString(args[0])));
            return;
        }
        if (any && count == 0)
        {
            client.Reply.Error(Errors.GeoAnyWithoutCount);
            return;
        }

        if (zset is null)
        {
            if (storeIdx > 0)
            {
                if (client.Db.Delete(args[storeIdx]))
                {
                    client.Db.SignalModified(args[storeIdx]);
                    client.Server.Dirty++;
                    KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, args[storeIdx]);
                }
                client.Reply.Integer(0);
            }
            else
            {
                client.Reply.ArrayHeader(0);
            }
            return;
        }

        // COUNT takes the nearest ones, so it sorts unless ANY asked for whichever come first.
        if (count != 0 && sort == SortOrder.None && !any) sort = SortOrder.Ascending;

        try
        {
            CollectPoints(zset, shape, any ? count : 0);
            if (s_count == 0 && storeIdx == 0)
            {
                client.Reply.ArrayHeader(0);
                return;
            }
            int returned = count == 0 || s_count < count ? s_count : (int)count;
            SortPoints(sort, returned);
            if (storeIdx == 0) ReplyPoints(client, returned, shape.Conversion, withDist, withHash, withCoord);
            else StorePoints(client, args[storeIdx], returned, shape.Conversion, storeDistances, search);
        }
        finally
        {
            ClearPoints();
        }
    }

    /// <summary>
    /// Reads the cells around the shape's centre, each a score range [min, max), keeping the
    /// points inside the shape; stops once <paramref name="limit"/> (when not 0) are found.
    /// A cell equal to the one read just before is skipped (large radii make neighbours repeat).
    /// cf. membersOfAllNeighbors and geoGetPointsInRange.
    /// </summary>
    private static void CollectPoints(SortedSet zset, in GeoShape shape, long limit)
    {
        Span<GeoHashBits> cells = stackalloc GeoHashBits[9];
        GeoHash.SearchAreas(shape, cells);
        int lastProcessed = 0;
        for (int i = 0; i < cells.Length; i++)
        {
            if (cells[i].IsZero) continue;
            if (lastProcessed != 0 && cells[i] == cells[lastProcessed]) continue;
            if (s_count > 0 && limit > 0 && s_count >= limit) break;
            GeoHash.ScoresOfCell(cells[i], out double min, out double max);
            CollectInRange(zset, shape, min, max, limit);
            lastProcessed = i;
        }
    }

    private static void CollectInRange(SortedSet zset, in GeoShape shape, double min, double max, long limit)
    {
        long first = zset.FirstInRange(new ScoreRange(min, false, max, true));
        if (first < 0) return;
        var cursor = zset.IterateFrom(first, reverse: false);
        while (cursor.MoveNext() && cursor.Score < max)
        {
            if (GeoHash.WithinShape(shape, cursor.Score, out double longitude, out double latitude, out double distance))
            {
                if (s_count == s_points.Length) Array.Resize(ref s_points, s_count * 2);
                s_points[s_count] = new GeoPoint
                {
                    Longitude = longitude, Latitude = latitude, Distance = distance, Score = cursor.Score,
                    Member = cursor.Member, Order = s_count,
                };
                s_count++;
            }
            if (s_count > 0 && limit > 0 && s_count >= limit) break;
        }
    }

    /// <summary>
    /// Sorts by distance: everything (a stable sort, as glibc's qsort) when all are returned, or,
    /// when COUNT cuts the list, only the first <paramref name="returned"/> with Redis's pqsort,
    /// which moves equal distances in its own way.
    /// </summary>
    private static void SortPoints(SortOrder sort, int returned)
    {
        if (sort == SortOrder.None) return;
        var points = s_points.AsSpan(0, s_count);
        if (returned == s_count) points.Sort(sort == SortOrder.Ascending ? CompareAscendingStable : CompareDescendingStable);
        else PartialQuickSort.Sort(points, sort == SortOrder.Ascending ? CompareAscending : CompareDescending, 0, returned - 1);
    }

    /// <summary>Each match as its member alone, or as [member, distance?, hash?, [longitude, latitude]?].</summary>
    private static void ReplyPoints(Client client, int returned, double conversion, bool withDist, bool withHash, bool withCoord)
    {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        client.Reply.ArrayHeader(returned);
        for (int i = 0; i < returned; i++)
        {
            ref var point = ref s_points[i];
            if (options > 0) client.Reply.ArrayHeader(options + 1);
            client.Reply.Bulk(point.Member);
            if (withDist) ReplyDistance(client, point.Distance / conversion);
            if (withHash) client.Reply.Integer((long)point.Score);
            if (withCoord)
            {
                client.Reply.ArrayHeader(2);
                ReplyCoordinate(client, point.Longitude);
                ReplyCoordinate(client, point.Latitude);
            }
        }
    }

    /// <summary>
    /// Stores the matches in <paramref name="destination"/> (a new sorted set replacing whatever
    /// was there, compact when small enough), or deletes it when there are none; replies the count.
    /// </summary>
    private static void StorePoints(Client client, ReadOnlySpan<byte> destination, int returned, double conversion, bool storeDistances, bool search)
    {
        if (returned > 0)
        {
            var zset = SortedSet.CreateSkiplist();
            long maxLength = 0;
            for (int i = 0; i < returned; i++)
            {
                ref var point = ref s_points[i];
                // The nine cells never overlap, so a member comes once (Redis asserts it).
                if (zset.TryGetScore(point.Member, out _)) continue;
                zset.InsertNew(point.Member.ToArray(), storeDistances ? point.Distance / conversion : point.Score);
                maxLength = Math.Max(maxLength, point.Member.Length);
            }
            zset.ConvertToListpackIfNeeded(Limits(client), maxLength);
            client.Db.Set(destination, RedisObject.Collection(RedisType.ZSet, zset));
            client.Db.SignalModified(destination);
            client.Server.Dirty += returned;
            KeyspaceEvents.Notify(client, NotifyClass.Zset, search ? "geosearchstore"u8 : "georadiusstore"u8, destination);
        }
        else if (client.Db.Delete(destination))
        {
            client.Db.SignalModified(destination);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, destination);
        }
        client.Reply.Integer(returned);
    }

    private static void ClearPoints()
    {
        Array.Clear(s_points, 0, s_count);
        s_count = 0;
        if (s_points.Length > MaxRetainedPoints) s_points = new GeoPoint[64];
    }

    // ---- arguments -------------------------------------------------------------------------

    /// <summary>A longitude and latitude at <paramref name="index"/>, within the geohash limits (cf. extractLongLatOrReply).</summary>
    private static bool TryParsePosition(Client client, int index, out double longitude, out double latitude)
    {
        latitude = 0;
        if (!Doubles.TryParse(client.Args[index], out longitude) || !Doubles.TryParse(client.Args[index + 1], out latitude))
        {
            client.Reply.Error(Errors.NotFloat);
            return false;
        }
        if (GeoHash.IsValid(longitude, latitude)) return true;
        client.Reply.Error(Errors.GeoInvalidPair(FormatPrintf(longitude), FormatPrintf(latitude)));
        return false;
    }

    /// <summary>"%f", for the error text.</summary>
    private static string FormatPrintf(double value)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFixedLength];
        return Encoding.ASCII.GetString(text[..Doubles.FormatFixed(value, 6, text)]);
    }

    /// <summary>The centre of a search at a member's position (cf. longLatFromMember).</summary>
    private static bool TryCentreOnMember(Client client, SortedSet zset, int memberIdx, ref GeoShape shape)
    {
        if (!zset.TryGetScore(client.Args[memberIdx], out double score))
        {
            client.Reply.Error(Errors.GeoMemberNotDecoded);
            return false;
        }
        GeoHash.DecodeScore(score, out shape.Longitude, out shape.Latitude);
        return true;
    }

    /// <summary>"radius unit" at <paramref name="index"/>: a circle (cf. extractDistanceOrReply).</summary>
    private static bool TryParseRadius(Client client, int index, ref GeoShape shape)
    {
        if (!Doubles.TryParse(client.Args[index], out double radius))
        {
            client.Reply.Error(Errors.GeoNeedNumericRadius);
            return false;
        }
        if (radius < 0)
        {
            client.Reply.Error(Errors.GeoRadiusNegative);
            return false;
        }
        shape.Radius = radius;
        if (!TryParseUnit(client, index + 1, out shape.Conversion)) return false;
        shape.IsBox = false;
        return true;
    }

    /// <summary>"width height unit" at <paramref name="index"/>: a box (cf. extractBoxOrReply).</summary>
    private static bool TryParseBox(Client client, int index, ref GeoShape shape)
    {
        if (!Doubles.TryParse(client.Args[index], out double width))
        {
            client.Reply.Error(Errors.GeoNeedNumericWidth);
            return false;
        }
        if (!Doubles.TryParse(client.Args[index + 1], out double height))
        {
            client.Reply.Error(Errors.GeoNeedNumericHeight);
            return false;
        }
        if (height < 0 || width < 0)
        {
            client.Reply.Error(Errors.GeoBoxNegative);
            return false;
        }
        shape.Width = width;
        shape.Height = height;
        if (!TryParseUnit(client, index + 2, out shape.Conversion)) return false;
        shape.IsBox = true;
        return true;
    }

    /// <summary>The length of a unit in metres (cf. extractUnitOrReply).</summary>
    private static bool TryParseUnit(Client client, int index, out double toMeters)
    {
        var args = client.Args;
        if (args.IsOption(index, "M"u8)) toMeters = 1;
        else if (args.IsOption(index, "KM"u8)) toMeters = 1000;
        else if (args.IsOption(index, "FT"u8)) toMeters = 0.3048;
        else if (args.IsOption(index, "MI"u8)) toMeters = 1609.34;
        else
        {
            toMeters = -1;
            client.Reply.Error(Errors.GeoUnsupportedUnit);
            return false;
        }
        return true;
    }

    // ---- replies ---------------------------------------------------------------------------

    /// <summary>A distance with four decimals, always a bulk string (cf. addReplyDoubleDistance).</summary>
    private static void ReplyDistance(Client client, double distance)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFixedLength];
        client.Reply.Bulk(text[..Doubles.FormatFixed(distance, 4, text)]);
    }

    /// <summary>A coordinate as a human long double: a bulk string in RESP2, a double in RESP3 (cf. addReplyHumanLongDouble).</summary>
    private static void ReplyCoordinate(Client client, double coordinate)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFixedLength];
        client.Reply.Double(text[..Doubles.FormatHuman(coordinate, text)]);
    }
}
