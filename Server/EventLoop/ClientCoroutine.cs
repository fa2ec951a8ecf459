// The coroutine that serves one client: parse one command, run it, yield to the loop.
// cf. processInputBuffer in networking.c, which does the same in a plain loop.

using EventLoopRedis.Commands;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.EventLoop;

/// <summary>Why a client's coroutine handed control back to the event loop.</summary>
internal enum Step
{
    /// <summary>It ran one command; its query buffer may hold more, so resume it on the next turn.</summary>
    RanCommand,
    /// <summary>Its query buffer ends inside a command; resume it when Select says the socket is readable.</summary>
    NeedInput,
    /// <summary>It is done (QUIT, a protocol error, CLIENT KILL); close it once its reply is flushed.</summary>
    Close,
    /// <summary>
    /// Its command waits (BLPOP on empty lists, WAIT, a command held by CLIENT PAUSE): leave it out of
    /// the ready queue until <see cref="BlockedClients"/> hands it back, served, timed out or released.
    /// </summary>
    Blocked,
    /// <summary>
    /// The link to a primary is connecting (Replication/MasterLink.cs): resume it when Select finds its socket
    /// writable, which a non-blocking connect becomes once it succeeded or failed.
    /// </summary>
    Connecting,
    /// <summary>
    /// The link to a primary has its full-sync payload loading on a background thread: not read, resumed
    /// once the load has ended (the loop looks every cycle, and waits at most a millisecond meanwhile).
    /// </summary>
    Loading,
}

internal static class ClientCoroutine
{
    /// <summary>
    /// The life of one client, written as straight-line code. Each <c>yield return</c> is a
    /// point where the loop may run other clients; local state survives across it, which is
    /// what makes a C# iterator a coroutine. One resume runs at most one command, so no
    /// client can hold the loop for more than one command at a time.
    /// </summary>
    public static IEnumerator<Step> Run(Client client, CommandExecutor executor)
    {
        while (true)
        {
            var status = client.Parser.Parse(
                client.Query, client.Args, authRequired: client.AuthRequired, client.Server.Config.ProtoMaxBulkLen);
            switch (status)
            {
                case ParseStatus.Incomplete:
                    // Half a command (or nothing) is buffered: wait for the socket, costing nothing meanwhile.
                    yield return Step.NeedInput;
                    break;

                case ParseStatus.Error:
                    client.Reply.Error(client.Parser.Error);
                    client.CloseAfterReply = true;
                    yield return Step.Close;
                    yield break;

                case ParseStatus.Complete:
                    ExecuteGuarded(client, executor);
                    // CLIENT PAUSE held the command back without running it: wait, then run it.
                    while (client.BlockType == BlockType.Postpone)
                    {
                        yield return Step.Blocked;
                        ExecuteGuarded(client, executor);
                    }
                    client.Query.Consume(client.Parser.Consumed);
                    if (client.BlockType != BlockType.None)
                    {
                        // The command blocked: its reply comes from whoever unblocks it (a push, the
                        // timeout, CLIENT UNBLOCK). Bytes that arrive meanwhile stay in the query
                        // buffer, and the commands in them wait behind this one, as in Redis.
                        yield return Step.Blocked;
                    }
                    if (client.CloseAfterReply)
                    {
                        yield return Step.Close;
                        yield break;
                    }
                    // One command per resume: give every other ready client its turn first.
                    yield return Step.RanCommand;
                    break;
            }
        }
    }

    /// <summary>
    /// Runs the parsed command. A bug that throws inside a command must not take the whole
    /// server (and every other client) down with it: the exception is logged, this client
    /// gets an error and is closed, since its reply may have been left half-written.
    /// </summary>
    internal static void ExecuteGuarded(Client client, CommandExecutor executor)
    {
        try
        {
            executor.Execute(client);
        }
        catch (Exception e)
        {
            Log.Warning($"Command {client.LastCommand?.FullName ?? "?"} failed for client id={client.Id}: {e}");
            client.Reply.Error($"ERR internal error in '{client.LastCommand?.FullName ?? "?"}': {e.GetType().Name}");
            client.CloseAfterReply = true;
        }
    }
}
