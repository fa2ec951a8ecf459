// A server and one socketless client whose coroutine runs pipelined batches exactly as the event
// loop does after a read, minus the sockets: the harness the command benchmarks share.

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.Commands;

internal sealed class PipelinedClient
{
    private readonly Client _client;
    private readonly IEnumerator<Step> _coroutine;

    public PipelinedClient()
    {
        var server = new RedisServer(new ServerConfig());
        _client = server.CreateClient(socket: null);
        _coroutine = ClientCoroutine.Run(_client, server.Executor);
    }

    /// <summary>What one read event amounts to: bytes into the query buffer, resume until NeedInput, reply drained.</summary>
    public void Run(byte[] batch)
    {
        batch.CopyTo(_client.Query.GetFreeSpace(batch.Length));
        _client.Query.Commit(batch.Length);
        while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }
}
