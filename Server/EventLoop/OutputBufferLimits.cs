// client-output-buffer-limit: when a client's unsent output has grown too large, it is cut off.
// cf. checkClientOutputBufferLimits and closeClientOnOutputBufferLimitReached in networking.c.

using EventLoopRedis.Config;

namespace EventLoopRedis.EventLoop;

/// <summary>
/// A client that does not read (a stuck subscriber, a pipelining client that never drains)
/// would otherwise make the server hold its output without bound. Each class of client has a
/// hard limit (reached: disconnect at once) and a soft limit with a duration (disconnect only
/// if the output stays above it that long). Replicas are judged by the replica class, pub/sub
/// clients by the pubsub class, every other client by the normal one.
/// </summary>
internal static class OutputBufferLimits
{
    private const int Normal = 0, Replica = 1, PubSub = 2;

    /// <summary>True when <paramref name="client"/> must be closed; keeps its soft-limit clock up to date.</summary>
    public static bool Exceeded(Client client, ServerConfig config, long nowMs)
    {
        // A replica is judged by the replica class, on its output and the writes held for it during its sync.
        var replica = client.Replica is { IsReplica: true } ? client.Replica : null;
        var limit = config.OutputBufferLimits[replica is not null ? Replica : client.IsSubscribed ? PubSub : Normal];
        long used = client.Reply.PendingBytes + (replica?.PendingBytes ?? 0);
        bool hard = limit.Hard > 0 && used >= limit.Hard;
        bool soft = limit.Soft > 0 && used >= limit.Soft;
        if (soft)
        {
            if (client.SoftLimitReachedMs == 0)
            {
                client.SoftLimitReachedMs = nowMs; // the clock starts now
                soft = false;
            }
            else if ((nowMs - client.SoftLimitReachedMs) / 1000 <= limit.SoftSeconds)
            {
                soft = false;
            }
        }
        else
        {
            client.SoftLimitReachedMs = 0;
        }
        return hard || soft;
    }
}
