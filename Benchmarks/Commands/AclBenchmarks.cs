// The cost of the ACL check on the command path: the same pipelined GET run as the default user
// (allowed everything: the check is one field read) and as a restricted user (command bitmap and
// key pattern checked on every command). cf. ACLCheckAllPerm in processCommand.

using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Commands;

[MemoryDiagnoser]
public class AclBenchmarks
{
    private const int Depth = 16;

    private PipelinedClient _default = null!;
    private PipelinedClient _restricted = null!;
    private byte[] _getBatch = null!;
    private byte[] _setBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _default = new PipelinedClient();
        _restricted = new PipelinedClient();
        _restricted.Run(PipelinedClient.Repeat(
            PipelinedClient.Command("ACL", "SETUSER", "bench", "on", "nopass", "~key:*", "%R~other:*", "-@all", "+get", "+set") +
            PipelinedClient.Command("AUTH", "bench", "x"), 1));
        _getBatch = PipelinedClient.Repeat(PipelinedClient.Command("GET", "key:000000000042"), Depth);
        _setBatch = PipelinedClient.Repeat(PipelinedClient.Command("SET", "key:000000000042", "xxx"), Depth);
        _default.Run(_setBatch);
        _restricted.Run(_setBatch);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Depth)]
    public void GetAsDefaultUser() => _default.Run(_getBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void GetAsRestrictedUser() => _restricted.Run(_getBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SetAsDefaultUser() => _default.Run(_setBatch);

    [Benchmark(OperationsPerInvoke = Depth)]
    public void SetAsRestrictedUser() => _restricted.Run(_setBatch);
}
