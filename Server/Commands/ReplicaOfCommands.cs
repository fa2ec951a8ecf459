// REPLICAOF and SLAVEOF: follow a primary, or stop following one (Replication/MasterLink.cs does the following).
// cf. replicaofCommand in replication.c.

using System.Text;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Commands;

internal static class ReplicaOfCommands
{
    /// <summary>
    /// Format: <c>REPLICAOF host port | NO ONE</c> (and <c>SLAVEOF</c>, its old name). Replies at once: the
    /// link connects and syncs in the background. NO ONE keeps the data and starts a new replication history.
    /// </summary>
    public static void ReplicaOf(Client client)
    {
        var args = client.Args;
        var server = client.Server;
        var state = server.Replication;
        if (args.Is(1, "no"u8) && args.Is(2, "one"u8))
        {
            if (state.IsReplica)
            {
                server.ReplicaLink.Unset();
                Log.Notice($"MASTER MODE enabled (user request from '{ClientCommands.InfoLine(client)}')");
            }
            client.Reply.Ok();
            return;
        }
        if (!Numbers.TryParseLong(args[2], out long port) || port < 0 || port > 65535)
        {
            client.Reply.Error(Errors.InvalidMasterPort);
            return;
        }
        string host = Encoding.Latin1.GetString(args[1]);
        if (state.IsReplica && host.Equals(state.MasterHost, StringComparison.OrdinalIgnoreCase) && port == state.MasterPort)
        {
            Log.Notice("REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.");
            client.Reply.Simple(Errors.AlreadyConnectedToMaster);
            return;
        }
        server.ReplicaLink.SetMaster(host, (int)port);
        Log.Notice($"REPLICAOF {host}:{port} enabled (user request from '{ClientCommands.InfoLine(client)}')");
        client.Reply.Ok();
    }
}
