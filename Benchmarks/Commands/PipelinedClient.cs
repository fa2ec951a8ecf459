// A server and one socketless client whose coroutine runs pipelined batches of commands,
// exactly as the event loop does after a read, minus the sockets: what the command benchmarks drive.

using System.Text;
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

    /// <summary>The server behind the client, for benchmarks that reach into its data.</summary>
    public RedisServer Server => _client.Server;

    /// <summary>One command as a RESP multibulk request (setup only: it builds strings).</summary>
    public static string Command(params string[] args)
    {
        var text = new StringBuilder($"*{args.Length}\r\n");
        foreach (var arg in args) text.Append($"${arg.Length}\r\n{arg}\r\n");
        return text.ToString();
    }

    /// <summary><paramref name="commands"/> (RESP or inline) <paramref name="times"/> times over, as one batch.</summary>
    public static byte[] Repeat(string commands, int times) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(commands, times)));

    /// <summary>What one read event amounts to: bytes into the query buffer, resume until NeedInput, reply drained.</summary>
    public void Run(byte[] batch)
    {
        batch.CopyTo(_client.Query.GetFreeSpace(batch.Length));
        _client.Query.Commit(batch.Length);
        while (_coroutine.MoveNext() && _coroutine.Current == Step.RanCommand) { }
        _client.Reply.Advance(_client.Reply.PendingBytes);
    }
}
