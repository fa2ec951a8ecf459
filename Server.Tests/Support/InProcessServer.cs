// A server without sockets: commands go straight to the executor through a socketless
// client, as the Lua pseudo-client does. For tests that look inside the server.

using System.Text;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Tests.Support;

internal sealed class InProcessServer : IDisposable
{
    private byte[] _buffer = new byte[1024];

    public InProcessServer(ServerConfig? config = null)
    {
        Server = new RedisServer(config ?? new ServerConfig());
        Client = Server.CreateClient(socket: null);
    }

    public RedisServer Server { get; }
    public Client Client { get; }

    /// <summary>Runs one command and returns its raw reply as Latin-1 text.</summary>
    public string Call(params string[] args)
    {
        Execute(args);
        return Encoding.Latin1.GetString(Client.Reply.TakeAll());
    }

    /// <summary>Runs one command, leaving its reply pending, without allocating (once the buffer is large enough).</summary>
    public void Execute(string[] args)
    {
        int size = 0;
        foreach (var arg in args) size += arg.Length;
        if (_buffer.Length < size) _buffer = new byte[size * 2];
        Client.Args.Reset(_buffer);
        int at = 0;
        foreach (var arg in args)
        {
            int length = Encoding.Latin1.GetBytes(arg, _buffer.AsSpan(at));
            Client.Args.Add(at, length);
            at += length;
        }
        Server.Executor.Execute(Client);
    }

    /// <summary>Bytes allocated by running <paramref name="args"/> 1000 times (after 100 to warm up), replies discarded.</summary>
    public long AllocatedBytesPerThousand(params string[] args)
    {
        for (int i = 0; i < 100; i++) ExecuteAndDiscard(args);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) ExecuteAndDiscard(args);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private void ExecuteAndDiscard(string[] args)
    {
        Execute(args);
        Client.Reply.Advance(Client.Reply.PendingBytes);
    }

    /// <summary>
    /// The bytes this thread allocates over 1,000 runs of one command (its reply discarded), after
    /// 100 runs to warm up (JIT tiers, lazily created state): zero for a hot path that allocates nothing.
    /// </summary>
    public long AllocatedBytesOver1000Calls(params string[] args)
    {
        Call(args); // the request now sits in _buffer, and Args points at it
        var offsets = Enumerable.Range(0, Client.Args.Count).Select(i => Client.Args[i].Length).ToArray();
        void Run()
        {
            Client.Args.Reset(_buffer);
            int at = 0;
            foreach (int length in offsets)
            {
                Client.Args.Add(at, length);
                at += length;
            }
            Server.Executor.Execute(Client);
            Client.Reply.Advance(Client.Reply.PendingBytes);
        }
        for (int i = 0; i < 100; i++) Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Run();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public void Dispose() => Server.Scripting.Dispose();
}
