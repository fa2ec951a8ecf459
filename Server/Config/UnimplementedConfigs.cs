// Every configuration parameter of Redis 7.0.15 that this server does not implement, declared as
// Redis declares it (type, bounds, default, aliases, immutable / protected / hidden / sensitive), so
// that CONFIG GET knows it and CONFIG SET checks a value as Redis would. cf. static_configs in config.c.
// Transcribed from redis-server 7.0.15 itself (CONFIG GET of each name; CONFIG SET of probe values).

using System.Globalization;
using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Config;

/// <summary>
/// A parameter here reports Redis's default, and CONFIG SET (or the config file) accepts only that
/// value: any other is refused with the reason, never accepted and ignored. A value of the wrong
/// type gets Redis's own error first. When this server implements one, its directive in
/// <see cref="ServerConfig"/> takes the name and the entry here is skipped.
/// </summary>
internal static class UnimplementedConfigs
{
    public static IEnumerable<Directive> All() =>
        [
            Integer("active-defrag-cycle-max", 1, 99, "25", "active defragmentation is not implemented"),
            Integer("active-defrag-cycle-min", 1, 99, "1", "active defragmentation is not implemented"),
            Memory("active-defrag-ignore-bytes", 1, 9223372036854775807UL, "104857600", "active defragmentation is not implemented"),
            Integer("active-defrag-max-scan-fields", 1, 9223372036854775807, "1000", "active defragmentation is not implemented"),
            Integer("active-defrag-threshold-lower", 0, 1000, "10", "active defragmentation is not implemented"),
            Integer("active-defrag-threshold-upper", 0, 1000, "100", "active defragmentation is not implemented"),
            Bool("activedefrag", "no", "active defragmentation is not implemented"),
            Bool("always-show-logo", "no", "not implemented by this server", immutable: true),
            Bool("aof-timestamp-enabled", "no", "the append-only file is not implemented"),
            Text("aof_rewrite_cpulist", "", "the append-only file is not implemented", immutable: true),
            Text("bgsave_cpulist", "", "CPU affinity is not implemented", immutable: true),
            Text("bind-source-addr", "", "replication is not implemented"),
            Text("bio_cpulist", "", "CPU affinity is not implemented", immutable: true),
            Text("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", "output buffer limits are not implemented", multiArg: true),
            Bool("cluster-allow-pubsubshard-when-down", "yes", "cluster mode is not implemented"),
            Bool("cluster-allow-reads-when-down", "no", "cluster mode is not implemented"),
            Bool("cluster-allow-replica-migration", "yes", "cluster mode is not implemented"),
            Integer("cluster-announce-bus-port", 0, 65535, "0", "cluster mode is not implemented"),
            Text("cluster-announce-hostname", "", "cluster mode is not implemented"),
            Text("cluster-announce-ip", "", "cluster mode is not implemented"),
            Integer("cluster-announce-port", 0, 65535, "0", "cluster mode is not implemented"),
            Integer("cluster-announce-tls-port", 0, 65535, "0", "TLS is not implemented"),
            Text("cluster-config-file", "nodes.conf", "cluster mode is not implemented", immutable: true),
            Bool("cluster-enabled", "no", "cluster mode is not implemented", immutable: true),
            Memory("cluster-link-sendbuf-limit", 0, 18446744073709551615UL, "0", "cluster mode is not implemented"),
            Integer("cluster-migration-barrier", 0, 2147483647, "1", "cluster mode is not implemented"),
            Integer("cluster-node-timeout", 0, 9223372036854775807, "15000", "cluster mode is not implemented"),
            Text("cluster-port", "0", "cluster mode is not implemented", immutable: true),
            OneOf("cluster-preferred-endpoint-type", ["ip", "hostname", "unknown-endpoint"], "ip", "cluster mode is not implemented"),
            Bool("cluster-replica-no-failover", "no", "cluster mode is not implemented", aliases: ["cluster-slave-no-failover"]),
            Integer("cluster-replica-validity-factor", 0, 2147483647, "10", "cluster mode is not implemented", aliases: ["cluster-slave-validity-factor"]),
            Bool("cluster-require-full-coverage", "yes", "cluster mode is not implemented"),
            Bool("crash-log-enabled", "yes", "crash reports are not implemented"),
            Bool("crash-memcheck-enabled", "yes", "crash reports are not implemented"),
            Bool("disable-thp", "yes", "not implemented by this server", immutable: true),
            Bool("dynamic-hz", "yes", "not implemented by this server"),
            Bool("enable-module-command", "no", "the command it enables is not implemented", immutable: true),
            Bool("enable-protected-configs", "no", "the command it enables is not implemented", immutable: true),
            Text("ignore-warnings", "", "this server has no start-up warnings to ignore"),
            Text("io-threads", "1", "this server runs on one thread", immutable: true),
            Bool("io-threads-do-reads", "no", "this server runs on one thread", immutable: true),
            Bool("jemalloc-bg-thread", "yes", "this server does not use jemalloc"),
            Integer("key-load-delay", -2147483648, 2147483647, "0", "persistence (RDB snapshots) is not implemented", hidden: true),
            Bool("lazyfree-lazy-eviction", "no", "lazy freeing is not implemented: memory is freed synchronously"),
            Bool("lazyfree-lazy-expire", "no", "lazy freeing is not implemented: memory is freed synchronously"),
            Bool("lazyfree-lazy-server-del", "no", "lazy freeing is not implemented: memory is freed synchronously"),
            Bool("lazyfree-lazy-user-del", "no", "lazy freeing is not implemented: memory is freed synchronously"),
            Bool("lazyfree-lazy-user-flush", "no", "lazy freeing is not implemented: memory is freed synchronously"),
            Integer("list-compress-depth", 0, 2147483647, "0", "list node compression is not implemented"),
            Integer("loading-process-events-interval-bytes", 1024, 2147483647, "2097152", "persistence (RDB snapshots) is not implemented", hidden: true),
            Bool("no-appendfsync-on-rewrite", "no", "the append-only file is not implemented"),
            OneOf("oom-score-adj", ["no", "yes", "relative", "absolute"], "no", "OOM score adjustment is not implemented"),
            Text("oom-score-adj-values", "0 200 800", "OOM score adjustment is not implemented", multiArg: true),
            Text("proc-title-template", "{title} {listen-addr} {server-mode}", "this server does not set its process title"),
            OneOf("propagation-error-behavior", ["ignore", "panic", "panic-on-replicas"], "ignore", "replication is not implemented"),
            Bool("rdb-del-sync-files", "no", "persistence (RDB snapshots) is not implemented"),
            Bool("repl-disable-tcp-nodelay", "no", "replication is not implemented"),
            OneOf("repl-diskless-load", ["disabled", "on-empty-db", "swapdb"], "disabled", "replication is not implemented"),
            Text("replica-announce-ip", "", "replication is not implemented", aliases: ["slave-announce-ip"]),
            Integer("replica-announce-port", 0, 65535, "0", "replication is not implemented", aliases: ["slave-announce-port"]),
            Bool("replica-announced", "yes", "replication is not implemented"),
            Bool("replica-ignore-disk-write-errors", "no", "replication is not implemented"),
            Bool("replica-ignore-maxmemory", "yes", "replication is not implemented", aliases: ["slave-ignore-maxmemory"]),
            Bool("replica-lazy-flush", "no", "replication is not implemented", aliases: ["slave-lazy-flush"]),
            Integer("replica-priority", 0, 2147483647, "100", "replication is not implemented", aliases: ["slave-priority"]),
            Text("server_cpulist", "", "CPU affinity is not implemented", immutable: true),
            Bool("set-proc-title", "yes", "not implemented by this server", immutable: true),
            Integer("shutdown-timeout", 0, 2147483647, "10", "shutdown options are not implemented"),
            Text("socket-mark-id", "0", "socket marks are not implemented", immutable: true),
            Bool("supervised", "no", "supervision is not implemented", immutable: true),
            Bool("syslog-enabled", "no", "syslog is not implemented", immutable: true),
            Text("syslog-facility", "local0", "syslog is not implemented", immutable: true),
            Text("syslog-ident", "redis", "syslog is not implemented", immutable: true),
            OneOf("tls-auth-clients", ["no", "yes", "optional"], "yes", "TLS is not implemented"),
            Text("tls-ca-cert-dir", "", "TLS is not implemented"),
            Text("tls-ca-cert-file", "", "TLS is not implemented"),
            Text("tls-cert-file", "", "TLS is not implemented"),
            Text("tls-ciphers", "", "TLS is not implemented"),
            Text("tls-ciphersuites", "", "TLS is not implemented"),
            Text("tls-client-cert-file", "", "TLS is not implemented"),
            Text("tls-client-key-file", "", "TLS is not implemented"),
            Text("tls-client-key-file-pass", "", "TLS is not implemented"),
            Bool("tls-cluster", "no", "TLS is not implemented"),
            Text("tls-dh-params-file", "", "TLS is not implemented"),
            Text("tls-key-file", "", "TLS is not implemented"),
            Text("tls-key-file-pass", "", "TLS is not implemented"),
            Integer("tls-port", 0, 65535, "0", "TLS is not implemented"),
            Bool("tls-prefer-server-ciphers", "no", "TLS is not implemented"),
            Text("tls-protocols", "", "TLS is not implemented"),
            Bool("tls-replication", "no", "TLS is not implemented"),
            Integer("tls-session-cache-size", 0, 2147483647, "20480", "TLS is not implemented"),
            Integer("tls-session-cache-timeout", 0, 2147483647, "300", "TLS is not implemented"),
            Bool("tls-session-caching", "yes", "TLS is not implemented"),
            Text("unixsocket", "", "Unix sockets are not implemented", immutable: true),
            Text("unixsocketperm", "0", "Unix sockets are not implemented", immutable: true),
            Bool("use-exit-on-panic", "no", "crash reports are not implemented", hidden: true),
            Integer("watchdog-period", 0, 2147483647, "0", "the watchdog is not implemented", hidden: true),
        ];

    private static Directive Refusing(string name, string value, string why, Func<string, string?> check, bool immutable,
        bool isProtected, bool hidden, bool sensitive, bool multiArg, string[]? aliases) =>
        // check: "" when the value is the current one (nothing changes), null for another valid value, else Redis's error.
        new(name, () => value, text => check(text) switch
        {
            "" => null,
            null => $"only '{value}' is supported: {why}",
            var error => error,
        }, !immutable, multiArg)
        {
            Aliases = aliases ?? [],
            Hidden = hidden,
            Protected = isProtected,
            Sensitive = sensitive,
        };

    /// <summary>A yes/no parameter (cf. boolConfig): "argument must be 'yes' or 'no'".</summary>
    private static Directive Bool(string name, string value, string why, bool immutable = false, bool isProtected = false,
        bool hidden = false, bool sensitive = false, string[]? aliases = null) =>
        Refusing(name, value, why, text =>
        {
            if (!ConfigValues.TryParseBool(text, out bool yes)) return "argument must be 'yes' or 'no'";
            return (yes ? "yes" : "no") == value ? "" : null;
        }, immutable, isProtected, hidden, sensitive, false, aliases);

    /// <summary>An integer in [min, max] (cf. numericConfig with INTEGER_CONFIG).</summary>
    private static Directive Integer(string name, long min, long max, string value, string why, bool immutable = false,
        bool isProtected = false, bool hidden = false, bool sensitive = false, string[]? aliases = null) =>
        Refusing(name, value, why, text =>
        {
            if (!Numbers.TryParseLong(Encoding.Latin1.GetBytes(text), out long v)) return "argument couldn't be parsed into an integer";
            if (v < min || v > max) return ConfigValues.OutOfRange(min, max);
            return v.ToString(CultureInfo.InvariantCulture) == value ? "" : null;
        }, immutable, isProtected, hidden, sensitive, false, aliases);

    /// <summary>A byte count with an optional unit, in [min, max] (cf. numericConfig with MEMORY_CONFIG).</summary>
    private static Directive Memory(string name, long min, ulong max, string value, string why, bool immutable = false,
        bool isProtected = false, bool hidden = false, bool sensitive = false, string[]? aliases = null) =>
        Refusing(name, value, why, text =>
        {
            if (!ConfigValues.TryParseMemory(text, out ulong v)) return "argument must be a memory value";
            if (v < (ulong)min || v > max) return $"argument must be between {min} and {max} inclusive";
            return v.ToString(CultureInfo.InvariantCulture) == value ? "" : null;
        }, immutable, isProtected, hidden, sensitive, false, aliases) with { Rewrite = RewriteKind.Memory };

    /// <summary>One of a fixed set of words, any case (cf. enumConfig).</summary>
    private static Directive OneOf(string name, string[] values, string value, string why, bool immutable = false,
        bool isProtected = false, bool hidden = false, bool sensitive = false, string[]? aliases = null) =>
        Refusing(name, value, why, text =>
        {
            var match = Array.Find(values, v => v.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (match is null) return $"argument(s) must be one of the following: {string.Join(", ", values)}";
            return match == value ? "" : null;
        }, immutable, isProtected, hidden, sensitive, false, aliases);

    /// <summary>Free text (a path, a host, a list): only the current text is accepted.</summary>
    private static Directive Text(string name, string value, string why, bool immutable = false, bool isProtected = false,
        bool hidden = false, bool sensitive = false, bool multiArg = false, string[]? aliases = null) =>
        Refusing(name, value, why, text => text == value ? "" : null, immutable, isProtected, hidden, sensitive, multiArg, aliases)
            with { Rewrite = multiArg ? RewriteKind.Plain : RewriteKind.Quoted };
}
