// INFO's replication section, for a primary and for a replica.
// cf. the "replication" part of genRedisInfoString in server.c.

using System.Globalization;
using System.Text;
using EventLoopRedis.Replication;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class ReplicationInfo
{
    /// <summary>Appends "# Replication" and its fields, in Redis's order.</summary>
    public static void Append(StringBuilder text, RedisServer server)
    {
        var inv = CultureInfo.InvariantCulture;
        void Line(string field, object value) => text.Append(field).Append(':').Append(Convert.ToString(value, inv)).Append("\r\n");
        var state = server.Replication;
        var config = server.Config;
        var replicas = server.Replicas;
        long nowMs = Clock.UnixMs;

        text.Append("# Replication\r\n");
        Line("role", state.IsReplica ? "slave" : "master");
        if (state.IsReplica)
        {
            bool connected = state.LinkState == ReplicaLinkState.Connected;
            Line("master_host", state.MasterHost!);
            Line("master_port", state.MasterPort);
            Line("master_link_status", connected ? "up" : "down");
            Line("master_last_io_seconds_ago", state.MasterLastIoMs > 0 && connected ? (nowMs - state.MasterLastIoMs) / 1000 : -1);
            Line("master_sync_in_progress", state.LinkState == ReplicaLinkState.Transfer ? 1 : 0);
            Line("slave_read_repl_offset", state.MasterReadOffset);
            Line("slave_repl_offset", state.MasterReplOffset);
            if (state.LinkState == ReplicaLinkState.Transfer)
            {
                long total = state.SyncTotalBytes, read = state.SyncReadBytes;
                Line("master_sync_total_bytes", total);
                Line("master_sync_read_bytes", read);
                Line("master_sync_left_bytes", total - read);
                Line("master_sync_perc", (total > 0 ? (double)read / total * 100 : 0).ToString("F2", inv));
                Line("master_sync_last_io_seconds_ago", (nowMs - state.SyncLastIoMs) / 1000);
            }
            if (!connected) Line("master_link_down_since_seconds", state.LinkDownSinceMs > 0 ? (nowMs - state.LinkDownSinceMs) / 1000 : -1);
            Line("slave_priority", config.Find("replica-priority")?.Get() ?? "100");
            Line("slave_read_only", config.Find("replica-read-only")?.Get() == "no" ? 0 : 1);
            Line("replica_announced", config.Find("replica-announced")?.Get() == "no" ? 0 : 1);
        }
        Line("connected_slaves", replicas.All.Count);
        if (config.MinReplicasToWrite > 0 && config.MinReplicasMaxLag > 0) Line("min_slaves_good_slaves", replicas.GoodReplicas);
        int id = 0;
        foreach (var client in replicas.All)
        {
            var replica = client.Replica!;
            long lag = replica.State == ReplicaSyncState.Online ? (nowMs / 1000) - (replica.AckTimeMs / 1000) : 0;
            text.Append(inv, $"slave{id}:ip={replica.Ip(client)},port={replica.ListeningPort},state={replica.StateName},offset={replica.AckOffset},lag={lag}\r\n");
            id++;
        }
        var backlog = replicas.Backlog;
        Line("master_failover_state", "no-failover");
        Line("master_replid", state.ReplId);
        Line("master_replid2", state.ReplId2);
        Line("master_repl_offset", state.MasterReplOffset);
        Line("second_repl_offset", state.SecondReplIdOffset);
        Line("repl_backlog_active", backlog is null ? 0 : 1);
        Line("repl_backlog_size", config.ReplBacklogSize);
        Line("repl_backlog_first_byte_offset", backlog?.FirstByteOffset ?? 0);
        Line("repl_backlog_histlen", backlog?.HistoryLength ?? 0);
    }
}
