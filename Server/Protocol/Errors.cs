// Redis's fixed reply and error texts, in one place, as UTF-8 literals (no allocation to send).
// cf. the shared.* objects created in createSharedObjects() in server.c.

namespace EventLoopRedis.Protocol;

internal static class Errors
{
    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;
    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;
    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;
    public static ReadOnlySpan<byte> NoAuth => "NOAUTH Authentication required."u8;
    public static ReadOnlySpan<byte> WrongPass => "WRONGPASS invalid username-password pair or user is disabled."u8;
    public static ReadOnlySpan<byte> NoPassword =>
        "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"u8;
    public static ReadOnlySpan<byte> NoProto => "NOPROTO unsupported protocol version"u8;
    public static ReadOnlySpan<byte> ProtoNotInteger => "ERR Protocol version is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NoSuchClient => "ERR No such client"u8;
    public static ReadOnlySpan<byte> InvalidClientId => "ERR Invalid client ID"u8;
    public static ReadOnlySpan<byte> BadClientName =>
        "ERR Client names cannot contain spaces, newlines or special characters."u8;

    // Strings (t_string.c).
    public static ReadOnlySpan<byte> NotFloat => "ERR value is not a valid float"u8;
    public static ReadOnlySpan<byte> NaNOrInfinity => "ERR increment would produce NaN or Infinity"u8;
    public static ReadOnlySpan<byte> IncrOverflow => "ERR increment or decrement would overflow"u8;
    public static ReadOnlySpan<byte> DecrOverflow => "ERR decrement would overflow"u8;
    public static ReadOnlySpan<byte> OffsetOutOfRange => "ERR offset is out of range"u8;
    public static ReadOnlySpan<byte> StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8;
    public static ReadOnlySpan<byte> LcsNotStrings => "ERR The specified keys must contain string values"u8;
    public static ReadOnlySpan<byte> LcsLenAndIdx => "ERR If you want both the length and indexes, please just use IDX."u8;
    public static ReadOnlySpan<byte> LcsTableTooBig =>
        "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"u8;
    public static ReadOnlySpan<byte> LcsAllocationFailed => "ERR Insufficient memory, failed allocating transient memory for LCS"u8;

    // Bitmaps (bitops.c).
    public static ReadOnlySpan<byte> BitOffset => "ERR bit offset is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitValue => "ERR bit is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitArgument => "ERR The bit argument must be 1 or 0."u8;
    public static ReadOnlySpan<byte> BitopNotArity => "ERR BITOP NOT must be called with a single source key."u8;
    public static ReadOnlySpan<byte> BitfieldType =>
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."u8;
    public static ReadOnlySpan<byte> BitfieldOverflowType => "ERR Invalid OVERFLOW type specified"u8;
    public static ReadOnlySpan<byte> BitfieldReadOnly => "ERR BITFIELD_RO only supports the GET subcommand"u8;

    // Operations and introspection (COMMAND, CONFIG, SLOWLOG, LATENCY, MEMORY, DEBUG).
    public static ReadOnlySpan<byte> InvalidCommandSpecified => "ERR Invalid command specified"u8;
    public static ReadOnlySpan<byte> CommandHasNoKeys => "ERR The command has no key arguments"u8;
    public static ReadOnlySpan<byte> InvalidArgCountForCommand => "ERR Invalid number of arguments specified for command"u8;
    public static ReadOnlySpan<byte> InvalidArgumentsForCommand => "ERR Invalid arguments specified for command"u8;
    public static ReadOnlySpan<byte> SlowlogCount => "ERR count should be greater than or equal to -1"u8;
    public static ReadOnlySpan<byte> DebugNotAllowed =>
        "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."u8;

    // Texts that name the command, cf. addReplyErrorArity and addReplyErrorExpireTime (never on the hot path).
    public static string WrongArgCount(string command) => $"ERR wrong number of arguments for '{command}' command";
    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";

    // Keyspace commands (db.c, expire.c, object.c).
    public static ReadOnlySpan<byte> NotInt32 => "ERR value is out of range, value must between -2147483648 and 2147483647"u8;
    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;
    public static ReadOnlySpan<byte> SameObject => "ERR source and destination objects are the same"u8;
    public static ReadOnlySpan<byte> InvalidCursor => "ERR invalid cursor"u8;
    public static ReadOnlySpan<byte> ExpireNxAndOthers => "ERR NX and XX, GT or LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ExpireGtAndLt => "ERR GT and LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> LfuNotSelected =>
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;

    // Transactions (multi.c).
    public static ReadOnlySpan<byte> MultiNested => "ERR MULTI calls can not be nested"u8;
    public static ReadOnlySpan<byte> ExecWithoutMulti => "ERR EXEC without MULTI"u8;
    public static ReadOnlySpan<byte> DiscardWithoutMulti => "ERR DISCARD without MULTI"u8;
    public static ReadOnlySpan<byte> WatchInsideMulti => "ERR WATCH inside MULTI is not allowed"u8;
    public static ReadOnlySpan<byte> ExecAbort => "EXECABORT Transaction discarded because of previous errors."u8;
    public static ReadOnlySpan<byte> NotAllowedInMulti => "ERR Command not allowed inside a transaction"u8;

    // Pub/Sub (pubsub.c).
    public static string SubcommandSyntax(string subcommand, string command) =>
        $"ERR unknown subcommand or wrong number of arguments for '{subcommand}'. Try {command} HELP.";
    public static string SubscribedContext(string command) =>
        $"ERR Can't execute '{command}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

    // Shared by the collection types (count, numkeys and LIMIT arguments).
    public static ReadOnlySpan<byte> MustBePositive => "ERR value is out of range, must be positive"u8;
    public static ReadOnlySpan<byte> NumKeysNotPositive => "ERR numkeys should be greater than 0"u8;
    public static ReadOnlySpan<byte> ValueOutOfRange => "ERR value is out of range"u8;
    public static ReadOnlySpan<byte> RandomCountOutOfRange =>
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8;
    public static ReadOnlySpan<byte> LimitNegative => "ERR LIMIT can't be negative"u8;

    // Lists (t_list.c).
    public static ReadOnlySpan<byte> IndexOutOfRange => "ERR index out of range"u8;
    public static ReadOnlySpan<byte> LposRankZero =>
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"u8;
    public static ReadOnlySpan<byte> LposCountNegative => "ERR COUNT can't be negative"u8;
    public static ReadOnlySpan<byte> LposMaxlenNegative => "ERR MAXLEN can't be negative"u8;
    public static ReadOnlySpan<byte> CountNotPositive => "ERR count should be greater than 0"u8;

    // Hashes (t_hash.c).
    public static ReadOnlySpan<byte> HashValueNotInteger => "ERR hash value is not an integer"u8;
    public static ReadOnlySpan<byte> HashValueNotFloat => "ERR hash value is not a float"u8;
    public static ReadOnlySpan<byte> NaNOrInfinityValue => "ERR value is NaN or Infinity"u8;

    // Sets (t_set.c).
    public static ReadOnlySpan<byte> SinterCardKeysOverArgs => "ERR Number of keys can't be greater than number of args"u8;

    // Sorted sets (t_zset.c).
    public static ReadOnlySpan<byte> ZAddNxAndXx => "ERR XX and NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZAddGtLtNx => "ERR GT, LT, and/or NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZAddIncrPairs => "ERR INCR option supports a single increment-element pair"u8;
    public static ReadOnlySpan<byte> ScoreNaN => "ERR resulting score is not a number (NaN)"u8;
    public static ReadOnlySpan<byte> MinMaxNotFloat => "ERR min or max is not a float"u8;
    public static ReadOnlySpan<byte> MinMaxNotLexRange => "ERR min or max not valid string range item"u8;
    public static ReadOnlySpan<byte> ZRangeLimitNeedsBy =>
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"u8;
    public static ReadOnlySpan<byte> ZRangeWithScoresByLex => "ERR syntax error, WITHSCORES not supported in combination with BYLEX"u8;
    public static ReadOnlySpan<byte> WeightNotFloat => "ERR weight value is not a float"u8;
    public static string AtLeastOneInputKey(string command) => $"ERR at least 1 input key is needed for '{command}' command";

    // SORT (sort.c).
    public static ReadOnlySpan<byte> SortScoreNotDouble => "ERR One or more scores can't be converted into double"u8;

    // Blocking commands (blocked.c).
    public static ReadOnlySpan<byte> TimeoutNotFloat => "ERR timeout is not a float or out of range"u8;
    public static ReadOnlySpan<byte> TimeoutNotInteger => "ERR timeout is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> TimeoutNegative => "ERR timeout is negative"u8;
    public static ReadOnlySpan<byte> UnblockedByClientUnblock => "UNBLOCKED client unblocked via CLIENT UNBLOCK"u8;
    public static ReadOnlySpan<byte> UnblockReason => "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"u8;
    public static ReadOnlySpan<byte> PauseMode => "ERR CLIENT PAUSE mode must be WRITE or ALL"u8;

    // Streams (t_stream.c).
    public static ReadOnlySpan<byte> StreamInvalidId => "ERR Invalid stream ID specified as stream command argument"u8;
    public static ReadOnlySpan<byte> StreamAddIdZero => "ERR The ID specified in XADD must be greater than 0-0"u8;
    public static ReadOnlySpan<byte> StreamAddIdTooSmall => "ERR The ID specified in XADD is equal or smaller than the target stream top item"u8;
    public static ReadOnlySpan<byte> StreamElementsTooLarge => "ERR Elements are too large to be stored"u8;
    public static ReadOnlySpan<byte> StreamExhausted => "ERR The stream has exhausted the last possible ID, unable to add more items"u8;
    public static ReadOnlySpan<byte> StreamMaxLenNegative => "ERR The MAXLEN argument must be >= 0."u8;
    public static ReadOnlySpan<byte> StreamLimitNegative => "ERR The LIMIT argument must be >= 0."u8;
    public static ReadOnlySpan<byte> StreamMaxLenAndMinId => "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> StreamLimitWithoutStrategy => "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"u8;
    public static ReadOnlySpan<byte> StreamLimitWithoutApprox => "ERR syntax error, LIMIT cannot be used without the special ~ option"u8;
    public static ReadOnlySpan<byte> StreamTrimNoStrategy => "ERR syntax error, XTRIM must be called with a trimming strategy"u8;
    public static ReadOnlySpan<byte> StreamInvalidStart => "ERR invalid start ID for the interval"u8;
    public static ReadOnlySpan<byte> StreamInvalidEnd => "ERR invalid end ID for the interval"u8;
    public static ReadOnlySpan<byte> StreamSetIdTooSmall => "ERR The ID specified in XSETID is smaller than the target stream top item"u8;
    public static ReadOnlySpan<byte> StreamSetIdBelowGivenMaxDeleted =>
        "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"u8;
    public static ReadOnlySpan<byte> StreamEntriesAddedNegative => "ERR entries_added must be positive"u8;
    public static ReadOnlySpan<byte> StreamEntriesAddedTooSmall =>
        "ERR The entries_added specified in XSETID is smaller than the target stream length"u8;
    public static ReadOnlySpan<byte> StreamGroupOnlyInReadGroup => "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."u8;
    public static ReadOnlySpan<byte> StreamNoAckOnlyInReadGroup => "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead."u8;
    public static ReadOnlySpan<byte> StreamMissingGroup => "ERR Missing GROUP option for XREADGROUP"u8;
    public static ReadOnlySpan<byte> StreamDollarInReadGroup =>
        "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."u8;
    public static ReadOnlySpan<byte> StreamGreaterOnlyInReadGroup =>
        "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."u8;
    public static ReadOnlySpan<byte> StreamGroupKeyMissing =>
        "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."u8;
    public static ReadOnlySpan<byte> StreamBusyGroup => "BUSYGROUP Consumer Group name already exists"u8;
    public static ReadOnlySpan<byte> StreamEntriesReadNegative => "ERR value for ENTRIESREAD must be positive or -1"u8;
    public static ReadOnlySpan<byte> StreamClaimMinIdle => "ERR Invalid min-idle-time argument for XCLAIM"u8;
    public static ReadOnlySpan<byte> StreamClaimIdle => "ERR Invalid IDLE option argument for XCLAIM"u8;
    public static ReadOnlySpan<byte> StreamClaimTime => "ERR Invalid TIME option argument for XCLAIM"u8;
    public static ReadOnlySpan<byte> StreamClaimRetryCount => "ERR Invalid RETRYCOUNT option argument for XCLAIM"u8;
    public static ReadOnlySpan<byte> StreamAutoClaimMinIdle => "ERR Invalid min-idle-time argument for XAUTOCLAIM"u8;
    public static ReadOnlySpan<byte> StreamAutoClaimCount => "ERR COUNT must be > 0"u8;
    public static string StreamClaimUnknownOption(string option) => $"ERR Unrecognized XCLAIM option '{option}'";
    public static string StreamNoGroup(string group, string key) => $"NOGROUP No such consumer group '{group}' for key name '{key}'";
    public static string StreamNoKeyOrGroup(string key, string group) => $"NOGROUP No such key '{key}' or consumer group '{group}'";
    public static string StreamNoKeyOrGroupForRead(string key, string group) =>
        $"NOGROUP No such key '{key}' or consumer group '{group}' in XREADGROUP with GROUP option";
    public static ReadOnlySpan<byte> StreamGroupGoneWhileBlocked => "NOGROUP the consumer group this client was blocked on no longer exists"u8;
    public static ReadOnlySpan<byte> StreamUnbalanced =>
        "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."u8;
    public static string StreamBlockInScript(string command) => $"ERR {command} command is not allowed with BLOCK option from scripts";

    // HyperLogLog (hyperloglog.c).
    public static ReadOnlySpan<byte> NotHll => "WRONGTYPE Key is not a valid HyperLogLog string value."u8;
    public static ReadOnlySpan<byte> InvalidHll => "INVALIDOBJ Corrupted HLL object detected"u8;
    public static ReadOnlySpan<byte> PfDebugNoKey => "ERR The specified key does not exist"u8;
    public static ReadOnlySpan<byte> HllNotSparse => "ERR HLL encoding is not sparse"u8;
    public static string UnknownPfDebugSubcommand(string name) => $"ERR Unknown PFDEBUG subcommand '{name}'";
    public const string SelfTestNotSparse = "TESTFAILED sparse encoding not used";
    public const string SelfTestDisagree = "TESTFAILED dense/sparse disagree";
    public static string SelfTestRegister(int index, int expected, int actual) =>
        $"TESTFAILED Register {index} should be {expected} but is {actual}";
    public static string SelfTestError(long cardinality, long error) => $"TESTFAILED Too big error. card:{cardinality} abserr:{error}";

    // Geo (geo.c).
    public static ReadOnlySpan<byte> GeoUnsupportedUnit => "ERR unsupported unit provided. please use M, KM, FT, MI"u8;
    public static ReadOnlySpan<byte> GeoNeedNumericRadius => "ERR need numeric radius"u8;
    public static ReadOnlySpan<byte> GeoNeedNumericWidth => "ERR need numeric width"u8;
    public static ReadOnlySpan<byte> GeoNeedNumericHeight => "ERR need numeric height"u8;
    public static ReadOnlySpan<byte> GeoRadiusNegative => "ERR radius cannot be negative"u8;
    public static ReadOnlySpan<byte> GeoBoxNegative => "ERR height or width cannot be negative"u8;
    public static ReadOnlySpan<byte> GeoMemberNotDecoded => "ERR could not decode requested zset member"u8;
    public static ReadOnlySpan<byte> GeoCountNotPositive => "ERR COUNT must be > 0"u8;
    public static ReadOnlySpan<byte> GeoAnyWithoutCount => "ERR the ANY argument requires COUNT argument"u8;
    public static ReadOnlySpan<byte> GeoSearchStoreWithOptions =>
        "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"u8;
    public static ReadOnlySpan<byte> GeoRadiusStoreWithOptions =>
        "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"u8;
    public static string GeoInvalidPair(string longitude, string latitude) => $"ERR invalid longitude,latitude pair {longitude},{latitude}";
    public static string GeoExactlyOneFrom(string command) => $"ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {command}";
    public static string GeoExactlyOneBy(string command) => $"ERR exactly one of BYRADIUS and BYBOX can be specified for {command}";

    // Keyspace notifications, MONITOR and client tracking (notify.c, tracking.c).
    public static ReadOnlySpan<byte> MonitorDenyBlocking => "ERR MONITOR isn't allowed for DENY BLOCKING client"u8;
    public static ReadOnlySpan<byte> ReplicaKeyspace => "ERR Replica can't interact with the keyspace"u8;
    public static ReadOnlySpan<byte> TrackingSingleRedirect => "ERR A client can only redirect to a single other client"u8;
    public static ReadOnlySpan<byte> TrackingNoSuchRedirect => "ERR The client ID you want redirect to does not exist"u8;
    public static ReadOnlySpan<byte> TrackingPrefixNeedsBcast => "ERR PREFIX option requires BCAST mode to be enabled"u8;
    public static ReadOnlySpan<byte> TrackingBcastSwitch =>
        "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."u8;
    public static ReadOnlySpan<byte> TrackingOptWithBcast => "ERR OPTIN and OPTOUT are not compatible with BCAST"u8;
    public static ReadOnlySpan<byte> TrackingOptInAndOptOut => "ERR You can't specify both OPTIN mode and OPTOUT mode"u8;
    public static ReadOnlySpan<byte> TrackingOptSwitch =>
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."u8;
    public static string TrackingPrefixOverlapsExisting(string prefix, string existing) =>
        $"ERR Prefix '{prefix}' overlaps with an existing prefix '{existing}'. Prefixes for a single client must not overlap.";
    public static string TrackingPrefixOverlapsProvided(string prefix, string other) =>
        $"ERR Prefix '{prefix}' overlaps with another provided prefix '{other}'. Prefixes for a single client must not overlap.";
    public static ReadOnlySpan<byte> TrackingCachingNeedsTracking =>
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"u8;
    public static ReadOnlySpan<byte> TrackingCachingYesNeedsOptIn => "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode."u8;
    public static ReadOnlySpan<byte> TrackingCachingNoNeedsOptOut => "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."u8;

    // RDB, BGSAVE, DUMP and RESTORE (rdb.c, cluster.c's dump/restore).
    public static ReadOnlySpan<byte> BusyKey => "BUSYKEY Target key name already exists."u8;
    public static ReadOnlySpan<byte> RestoreInvalidTtl => "ERR Invalid TTL value, must be >= 0"u8;
    public static ReadOnlySpan<byte> RestoreInvalidIdleTime => "ERR Invalid IDLETIME value, must be >= 0"u8;
    public static ReadOnlySpan<byte> RestoreInvalidFreq => "ERR Invalid FREQ value, must be >= 0 and <= 255"u8;
    public static ReadOnlySpan<byte> DumpPayloadWrong => "ERR DUMP payload version or checksum are wrong"u8;
    public static ReadOnlySpan<byte> BadDataFormat => "ERR Bad data format"u8;
    /// <summary>What SAVE replies when writing failed (shared.err: the reason is in the log).</summary>
    public static ReadOnlySpan<byte> SaveFailed => "ERR"u8;
    public static ReadOnlySpan<byte> DebugReloadOptions => "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."u8;
    public static ReadOnlySpan<byte> DebugReloadFailed => "ERR Error trying to load the RDB dump"u8;
    public static ReadOnlySpan<byte> BackgroundSaveInProgress => "ERR Background save already in progress"u8;
    /// <summary>Writes refused after a failed background save (shared.bgsaveerr; cf. writeCommandsDeniedByDiskError).</summary>
    public static ReadOnlySpan<byte> WritesDeniedAfterBgsaveError =>
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."u8;

    // The append-only file and the propagated write stream (aof.c, server.c's propagate).
    /// <summary>Writes and PING refused while the AOF cannot be written (cf. writeCommandsGetDiskErrorMessage).</summary>
    public static string AofWriteError(string reason) => $"MISCONF Errors writing to the AOF file: {reason}";

    // Access control (acl.c) and protected mode.
    public static string NoPermCommand(string command) => $"NOPERM this user has no permissions to run the '{command}' command";
    public static ReadOnlySpan<byte> NoPermKey => "NOPERM this user has no permissions to access one of the keys used as arguments"u8;
    public static ReadOnlySpan<byte> NoPermChannel => "NOPERM this user has no permissions to access one of the channels used as arguments"u8;
    private const string AclChangedInMulti = "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. " +
        "This command is no longer allowed for the following reason: ";
    public const string AclChangedCommand = AclChangedInMulti + "no permission to execute the command or subcommand";
    public const string AclChangedKey = AclChangedInMulti + "no permission to touch the specified keys";
    public const string AclChangedChannel = AclChangedInMulti + "no permission to access one of the channels used as arguments";
    public const string ScriptAclCommand = "ERR The user executing the script can't run this command or subcommand";
    public const string ScriptAclKey = "ERR The user executing the script can't access at least one of the keys mentioned in the command arguments";
    public const string ScriptAclChannel = "ERR The user executing the script can't publish to the channel mentioned in the command";
    public static ReadOnlySpan<byte> AclNoFile =>
        "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration."u8;
    public static ReadOnlySpan<byte> AclSaveFailed =>
        "ERR There was an error trying to save the ACLs. Please check the server logs for more information"u8;
    public static ReadOnlySpan<byte> AclUsernameSpaces => "ERR Usernames can't contain spaces or null characters"u8;
    public static ReadOnlySpan<byte> AclDeleteDefault => "ERR The 'default' user cannot be removed"u8;
    public static ReadOnlySpan<byte> AclGenPassBits =>
        "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096"u8;
    // Written straight to the socket before the client is closed, with its own "-" and CRLF (and Redis's "Setup a an").
    public static ReadOnlySpan<byte> ProtectedModeDenied =>
        "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"u8;

    // Memory limits and eviction (evict.c), the Lua heap cap.
    public static ReadOnlySpan<byte> Oom => "OOM command not allowed when used memory > 'maxmemory'."u8;
    public static ReadOnlySpan<byte> ScriptNotAllowOom =>
        "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'"u8;
    public static ReadOnlySpan<byte> LfuIdleTimeNotTracked =>
        "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;

    // Hostile clients, DEBUG leftovers (networking.c, debug.c).

    // Replication as a primary: SYNC, PSYNC, REPLCONF, WAIT, min-replicas (replication.c).
    // This server's own: replicas of a replica are not supported (docs/replication.md).
    public static ReadOnlySpan<byte> NoChainedReplication => "ERR this server follows a primary and does not feed replicas of its own (no chained replication)"u8;
    public static ReadOnlySpan<byte> NoMasterLink => "NOMASTERLINK Can't SYNC while not connected with my master"u8;
    public static ReadOnlySpan<byte> SyncWithPendingOutput => "ERR SYNC and PSYNC are invalid with pending output"u8;
    public static ReadOnlySpan<byte> RdbOnlyOutOfRange => "ERR value is out of range, value must between 0 and 1"u8;
    public static ReadOnlySpan<byte> RdbFilterMissingValues => "ERR Missing rdb-filter-only values"u8;
    public static ReadOnlySpan<byte> FilteredReplicaWithoutEof => "ERR Filtered replica requires EOF capability"u8;
    public static ReadOnlySpan<byte> WaitOnReplica =>
        "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated."u8;
    public static ReadOnlySpan<byte> NoReplicas => "NOREPLICAS Not enough good replicas to write."u8;

    // Replication as a replica: REPLICAOF, READONLY, stale data (replication.c).
    public static ReadOnlySpan<byte> InvalidMasterPort => "ERR Invalid master port"u8;
    public static ReadOnlySpan<byte> AlreadyConnectedToMaster => "OK Already connected to specified master"u8;
    public static ReadOnlySpan<byte> ReadOnlyReplica => "READONLY You can't write against a read only replica."u8;
    public static ReadOnlySpan<byte> UnblockedByReplicaOf => "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)"u8;
    public static ReadOnlySpan<byte> MasterDown => "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."u8;

    // The AOF rewrite: BGREWRITEAOF (aof.c).
    public static ReadOnlySpan<byte> AofRewriteInProgress => "ERR Background append only file rewriting already in progress"u8;
    public static ReadOnlySpan<byte> AofRewriteFailed => "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."u8;
    /// <summary>BGSAVE while an AOF rewrite runs (cf. bgsaveCommand).</summary>
    public static ReadOnlySpan<byte> BgsaveWhileChildActive =>
        "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."u8;
}
