// A server with one socketless client, driven the way the event loop drives a client after a read:
// what the command benchmarks run their pipelined batches through.

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Benchmarks.Commands;

internal sealed class PipelinedClient
{
    private readonly Client _client;
    private readonly IEnumerator<Step> _coroutine;

    public PipelinedClient(ServerConfig? config = null)
    {
        var server = new RedisServer(config ?? new ServerConfig());
        _client = server.CreateClient(socket: null);
        _coroutine = ClientCoroutine.Run(_client, server.Executor);
    }

    /// <summary><paramref name="command"/> (inline or RESP) <paramref name="depth"/> times over, as one batch of bytes.</summary>
    public static byte[] Repeat(string command, int depth) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(command, depth)));

    /// <summary>What one read event amounts to: bytes into the query buffer, resume until NeedInput, reply drained.</summary>
    public void Run(byte[] batch)
    {
        batch.CopyTo(_client.Query.GetFreeSpace(batch.Length));
        _client.Query.Commit(batch.Length);
        while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }
}
