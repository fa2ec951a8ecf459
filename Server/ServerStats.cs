// Counters reported by INFO stats, commandstats and errorstats.
// cf. the stat_* fields of struct redisServer and afterErrorReply in networking.c.

using System.Text;

namespace EventLoopRedis;

internal sealed class ServerStats
{
    public long ConnectionsReceived;
    public long RejectedConnections;
    public long CommandsProcessed;
    public long NetInputBytes;
    public long NetOutputBytes;
    public long KeyspaceHits;
    public long KeyspaceMisses;
    public long ExpiredKeys;
    /// <summary>Keys deleted to bring memory back under maxmemory (INFO stats evicted_keys).</summary>
    public long EvictedKeys;
    public long TotalErrorReplies;

    /// <summary>Error replies by their first word ("ERR", "WRONGTYPE", ...), for INFO errorstats.</summary>
    public SortedDictionary<string, long> ErrorsByPrefix { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one error reply, cf. afterErrorReply.</summary>
    public void RecordError(ReadOnlySpan<byte> text)
    {
        TotalErrorReplies++;
        int space = text.IndexOf((byte)' ');
        var prefix = space < 0 ? text : text[..space];
        // Redis keeps at most 128 distinct prefixes, so that odd errors cannot grow it forever.
        string key = Encoding.UTF8.GetString(prefix);
        if (ErrorsByPrefix.TryGetValue(key, out long count)) ErrorsByPrefix[key] = count + 1;
        else if (ErrorsByPrefix.Count < 128) ErrorsByPrefix[key] = 1;
    }

    /// <summary>The largest managed heap seen by the cron or by INFO (cf. used_memory_peak).</summary>
    public long PeakMemory { get; private set; }

    /// <summary>The managed heap now, raising the peak if it is higher (what the server uses before it holds any data).</summary>
    public long SampleMemory() => RecordUsedMemory(GC.GetTotalMemory(false));

    /// <summary>Raises the peak to <paramref name="used"/> if it is higher, and returns it (cf. the cron's peak update).</summary>
    public long RecordUsedMemory(long used)
    {
        if (used > PeakMemory) PeakMemory = used;
        return used;
    }

    // Instantaneous ops/sec: the average of the last 16 samples taken by the cron (cf. trackInstantaneousMetric).
    private readonly double[] _opsSamples = new double[16];
    private int _opsSampleIndex;
    private long _lastSampleMs;
    private long _lastSampleCommands;

    public void SampleOps(long nowMs)
    {
        if (_lastSampleMs > 0 && nowMs > _lastSampleMs)
        {
            _opsSamples[_opsSampleIndex] = (CommandsProcessed - _lastSampleCommands) * 1000.0 / (nowMs - _lastSampleMs);
            _opsSampleIndex = (_opsSampleIndex + 1) % _opsSamples.Length;
        }
        _lastSampleMs = nowMs;
        _lastSampleCommands = CommandsProcessed;
    }

    public long InstantaneousOpsPerSec => (long)_opsSamples.Average();

    public void Reset()
    {
        ConnectionsReceived = RejectedConnections = CommandsProcessed = 0;
        NetInputBytes = NetOutputBytes = KeyspaceHits = KeyspaceMisses = ExpiredKeys = EvictedKeys = 0;
        TotalErrorReplies = 0;
        ErrorsByPrefix.Clear();
        Array.Clear(_opsSamples);
        _lastSampleMs = _lastSampleCommands = 0;
    }
}
