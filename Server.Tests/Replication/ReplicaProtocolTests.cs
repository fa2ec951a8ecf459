// The primary's side of the replication protocol, seen byte for byte by a hand-written replica on a raw
// socket: the handshake, +FULLRESYNC and the diskless transfer, the stream with SELECT, the stream held
// until the first ACK, +CONTINUE from the backlog, and the replica output buffer limit.

using System.Net.Sockets;
using System.Text;
using EventLoopRedis.Tests.Persistence;
using EventLoopRedis.Tests.Support;

namespace EventLoopRedis.Tests.Replication;

public class ReplicaProtocolTests
{
    // A replica without capa eof gets a disk-based sync, which saves dbfilename: in a directory of its own.
    private readonly string _dir = AofTestSupport.TempDirectory("replica-protocol");

    [OneTimeTearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    /// <summary>A replica speaking the protocol by hand: raw bytes in, raw bytes out.</summary>
    private sealed class FakeReplica : IDisposable
    {
        private readonly RespConnection _connection;
        private readonly List<byte> _received = new();

        public FakeReplica(int port) => _connection = new RespConnection(port, receiveTimeoutMs: 10_000);

        public string Call(params string[] args) => _connection.Call(args);

        public void Send(params string[] args) => _connection.Send(args);

        /// <summary>Reads up to and including the first <paramref name="until"/>; what follows stays for the next call.</summary>
        public string ReadUntil(string until)
        {
            var buffer = new byte[65536];
            while (true)
            {
                int at = Encoding.Latin1.GetString(_received.ToArray()).IndexOf(until, StringComparison.Ordinal);
                if (at >= 0)
                {
                    int length = at + until.Length;
                    string text = Encoding.Latin1.GetString(_received.GetRange(0, length).ToArray());
                    _received.RemoveRange(0, length);
                    return text;
                }
                int read = _connection.Socket.Receive(buffer);
                if (read == 0) throw new IOException("closed");
                _received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }

        public bool IsClosedByPeer(int waitMs) => _connection.IsClosedByPeer(waitMs);

        public void Dispose() => _connection.Dispose();
    }

    private static string Field(RespConnection connection, string section, string name) =>
        connection.Call("INFO", section).Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":"))?[(name.Length + 1)..] ?? "";

    [Test]
    public void AFullSyncStreamsTheRdbThenTheHeldWritesAfterTheFirstAckAndPsyncContinues()
    {
        // No PING in the stream during the test: its bytes are compared exactly.
        using var server = ServerProcess.StartOurs("--repl-diskless-sync-delay", "0", "--save", "", "--dir", _dir, "--repl-ping-replica-period", "3600");
        using var client = new RespConnection(server.Port);
        client.Call("SET", "before", "sync");

        var replica = new FakeReplica(server.Port);
        Assert.That(replica.Call("REPLCONF", "listening-port", "7777"), Is.EqualTo("+OK\r\n"));
        Assert.That(replica.Call("REPLCONF", "capa", "eof", "capa", "psync2"), Is.EqualTo("+OK\r\n"));
        replica.Send("PSYNC", "?", "-1");
        string preamble = replica.ReadUntil("\r\n");
        Assert.That(preamble, Does.Match("^\\+FULLRESYNC [0-9a-f]{40} 0\r\n$"));
        string replId = preamble.Split(' ')[1];
        string eof = replica.ReadUntil("\r\n");
        Assert.That(eof, Does.Match("^\\$EOF:[0-9a-f]{40}\r\n$"));
        string rdb = replica.ReadUntil(eof[5..45]);
        Assert.That(rdb, Does.StartWith("REDIS0010").And.Contain("repl-id").And.Contain(replId).And.Contain("before"));

        // A write now: held for the replica until its first ACK, then sent with SELECT first.
        client.Call("SET", "after", "sync");
        Assert.That(client.Call("CLIENT", "LIST", "TYPE", "replica"), Does.Contain("flags=S "));
        Assert.That(Field(client, "replication", "slave0"), Does.StartWith("ip=127.0.0.1,port=7777,state=online,offset=0,lag="));
        replica.Send("REPLCONF", "ACK", "0");
        const string stream = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$4\r\nsync\r\n";
        Assert.That(replica.ReadUntil("sync\r\n"), Is.EqualTo(stream));
        Assert.That(Field(client, "replication", "master_repl_offset"), Is.EqualTo(stream.Length.ToString()));
        Assert.That(client.Call("ROLE"), Is.EqualTo($"*3\r\n$6\r\nmaster\r\n:{stream.Length}\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n7777\r\n$1\r\n0\r\n"));

        // The link is cut after the first write; the next replica continues from offset 24.
        int afterSelect = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".Length;
        replica.Dispose();
        client.Call("DEL", "before");
        using var again = new FakeReplica(server.Port);
        again.Call("REPLCONF", "capa", "psync2");
        again.Send("PSYNC", replId, (afterSelect + 1).ToString());
        string continued = again.ReadUntil("before\r\n");
        Assert.That(continued, Is.EqualTo($"+CONTINUE {replId}\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$4\r\nsync\r\n*2\r\n$3\r\nDEL\r\n$6\r\nbefore\r\n"));
        Assert.That(Field(client, "stats", "sync_partial_ok"), Is.EqualTo("1"));

        // An id this server never had: a full sync, counted as a failed partial one.
        using var stranger = new FakeReplica(server.Port);
        stranger.Send("PSYNC", new string('a', 40), "5");
        Assert.That(stranger.ReadUntil("\r\n"), Does.StartWith("+FULLRESYNC " + replId));
        Assert.That(Field(client, "stats", "sync_partial_err"), Is.EqualTo("1"));
        Assert.That(Field(client, "stats", "sync_full"), Is.EqualTo("2"));
    }

    [Test]
    public void AReplicaThatDoesNotReadIsCutAtTheReplicaOutputBufferLimit()
    {
        using var server = ServerProcess.StartOurs("--repl-diskless-sync-delay", "0", "--save", "", "--dir", _dir,
            "--client-output-buffer-limit", "replica 4mb 0 0");
        using var client = new RespConnection(server.Port, receiveTimeoutMs: 30_000);
        using var replica = new FakeReplica(server.Port);
        replica.Call("REPLCONF", "capa", "eof");
        replica.Send("PSYNC", "?", "-1");
        replica.ReadUntil("\r\n");
        string eof = replica.ReadUntil("\r\n");
        replica.ReadUntil(eof[5..45]);
        replica.Send("REPLCONF", "ACK", "0");
        Thread.Sleep(100);
        // The replica stops reading; 40 MB of writes fill the kernel's buffers, then its output.
        string value = new('v', 1 << 20);
        for (int i = 0; i < 40 && Field(client, "replication", "connected_slaves") == "1"; i++) client.Call("SET", "big:" + i, value);
        // The close is asynchronous (freeClientAsync): give a loaded machine a few seconds to carry it out.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Field(client, "replication", "connected_slaves") != "0" && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.That(Field(client, "replication", "connected_slaves"), Is.EqualTo("0"));
        // The server's log reaches the test through an asynchronous pipe reader: the line may trail the close.
        const string closedForLimits = "scheduled to be closed ASAP for overcoming of output buffer limits";
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Output.Contains(closedForLimits) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.That(server.Output, Does.Contain(closedForLimits));
    }
}
