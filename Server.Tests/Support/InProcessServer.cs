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
        int size = args.Sum(a => a.Length);
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
        return Encoding.Latin1.GetString(Client.Reply.TakeAll());
    }

    public void Dispose() => Server.Scripting.Dispose();
}
