// The geo commands, pipelined 16 deep through a client's coroutine as the event loop runs them:
// GEOADD moving a member of a compact set (100 points: a listpack) and of a large one (100,000
// points: a skip list), and GEOSEARCH by radius and by box around a point of each.

using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class GeoBenchmarks
{
    private const int Depth = 16;

    /// <summary>Points in the set: 100 stays a listpack, 100,000 is a skip list.</summary>
    [Params(100, 100_000)]
    public int Size { get; set; }

    private PipelinedClient _client = null!;
    private byte[] _geoadd = null!;
    private byte[] _searchRadius = null!;
    private byte[] _searchBoxWithDist = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        // A grid over Europe, about 100 points per square degree in the large set.
        const int PerCommand = 1000;
        double step = Size > 1000 ? 0.1 : 1;
        for (int start = 0; start < Size; start += PerCommand)
        {
            var args = new List<string> { "GEOADD", "g" };
            for (int i = start; i < Math.Min(Size, start + PerCommand); i++)
            {
                args.Add(Format(-10 + i % 316 * step));
                args.Add(Format(35 + i / 316 * step));
                args.Add("point:" + i.ToString(CultureInfo.InvariantCulture));
            }
            _client.Run(System.Text.Encoding.ASCII.GetBytes(PipelinedClient.Command([.. args])));
        }
        // Alternating positions move the member every time.
        _geoadd = PipelinedClient.Repeat(
            PipelinedClient.Command("GEOADD", "g", "2.35", "48.85", "point:50") + PipelinedClient.Command("GEOADD", "g", "13.40", "52.52", "point:50"), Depth / 2);
        _searchRadius = PipelinedClient.Repeat(PipelinedClient.Command("GEOSEARCH", "g", "FROMLONLAT", "5", "40", "BYRADIUS", "50", "km", "ASC", "COUNT", "10"), Depth);
        _searchBoxWithDist = PipelinedClient.Repeat(
            PipelinedClient.Command("GEOSEARCH", "g", "FROMLONLAT", "5", "40", "BYBOX", "100", "100", "km", "WITHDIST", "WITHCOORD"), Depth);
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void GeoAdd() => _client.Run(_geoadd);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void GeoSearchRadiusCount10() => _client.Run(_searchRadius);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void GeoSearchBoxWithDistAndCoord() => _client.Run(_searchBoxWithDist);
}
