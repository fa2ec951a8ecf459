// What client memory accounting and maxmemory-clients cost per command: the work the loop adds around
// each command (the eviction check before it, the client's new charge after it), with eviction off and
// with a limit that is never reached. cf. updateClientMemUsage and evictClients in networking.c.

using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.Memory;

[MemoryDiagnoser]
public class ClientEvictionBenchmarks
{
    /// <summary>"0" is eviction off (the charge is still kept, INFO reports it); "1gb" checks the limit before every command.</summary>
    [Params("0", "1gb")]
    public string MaxmemoryClients { get; set; } = "0";

    private RedisServer _server = null!;
    private Client _client = null!;
    private readonly List<Socket> _sockets = new();

    [GlobalSetup]
    public void Setup()
    {
        var config = new ServerConfig();
        _server = new RedisServer(config);
        // 1,000 idle clients besides the measured one: the per-command cost must not grow with them.
        for (int i = 0; i <= 1000; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.Add(socket);
            _client = _server.CreateClient(socket);
            _server.ClientMemory.Update(_client);
        }
        config.MaxMemoryClients = MaxmemoryClients == "0" ? 0 : 1L << 30;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var socket in _sockets) socket.Dispose();
    }

    /// <summary>The loop's work around one command: the eviction check before it, the new charge after it.</summary>
    [Benchmark]
    public void AroundOneCommand()
    {
        _server.ClientMemory.EvictClients();
        _server.ClientMemory.Update(_client);
    }
}
