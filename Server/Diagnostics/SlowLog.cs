// The slow log: the last commands that took at least slowlog-log-slower-than microseconds.
// cf. slowlog.c (slowlogCreateEntry, slowlogPushEntryIfNeeded).

using System.Text;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Diagnostics;

/// <summary>One logged command: its arguments trimmed as Redis trims them, and who sent it.</summary>
internal sealed record SlowLogEntry(long Id, long UnixSeconds, long Microseconds, byte[][] Args, string Peer, byte[] ClientName);

internal sealed class SlowLog
{
    /// <summary>At most this many arguments are kept; the last kept one says how many more there were.</summary>
    public const int MaxArgs = 32;

    /// <summary>Longer arguments are cut to this many bytes, followed by how many more there were.</summary>
    public const int MaxArgBytes = 128;

    // Newest first, as Redis's list (listAddNodeHead).
    private readonly LinkedList<SlowLogEntry> _entries = new();
    private long _nextId;

    public int Count => _entries.Count;

    public IEnumerable<SlowLogEntry> Newest => _entries;

    /// <summary>
    /// Logs the command if it took at least <paramref name="thresholdUs"/> (negative: the log is off),
    /// then trims the log to <paramref name="maxLength"/> entries. cf. slowlogPushEntryIfNeeded.
    /// </summary>
    public void PushIfNeeded(
        ArgList args, List<int> redacted, long microseconds, long thresholdUs, long maxLength, string peer, byte[]? name)
    {
        if (thresholdUs < 0) return;
        if (microseconds >= thresholdUs)
        {
            var kept = Trim(args);
            foreach (int i in redacted)
            {
                if (i < kept.Length) kept[i] = "(redacted)"u8.ToArray();
            }
            _entries.AddFirst(new SlowLogEntry(_nextId++, Clock.UnixMs / 1000, microseconds, kept, peer.Length == 0 ? "?:0" : peer, name ?? []));
        }
        while (_entries.Count > maxLength) _entries.RemoveLast();
    }

    public void Reset() => _entries.Clear();

    /// <summary>Copies the arguments, cutting their number and their length (cf. slowlogCreateEntry).</summary>
    private static byte[][] Trim(ArgList args)
    {
        int kept = Math.Min(args.Count, MaxArgs);
        var copy = new byte[kept][];
        for (int i = 0; i < kept; i++)
        {
            if (kept != args.Count && i == kept - 1)
            {
                copy[i] = Encoding.ASCII.GetBytes($"... ({args.Count - kept + 1} more arguments)");
            }
            else if (args[i].Length > MaxArgBytes)
            {
                var suffix = Encoding.ASCII.GetBytes($"... ({args[i].Length - MaxArgBytes} more bytes)");
                copy[i] = [.. args[i][..MaxArgBytes], .. suffix];
            }
            else
            {
                copy[i] = args[i].ToArray();
            }
        }
        return copy;
    }
}
