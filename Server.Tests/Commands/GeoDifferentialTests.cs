// Differential tests for the geo commands: the same commands to redis-server 7.0 and to
// EventLoopRedis, compared as raw RESP bytes, in RESP2 and RESP3, including seeded random points
// near the poles and the antimeridian.

using System.Globalization;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Commands;

[TestFixture]
public class GeoDifferentialTests : DifferentialFixture
{
    private static readonly string[] Sicily =
        ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2"];

    private static readonly string[] Commands =
        ["geoadd", "geodist", "geohash", "geopos", "georadius", "georadiusbymember", "georadius_ro", "georadiusbymember_ro", "geosearch", "geosearchstore"];

    private static readonly object[] Scripts =
    [
        new object[] { "geoadd options and errors", new[] { Sicily, ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo"],
            ["GEOADD", "Sicily", "CH", "13.361389", "38.115556", "Palermo", "13.4", "38.1", "Catania"], ["GEOADD", "Sicily", "NX", "CH", "1", "1", "Palermo", "2", "2", "new"],
            ["GEOADD", "Sicily", "XX", "1", "1", "Palermo", "2", "2", "other"], ["GEOADD", "Sicily", "XX", "CH", "3", "3", "Palermo"], ["GEOADD", "Sicily", "NX", "XX", "1", "1", "a"],
            ["GEOADD", "Sicily", "ch", "nx", "1", "1", "a"], ["GEOADD", "Sicily", "1", "1"], ["GEOADD", "Sicily", "1", "1", "a", "2"], ["GEOADD", "Sicily", "CH", "CH", "CH"],
            ["GEOADD", "Sicily", "GT", "1", "1", "a"], ["GEOADD", "Sicily", "x", "1", "a"], ["GEOADD", "Sicily", "1", "y", "a"], ["GEOADD", "Sicily", "1", "1", "ok", "x", "1", "bad"],
            ["GEOADD", "Sicily", "181", "1", "a"], ["GEOADD", "Sicily", "-180.0001", "1", "a"], ["GEOADD", "Sicily", "1", "85.05112879", "a"], ["GEOADD", "Sicily", "1", "-85.06", "a"],
            ["GEOADD", "Sicily", "inf", "0", "a"], ["GEOADD", "Sicily", "0", "-inf", "a"], ["GEOADD", "Sicily", "1e308", "0", "a"], ["GEOADD", "Sicily", "-0", "100", "a"],
            ["GEOADD", "Sicily", "0.0000005", "95.5", "a"], ["GEOADD", "Sicily", "nan", "0", "a"], ["GEOADD", "Sicily", " 1", "0", "a"], ["GEOADD", "Sicily", "0x10", "0x1p3", "hex"],
            ["GEOADD", "Sicily", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "0", "0", "origin"], ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
            ["GEOADD", "missing", "XX", "1", "1", "a"], ["EXISTS", "missing"], ["GEOADD", "Sicily"], ["GEOADD", "Sicily", "1", "1"], ["SET", "str", "x"],
            ["GEOADD", "str", "1", "1", "a"], ["GEOADD", "str", "1", "1"], ["GEOADD", "str", "x", "1", "a"] } },
        new object[] { "geopos geohash geodist", new[] { Sicily, ["GEOPOS", "Sicily", "Palermo", "nope", "Catania"], ["GEOPOS", "Sicily"], ["GEOPOS", "nokey", "a", "b"],
            ["GEOHASH", "Sicily", "Palermo", "Catania", "nope", "edge1"], ["GEOHASH", "Sicily"], ["GEOHASH", "nokey", "a"], ["GEODIST", "Sicily", "Palermo", "Catania"],
            ["GEODIST", "Sicily", "Palermo", "Catania", "km"], ["GEODIST", "Sicily", "Palermo", "Catania", "MI"], ["GEODIST", "Sicily", "Palermo", "Catania", "Ft"],
            ["GEODIST", "Sicily", "Palermo", "Catania", "m"], ["GEODIST", "Sicily", "Palermo", "Palermo"], ["GEODIST", "Sicily", "Palermo", "nope"],
            ["GEODIST", "Sicily", "nope", "Palermo", "km"], ["GEODIST", "nokey", "a", "b"], ["GEODIST", "Sicily", "Palermo", "Catania", "yards"],
            ["GEODIST", "nokey", "a", "b", "yards"], ["GEODIST", "Sicily", "Palermo", "Catania", "km", "extra"], ["GEODIST", "Sicily", "Palermo"],
            ["ZADD", "odd", "-1", "a", "1e300", "b", "-inf", "c", "inf", "d", "4503599627370495", "f", "9007199254740991", "g", "0", "h", "1e19", "i", "-1e19", "j", "0.5", "k"],
            ["GEOPOS", "odd", "a", "b", "c", "d", "f", "g", "h", "i", "j", "k"], ["GEOHASH", "odd", "a", "b", "c", "d", "f", "g", "h", "i", "j", "k"],
            ["GEODIST", "odd", "a", "h"], ["GEODIST", "odd", "f", "h", "km"], ["GEODIST", "odd", "c", "i"], ["SET", "str", "x"], ["GEOPOS", "str", "a"], ["GEOHASH", "str", "a"],
            ["GEODIST", "str", "a", "b"], ["GEODIST", "str", "a", "b", "bad"] } },
        new object[] { "georadius options", new[] { Sicily, ["GEORADIUS", "Sicily", "15", "37", "200", "km"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "ASC"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "DESC", "WITHDIST", "WITHCOORD", "WITHHASH"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "COUNT", "1"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "DESC"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "3", "ANY"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "ANY", "ASC", "withhash"], ["GEORADIUS", "Sicily", "15", "37", "1", "m"],
            ["GEORADIUS", "Sicily", "15", "37", "0", "m"], ["GEORADIUS", "Sicily", "15", "37", "500", "MI", "WITHDIST"], ["GEORADIUS", "Sicily", "15", "37", "200000", "ft", "WITHDIST"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "ANY"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "0"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "-1"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "x"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHX"],
            ["GEORADIUS", "Sicily", "15", "37", "-1", "km"], ["GEORADIUS", "Sicily", "15", "37", "x", "km"], ["GEORADIUS", "Sicily", "15", "37", "200", "yd"],
            ["GEORADIUS", "Sicily", "x", "37", "200", "km"], ["GEORADIUS", "Sicily", "15", "99", "200", "km"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "FROMMEMBER", "Palermo"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst", "WITHDIST"],
            ["GEORADIUS", "nokey", "15", "37", "200", "km"], ["GEORADIUS", "nokey", "15", "37", "-200", "km"], ["GEORADIUS", "nokey", "15", "37", "200", "km", "ANY"],
            ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "WITHDIST", "ASC"], ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "dst"],
            ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst"], ["SET", "str", "x"], ["GEORADIUS", "str", "x", "37", "200", "km"],
            ["GEORADIUS", "Sicily", "15", "37", "200"] } },
        new object[] { "georadiusbymember options", new[] { Sicily, ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHDIST", "ASC"],
            ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "300", "km", "DESC", "COUNT", "2", "WITHCOORD"], ["GEORADIUSBYMEMBER", "Sicily", "nope", "200", "km"],
            ["GEORADIUSBYMEMBER", "Sicily", "nope", "x", "km"], ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "x", "km"], ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "1", "lightyear"],
            ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "km", "ASC"], ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "km", "BAD"], ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "km", "ANY"],
            ["GEORADIUSBYMEMBER", "nokey", "nope", "1", "km", "STORE", "dst", "WITHHASH"], ["GEORADIUSBYMEMBER_RO", "Sicily", "Catania", "200", "km", "WITHHASH"],
            ["GEORADIUSBYMEMBER_RO", "Sicily", "Catania", "200", "km", "STORE", "dst"], ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "STOREDIST", "dst"],
            ["ZRANGE", "dst", "0", "-1", "WITHSCORES"], ["OBJECT", "ENCODING", "dst"] } },
        new object[] { "geosearch options", new[] { Sicily, ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "WITHCOORD", "WITHDIST", "WITHHASH"],
            ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "DESC", "COUNT", "2"], ["GEOSEARCH", "Sicily", "frommember", "Palermo", "byradius", "100", "KM"],
            ["GEOSEARCH", "Sicily", "BYRADIUS", "200", "km", "FROMLONLAT", "15", "37", "COUNT", "1", "ANY"], ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMMEMBER", "Catania", "BYRADIUS", "1", "m"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37"], ["GEOSEARCH", "Sicily", "BYRADIUS", "200", "km"], ["geosearch", "Sicily", "BYRADIUS", "200", "km"],
            ["GeoSearch", "Sicily", "FROMLONLAT", "15", "37", "WITHDIST"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "km", "BYRADIUS", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "x", "km"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "x", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "km"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "parsec"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "1"], ["GEOSEARCH", "Sicily", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STORE", "dst"], ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STOREDIST"],
            ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "ANY"], ["GEOSEARCH", "nokey", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"],
            ["GEOSEARCH", "nokey", "FROMMEMBER", "nope"], ["GEOSEARCH", "nokey", "FROMLONLAT", "200", "0", "BYRADIUS", "1", "km"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "0", "m"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "0", "0", "m", "WITHDIST"], ["SET", "str", "x"], ["GEOSEARCH", "str", "FROMLONLAT", "15", "37"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT"] } },
        new object[] { "geosearchstore", new[] { Sicily, ["SET", "dst", "old"], ["EXPIRE", "dst", "100"],
            ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "COUNT", "3"], ["TYPE", "dst"], ["TTL", "dst"],
            ["ZRANGE", "dst", "0", "-1", "WITHSCORES"], ["OBJECT", "ENCODING", "dst"], ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STOREDIST"],
            ["ZRANGE", "dst", "0", "-1", "WITHSCORES"], ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m"], ["EXISTS", "dst"],
            ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m"], ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHDIST"],
            ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STORE", "x"], ["GEOSEARCHSTORE", "dst", "Sicily", "BYRADIUS", "200", "km"],
            ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37"], ["SET", "dst", "v"], ["GEOSEARCHSTORE", "dst", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km"],
            ["EXISTS", "dst"], ["SET", "str", "x"], ["GEOSEARCHSTORE", "dst", "str", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"],
            ["GEOSEARCHSTORE", "str", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"], ["TYPE", "str"], ["GEOSEARCHSTORE", "Sicily", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"],
            ["ZRANGE", "Sicily", "0", "-1"], ["GEORADIUS", "nokey", "1", "1", "1", "km", "STORE", "Sicily"], ["EXISTS", "Sicily"] } },
        new object[] { "georadius store", new[] { Sicily, ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d1"], ["ZRANGE", "d1", "0", "-1", "WITHSCORES"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "d2", "COUNT", "1"], ["ZRANGE", "d2", "0", "-1", "WITHSCORES"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "mi", "STORE", "d3", "STOREDIST", "d4"], ["EXISTS", "d3", "d4"], ["ZRANGE", "d4", "0", "-1", "WITHSCORES"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "1"], ["GEORADIUS", "Sicily", "15", "37", "500", "km", "STORE", "big"], ["OBJECT", "ENCODING", "big"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "128"], ["GEORADIUS", "Sicily", "15", "37", "1", "m", "STORE", "d1"], ["EXISTS", "d1"] } },
        new object[] { "resp3 replies", new[] { new[] { Unchecked, "HELLO", "3" }, Sicily, ["GEOPOS", "Sicily", "Palermo", "nope"], ["GEOHASH", "Sicily", "Palermo", "nope"],
            ["GEODIST", "Sicily", "Palermo", "Catania"], ["GEODIST", "Sicily", "Palermo", "nope"], ["GEODIST", "nokey", "a", "b"], ["GEOPOS", "nokey", "a"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "WITHCOORD", "WITHDIST", "WITHHASH"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD"], ["GEOSEARCH", "nokey", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m"], ["GEOADD", "Sicily", "CH", "0", "0", "Palermo"] } },
        new object[] { "binary members", new[] { new[] { "GEOADD", "b\0in", "1", "1", "m\0one", "1.0001", "1", "\xff\xfe", "1", "1.0001", "" },
            ["GEOPOS", "b\0in", "m\0one", "\xff\xfe", ""], ["GEOHASH", "b\0in", "", "m\0one"], ["GEODIST", "b\0in", "m\0one", "\xff\xfe"],
            ["GEOSEARCH", "b\0in", "FROMMEMBER", "m\0one", "BYRADIUS", "100", "km", "ASC", "WITHDIST"], ["GEOSEARCHSTORE", "d\0st", "b\0in", "FROMMEMBER", "", "BYBOX", "100", "100", "km"],
            ["ZRANGE", "d\0st", "0", "-1", "WITHSCORES"], ["GEORADIUSBYMEMBER", "b\0in", "\xff\xfe", "50", "km", "DESC"] } },
        new object[] { "watch sees geoadd and stores", new[] { Sicily, ["WATCH", "Sicily"], ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo"], ["MULTI"],
            ["PING"], ["EXEC"], ["WATCH", "Sicily"], ["GEOADD", "Sicily", "NX", "1", "1", "Palermo"], ["MULTI"], ["PING"], ["EXEC"], ["WATCH", "Sicily"],
            ["GEOADD", "Sicily", "1", "1", "Palermo"], ["MULTI"], ["PING"], ["EXEC"], ["WATCH", "dst"], ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m"],
            ["MULTI"], ["PING"], ["EXEC"], ["WATCH", "dst"], ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "500", "km"], ["MULTI"], ["PING"], ["EXEC"] } },
        new object[] { "huge and tiny shapes", new[] { Sicily, ["GEOADD", "Sicily", "-170", "-80", "far1", "170", "80", "far2", "-179.9", "0", "west", "179.9", "0", "east", "0", "85", "north"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "ASC", "WITHDIST"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1e10", "km", "DESC"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "180", "0", "BYRADIUS", "30", "km", "WITHDIST"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "-180", "0", "BYBOX", "60", "10", "km", "WITHDIST"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "0", "85.05112878", "BYRADIUS", "5000", "km", "ASC", "WITHCOORD"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "0", "-85.05112878", "BYBOX", "40000", "20000", "km", "ASC"],
            ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1e10", "km"], ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1e-300", "m"], ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "0", "1e-9", "m", "WITHDIST"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "inf", "km"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "5000", "km", "COUNT", "9223372036854775807", "DESC"],
            ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "5000", "km", "COUNT", "9223372036854775808"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "5000", "km", "COUNT", "3", "ANY", "DESC"],
            ["GEORADIUS", "Sicily", "15", "37", "5000", "km", "COUNT", "2", "ANY", "STORE", "d"], ["ZRANGE", "d", "0", "-1"], ["GEOADD", "Sicily", "0", "85.05112878", "pole"],
            ["GEODIST", "Sicily", "north", "pole"], ["GEODIST", "Sicily", "west", "east", "km"] } },
        new object[] { "command info and docs", new[] { ["COMMAND", "INFO", .. Commands], ["COMMAND", "DOCS", .. Commands],
            ["COMMAND", "GETKEYS", "georadius", "k", "1", "1", "1", "km", "STORE", "d"], ["COMMAND", "GETKEYS", "georadius", "k", "1", "1", "1", "km", "STOREDIST", "d", "ASC"],
            ["COMMAND", "GETKEYS", "georadiusbymember", "k", "m", "1", "km", "STORE", "d"], ["COMMAND", "GETKEYS", "geosearchstore", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"],
            ["COMMAND", "GETKEYS", "georadius", "k", "1", "1", "1", "km", "STORE"], ["COMMAND", "GETKEYS", "georadius", "k", "1", "1", "1", "km", "STORE", "a", "STOREDIST", "b"],
            ["COMMAND", "GETKEYSANDFLAGS", "georadius", "k", "1", "1", "1", "km", "STOREDIST", "d"], ["COMMAND", "GETKEYS", "georadius_ro", "k", "1", "1", "1", "km"],
            new[] { "COMMAND", "GETKEYS", "geoadd", "k", "1", "1", "m" } } },
    ];

    [TestCaseSource(nameof(Scripts))]
    public void RepliesMatchRealRedis(string name, string[][] commands) => AssertSameReplies(commands);

    private static string Coordinate(Random random, double min, double max) =>
        (min + random.NextDouble() * (max - min)).ToString("0.#######", CultureInfo.InvariantCulture);

    /// <summary>A seeded spread of points, a quarter of them near a pole and a quarter near the antimeridian, and the extreme corners.</summary>
    private static List<string[]> RandomPoints(Random random, int count)
    {
        var add = new List<string> { "GEOADD", "pts" };
        for (int i = 0; i < count; i++)
        {
            (string longitude, string latitude) = (i % 4) switch
            {
                0 => (Coordinate(random, -180, 180), Coordinate(random, 80, 85.05112878)),
                1 => (Coordinate(random, -180, 180), Coordinate(random, -85.05112878, -80)),
                2 => (random.Next(2) == 0 ? Coordinate(random, 175, 180) : Coordinate(random, -180, -175), Coordinate(random, -85.05112878, 85.05112878)),
                _ => (Coordinate(random, -180, 180), Coordinate(random, -85.05112878, 85.05112878)),
            };
            add.AddRange([longitude, latitude, "p" + i.ToString(CultureInfo.InvariantCulture)]);
        }
        add.AddRange(["180", "85.05112878", "c1", "-180", "85.05112878", "c2", "180", "-85.05112878", "c3", "-180", "-85.05112878", "c4", "0", "0", "c5"]);
        return [add.ToArray()];
    }

    [Test]
    public void SearchesOnSeededRandomPointsMatchRedis([Values(2, 3)] int protocol)
    {
        var random = new Random(20261130 + protocol);
        var commands = new List<string[]> { new[] { Unchecked, "HELLO", protocol.ToString(CultureInfo.InvariantCulture) } };
        commands.AddRange(RandomPoints(random, 3000));
        commands.Add(["ZRANGE", "pts", "0", "-1", "WITHSCORES"]);
        commands.Add(["OBJECT", "ENCODING", "pts"]);
        string[] units = ["m", "km", "mi", "ft"];
        double[] unitMeters = [1, 1000, 1609.34, 0.3048];
        for (int i = 0; i < 400; i++)
        {
            (string longitude, string latitude) = (i % 5) switch
            {
                0 => (Coordinate(random, -180, 180), Coordinate(random, 78, 85.05112878)),
                1 => (Coordinate(random, -180, 180), Coordinate(random, -85.05112878, -78)),
                2 => (random.Next(2) == 0 ? Coordinate(random, 178, 180) : Coordinate(random, -180, -178), Coordinate(random, -85, 85)),
                3 => (random.Next(2) == 0 ? "180" : "-180", random.Next(2) == 0 ? "85.05112878" : Coordinate(random, -85, 85)),
                _ => (Coordinate(random, -180, 180), Coordinate(random, -85.05112878, 85.05112878)),
            };
            int unit = random.Next(units.Length);
            string Size() => (random.Next(3) switch { 0 => random.NextDouble() * 50_000, 1 => random.NextDouble() * 500_000, _ => random.NextDouble() * 3_000_000 } / unitMeters[unit])
                .ToString("0.###", CultureInfo.InvariantCulture);
            var command = new List<string> { "GEOSEARCH", "pts" };
            if (random.Next(4) == 0) command.AddRange(["FROMMEMBER", "p" + random.Next(3000).ToString(CultureInfo.InvariantCulture)]);
            else command.AddRange(["FROMLONLAT", longitude, latitude]);
            if (random.Next(2) == 0) command.AddRange(["BYRADIUS", Size(), units[unit]]);
            else command.AddRange(["BYBOX", Size(), Size(), units[unit]]);
            switch (random.Next(5))
            {
                case 0: command.Add("ASC"); break;
                case 1: command.Add("DESC"); break;
                case 2: command.AddRange([random.Next(2) == 0 ? "ASC" : "DESC", "COUNT", random.Next(1, 20).ToString(CultureInfo.InvariantCulture)]); break;
                case 3: command.AddRange(["COUNT", random.Next(1, 20).ToString(CultureInfo.InvariantCulture), "ANY"]); break;
            }
            command.AddRange(["WITHDIST", "WITHCOORD", "WITHHASH"]);
            commands.Add(command.ToArray());
            if (i % 20 == 0)
            {
                commands.Add(["GEOSEARCHSTORE", "dst", .. command.Skip(1).SkipLast(3), "STOREDIST"]);
                commands.Add(["ZRANGE", "dst", "0", "-1", "WITHSCORES"]);
                commands.Add(["GEORADIUS", "pts", longitude, latitude, Size(), units[unit], "WITHDIST", "ASC"]);
                commands.Add(["GEODIST", "pts", "p" + random.Next(3000).ToString(CultureInfo.InvariantCulture), "p" + random.Next(3000).ToString(CultureInfo.InvariantCulture), units[unit]]);
            }
        }
        commands.Add(["GEOPOS", "pts", .. Enumerable.Range(0, 3000).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)), "c1", "c2", "c3", "c4", "c5"]);
        commands.Add(["GEOHASH", "pts", .. Enumerable.Range(0, 3000).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)), "c1", "c2", "c3", "c4", "c5"]);
        AssertSameReplies([.. commands]);
    }

    [Test]
    public void EqualDistancesAreOrderedAsRedisOrdersThem()
    {
        // Thirty members at one position: a full sort keeps them in score-then-member order, a
        // COUNT cut uses Redis's partial quicksort, which moves them differently.
        var add = new List<string> { "GEOADD", "t" };
        for (int i = 1; i <= 30; i++) add.AddRange(["10", "10", "m" + i.ToString(CultureInfo.InvariantCulture)]);
        add.AddRange(["10.001", "10", "far"]);
        AssertSameReplies(add.ToArray(), ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "ASC"],
            ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "DESC"], ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "ASC", "COUNT", "5"],
            ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "DESC", "COUNT", "5"], ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "DESC", "COUNT", "30"],
            ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "COUNT", "5", "ANY"], ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "COUNT", "5", "ANY", "DESC"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "4"], ["GEOADD", "t", "10", "10", "m31"], ["OBJECT", "ENCODING", "t"],
            ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "DESC", "COUNT", "7"], ["GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "DESC"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
    }

    [Test]
    public void LargeGeoSetsMatchRedis()
    {
        // 100,000 points on a grid, added by one GEOADD: a skip list set, searched and stored.
        var add = new List<string>(300_002) { "GEOADD", "big" };
        for (int i = 0; i < 100_000; i++)
        {
            add.Add((-179.99 + (i % 400) * 0.9).ToString("0.##", CultureInfo.InvariantCulture));
            add.Add((-85 + (i / 400) * 0.68).ToString("0.##", CultureInfo.InvariantCulture));
            add.Add("g" + i.ToString(CultureInfo.InvariantCulture));
        }
        AssertSameReplies(add.ToArray(), ["ZCARD", "big"], ["OBJECT", "ENCODING", "big"],
            ["GEOSEARCH", "big", "FROMLONLAT", "0", "0", "BYRADIUS", "300", "km", "ASC", "WITHDIST"],
            ["GEOSEARCH", "big", "FROMLONLAT", "179.5", "84", "BYBOX", "500", "300", "km", "DESC", "COUNT", "50", "WITHCOORD"],
            ["GEOSEARCH", "big", "FROMMEMBER", "g12345", "BYRADIUS", "1000", "km", "COUNT", "10", "ANY"],
            ["GEOSEARCHSTORE", "dst", "big", "FROMLONLAT", "10", "10", "BYRADIUS", "2000", "km"], ["OBJECT", "ENCODING", "dst"], ["ZCARD", "dst"],
            ["ZRANGE", "dst", "0", "20", "WITHSCORES"], ["GEOPOS", "big", "g0", "g99999", "g50000"], ["GEOHASH", "big", "g0", "g99999"]);
    }
    [Test]
    public void KeyspaceHitsAndMissesCountAsInRedis() =>
        AssertSameKeyspaceCounters(Sicily, ["GEOPOS", "Sicily", "Palermo"], ["GEOPOS", "nokey", "a"], ["GEODIST", "Sicily", "Palermo", "Catania"],
            ["GEODIST", "nokey", "a", "b"], ["GEOHASH", "Sicily", "x"], ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"],
            ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "100", "km"], ["GEORADIUSBYMEMBER", "nokey", "m", "1", "km"],
            ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d2"], ["GEOADD", "nokey2", "1", "1", "m"]);
}
