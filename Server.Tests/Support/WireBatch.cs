// Commands as a client sends them, RESP bytes in the query buffer, run by the client's own
// coroutine: parse, execute, reply, the whole per-command path of the loop without the socket.

using System.Text;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Tests.Support;

internal sealed class WireBatch
{
    private readonly byte[] _bytes;
    private readonly int _commands;

    /// <summary>A batch that repeats <paramref name="cycle"/> until it holds at least <paramref name="size"/> commands.</summary>
    public WireBatch(int size, params string[][] cycle)
    {
        var text = new StringBuilder();
        for (_commands = 0; _commands < size;)
        {
            foreach (var command in cycle)
            {
                text.Append('*').Append(command.Length).Append("\r\n");
                foreach (var arg in command) text.Append('$').Append(Encoding.Latin1.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
                _commands++;
            }
        }
        _bytes = Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>
    /// Bytes this thread allocates per command, in steady state: the batch runs 20 times to warm up
    /// (JIT tiers, buffers reaching their size, lazily created state), then 20 times measured, its
    /// replies drained after each run, with the slow log off (see <see cref="PreparedRequest.WithSlowLogOff"/>).
    /// </summary>
    public double AllocatedBytesPerCommand(Client client, IEnumerator<Step> coroutine) => PreparedRequest.WithSlowLogOff(client, () =>
    {
        for (int i = 0; i < 20; i++) Run(client, coroutine);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Run(client, coroutine);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (20.0 * _commands);
    });

    /// <summary>Feeds the batch to the query buffer and resumes the coroutine until it wants more input.</summary>
    public void Run(Client client, IEnumerator<Step> coroutine)
    {
        _bytes.CopyTo(client.Query.GetFreeSpace(_bytes.Length));
        client.Query.Commit(_bytes.Length);
        int ran = 0;
        while (coroutine.MoveNext() && coroutine.Current == Step.RanCommand)
        {
            ran++;
            client.Reply.Advance(client.Reply.PendingBytes);
        }
        if (ran != _commands || coroutine.Current != Step.NeedInput)
            throw new InvalidOperationException($"ran {ran} of {_commands} commands, then {coroutine.Current}");
        client.Reply.Advance(client.Reply.PendingBytes);
    }
}
