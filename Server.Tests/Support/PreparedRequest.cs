// A command in its own buffer, run in-process through the executor on a socketless client as
// many times as wanted: how tests check that a hot path allocates nothing.

using System.Text;
using EventLoopRedis.Commands;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Tests.Support;

internal sealed class PreparedRequest(params string[] args)
{
    private readonly byte[] _buffer = args.SelectMany(a => Encoding.Latin1.GetBytes(a)).ToArray();
    private readonly int[] _lengths = args.Select(a => Encoding.Latin1.GetByteCount(a)).ToArray();

    /// <summary>Executes the command as the event loop would, leaving its reply pending.</summary>
    public void Execute(CommandExecutor executor, Client client)
    {
        client.Args.Reset(_buffer);
        int offset = 0;
        foreach (int length in _lengths)
        {
            client.Args.Add(offset, length);
            offset += length;
        }
        executor.Execute(client);
    }

    /// <summary>Asserts that running the command (after a warm-up) allocates nothing, its reply drained each time.</summary>
    public void AssertNoAllocation(CommandExecutor executor, Client client) =>
        Assert.That(AllocatedBytesPerThousand(executor, client), Is.Zero, $"{string.Join(' ', args)} allocates");

    /// <summary>
    /// The bytes this thread allocates over 1,000 runs of the command (its reply drained each time),
    /// after 100 runs to warm up (JIT tiers, lazily created state): zero for a hot path that allocates
    /// nothing. The slow log is off meanwhile: on a busy machine a run descheduled past
    /// slowlog-log-slower-than would rightly record an entry, which is not the command's allocation.
    /// </summary>
    public long AllocatedBytesPerThousand(CommandExecutor executor, Client client) => WithSlowLogOff(client, () =>
    {
        for (int i = 0; i < 100; i++) ExecuteAndDrain(executor, client);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) ExecuteAndDrain(executor, client);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    });

    /// <summary>Runs <paramref name="measure"/> with the slow log off, for allocation measurements.</summary>
    public static T WithSlowLogOff<T>(Client client, Func<T> measure)
    {
        var config = client.Server.Config;
        long slowlog = config.SlowlogLogSlowerThan;
        config.SlowlogLogSlowerThan = -1;
        try
        {
            return measure();
        }
        finally
        {
            config.SlowlogLogSlowerThan = slowlog;
        }
    }

    private void ExecuteAndDrain(CommandExecutor executor, Client client)
    {
        Execute(executor, client);
        client.Reply.Advance(client.Reply.PendingBytes);
    }
}
