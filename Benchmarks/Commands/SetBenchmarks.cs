// The main set commands, pipelined 16 deep through a client's coroutine as the event loop runs them:
// a compact set (128 integers: an intset) and a large one (100,000 members: a hash table), of
// integers and of short strings.

using System.Text;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class SetBenchmarks
{
    private const int Depth = 16;

    [Params(128, 100_000)]
    public int Size { get; set; }

    [Params("int", "str")]
    public string Members { get; set; } = "int";

    private PipelinedClient _client = null!;
    private byte[] _sismember = null!;
    private byte[] _saddExisting = null!;
    private byte[] _saddRemove = null!;
    private byte[] _scard = null!;
    private byte[] _sintercard = null!;
    private byte[] _srandmember = null!;
    private byte[] _smembersSmall = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new PipelinedClient();
        const int PerCommand = 1000;
        for (int start = 0; start < Size; start += PerCommand)
        {
            var args = new List<string> { "SADD", "s" };
            for (int i = start; i < Math.Min(Size, start + PerCommand); i++) args.Add(Member(i));
            _client.Run(Command(args.ToArray()));
        }
        _client.Run(Command("SADD", "small", Member(1), Member(2), Member(3), Member(4), Member(5), Member(6), Member(7), Member(8)));
        string probe = Member(Size / 2);
        _sismember = Repeat(Command("SISMEMBER", "s", probe));
        _saddExisting = Repeat(Command("SADD", "s", probe));
        _saddRemove = Repeat([.. Command("SADD", "s", Member(Size + 1)), .. Command("SREM", "s", Member(Size + 1))], Depth / 2);
        _scard = Repeat(Command("SCARD", "s"));
        _sintercard = Repeat(Command("SINTERCARD", "2", "small", "s"));
        _srandmember = Repeat(Command("SRANDMEMBER", "s", "5"));
        _smembersSmall = Repeat(Command("SMEMBERS", "small"));
    }

    private string Member(int i) => Members == "int" ? (i * 7).ToString() : "member:" + i;

    private static byte[] Command(params string[] args)
    {
        var text = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args) text.Append('$').Append(Encoding.ASCII.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] Repeat(byte[] command, int times = Depth) => Enumerable.Repeat(command, times).SelectMany(c => c).ToArray();

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SIsMember() => _client.Run(_sismember);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SAddExistingMember() => _client.Run(_saddExisting);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SAddThenSRem() => _client.Run(_saddRemove);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SCard() => _client.Run(_scard);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SInterCardSmallWithLarge() => _client.Run(_sintercard);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SRandMemberFive() => _client.Run(_srandmember);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SMembersOfEight() => _client.Run(_smembersSmall);
}
