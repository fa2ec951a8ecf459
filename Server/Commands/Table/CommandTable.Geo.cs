// The command table, part: geo (cf. geo.c).
// Names, arities, flags, key specs and docs follow Redis 7.0.15, because clients read them.

namespace EventLoopRedis.Commands;

internal sealed partial class CommandTable
{
    private static CommandDef[] GeoGroup() =>
    [
        new("geoadd", GeoCommands.GeoAdd, -5, "write denyoom", "@write @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.0", summary: "Add one or more geospatial items in the geospatial index represented using a sorted set", complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
            specs: [Spec("RW update", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `CH`, `NX` and `XX` options.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("condition", "oneof", since: "6.2.0", flags: "optional", args:
                    [
                        Arg("nx", "pure-token", token: "NX"),
                        Arg("xx", "pure-token", token: "XX"),
                    ]),
                Arg("change", "pure-token", token: "CH", since: "6.2.0", flags: "optional"),
                Arg("longitude_latitude_member", "block", flags: "multiple", args:
                    [
                        Arg("longitude", "double"),
                        Arg("latitude", "double"),
                        Arg("member", "string"),
                    ]),
            ]),
        new("geodist", GeoCommands.GeoDist, -4, "readonly", "@read @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.0", summary: "Returns the distance between two members of a geospatial index", complexity: "O(log(N))",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member1", "string"),
                Arg("member2", "string"),
                GeoUnit("optional"),
            ]),
        new("geohash", GeoCommands.GeoHashCommand, -2, "readonly", "@read @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.0", summary: "Returns members of a geospatial index as standard geohash strings", complexity: "O(log(N)) for each member requested, where N is the number of elements in the sorted set.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("geopos", GeoCommands.GeoPos, -2, "readonly", "@read @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.0", summary: "Returns longitude and latitude of members of a geospatial index", complexity: "O(N) where N is the number of members requested.",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string", flags: "multiple"),
            ]),
        new("georadius", GeoCommands.GeoRadius, -6, "write denyoom movablekeys", "@write @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.0", summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0)), Spec("OW update", Keyword("STORE", 6), Range(0, 1, 0)), Spec("OW update", Keyword("STOREDIST", 6), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `ANY` option for `COUNT`."), ("7.0.0", "Added support for uppercase unit names.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("longitude", "double"),
                Arg("latitude", "double"),
                Arg("radius", "double"),
                GeoUnit(),
                .. GeoWith(),
                GeoCount(anySince: "6.2.0"),
                GeoOrder(),
                .. GeoStore(),
            ]),
        new("georadiusbymember", GeoCommands.GeoRadiusByMember, -5, "write denyoom movablekeys", "@write @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.0", summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0)), Spec("OW update", Keyword("STORE", 5), Range(0, 1, 0)), Spec("OW update", Keyword("STOREDIST", 5), Range(0, 1, 0))],
            history: [("7.0.0", "Added support for uppercase unit names.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string"),
                Arg("radius", "double"),
                GeoUnit(),
                .. GeoWith(),
                GeoCount(),
                GeoOrder(),
                .. GeoStore(),
            ]),
        new("georadius_ro", GeoCommands.GeoRadiusRo, -6, "readonly", "@read @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.10", summary: "A read-only variant for GEORADIUS", complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`GEOSEARCH` with the `BYRADIUS` argument",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("6.2.0", "Added the `ANY` option for `COUNT`.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("longitude", "double"),
                Arg("latitude", "double"),
                Arg("radius", "double"),
                GeoUnit(),
                .. GeoWith(),
                GeoCount(anySince: "6.2.0"),
                GeoOrder(),
            ]),
        new("georadiusbymember_ro", GeoCommands.GeoRadiusByMemberRo, -5, "readonly", "@read @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "3.2.10", summary: "A read-only variant for GEORADIUSBYMEMBER", complexity: "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
            docFlags: "deprecated",
            deprecatedSince: "6.2.0", replacedBy: "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            args:
            [
                Arg("key", "key", keySpec: 0),
                Arg("member", "string"),
                Arg("radius", "double"),
                GeoUnit(),
                .. GeoWith(),
                GeoCount(),
                GeoOrder(),
            ]),
        new("geosearch", GeoCommands.GeoSearch, -7, "readonly", "@read @geo @slow", keys: (1, 1, 1),
            group: "geo", since: "6.2.0", summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", complexity: "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape",
            specs: [Spec("RO access", Index(1), Range(0, 1, 0))],
            history: [("7.0.0", "Added support for uppercase unit names.")],
            args:
            [
                Arg("key", "key", keySpec: 0),
                GeoFrom(),
                GeoBy(),
                GeoOrder(),
                GeoCount(),
                .. GeoWith(),
            ]),
        new("geosearchstore", GeoCommands.GeoSearchStore, -8, "write denyoom", "@write @geo @slow", keys: (1, 2, 1),
            group: "geo", since: "6.2.0", summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", complexity: "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape",
            specs: [Spec("OW update", Index(1), Range(0, 1, 0)), Spec("RO access", Index(2), Range(0, 1, 0))],
            history: [("7.0.0", "Added support for uppercase unit names.")],
            args:
            [
                Arg("destination", "key", keySpec: 0),
                Arg("source", "key", keySpec: 1),
                GeoFrom(),
                GeoBy(),
                GeoOrder(),
                GeoCount(),
                Arg("storedist", "pure-token", token: "STOREDIST", flags: "optional"),
            ]),
    ];

    // Argument trees several geo commands share, as Redis's JSON files repeat them.

    private static ArgDoc GeoUnit(string? flags = null) => Arg("unit", "oneof", flags: flags, args:
        [
            Arg("m", "pure-token", token: "M"),
            Arg("km", "pure-token", token: "KM"),
            Arg("ft", "pure-token", token: "FT"),
            Arg("mi", "pure-token", token: "MI"),
        ]);

    private static ArgDoc GeoFrom() => Arg("from", "oneof", args:
        [
            Arg("member", "string", token: "FROMMEMBER"),
            Arg("longitude_latitude", "block", token: "FROMLONLAT", args:
                [
                    Arg("longitude", "double"),
                    Arg("latitude", "double"),
                ]),
        ]);

    private static ArgDoc GeoBy() => Arg("by", "oneof", args:
        [
            Arg("circle", "block", args:
                [
                    Arg("radius", "double", token: "BYRADIUS"),
                    GeoUnit(),
                ]),
            Arg("box", "block", args:
                [
                    Arg("width", "double", token: "BYBOX"),
                    Arg("height", "double"),
                    GeoUnit(),
                ]),
        ]);

    private static ArgDoc GeoOrder() => Arg("order", "oneof", flags: "optional", args:
        [
            Arg("asc", "pure-token", token: "ASC"),
            Arg("desc", "pure-token", token: "DESC"),
        ]);

    private static ArgDoc GeoCount(string? anySince = null) => Arg("count", "block", flags: "optional", args:
        [
            Arg("count", "integer", token: "COUNT"),
            Arg("any", "pure-token", token: "ANY", since: anySince, flags: "optional"),
        ]);

    private static ArgDoc[] GeoWith() =>
    [
        Arg("withcoord", "pure-token", token: "WITHCOORD", flags: "optional"),
        Arg("withdist", "pure-token", token: "WITHDIST", flags: "optional"),
        Arg("withhash", "pure-token", token: "WITHHASH", flags: "optional"),
    ];

    private static ArgDoc[] GeoStore() =>
    [
        Arg("key", "key", keySpec: 1, token: "STORE", flags: "optional"),
        Arg("key", "key", keySpec: 2, token: "STOREDIST", flags: "optional"),
    ];

    /// <summary>begin_search by keyword: the key follows <paramref name="keyword"/>, searched from argument <paramref name="startFrom"/> on.</summary>
    private static KeySearch Keyword(string keyword, int startFrom) => new(0, keyword, startFrom);
}
