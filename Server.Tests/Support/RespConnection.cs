// A raw RESP client for tests: sends commands as multibulk or raw bytes, reads whole
// replies as raw bytes (so tests can compare them byte for byte with real Redis).

using System.Net.Sockets;
using System.Text;

namespace EventLoopRedis.Tests.Support;

internal sealed class RespConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public RespConnection(int port, int receiveTimeoutMs = 10_000)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = receiveTimeoutMs,
        };
        _socket.Connect("127.0.0.1", port);
    }

    public Socket Socket => _socket;

    /// <summary>Sends one command and returns its reply as Latin-1 text (one char per byte).</summary>
    public string Call(params string[] args)
    {
        Send(args);
        return Latin1(ReadReply());
    }

    /// <summary>Sends one command given as byte strings and returns its raw reply.</summary>
    public byte[] CallBytes(params byte[][] args)
    {
        SendRaw(Encode(args));
        return ReadReply();
    }

    public void Send(params string[] args) => SendRaw(Encode(args.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()));

    public void SendRaw(byte[] bytes) => _socket.Send(bytes);

    public void SendRaw(string latin1) => SendRaw(Encoding.Latin1.GetBytes(latin1));

    public static byte[] Encode(byte[][] args)
    {
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            output.Write(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            output.Write(arg);
            output.Write("\r\n"u8);
        }
        return output.ToArray();
    }

    /// <summary>Reads exactly one RESP2/RESP3 reply and returns its bytes.</summary>
    public byte[] ReadReply()
    {
        int length = ReplyLength(0);
        var reply = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        return reply;
    }

    /// <summary>True when the server closes the connection within <paramref name="waitMs"/>; false if it stays open.</summary>
    public bool IsClosedByPeer(int waitMs = 1000)
    {
        if (_start < _end) return false;
        int saved = _socket.ReceiveTimeout;
        _socket.ReceiveTimeout = waitMs;
        try
        {
            return _socket.Receive(new byte[1]) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // reset by the peer
        }
        finally
        {
            _socket.ReceiveTimeout = saved;
        }
    }

    /// <summary>The length of the reply starting at offset <paramref name="at"/> (relative to unread data), reading more as needed.</summary>
    private int ReplyLength(int at)
    {
        int lineEnd = LineEnd(at);
        byte type = _buffer[_start + at];
        string header = Encoding.ASCII.GetString(_buffer, _start + at + 1, lineEnd - at - 1);
        int next = lineEnd + 2;
        switch ((char)type)
        {
            case '+' or '-' or ':' or '_' or ',' or '#' or '(':
                return next - at;
            case '$' or '=' or '!':
                long size = long.Parse(header);
                if (size < 0) return next - at;
                Fill(next + (int)size + 2);
                return next + (int)size + 2 - at;
            case '*' or '~' or '>' or '%' or '|':
                long count = long.Parse(header);
                if (type is (byte)'%' or (byte)'|') count *= 2;
                for (long i = 0; i < count; i++) next += ReplyLength(next);
                return next - at;
            default:
                throw new InvalidDataException($"not RESP: {Latin1(_buffer.AsSpan(_start + at, _end - _start - at).ToArray())}");
        }
    }

    private int LineEnd(int at)
    {
        while (true)
        {
            int cr = _buffer.AsSpan(_start + at, _end - _start - at).IndexOf("\r\n"u8);
            if (cr >= 0) return at + cr;
            ReadMore();
        }
    }

    private void Fill(int bytes)
    {
        while (_end - _start < bytes) ReadMore();
    }

    private void ReadMore()
    {
        if (_end == _buffer.Length)
        {
            var bigger = new byte[Math.Max(_buffer.Length * 2, _end - _start + 64 * 1024)];
            _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
            _end -= _start;
            _start = 0;
            _buffer = bigger;
        }
        int read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0) throw new IOException("connection closed by the server");
        _end += read;
    }

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    public void Dispose() => _socket.Dispose();
}
