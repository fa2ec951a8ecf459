// The text of INFO: "# Section" headers and "field:value" lines, with Redis's field names.
// cf. genRedisInfoString in server.c.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class InfoReport
{
    private static readonly string[] DefaultSections =
        ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"];

    private static readonly string[] AllSections =
        [.. DefaultSections[..8], "commandstats", DefaultSections[8], "latencystats", .. DefaultSections[9..]];

    /// <summary>
    /// The rdb_* fields of INFO persistence and the current_* fields of a save in progress (cf. genRedisInfoString).
    /// Copy-on-write here is per key: current_cow_size and rdb_last_cow_size are the bytes of values serialised
    /// early because their key was about to change, not pages a child copied.
    /// </summary>
    private static void AppendBackgroundSave(StringBuilder text, RedisServer server, IFormatProvider inv)
    {
        var saver = server.Saver;
        var (processed, total, cow) = server.AofRewriter.InProgress ? server.AofRewriter.Progress : saver.Progress;
        void Line(string field, object value) => text.Append(field).Append(':').Append(Convert.ToString(value, inv)).Append("\r\n");
        Line("current_cow_peak", cow);
        Line("current_cow_size", cow);
        Line("current_cow_size_age", 0);
        Line("current_fork_perc", (total == 0 ? 0.0 : Math.Min(100.0, processed * 100.0 / total)).ToString("0.00", inv));
        Line("current_save_keys_processed", processed);
        Line("current_save_keys_total", total);
        Line("rdb_changes_since_last_save", server.Dirty);
        Line("rdb_bgsave_in_progress", saver.InProgress ? 1 : 0);
        Line("rdb_last_save_time", server.LastSaveUnixSeconds);
        Line("rdb_last_bgsave_status", saver.LastStatusOk ? "ok" : "err");
        Line("rdb_last_bgsave_time_sec", saver.LastDurationSeconds);
        Line("rdb_current_bgsave_time_sec", saver.CurrentDurationSeconds);
        Line("rdb_saves", saver.Saves);
        Line("rdb_last_cow_size", saver.LastCopyOnWriteBytes);
    }

    /// <summary>Builds the report for the requested sections ("default", "all", "everything" or names).</summary>
    public static string Build(RedisServer server, IReadOnlyList<string> requested)
    {
        var wanted = new HashSet<string>();
        if (requested.Count == 0) wanted.UnionWith(DefaultSections);
        foreach (var name in requested)
        {
            if (name == "default") wanted.UnionWith(DefaultSections);
            else if (name is "all" or "everything") wanted.UnionWith(AllSections);
            else wanted.Add(name);
        }

        var text = new StringBuilder();
        foreach (var section in AllSections)
        {
            if (!wanted.Contains(section)) continue;
            if (text.Length > 0) text.Append("\r\n");
            AppendSection(text, server, section);
        }
        // This server's own section: only when asked for by name, so that INFO, INFO all and
        // INFO everything stay what redis-server 7.0.15 answers.
        if (wanted.Contains("eventloop"))
        {
            if (text.Length > 0) text.Append("\r\n");
            AppendEventLoop(text, server.LoopStats, server.Blocking.BlockedCount);
        }
        return text.ToString();
    }

    /// <summary>INFO eventloop: the schedule of the loop (docs/operations.md describes each field).</summary>
    private static void AppendEventLoop(StringBuilder text, EventLoop.LoopStats loop, int blockedClients)
    {
        var inv = CultureInfo.InvariantCulture;
        void Line(string field, object value) => text.Append("eventloop_").Append(field).Append(':').Append(Convert.ToString(value, inv)).Append("\r\n");

        text.Append("# Eventloop\r\n");
        Line("cycles", loop.Cycles);
        Line("busy_cycles", loop.BusyCycles);
        Line("select_calls", loop.SelectCalls);
        Line("select_time_us", (long)EventLoop.LoopStats.TicksToMicroseconds(loop.SelectTicks));
        Line("resumes", loop.Resumes);
        foreach (var reason in EventLoop.LoopStats.Reasons) Line($"yields_{EventLoop.LoopStats.FieldName(reason)}", loop.Yields[(int)reason]);
        Line("commands_per_busy_cycle", (loop.BusyCycles == 0 ? 0 : (double)loop.CommandsInBusyCycles / loop.BusyCycles).ToString("F2", inv));
        Line("commands_per_cycle_max", loop.MaxCommandsPerCycle);
        Line("ready_queue_high_water", loop.ReadyHighWater);
        Line("longest_resume_us", (long)EventLoop.LoopStats.TicksToMicroseconds(loop.LongestResumeTicks));
        Line("longest_resume_command", loop.LongestResumeCommand);
        Line("flushes", loop.Flushes);
        Line("flush_sends", loop.FlushSends);
        Line("timers_fired", loop.TimersFired);
        Line("busy_script_passes", loop.BusyScriptPasses);
        Line("clients_hot", loop.HotClients);
        Line("clients_cold", loop.ColdClients);
        Line("cold_period_ms", loop.ColdPeriodMs.ToString("F1", inv));
        Line("select_sockets", loop.SelectSockets);
        Line("cold_polls", loop.ColdPolls);
        Line("cold_sockets_polled", loop.ColdSocketsPolled);
        Line("cold_reads", loop.ColdReads);
        Line("cold_time_us", (long)EventLoop.LoopStats.TicksToMicroseconds(loop.ColdTicks));
        Line("cron_client_visits", loop.CronClientVisits);
        Line("clients_blocked", blockedClients);
    }

    private static void AppendSection(StringBuilder text, RedisServer server, string section)
    {
        var inv = CultureInfo.InvariantCulture;
        var config = server.Config;
        var stats = server.Stats;
        void Line(string field, object value) => text.Append(field).Append(':').Append(Convert.ToString(value, inv)).Append("\r\n");

        switch (section)
        {
            case "server":
                text.Append("# Server\r\n");
                Line("redis_version", RedisServer.Version);
                Line("redis_git_sha1", "00000000");
                Line("redis_git_dirty", 0);
                Line("redis_build_id", "0");
                Line("redis_mode", "standalone");
                Line("os", $"{RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}");
                Line("arch_bits", IntPtr.Size * 8);
                Line("monotonic_clock", "Stopwatch");
                Line("multiplexing_api", "select");
                Line("runtime", $".NET {Environment.Version}");
                Line("process_id", Environment.ProcessId);
                Line("process_supervised", "no");
                Line("run_id", server.RunId);
                Line("tcp_port", config.Port);
                Line("server_time_usec", Clock.UnixUs);
                Line("uptime_in_seconds", server.UptimeSeconds);
                Line("uptime_in_days", server.UptimeSeconds / 86400);
                Line("hz", config.Hz);
                Line("configured_hz", config.Hz);
                Line("executable", Environment.ProcessPath ?? "");
                Line("config_file", config.ConfigFile ?? "");
                Line("io_threads_active", 0);
                break;
            case "clients":
                text.Append("# Clients\r\n");
                Line("connected_clients", server.Clients.Count);
                Line("cluster_connections", 0);
                Line("maxclients", config.MaxClients);
                Line("blocked_clients", server.Blocking.BlockedCount);
                Line("tracking_clients", server.Tracking.ClientCount);
                Line("clients_in_timeout_table", server.Blocking.InTimeoutTable);
                break;
            case "memory":
                text.Append("# Memory\r\n");
                // used_memory is the count maxmemory is checked against (start-up heap, dataset estimate,
                // client buffers), the working set stands for RSS: see docs/reliability.md.
                long used = stats.RecordUsedMemory(server.Evictor.UsedMemory());
                long rss = Environment.WorkingSet;
                long peak = stats.PeakMemory;
                long systemMemory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                long evalVm = server.Scripting.Eval.Lua.MemoryBytes;
                long functionsVm = server.Scripting.Functions.Lua.MemoryBytes;
                Line("used_memory", used);
                Line("used_memory_human", Human(used));
                Line("used_memory_rss", rss);
                Line("used_memory_rss_human", Human(rss));
                Line("used_memory_peak", peak);
                Line("used_memory_peak_human", Human(peak));
                Line("used_memory_peak_perc", (peak == 0 ? 0 : 100.0 * used / peak).ToString("F2", inv) + "%");
                Line("used_memory_startup", server.StartupMemory);
                Line("total_system_memory", systemMemory);
                Line("total_system_memory_human", Human(systemMemory));
                Line("used_memory_lua", evalVm);
                Line("used_memory_vm_eval", evalVm);
                Line("used_memory_lua_human", Human(evalVm));
                Line("number_of_cached_scripts", server.Scripting.Eval.Count);
                Line("number_of_functions", server.Scripting.Functions.Current.FunctionCount);
                Line("number_of_libraries", server.Scripting.Functions.Current.Libraries.Count);
                Line("used_memory_vm_functions", functionsVm);
                Line("used_memory_vm_total", evalVm + functionsVm);
                Line("used_memory_vm_total_human", Human(evalVm + functionsVm));
                Line("maxmemory", config.MaxMemory);
                Line("maxmemory_human", Human(config.MaxMemory));
                Line("maxmemory_policy", config.MaxMemoryPolicy);
                Line("mem_fragmentation_ratio", (used == 0 ? 0 : (double)rss / used).ToString("F2", inv));
                Line("mem_fragmentation_bytes", rss - used);
                Line("mem_clients_slaves", server.ClientMemory.ReplicaBytes);
                Line("mem_clients_normal", server.ClientMemory.NormalBytes);
                Line("mem_allocator", ".NET GC");
                Line("lazyfree_pending_objects", 0);
                Line("lazyfreed_objects", 0);
                foreach (var (field, value) in server.Gc.Fields()) Line(field, value); // this server's own gc_* lines
                break;
            case "persistence":
                text.Append("# Persistence\r\n");
                Line("loading", 0);
                Line("async_loading", 0);
                AppendBackgroundSave(text, server, inv);
                var rewriter = server.AofRewriter;
                Line("aof_enabled", server.Aof is not null || rewriter.WaitingToTurnOn ? 1 : 0);
                Line("aof_rewrite_in_progress", rewriter.InProgress ? 1 : 0);
                Line("aof_rewrite_scheduled", rewriter.Scheduled ? 1 : 0);
                Line("aof_last_rewrite_time_sec", rewriter.LastDurationSeconds);
                Line("aof_current_rewrite_time_sec", rewriter.CurrentDurationSeconds);
                Line("aof_last_bgrewrite_status", rewriter.LastStatusOk ? "ok" : "err");
                Line("aof_rewrites", rewriter.Rewrites);
                Line("aof_rewrites_consecutive_failures", rewriter.ConsecutiveFailures);
                Line("aof_last_write_status", server.Aof?.LastWriteError is null ? "ok" : "err");
                Line("aof_last_cow_size", rewriter.LastCopyOnWriteBytes);
                Line("module_fork_in_progress", 0);
                Line("module_fork_last_cow_size", 0);
                if (server.Aof is not null || rewriter.WaitingToTurnOn)
                {
                    var aof = server.Aof;
                    Line("aof_current_size", aof?.CurrentSize ?? 0);
                    Line("aof_base_size", aof?.RewriteBaseSize ?? 0);
                    Line("aof_pending_rewrite", rewriter.Scheduled ? 1 : 0);
                    Line("aof_buffer_length", aof?.BufferLength ?? 0);
                    Line("aof_pending_bio_fsync", aof?.FsyncPending == true ? 1 : 0);
                    Line("aof_delayed_fsync", aof?.DelayedFsyncs ?? 0);
                }
                break;
            case "stats":
                text.Append("# Stats\r\n");
                Line("total_connections_received", stats.ConnectionsReceived);
                Line("total_commands_processed", stats.CommandsProcessed);
                Line("instantaneous_ops_per_sec", stats.InstantaneousOpsPerSec);
                Line("total_net_input_bytes", stats.NetInputBytes);
                Line("total_net_output_bytes", stats.NetOutputBytes);
                Line("rejected_connections", stats.RejectedConnections);
                Line("sync_full", server.Replicas.SyncFull);
                Line("sync_partial_ok", server.Replicas.SyncPartialOk);
                Line("sync_partial_err", server.Replicas.SyncPartialErr);
                Line("expired_keys", stats.ExpiredKeys);
                Line("evicted_keys", stats.EvictedKeys);
                Line("evicted_clients", server.ClientMemory.EvictedClients);
                Line("total_eviction_exceeded_time", server.Evictor.TotalExceededMilliseconds);
                Line("current_eviction_exceeded_time", server.Evictor.CurrentExceededMilliseconds);
                Line("keyspace_hits", stats.KeyspaceHits);
                Line("keyspace_misses", stats.KeyspaceMisses);
                Line("pubsub_channels", server.PubSub.Global.Subscribers.Count);
                Line("pubsub_patterns", server.PubSub.PatternCount);
                Line("tracking_total_keys", server.Tracking.TotalKeys);
                Line("tracking_total_items", server.Tracking.TotalItems);
                Line("tracking_total_prefixes", server.Tracking.TotalPrefixes);
                Line("total_error_replies", stats.TotalErrorReplies);
                break;
            case "replication":
                ReplicationInfo.Append(text, server);
                break;
            case "cpu":
                text.Append("# CPU\r\n");
                using (var process = Process.GetCurrentProcess())
                {
                    Line("used_cpu_sys", process.PrivilegedProcessorTime.TotalSeconds.ToString("F6", inv));
                    Line("used_cpu_user", process.UserProcessorTime.TotalSeconds.ToString("F6", inv));
                }
                break;
            case "modules":
                text.Append("# Modules\r\n");
                break;
            case "commandstats":
                text.Append("# Commandstats\r\n");
                foreach (var command in server.Commands.Commands.SelectMany(c => c.Subcommands.Prepend(c)))
                {
                    if (command.Calls == 0 && command.FailedCalls == 0 && command.RejectedCalls == 0) continue;
                    double perCall = command.Calls == 0 ? 0 : (double)command.Microseconds / command.Calls;
                    Line($"cmdstat_{command.FullName}",
                        $"calls={command.Calls},usec={command.Microseconds},usec_per_call={perCall.ToString("F2", inv)}," +
                        $"rejected_calls={command.RejectedCalls},failed_calls={command.FailedCalls}");
                }
                break;
            case "errorstats":
                text.Append("# Errorstats\r\n");
                foreach (var (prefix, count) in stats.ErrorsByPrefix) Line($"errorstat_{prefix}", $"count={count}");
                break;
            case "latencystats":
                text.Append("# Latencystats\r\n");
                if (!config.LatencyTracking) break;
                foreach (var command in server.Commands.Commands.SelectMany(c => c.Subcommands.Prepend(c)))
                {
                    if (command.LatencyHistogram is not { } histogram) continue;
                    text.Append("latency_percentiles_usec_").Append(command.FullName).Append(':');
                    var percentiles = config.LatencyTrackingInfoPercentiles;
                    for (int i = 0; i < percentiles.Length; i++)
                    {
                        if (i > 0) text.Append(',');
                        double micros = histogram.ValueAtPercentile(percentiles[i]) / 1000.0;
                        text.Append('p').Append(Config.ConfigValues.FormatPercentile(percentiles[i])).Append('=').Append(micros.ToString("F3", inv));
                    }
                    text.Append("\r\n");
                }
                break;
            case "cluster":
                text.Append("# Cluster\r\n");
                Line("cluster_enabled", 0);
                break;
            case "keyspace":
                text.Append("# Keyspace\r\n");
                foreach (var db in server.Databases)
                {
                    if (db.Count > 0) Line($"db{db.Id}", $"keys={db.Count},expires={db.ExpiresCount},avg_ttl=0");
                }
                break;
        }
    }

    /// <summary>Bytes as Redis's bytesToHuman prints them: 1.50K, 12.00M ...</summary>
    private static string Human(long bytes)
    {
        string[] units = ["B", "K", "M", "G", "T", "P"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes}B" : value.ToString("F2", CultureInfo.InvariantCulture) + units[unit];
    }
}
