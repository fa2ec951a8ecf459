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
        Server = new RedisServer(config ?? new ServerConfig { SavePoints = [] });
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

    /// <summary>Bytes this thread allocates over 1,000 runs of <paramref name="args"/>; see <see cref="PreparedRequest.AllocatedBytesPerThousand"/>.</summary>
    public long AllocatedBytesPerThousand(params string[] args) =>
        new PreparedRequest(args).AllocatedBytesPerThousand(Server.Executor, Client);

    public void Dispose() => Server.Scripting.Dispose();
}
